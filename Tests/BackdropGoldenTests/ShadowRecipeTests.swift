// Shadows in the recipe: compositing order, transparency, layout placement and clipping, as measured properties.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Testing

@Suite struct ShadowRecipeTests {
    static func image(_ name: String) throws -> Image {
        try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/\(name)"))
    }

    static func photoroom(_ parameters: [String: String]) throws -> Layout {
        .photoroom(try PhotoroomLayout(parameters: parameters))
    }

    static let layouts: [Layout?] = [
        nil, try! photoroom(["outputSize": "180x180", "padding": "0.15"]),
        try! photoroom(["outputSize": "200x120", "padding": "0.1", "horizontalAlignment": "left"]),
    ]

    /// Equal alpha everywhere and equal colour wherever alpha is not 0 (a fully transparent pixel's colour is not
    /// part of the image: the layered path stores 0 there, the plain path keeps the cutout's hidden colour).
    static func visiblyEqual(_ a: PixelBuffer<RGBA8>, _ b: PixelBuffer<RGBA8>) -> Bool {
        guard a.size == b.size else { return false }
        for y in 0..<a.height {
            for x in 0..<a.width where a[x, y] != b[x, y] && (a[x, y].w != 0 || b[x, y].w != 0) { return false }
        }
        return true
    }

    /// Intensity 0 gives exactly the image without a shadow, for every mode, background and layout (on a
    /// transparent background: every visible pixel exactly).
    @Test(arguments: [ShadowMode.soft, .hard, .floating], [RGBAColor.white, .transparent])
    func intensityZeroIsIdentical(mode: ShadowMode, background: RGBAColor) throws {
        let input = try Self.image("bottle-small.cutout.png")
        for layout in Self.layouts {
            let plain = try Recipe(background: background, decontamination: 0, layout: layout).composite(input)
            var recipe = Recipe(background: background, decontamination: 0, layout: layout)
            recipe.shadow = DropShadow(mode: mode, intensity: 0)
            let (shaded, report) = try recipe.render(input)
            if background.alpha == 255 { #expect(shaded == plain) } else { #expect(Self.visiblyEqual(shaded, plain)) }
            #expect(report?.shadowClipped == false)
        }
    }

    /// The shadow never shows over the subject's opaque pixels, and it does show somewhere.
    @Test(arguments: [ShadowMode.soft, .hard, .floating])
    func neverOverTheSubject(mode: ShadowMode) throws {
        let input = try Self.image("shoe-small.cutout.png")
        for layout in Self.layouts {
            let plain = try Recipe(decontamination: 0, layout: layout).composite(input)
            var recipe = Recipe(background: .white, decontamination: 0, layout: layout)
            recipe.shadow = DropShadow(mode: mode, intensity: 1)
            let shaded = try recipe.composite(input)
            let white = try Recipe(background: .white, decontamination: 0, layout: layout).composite(input)
            var changed = 0
            for y in 0..<plain.height {
                for x in 0..<plain.width {
                    if plain[x, y].w == 255 { #expect(shaded[x, y] == white[x, y], "(\(x), \(y))") }
                    if shaded[x, y] != white[x, y] { changed += 1 }
                }
            }
            #expect(changed > 100)
        }
    }

    /// On a transparent background the output's alpha outside the subject is the shadow's coverage times its colour's
    /// alpha, and its colour the shadow's.
    @Test func transparentBackgroundKeepsShadowAlpha() throws {
        let input = try Self.image("bottle-small.cutout.png")
        let colour = RGBAColor(red: 10, green: 20, blue: 90, alpha: 200)
        let shadow = DropShadow(mode: .hard, intensity: 0.9, color: colour)
        var recipe = Recipe(background: .transparent, decontamination: 0)
        recipe.shadow = shadow
        let output = try recipe.composite(input)
        let cutout = input.pixels.rgba8()
        let matte = try cutout.alphaPlane()
        let box = try #require(try SubjectBox().apply(to: matte.view))
        let plane = try shadow.apply(to: PlacedMatte(matte: matte, subject: box)).alpha
        var seen = 0
        for y in 0..<output.height {
            for x in 0..<output.width where cutout[x, y].w == 0 {
                let a = (Int(plane[x, y]) * 200 + 127) / 255
                #expect(Int(output[x, y].w) == a, "(\(x), \(y))")
                if a > 0 {
                    #expect(output[x, y] == SIMD4(10, 20, 90, UInt8(a)))
                    seen += 1
                }
            }
        }
        #expect(seen > 100)
    }

    /// The shadow follows the subject's placed rectangle: moving the subject moves the shadow by the same amount.
    @Test func followsTheLayout() throws {
        let input = try Self.image("shoe-small.cutout.png")
        func shadowCentroid(_ alignment: String) throws -> (Double, Double) {
            let layout = try Self.photoroom([
                "outputSize": "500x150", "padding": "0.1", "horizontalAlignment": alignment,
            ])
            let plain = try Recipe(background: .white, decontamination: 0, layout: layout).composite(input)
            var recipe = Recipe(background: .white, decontamination: 0, layout: layout)
            recipe.shadow = DropShadow(mode: .floating)
            let shaded = try recipe.composite(input)
            var s = 0.0, sx = 0.0, sy = 0.0
            for y in 0..<plain.height {
                for x in 0..<plain.width {
                    let d = Double(Int(plain[x, y].x) - Int(shaded[x, y].x))
                    s += d
                    sx += d * Double(x)
                    sy += d * Double(y)
                }
            }
            return (sx / s, sy / s)
        }
        let left = try shadowCentroid("left"), right = try shadowCentroid("right")
        let report = try #require(
            try Recipe(
                decontamination: 0,
                layout: Self.photoroom(["outputSize": "500x150", "padding": "0.1", "horizontalAlignment": "right"])
            ).layoutReport(input))
        let leftPlaced = try #require(
            try Recipe(
                decontamination: 0,
                layout: Self.photoroom(["outputSize": "500x150", "padding": "0.1", "horizontalAlignment": "left"])
            ).layoutReport(input))
        let moved = Double(report.placed.x - leftPlaced.placed.x)
        #expect(moved > 50)
        #expect(abs(right.0 - left.0 - moved) < 0.5)
        #expect(abs(right.1 - left.1) < 0.5)
    }

    /// A subject on the canvas's bottom edge: its floor shadow is cut and the report says so; with room below it is
    /// not.
    @Test func clippingIsReported() throws {
        let input = try Self.image("bottle-small.cutout.png")
        var recipe = Recipe(
            background: .white, decontamination: 0,
            layout: try Self.photoroom(["outputSize": "160x160", "verticalAlignment": "bottom"]))
        recipe.shadow = DropShadow(mode: .soft)
        #expect(try recipe.render(input).layout?.shadowClipped == true)
        recipe.layout = try Self.photoroom(["outputSize": "160x160", "padding": "0.2"])
        #expect(try recipe.render(input).layout?.shadowClipped == false)
        recipe.shadow = nil
        recipe.outline = Outline()
        #expect(try recipe.render(input).layout?.shadowClipped == nil)
    }

    @Test func outOfRangeParametersThrow() throws {
        let input = try Self.image("bottle-small.cutout.png")
        var recipe = Recipe()
        recipe.shadow = DropShadow(mode: .hard, softness: 1.5)
        #expect(throws: ParameterError.self) { try recipe.render(input) }
        recipe.shadow = nil
        recipe.outline = Outline(width: 0.5)
        #expect(throws: ParameterError.self) { try recipe.render(input) }
    }
}
