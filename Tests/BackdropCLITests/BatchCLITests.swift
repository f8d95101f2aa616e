// `backdrop batch`: 56 generated photo + matte pairs with damaged ones, outputs equal to the single-image path,
// the report, --resume, the exit code, the pairing rule and the bound on images in flight.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@testable import BackdropCLI

@Suite(.serialized) struct BatchCLITests {
    static let recipeJSON =
        ##"{"background.color": "#FAFAFA", "outputSize": "48x48", "padding": "10%", "export.format": "png"}"##
    /// Photos whose bytes are cut after 40 bytes: decoding errors (exit 4).
    static let truncated: Set<Int> = [5, 17, 33, 48]
    /// Photos whose matte has another aspect ratio: parameter errors (exit 7), the worse category.
    static let mismatched: Set<Int> = [11, 40]
    static let count = 56

    struct Generated {
        var folder: URL
        var recipe: String
        var photos: [Int: (photo: String, mask: String)]
    }

    /// Tiny photos (JPEG for even numbers, PNG for odd) with gray mattes named `.mask.png` or `.matte.png`.
    func generate() throws -> Generated {
        let root = try temporaryFolder()
        let folder = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var photos = [Int: (String, String)]()
        for i in 0..<Self.count {
            let (w, h) = (40, 30)
            var photo = try PixelBuffer<RGBA8>(width: w, height: h)
            var matte = try PixelBuffer<Gray8>(width: Self.mismatched.contains(i) ? 10 : w, height: h)
            for y in 0..<h {
                for x in 0..<w {
                    photo[x, y] = RGBA8.Pixel(
                        UInt8((x * 6 + i * 4) % 256), UInt8((y * 8 + i * 9) % 256), UInt8(i * 3), 255)
                }
            }
            let rx = Double(6 + i % 10), ry = Double(5 + i % 8), cx = Double(matte.width) / 2, cy = 15.0
            for y in 0..<matte.height {
                for x in 0..<matte.width {
                    let d = pow((Double(x) - cx) / rx, 2) + pow((Double(y) - cy) / ry, 2)
                    matte[x, y] = UInt8(max(0, min(255, (1.3 - d) * 400)))
                }
            }
            let format: ImageFormat = i % 2 == 0 ? .jpeg : .png
            var bytes = try ImageEncoder.encode(.rgba8(photo), as: format)
            if Self.truncated.contains(i) { bytes = Array(bytes.prefix(40)) }
            let photoPath = folder.appendingPathComponent("p\(i).\(format.fileExtension)").path
            let maskPath = folder.appendingPathComponent("p\(i).\(i % 3 == 0 ? "matte" : "mask").png").path
            try Data(bytes).write(to: URL(fileURLWithPath: photoPath))
            try Data(ImageEncoder.encode(.gray8(matte), as: .png)).write(to: URL(fileURLWithPath: maskPath))
            photos[i] = (photoPath, maskPath)
        }
        // A matte without its photo: warned about, not a job.
        try Data(ImageEncoder.encode(.gray8(PixelBuffer<Gray8>(width: 4, height: 4)), as: .png))
            .write(to: folder.appendingPathComponent("lonely.mask.png"))
        let recipe = root.appendingPathComponent("recipe.json").path
        try Data(Self.recipeJSON.utf8).write(to: URL(fileURLWithPath: recipe))
        return Generated(folder: folder, recipe: recipe, photos: photos)
    }

    func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    @Test func batchMatchesTheSingleImagePathAndReportsFailures() throws {
        let g = try generate()
        let out = g.folder.deletingLastPathComponent().appendingPathComponent("out").path
        let report = g.folder.deletingLastPathComponent().appendingPathComponent("report.jsonl").path
        let code = BackdropCommand.run(arguments: [
            "batch", "--recipe", g.recipe, g.folder.path, "-o", out, "--jobs", "3", "--report", report, "--quiet",
        ])
        // Decoding failures (4) and parameter failures (7): the worse category decides.
        #expect(code == .parameter)
        let records = try lines(report)
        #expect(records.count == Self.count)
        let single = try RecipeFile(json: Array(Self.recipeJSON.utf8)).recipe()
        var ok = 0
        for record in records {
            let input = record["input"] as? String ?? ""
            let i = Int(URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent.dropFirst()) ?? -1
            let pair = try #require(g.photos[i])
            #expect(record["mask"] as? String == pair.mask)
            if Self.truncated.contains(i) {
                #expect(record["status"] as? String == "failed")
                #expect(record["category"] as? String == "decoding")
                #expect(record["exitCode"] as? Int == 4)
            } else if Self.mismatched.contains(i) {
                #expect(record["status"] as? String == "failed")
                #expect(record["category"] as? String == "parameter")
            } else {
                #expect(record["status"] as? String == "ok", "\(record)")
                let output = try #require(record["output"] as? String)
                #expect(output == "\(out)/p\(i).png")
                let expected = try single.process(
                    Data(contentsOf: URL(fileURLWithPath: pair.photo)),
                    mask: Data(contentsOf: URL(fileURLWithPath: pair.mask)),
                    format: .png)
                #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))) == expected.bytes, "p\(i)")
                let layout = record["layout"] as? [String: Any]
                #expect(layout?["canvas"] as? [String: Int] == ["width": 48, "height": 48])
                #expect(record["milliseconds"] is Double)
                ok += 1
            }
        }
        #expect(ok == Self.count - Self.truncated.count - Self.mismatched.count)
        let written = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(written.count == ok)  // no temporary files left, nothing for the failures

        // --resume: the outputs that exist are skipped, the failures run (and fail) again; the report is appended.
        let again = BackdropCommand.run(arguments: [
            "batch", "--recipe", g.recipe, "\(g.folder.path)/p*.jpg", "\(g.folder.path)/p*.png", "-o", out, "--resume",
            "--report", report, "--quiet",
        ])
        #expect(again == .parameter)
        let appended = try lines(report).dropFirst(Self.count)
        #expect(appended.count == Self.count)
        #expect(appended.filter { $0["status"] as? String == "skipped" }.count == ok)
        #expect(appended.filter { $0["status"] as? String == "failed" }.count == Self.count - ok)
    }

    @Test func exitCodeIsZeroOnlyWhenEveryInputSucceeds() throws {
        let g = try generate()
        let out = g.folder.deletingLastPathComponent().appendingPathComponent("good").path
        let good = (0..<Self.count).filter { !Self.truncated.contains($0) && !Self.mismatched.contains($0) }.prefix(6)
        let r = try runTool(["batch", "--recipe", g.recipe, "-o", out] + good.map { g.photos[$0]!.photo })
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("batch: 6 succeeded, 0 failed, 0 skipped of 6"))
        // Not a terminal: plain lines only (none for so short a run), never carriage returns.
        #expect(!r.stderr.contains("\r"))
        let bad = try runTool(["batch", "--recipe", g.recipe, "-o", out, g.photos[5]!.photo, g.photos[6]!.photo])
        #expect(bad.code == 4)
        #expect(bad.stdout.contains("1 succeeded, 1 failed"))
    }

    @Test func recipeErrorsStopBeforeAnyWork() throws {
        let g = try generate()
        let recipe = g.folder.deletingLastPathComponent().appendingPathComponent("ai.json").path
        try Data(#"{"upscale.mode": "ai.fast", "background.color": "white"}"#.utf8).write(
            to: URL(fileURLWithPath: recipe))
        let r = try runTool(["batch", "--recipe", recipe, g.folder.path, "-o", g.folder.path + "-never"])
        #expect(r.code == 7)
        #expect(r.stderr.contains("upscale.mode"))
        #expect(!FileManager.default.fileExists(atPath: g.folder.path + "-never"))
    }

    @Test func pairingRule() throws {
        let g = try generate()
        let zip = g.folder.appendingPathComponent("mug.zip")
        try FileManager.default.copyItem(at: Fixtures.url("inputs/archives/mug-small.removebg.zip"), to: zip)
        let found = try BatchInputs(arguments: [g.folder.path])
        #expect(found.jobs.count == Self.count + 1)
        #expect(found.orphanMasks == [g.folder.appendingPathComponent("lonely.mask.png").path])
        let byName = Dictionary(uniqueKeysWithValues: found.jobs.map { ($0.name, $0) })
        #expect(byName["p3"]?.mask == g.photos[3]?.mask && g.photos[3]?.mask.hasSuffix("p3.matte.png") == true)
        #expect(byName["p4"]?.mask?.hasSuffix("p4.mask.png") == true)
        #expect(byName["mug"]?.mask == nil)
        // A glob that leaves the mattes out still pairs them from the photo's folder.
        let globbed = try BatchInputs(arguments: ["\(g.folder.path)/p1?.png"])
        #expect(globbed.jobs.count == 5 && globbed.jobs.allSatisfy { $0.mask != nil })
        #expect(throws: FileError.self) { try BatchInputs(arguments: ["\(g.folder.path)/nothing*.png"]) }
    }

    @Test func neverMoreThanJobsImagesInFlight() throws {
        let g = try generate()
        let found = try BatchInputs(arguments: [g.folder.path])
        let out = g.folder.deletingLastPathComponent().appendingPathComponent("bounded").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let recipe = try RecipeFile(json: Array(Self.recipeJSON.utf8)).recipe()
        let runner = BatchRunner(
            recipe: recipe, jobs: found.jobs, outputFolder: out, format: .png, resume: false, protected: [],
            concurrency: 2)
        let summary = runner.run(report: nil, progress: nil)
        #expect(summary.succeeded + summary.failed == Self.count)
        #expect(runner.peakInFlight >= 1 && runner.peakInFlight <= 2)
    }

    @Test func dryRunPrintsThePlan() throws {
        let r = try runTool([
            "compose", Fixtures.url("inputs/cutouts/mug-small.png").path, "--mask",
            Fixtures.url("inputs/cutouts/mug-small.matte.png").path, "--output-size", "60x60", "--dry-run",
        ])
        #expect(r.code == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let plan = try #require(object["plan"] as? [String: Any])
        #expect(plan["decodeScale"] as? Int == 1)  // a PNG photo: no DCT scaling
        #expect(plan["crop"] as? [String: Int] == ["x": 56, "y": 27, "width": 110, "height": 109])
        #expect(plan["resampledTo"] as? [String: Int] == ["x": 0, "y": 0, "width": 60, "height": 60])
        #expect((plan["estimatedPeakBytes"] as? Int ?? 0) > 200 * 150 * 4)
        #expect((plan["stages"] as? [String])?.last?.hasPrefix("encode") == true)
    }
}
