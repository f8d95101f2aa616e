// CLI colour handling: inspect's colour keys, --color-policy (reject exits 9), tagged outputs and --keep-icc.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@testable import BackdropCLI

let colorInputs = Fixtures.url("inputs/color").path

@Suite(.serialized) struct ColorCLITests {
    func inspect(_ file: String) throws -> [String: Any] {
        let result = try runTool(["inspect", "--json", "\(colorInputs)/\(file)"])
        #expect(result.code == 0)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func inspectReportsTheColourSpace() throws {
        let p3 = try inspect("p3-red.png")
        #expect(p3["colorClass"] as? String == "display-p3")
        #expect(p3["colorSource"] as? String == "icc")
        #expect(p3["colorProfile"] as? String == "Display P3")
        #expect(p3["colorVerdict"] as? String == "not-srgb")
        #expect(p3["iccProfile"] as? Bool == true)  // existing keys keep their meaning
        let chunks = try inspect("chunks-srgb.png")
        #expect(chunks["colorSource"] as? String == "png-chunks")
        #expect(chunks["colorVerdict"] as? String == "srgb")
        let nclx = try inspect("nclx-p3.heic")
        #expect(nclx["colorSource"] as? String == "nclx")
        #expect(nclx["colorClass"] as? String == "display-p3")
        let untagged = try inspect("untagged.png")
        #expect(untagged["colorClass"] as? String == "untagged")
        #expect(untagged["colorVerdict"] as? String == "untagged-assumed-srgb")
        #expect(untagged["colorProfile"] == nil)
    }

    @Test func rejectExitsWithNine() throws {
        let dir = try temporaryFolder()
        for file in ["p3-red.png", "cmyk-swop.jpg", "malformed-icc.jpg"] {
            let result = try runTool([
                "convert", "\(colorInputs)/\(file)", "--color-policy", "reject", "-o",
                dir.appendingPathComponent("o.png").path,
            ])
            #expect(result.code == 9, "\(file)")
            #expect(result.stderr.contains("\(file): "))
        }
        let code = BackdropCommand.run(arguments: [
            "convert", "\(colorInputs)/untagged.png", "--color-policy", "reject", "-o",
            dir.appendingPathComponent("ok.png").path,
        ])
        #expect(code == .success)
        #expect(
            BackdropCommand.run(arguments: [
                "compose", "\(colorInputs)/p3-alpha.png", "--color-policy", "reject", "-o",
                dir.appendingPathComponent("c.png").path,
            ]) == .color)
    }

    @Test func convertWritesSRGBTaggedPixelsAndKeepIccFollowsThePolicy() throws {
        let dir = try temporaryFolder()
        let input = "\(colorInputs)/p3-red.png"
        func run(_ extra: [String]) throws -> Image {
            let out = dir.appendingPathComponent("\(UUID().uuidString).png").path
            #expect(BackdropCommand.run(arguments: ["convert", input, "-o", out] + extra) == .success)
            return try ImageDecoder.decode(
                [UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), options: .init(colorPolicy: .assumeSRGB))
        }
        let reference = try ImageDecoder.decode(
            Fixtures.bytes("reference/color/p3-red.png.png"), options: .init(colorPolicy: .assumeSRGB))
        // Converted: sRGB chunk, no P3 profile even with --keep-icc (it would mislabel the converted pixels).
        for extra in [[], ["--keep-icc"]] {
            let converted = try run(extra)
            #expect(converted.metadata.colorInfo.pngSRGBIntent == 0)
            #expect(converted.metadata.colorInfo.iccProfile == nil)
            // Within one level of Pillow ImageCms's conversion (see BackdropColorTests for the tolerance).
            let (a, b) = (converted.pixels.rgba8(), reference.pixels.rgba8())
            var worst = 0
            for y in 0..<a.height {
                for x in 0..<a.width {
                    for c in 0..<4 { worst = max(worst, abs(Int(a[x, y][c]) - Int(b[x, y][c]))) }
                }
            }
            #expect(worst <= 1)
        }
        // assume-srgb + --keep-icc: the pixels are untouched, so the P3 profile still describes them.
        let kept = try run(["--color-policy", "assume-srgb", "--keep-icc"])
        #expect(kept.metadata.colorAssessment.colorClass == .displayP3)
        // --strip-color-tag: untagged.
        #expect(try run(["--strip-color-tag"]).metadata.colorInfo.isUntagged)
    }
}
