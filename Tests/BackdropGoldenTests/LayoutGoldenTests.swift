// Golden tests of layouts: crop, scale and placement rendered in one pass, against TestImages/scripts/layout_goldens.py.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Testing

struct LayoutGoldenCase: Sendable, CustomStringConvertible {
    var name: String
    var input = "mug-small.cutout.png"
    var mask: String?
    var layout: Layout
    var background: RGBAColor = .white
    var description: String { name }

    static func photoroom(_ parameters: [String: String]) -> Layout {
        // The parameters are literals of this file: a parse failure is a bug in the test.
        .photoroom(try! PhotoroomLayout(parameters: parameters))
    }

    static let sand = RGBAColor(red: 0xF3, green: 0xEC, blue: 0xE0)

    static let all = [
        LayoutGoldenCase(name: "square-padding", layout: photoroom(["outputSize": "160x160", "padding": "10%"])),
        LayoutGoldenCase(
            name: "fill-left",
            layout: photoroom(["outputSize": "120x80", "scaling": "fill", "horizontalAlignment": "left"])),
        LayoutGoldenCase(
            name: "margin-px-top",
            layout: photoroom(["outputSize": "150x120", "margin": "6px", "padding": "0.05", "verticalAlignment": "top"]
            ),
            background: sand),
        LayoutGoldenCase(
            name: "removebg-crop-scale-position",
            layout: .removeBG(
                try! RemoveBGLayout(parameters: [
                    "crop": "true", "crop_margin": "10%", "scale": "80%", "position": "25% 100%",
                ])), background: sand),
        LayoutGoldenCase(
            name: "snap-bottom", input: "mug-small-cut-bottom.png",
            layout: photoroom(["outputSize": "160x200", "padding": "10%"])),
        LayoutGoldenCase(
            name: "photo-matte-square", input: "mug-small.png", mask: "mug-small.matte.png",
            layout: photoroom(["outputSize": "128x128", "padding": "0.05"])),
    ]
}

@Suite struct LayoutGoldenTests {
    @Test(arguments: LayoutGoldenCase.all)
    func layout(_ c: LayoutGoldenCase) throws {
        let image = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/\(c.input)"))
        let mask = try c.mask.map { try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/\($0)")) }
        let recipe = Recipe(background: c.background, decontamination: 0, layout: c.layout)
        let (output, report) = try recipe.render(image, mask: mask)
        #expect(report != nil)
        // ±2 (measured: at most 2 levels, on a few hundred edge pixels per case): the golden resamples with Pillow's
        // LANCZOS (same tap positions and 8-bit intermediate), but Pillow premultiplies and unpremultiplies with its
        // own rounding, which moves low-alpha edge pixels by a level or two before compositing. The geometry must
        // agree exactly: a one-pixel shift of the mug's edge differs by far more.
        try Golden.expect(output, matches: "layout/\(c.name)", tolerance: .channelDelta(2))
    }
}
