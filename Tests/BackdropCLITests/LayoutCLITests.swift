// CLI tests of layouts: compose --report and --dry-run, inspect's subject box, and the exit codes of bad values.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@testable import BackdropCLI

@Suite(.serialized) struct LayoutCLITests {
    let cutout = "\(cutouts)/mug-small.cutout.png"

    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    func rect(_ value: Any?) -> [Int] {
        guard let r = value as? [String: Int] else { return [] }
        return [r["x"] ?? -1, r["y"] ?? -1, r["width"] ?? -1, r["height"] ?? -1]
    }

    @Test func reportDescribesThePlacementAndMatchesTheOutput() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("square.png").path, report = dir.appendingPathComponent("r.json").path
        let code = BackdropCommand.run(arguments: [
            "compose", cutout, "--output-size", "160x160", "--padding", "10%", "--background-color", "white", "-o", out,
            "--report", report,
        ])
        #expect(code == .success)
        let object = try json(report)
        // The mug's alpha ≥ 16 spans x 56…165, y 27…135: 110 × 109. Target 128² at 16; s = min(128/110, 128/109)
        // = 1.16364 → 128 × 126.8 at y = 16 + 0.6: edges round to 17 and 143.
        #expect(rect(object["subjectBox"]) == [56, 27, 110, 109])
        #expect(rect(object["placed"]) == [16, 17, 128, 126])
        #expect(object["canvas"] as? [String: Int] == ["width": 160, "height": 160])
        #expect(object["croppedSides"] as? [String] == [])
        #expect(abs((object["scale"] as? Double ?? 0) - 128.0 / 110.0) < 1e-6)
        let pixels = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))).pixels.rgba8()
        // The same golden as the library test: the CLI adds no pixel work.
        try Golden.expect(pixels, matches: "layout/square-padding", tolerance: .channelDelta(2))
    }

    @Test func dryRunPrintsTheReportAndWritesNoPixels() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("never.png").path
        let r = try runTool([
            "compose", "\(cutouts)/mug-small-cut-bottom.png", "--output-size", "160x200", "--padding", "0.1",
            "--dry-run", "-o", out,
        ])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        // The subject touches the bottom edge: no bottom padding, snapped to the canvas's bottom (73 + 127 = 200).
        #expect(object["croppedSides"] as? [String] == ["bottom"])
        #expect(rect(object["placed"]) == [16, 73, 128, 127])
        // remove.bg's vocabulary, and no -o at all.
        let crop = try runTool(["compose", cutout, "--crop", "--crop-margin", "10px 5px", "--dry-run"])
        #expect(crop.code == 0, "\(crop.stderr)")
        let cropObject = try JSONSerialization.jsonObject(with: Data(crop.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(cropObject["canvas"] as? [String: Int] == ["width": 120, "height": 129])
        #expect(rect(cropObject["placed"]) == [5, 10, 110, 109])
    }

    @Test func reportWithoutLayoutGivesTheSubjectBox() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("o.png").path, report = dir.appendingPathComponent("r.json").path
        #expect(BackdropCommand.run(arguments: ["compose", cutout, "-o", out, "--report", report]) == .success)
        let object = try json(report)
        #expect(rect(object["subjectBox"]) == [56, 27, 110, 109])
        #expect(rect(object["placed"]) == [0, 0, 200, 150])
        // Without a layout the pixels are the plain composite, untouched by any resampling.
        let a = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        let b = try ImageDecoder.decode(Fixtures.bytes("inputs/cutouts/mug-small.cutout.png"))
        #expect(a.pixels == b.pixels)
    }

    @Test func inspectReportsTheSubjectBox() throws {
        let r = try runTool(["inspect", cutout, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["subjectBox"] as? [Int] == [56, 27, 110, 109])
        #expect(object?["subjectThreshold"] as? Int == 16)
        let strict = try runTool(["inspect", "\(cutouts)/mug-small.matte.png", "--json", "--subject-threshold", "255"])
        let strictObject = try JSONSerialization.jsonObject(with: Data(strict.stdout.utf8)) as? [String: Any]
        let box = strictObject?["subjectBox"] as? [Int] ?? []
        // Fully opaque pixels lie inside the soft matte's box.
        #expect(box.count == 4 && box[0] >= 56 && box[1] >= 27 && box[0] + box[2] <= 166 && box[1] + box[3] <= 136)
        let opaque = try runTool(["inspect", "\(cutouts)/mug-small.png", "--json"])
        #expect(!opaque.stdout.contains("subjectBox"))
    }

    @Test func badValuesExitWithTheirCodes() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("x.png").path
        let usage = BackdropExitCode.usage.rawValue, parameter = BackdropExitCode.parameter.rawValue
        for (arguments, code, mention) in [
            (["--padding", "0.6"], parameter, "padding"),
            (["--padding", "12pt"], parameter, "padding"),
            (["--margin", "0.5"], parameter, "margin"),
            (["--margin-top", "50%"], parameter, "marginTop"),
            (["--padding-left=-3px"], parameter, "paddingLeft"),
            (["--output-size", "0x10"], parameter, "outputSize"),
            (["--output-size", "100x100", "--max-width", "50"], parameter, "maxWidth"),
            (["--output-size", "100x100", "--margin", "30px", "--padding", "25px"], parameter, "padding and margin"),
            (["--scaling", "stretch"], parameter, "scaling"),
            (["--crop-margin", "1px 2px 3px"], parameter, "crop_margin"),
            (["--scale", "5%"], parameter, "scale"),
            (["--position", "left"], parameter, "position"),
            (["--roi", "0 0 10"], parameter, "roi"),
            (["--padding", "0.1", "--crop"], usage, "not both"),
            (["--subject-threshold", "0", "--crop"], usage, "threshold"),
        ] {
            let r = try runTool(["compose", cutout, "-o", out] + arguments)
            #expect(r.code == code, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(mention), "\(arguments): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        #expect(try runTool(["compose", cutout, "--padding", "0.1"]).code == usage)  // no -o and no --dry-run
        // An empty matte cannot be laid out around its subject.
        var empty = try PixelBuffer<RGBA8>(width: 8, height: 8)
        empty[0, 0] = SIMD4<UInt8>(9, 9, 9, 15)  // below the threshold 16
        let emptyPath = dir.appendingPathComponent("empty.png").path
        try Data(try ImageEncoder.encode(.rgba8(empty), as: .png)).write(to: URL(fileURLWithPath: emptyPath))
        let r = try runTool(["compose", emptyPath, "--crop", "--dry-run"])
        #expect(r.code == parameter && r.stderr.contains("no subject"), "\(r.stderr)")
    }
}
