// CLI tests: every command end to end, exit codes, one-line errors, atomic writes and input protection.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@testable import BackdropCLI

/// A fresh temporary folder per test.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backdrop-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs the built `backdrop` executable and captures its exit code and output.
func runTool(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("backdrop").path), folder.path != "/" {
        folder.deleteLastPathComponent()
    }
    let process = Process()
    process.executableURL = folder.appendingPathComponent("backdrop")
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

let cutouts = Fixtures.url("inputs/cutouts").path

@Suite(.serialized) struct CLITests {
    @Test func composeWritesAnOpaqueImageOverTheColour() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out.png").path
        let code = BackdropCommand.run(arguments: [
            "compose", "\(cutouts)/mug-small.png", "--mask", "\(cutouts)/mug-small.matte.png",
            "--background-color", "#ffffff", "--decontaminate", "0", "-o", out,
        ])
        #expect(code == .success)
        let result = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))).pixels.rgba8()
        try Golden.expect(result, matches: "compose/mug-small-on-white", tolerance: .exact)
        // Nothing but the output is left in the folder: no temporary files.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.png"])
    }

    @Test func composeShapesTheMatte() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("shaped.png").path
        let code = BackdropCommand.run(arguments: [
            "compose", "\(cutouts)/mug-small.png", "--mask", "\(cutouts)/mug-small.matte.png", "--bg-color", "white",
            "--matte-floor", "10", "--matte-ceiling", "245", "--matte-gamma", "1.2", "--choke", "0.5", "--feather", "1",
            "--decontaminate", "0",
            "-o", out,
        ])
        #expect(code == .success)
        let result = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))).pixels.rgba8()
        // ±3 as in ComposeGoldenTests.shapedMatteMatchesAnIndependentScipyVersion.
        try Golden.expect(result, matches: "compose/mug-small-shaped-on-white", tolerance: .channelDelta(3))
        let bad = try runTool(["compose", "\(cutouts)/mug-small.png", "--matte-gamma", "0", "-o", dir.path + "/x.png"])
        #expect(bad.code == BackdropExitCode.parameter.rawValue && bad.stderr.contains("matte gamma"), "\(bad.stderr)")
    }

    @Test func composeScalesAMatteOfTheSameAspectRatio() throws {
        // The 1600 × 1200 sample matte against the 200 × 150 photo: resized to it, no error.
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("scaled.png").path
        let code = BackdropCommand.run(arguments: [
            "compose", "\(cutouts)/mug-small.png", "--mask", Fixtures.url("inputs/sample/product.matte.png").path,
            "--bg-color", "white", "--decontaminate", "0", "-o", out,
        ])
        #expect(code == .success)
        let result = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(result.size == PixelSize(width: 200, height: 150))
    }

    @Test func transparencyWrittenAsJPEGIsFlattenedOntoWhite() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("cutout.jpg").path
        #expect(BackdropCommand.run(arguments: ["convert", "\(cutouts)/mug-small.cutout.png", "-o", out]) == .success)
        let jpeg = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))).pixels.rgba8()
        // The cutout is transparent at its corners: white there, never black (within JPEG's error).
        #expect(jpeg[2, 2].x > 245 && jpeg[2, 2].y > 245 && jpeg[2, 2].z > 245, "\(jpeg[2, 2])")
        let composed = dir.appendingPathComponent("composed.jpg").path
        let code = BackdropCommand.run(arguments: ["compose", "\(cutouts)/mug-small.cutout.png", "-o", composed])
        #expect(code == .success)
        let second = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: composed)))).pixels
        #expect(second.rgba8()[2, 2].x > 245)
    }

    @Test func composeOverAnImageOrABlurredBackground() throws {
        let dir = try temporaryFolder()
        let backgrounds = Fixtures.url("inputs/backgrounds").path
        let out = dir.appendingPathComponent("over.png").path
        var code = BackdropCommand.run(arguments: [
            "compose", "\(cutouts)/mug-small.png", "--mask", "\(cutouts)/mug-small.matte.png",
            "--background-image", "\(backgrounds)/gradient-200x150.png", "-o", out,
        ])
        #expect(code == .success)
        let over = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))).pixels.rgba8()
        // ±2 as in ComposeGoldenTests.overABackgroundImage (decontamination on by default).
        try Golden.expect(over, matches: "compose/mug-small-decontaminated-over-gradient", tolerance: .channelDelta(2))
        code = BackdropCommand.run(arguments: [
            "compose", "\(cutouts)/mug-small.png", "--mask", "\(cutouts)/mug-small.matte.png", "--background-blur",
            "0.02", "-o", dir.appendingPathComponent("blur.png").path,
        ])
        #expect(code == .success)
        let cutoutBlur = try runTool([
            "compose", "\(cutouts)/mug-small.cutout.png", "--background-blur", "0.02", "-o", dir.path + "/x.png",
        ])
        #expect(cutoutBlur.code == BackdropExitCode.parameter.rawValue && cutoutBlur.stderr.contains("background blur"))
        let both = try runTool([
            "compose", "\(cutouts)/mug-small.png", "--mask", "\(cutouts)/mug-small.matte.png", "--background-blur",
            "0.01", "--background-image", "\(backgrounds)/gradient-200x150.png", "-o", dir.path + "/y.png",
        ])
        #expect(both.code == BackdropExitCode.parameter.rawValue, "\(both.stderr)")
    }

    @Test func composeInLinearLight() throws {
        let dir = try temporaryFolder()
        let linear = dir.appendingPathComponent("linear.png").path, srgb = dir.appendingPathComponent("srgb.png").path
        for (path, extra) in [(linear, ["--linear"]), (srgb, [])] {
            let arguments = ["compose", "\(cutouts)/mug-small.cutout.png", "--bg-color", "white", "-o", path] + extra
            #expect(BackdropCommand.run(arguments: arguments) == .success)
        }
        let a = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: linear)))).pixels.rgba8()
        let b = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: srgb)))).pixels.rgba8()
        // Same interior and background; soft edge pixels over white come out lighter in linear light.
        #expect(a[100, 75] == b[100, 75] && a[2, 2] == b[2, 2])
        var lighter = 0, darker = 0
        for y in 0..<150 {
            for x in 0..<200 where a[x, y] != b[x, y] {
                if a[x, y].x >= b[x, y].x { lighter += 1 } else { darker += 1 }
            }
        }
        #expect(lighter > 0 && darker == 0, "lighter \(lighter) darker \(darker)")
    }

    @Test func convertReproducesTheDecodedPixels() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("copy.png").path
        let input = "\(cutouts)/mug-small.cutout.png"
        #expect(BackdropCommand.run(arguments: ["convert", input, "-o", out, "--compression-level", "1"]) == .success)
        let a = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: input))))
        let b = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(a.pixels == b.pixels)
    }

    @Test func inspectPrintsStableJSON() throws {
        let r = try runTool(["inspect", "\(cutouts)/mug-small.cutout.png", "--json"])
        #expect(r.code == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["format"] as? String == "png")
        #expect(object?["width"] as? Int == 200)
        #expect(object?["height"] as? Int == 150)
        #expect(object?["bitDepth"] as? Int == 8)
        #expect(object?["channels"] as? Int == 4)
        #expect(object?["hasAlpha"] as? Bool == true)
        for key in ["file", "colorModel", "interlaced", "iccProfile", "colorChunks"] {
            #expect(object?[key] != nil, "\(key)")
        }
        let text = try runTool(["inspect", "\(cutouts)/mug-small.matte.png"])
        #expect(text.stdout.contains("channels: 1") && text.stdout.contains("has alpha: false"))
    }

    @Test func refusesToOverwriteAnInput() throws {
        let dir = try temporaryFolder()
        let input = dir.appendingPathComponent("in.png")
        try FileManager.default.copyItem(at: Fixtures.url("inputs/cutouts/mug-small.cutout.png"), to: input)
        let before = try Data(contentsOf: input)
        let r = try runTool(["compose", input.path, "--background-color", "white", "-o", dir.path + "/./in.png"])
        #expect(r.code == BackdropExitCode.io.rawValue)
        #expect(r.stderr.contains("refusing to overwrite input"))
        #expect(try Data(contentsOf: input) == before)
        // A symbolic link to the input is the same file.
        let link = dir.appendingPathComponent("link.png")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
        #expect(try runTool(["convert", input.path, "-o", link.path]).code == BackdropExitCode.io.rawValue)
        #expect(try Data(contentsOf: input) == before)
    }

    struct FailureCase: Sendable, CustomStringConvertible {
        var name: String
        var arguments: @Sendable (URL) throws -> [String]
        var code: BackdropExitCode
        var mentions: String
        var description: String { name }
    }

    static let failures: [FailureCase] = [
        FailureCase(
            name: "missing input", arguments: { ["convert", $0.path + "/nope.png", "-o", $0.path + "/o.png"] },
            code: .io, mentions: "nope.png"),
        FailureCase(
            name: "not an image",
            arguments: { dir in
                let f = dir.appendingPathComponent("notes.png")
                try Data("hello, not a png".utf8).write(to: f)
                return ["convert", f.path, "-o", dir.path + "/o.png"]
            }, code: .unsupported, mentions: "notes.png"),
        FailureCase(
            name: "truncated",
            arguments: { dir in
                let f = dir.appendingPathComponent("cut.png")
                try Data(try Fixtures.bytes("inputs/cutouts/mug-small.png").prefix(500)).write(to: f)
                return ["convert", f.path, "-o", dir.path + "/o.png"]
            }, code: .decoding, mentions: "cut.png"),
        FailureCase(
            name: "over the limits",
            arguments: { dir in
                ["convert", "\(cutouts)/mug-small.png", "--max-side", "100", "-o", dir.path + "/o.png"]
            }, code: .limits, mentions: "mug-small.png"),
        FailureCase(
            name: "mask of another aspect ratio",
            arguments: { dir in
                [
                    "compose", "\(cutouts)/mug-small.png", "--mask",
                    Fixtures.url("inputs/png/suite/gray16-magick-33x17.png").path, "-o", dir.path + "/o.png",
                ]
            }, code: .parameter, mentions: "gray16-magick-33x17.png"),
        FailureCase(
            name: "bad colour",
            arguments: { dir in
                ["compose", "\(cutouts)/mug-small.png", "--background-color", "#12345", "-o", dir.path + "/o.png"]
            }, code: .usage, mentions: "#12345"),
        FailureCase(
            name: "unknown option",
            arguments: { dir in ["convert", "\(cutouts)/mug-small.png", "-o", dir.path + "/o.png", "--frobnicate"] },
            code: .usage, mentions: "frobnicate"),
        FailureCase(
            name: "unwritable output format",
            arguments: { dir in
                ["convert", "\(cutouts)/mug-small.png", "-o", dir.path + "/o.gif"]
            }, code: .unsupported, mentions: "o.gif"),
        FailureCase(
            name: "missing output folder",
            arguments: { dir in
                ["convert", "\(cutouts)/mug-small.png", "-o", dir.path + "/no/such/o.png"]
            }, code: .io, mentions: "does not exist"),
    ]

    @Test(arguments: failures)
    func failsWithOneLineAndTheDocumentedCode(_ c: FailureCase) throws {
        let dir = try temporaryFolder()
        let r = try runTool(try c.arguments(dir))
        #expect(r.code == c.code.rawValue, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        if c.code != .usage { #expect(lines.count == 1, "\(r.stderr)") }
        #expect(r.stderr.hasPrefix("backdrop: error: "), "\(r.stderr)")
        #expect(r.stderr.contains(c.mentions), "\(r.stderr)")
        // No output and no temporary file is left behind.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy {
                !$0.hasPrefix("o.") && !$0.hasSuffix(".tmp")
            })
    }

    @Test func demoWritesItsImages() throws {
        let dir = try temporaryFolder()
        let r = try runTool(["demo", "-o", dir.path, "--samples", Fixtures.root.path])
        #expect(r.code == 0, "\(r.stderr)")
        let paths = r.stdout.split(separator: "\n").map(String.init)
        #expect(paths.count == 4)
        for path in paths {
            let image = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
            // Three composites keep the photo's size; the storefront shot is a 1200 × 1200 JPEG.
            let storefront = path.hasSuffix("storefront.jpg")
            #expect(
                image.size == (storefront ? PixelSize(width: 1200, height: 1200) : PixelSize(width: 1600, height: 1200))
            )
            #expect(image.metadata.format == (storefront ? .jpeg : .png))
        }
        #expect(try runTool(["demo", "-o", dir.path, "--samples", dir.path]).code == BackdropExitCode.io.rawValue)
    }

    @Test func exitCodesAreDistinct() {
        #expect(Set(BackdropExitCode.allCases.map(\.rawValue)).count == BackdropExitCode.allCases.count)
        for category in ErrorCategory.allCases { #expect(BackdropExitCode(category) != .success) }
    }
}

/// The CLI over the decoder fixtures: bad files map to their documented exit codes, suite files convert to
/// exactly their independent reference decodes.
@Suite struct CLIFixtureTests {
    static let badFiles: [(file: String, category: String)] = {
        guard let text = try? String(contentsOf: Fixtures.url("bad/png/EXPECTED.tsv"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t").map(String.init)
            return fields.count >= 2 ? (fields[0], fields[1]) : nil
        }
    }()

    @Test func everyBadFileIsListed() {
        #expect(Self.badFiles.count >= 10)
        #expect(
            Set(Self.badFiles.map(\.file))
                == Set(
                    Fixtures.files(in: "bad/png", withExtension: "png").map { String($0.split(separator: "/").last!) }))
    }

    @Test(arguments: badFiles.map(\.file))
    func badFileFailsWithItsExitCode(_ file: String) throws {
        let category = try #require(Self.badFiles.first { $0.file == file }?.category)
        let expected = BackdropExitCode(try #require(ErrorCategory(rawValue: category)))
        let dir = try temporaryFolder()
        let r = try runTool(["convert", Fixtures.url("bad/png/\(file)").path, "-o", dir.path + "/out.png"])
        #expect(r.code == expected.rawValue, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(file), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(arguments: Fixtures.files(in: "inputs/png/suite", withExtension: "png"))
    func convertReproducesTheReferenceDecode(_ input: String) throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out.png").path
        // The references are the pixels as stored; EXIF orientation is tested with the codecs.
        let arguments = ["convert", Fixtures.url(input).path, "-o", out, "--no-orientation"]
        #expect(BackdropCommand.run(arguments: arguments) == .success)
        let converted = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        let name = input.split(separator: "/").last!
        let reference = try ImageDecoder.decode(Fixtures.bytes("reference/png/suite/\(name).png"))
        // Exact: 8-bit references made by pypng + numpy; 16-bit inputs must round to the nearest 8-bit value.
        #expect(converted.pixels == reference.pixels, "\(input)")
    }
}

/// remove.bg's `format=zip` results read directly.
@Suite struct ArchiveInputTests {
    @Test(arguments: ["mug-small.removebg.zip", "nested-upper.zip"])
    func composeReadsTheArchiveLikeItsTwoImages(_ name: String) throws {
        let bytes = try Fixtures.bytes("inputs/archives/\(name)")
        let (color, alpha) = try SegmentationArchive.read(bytes)
        let recipe = Recipe(background: .white)
        let direct = try recipe.composite(ImageDecoder.decode(color), mask: ImageDecoder.decode(alpha))
        let viaArchive = try ImageDecoder.decode(try recipe.process(bytes, outputFormat: .png)).pixels.rgba8()
        #expect(viaArchive == direct)
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("zip.png").path
        let code = BackdropCommand.run(arguments: [
            "compose", Fixtures.url("inputs/archives/\(name)").path, "--bg-color", "white", "-o", out,
        ])
        #expect(code == .success)
        #expect(
            try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))).pixels.rgba8() == direct)
    }

    @Test(arguments: ["no-alpha.zip", "truncated.zip", "crc.zip"])
    func damagedArchivesAreTypedErrors(_ name: String) throws {
        let bytes = try Fixtures.bytes("bad/archives/\(name)")
        #expect(throws: DecodingError.self) { try SegmentationArchive.read(bytes) }
        let dir = try temporaryFolder()
        let r = try runTool(["compose", Fixtures.url("bad/archives/\(name)").path, "-o", dir.path + "/o.png"])
        #expect(r.code == BackdropExitCode.decoding.rawValue, "\(r.stderr)")
        #expect(r.stderr.contains(name) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func entriesOverTheByteLimitAreRefusedBeforeInflating() throws {
        let bytes = try Fixtures.bytes("inputs/archives/mug-small.removebg.zip")
        #expect(throws: LimitError.self) { try SegmentationArchive.read(bytes, limits: DecodingLimits(maxBytes: 1000)) }
    }

    @Test func anArchiveWithASeparateMaskIsAParameterError() throws {
        let bytes = try Fixtures.bytes("inputs/archives/mug-small.removebg.zip")
        #expect(throws: ParameterError.self) { try Recipe().process(bytes, mask: bytes, outputFormat: .png) }
    }
}
