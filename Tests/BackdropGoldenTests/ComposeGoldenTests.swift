// Golden tests of compositing: photo + matte and cutouts over colours, against independently computed images.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Testing

struct ComposeCase: Sendable, CustomStringConvertible {
    var name: String
    var input: String
    var mask: String?
    var background: String
    var description: String { name }

    static let all = [
        ComposeCase(
            name: "mug-small-on-white", input: "mug-small.png", mask: "mug-small.matte.png", background: "#fff"),
        ComposeCase(
            name: "mug-small-on-sand", input: "mug-small.png", mask: "mug-small.matte.png", background: "f3ece0"),
        ComposeCase(
            name: "mug-small-matte-transparent", input: "mug-small.png", mask: "mug-small.matte.png",
            background: "transparent"),
        ComposeCase(name: "mug-small-cutout-on-navy", input: "mug-small.cutout.png", mask: nil, background: "navy"),
    ]
}

@Suite struct ComposeGoldenTests {
    @Test(arguments: ComposeCase.all)
    func composite(_ c: ComposeCase) throws {
        let image = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/\(c.input)"))
        let mask = try c.mask.map { try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/\($0)")) }
        let recipe = Recipe(background: try RGBAColor(parsing: c.background), decontamination: 0)
        let output = try recipe.composite(image, mask: mask)
        // Exact: the goldens come from the same integer formula evaluated by numpy (TestImages/scripts/goldens.py),
        // and Backdrop's kernels round exactly, so any difference is a bug.
        try Golden.expect(output, matches: "compose/\(c.name)", tolerance: .exact)
    }

    @Test func shapedMatteMatchesAnIndependentScipyVersion() throws {
        let image = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.png"))
        let mask = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.matte.png"))
        let shaping = MatteShaping(floor: 10, ceiling: 245, gamma: 1.2, choke: 0.5, feather: 1)
        let output = try Recipe(background: .white, matteShaping: shaping, decontamination: 0).composite(
            image, mask: mask)
        // ±3: the golden blurs in float (scipy) and rounds once, Backdrop blurs in 2^14 fixed point and rounds
        // after each pass (±1), the half-pixel choke blend rounds half up where numpy rounds half to even (±1),
        // and compositing carries a matte difference of d levels into at most d levels of colour.
        try Golden.expect(output, matches: "compose/mug-small-shaped-on-white", tolerance: .channelDelta(3))
    }

    @Test func decontaminatedCompositeMatchesAnIndependentNumpyVersion() throws {
        let image = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.png"))
        let mask = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.matte.png"))
        let output = try Recipe(background: .white).composite(image, mask: mask)  // decontamination on by default
        // ±2: the golden runs blur-fusion in float64 with scipy box means, Backdrop in Float32; each rounds to
        // 8 bits once for the colour (±1) and the composite adds one more rounding.
        try Golden.expect(output, matches: "compose/mug-small-decontaminated-on-white", tolerance: .channelDelta(2))
    }

    @Test(arguments: [0.0, 1.0])
    func overABackgroundImage(decontamination: Double) throws {
        let image = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.png"))
        let mask = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.matte.png"))
        let back = try ImageDecoder.decode(Fixtures.bytes("inputs/backgrounds/gradient-200x150.png"))
        let recipe = Recipe(decontamination: decontamination, backgroundImage: back)
        let output = try recipe.composite(image, mask: mask)
        // The background has the canvas size, so it is used as is: exact without decontamination; with it, ±2
        // as in decontaminatedCompositeMatchesAnIndependentNumpyVersion.
        let name = decontamination == 0 ? "mug-small-over-gradient" : "mug-small-decontaminated-over-gradient"
        try Golden.expect(
            output, matches: "compose/\(name)", tolerance: decontamination == 0 ? .exact : .channelDelta(2))
    }

    @Test(arguments: BackgroundScaling.allCases)
    func backgroundImagesOfAnotherShapeAreScaled(_ scaling: BackgroundScaling) throws {
        let image = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.cutout.png"))
        let back = try ImageDecoder.decode(Fixtures.bytes("inputs/backgrounds/gradient-300x100.png"))
        let output = try Recipe(background: .black, backgroundImage: back, backgroundScaling: scaling).composite(image)
        #expect(output.size == image.size)
        // fill covers the canvas; fit (300 × 100 into 200 × 150 → 200 × 67) leaves black bands above and below.
        let corner = output[0, 0]
        if scaling == .fill { #expect(corner.x > 150) } else { #expect(corner == SIMD4(0, 0, 0, 255)) }
        #expect(output[0, 75].x > 150)
    }

    @Test func backgroundBlurNeedsAPhotoWithAMask() throws {
        let cutout = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.cutout.png"))
        #expect(throws: ParameterError.self) { try Recipe(backgroundBlur: 0.01).composite(cutout) }
        #expect(throws: ParameterError.self) { try Recipe(backgroundBlur: 0.2).composite(cutout) }
        let photo = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.png"))
        let mask = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.matte.png"))
        let blurred = try Recipe(backgroundBlur: 0.02).composite(photo, mask: mask)
        let plain = try Recipe(decontamination: 1).composite(photo, mask: mask)
        // The interior of the subject is the subject either way; only the background differs.
        #expect(blurred.size == photo.size && blurred[100, 75] == plain[100, 75])
    }

    @Test func blurredBackgroundMatchesAnIndependentScipyVersion() throws {
        let photo = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.png"))
        let mask = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.matte.png"))
        let output = try Recipe(backgroundBlur: 0.02).composite(photo, mask: mask)
        // scipy blurs in float64 with an exact Gaussian; Backdrop blurs 8-bit weighted planes (box passes above
        // σ = 3) and divides, so background pixels may differ where little background weight reaches (covered by
        // the subject here); ±2 as for the decontaminated subject.
        try Golden.expect(output, matches: "compose/mug-small-decontaminated-over-blur", tolerance: .channelDelta(2))
    }

    @Test func shapingACutoutShapesItsAlpha() throws {
        let cutout = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.cutout.png"))
        let shaping = MatteShaping(floor: 30, ceiling: 200, choke: 1)
        let viaAlpha = try Recipe(background: .transparent, matteShaping: shaping).composite(cutout)
        let alpha = try cutout.pixels.rgba8().alphaPlane().shaped(shaping)
        #expect(try viaAlpha.alphaPlane() == alpha)
        #expect(viaAlpha[100, 75].x == cutout.pixels.rgba8()[100, 75].x)
    }

    @Test func harnessReportsAMismatchWithDiffImages() throws {
        let image = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.png")).pixels.rgba8()
        var changed = image
        changed[10, 10] = SIMD4(0, 0, 0, 0)
        let result = Golden.compare(changed, image, tolerance: .channelDelta(1))
        #expect(result.differingPixels == 1 && result.maxDelta == 255)
        #expect(Golden.compare(image, image, tolerance: .exact).differingPixels == 0)
        let diff = Golden.diff(changed, image)
        #expect(diff[10, 10].x == 255 && diff[0, 0] == SIMD4(0, 0, 0, 255))
    }
}

@Suite struct MatteScalingTests {
    @Test func aSmallerMatteIsResizedToThePhoto() throws {
        let matte = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.matte.png"))
        guard case .gray8(let full) = matte.pixels else { throw ParameterError.invalidDimensions(width: 0, height: 0) }
        let preview = try full.resampled(to: PixelSize(width: 100, height: 75), filter: .box)
        let scaled = try Recipe.scaled(preview, to: full.size)
        #expect(scaled.size == full.size)
        // Far from the edge the matte is 0 or 255 and stays so; near it, within the blur of a 2× round trip.
        #expect(scaled[5, 5] == 0 && scaled[100, 100] == 255)
        var worst = 0
        for y in 0..<full.height {
            for x in 0..<full.width { worst = max(worst, abs(Int(scaled[x, y]) - Int(full[x, y]))) }
        }
        #expect(worst < 128, "max difference \(worst)")
    }

    @Test func aMatteOfAnotherAspectRatioIsATypedError() throws {
        let matte = try PixelBuffer<Gray8>(width: 100, height: 100)
        #expect(throws: ParameterError.maskAspectMismatch(image: PixelSize(width: 200, height: 150), mask: matte.size))
        {
            try Recipe.scaled(matte, to: PixelSize(width: 200, height: 150))
        }
        // Rounding of one matte pixel is fine: 1024 × 683 for a 3000 × 2000 photo.
        #expect(throws: Never.self) {
            try Recipe.scaled(
                try PixelBuffer<Gray8>(width: 1024, height: 683), to: PixelSize(width: 3000, height: 2000))
        }
    }
}
