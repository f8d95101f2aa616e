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
        let recipe = Recipe(background: try RGBAColor(parsing: c.background))
        let output = try recipe.composite(image, mask: mask)
        // Exact: the goldens come from the same integer formula evaluated by numpy (TestImages/scripts/goldens.py),
        // and Backdrop's kernels round exactly, so any difference is a bug.
        try Golden.expect(output, matches: "compose/\(c.name)", tolerance: .exact)
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
