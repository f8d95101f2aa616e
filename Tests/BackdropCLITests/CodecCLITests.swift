// The CLI over every JPEG, WebP and HEIF fixture: convert to each output format, inspect --json keys.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@testable import BackdropCLI

@Suite("CLI codecs")
struct CodecCLITests {
    static let inputs =
        Fixtures.files(in: "inputs/jpeg/suite", withExtension: "jpg")
        + Fixtures.files(in: "inputs/webp/suite", withExtension: "webp")
        + Fixtures.files(in: "inputs/heif/suite", withExtension: "heic")
        + Fixtures.files(in: "inputs/heif/suite", withExtension: "avif")

    /// Every codec fixture converts to PNG with the upright size, and the PNG holds the same pixels as decoding.
    @Test(arguments: inputs)
    func convertsEveryFixtureToPNG(_ input: String) throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out.png").path
        #expect(BackdropCommand.run(arguments: ["convert", Fixtures.url(input).path, "-o", out]) == .success)
        let converted = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        let decoded = try ImageDecoder.decode(try Fixtures.bytes(input))
        // Exact: PNG is lossless, and a gray JPEG stays Gray8.
        #expect(converted.pixels == decoded.pixels, "\(input)")
    }

    @Test(arguments: ["out.jpg", "out.webp", "out.png"])
    func convertsToEveryOutputFormat(_ name: String) throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent(name).path
        let input = Fixtures.url("inputs/jpeg/suite/exif-orientation-6.jpg").path
        let arguments = [
            "convert", input, "-o", out, "--quality", "80", "--subsampling", "4:4:4", "--progressive", "--dpi", "300",
        ]
        #expect(BackdropCommand.run(arguments: arguments) == .success)
        let image = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(image.width == 72 && image.height == 96)
        if name == "out.jpg" {
            #expect(image.metadata.interlaced)
            #expect(image.metadata.dpi == .init(x: 300, y: 300))
        }
        if name == "out.png", let dpi = image.metadata.dpi {
            // pHYs stores whole pixels per metre: 300 dpi is 11 811 px/m, 299.9994 dpi.
            #expect(abs(dpi.x - 300) < 0.01 && abs(dpi.y - 300) < 0.01)
        } else if name == "out.png" {
            Issue.record("PNG output lacks pHYs")
        }
    }

    @Test func keepIccCarriesTheProfile() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out.jpg").path
        let input = Fixtures.url("inputs/jpeg/suite/icc-3-chunks.jpg").path
        #expect(BackdropCommand.run(arguments: ["convert", input, "-o", out, "--keep-icc"]) == .success)
        let meta = try ImageDecoder.metadata(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(meta.colorInfo.iccProfile == (try Fixtures.bytes("reference/jpeg/suite/icc-3-chunks.icc")))
    }

    @Test func scaleOptionReducesJPEG() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out.png").path
        let input = Fixtures.url("inputs/jpeg/suite/cjpeg-420.jpg").path
        #expect(BackdropCommand.run(arguments: ["convert", input, "-o", out, "--scale", "4"]) == .success)
        let image = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(image.width == 24 && image.height == 18)
        #expect(BackdropCommand.run(arguments: ["convert", input, "-o", out, "--scale", "3"]) == .usage)
    }

    @Test func inspectReportsOrientationAnimationAndICC() throws {
        let oriented = try runTool(["inspect", "--json", Fixtures.url("inputs/jpeg/suite/exif-orientation-6.jpg").path])
        #expect(oriented.code == 0)
        #expect(oriented.stdout.contains("\"appliedOrientation\":6"))
        #expect(oriented.stdout.contains("\"exifOrientation\":6"))
        let stored = try runTool([
            "inspect", "--json", "--no-orientation", Fixtures.url("inputs/jpeg/suite/exif-orientation-6.jpg").path,
        ])
        #expect(stored.stdout.contains("\"appliedOrientation\":1"))
        let animated = try runTool([
            "inspect", "--json", Fixtures.url("inputs/webp/suite/img2webp-animated-3.webp").path,
        ])
        #expect(animated.stdout.contains("\"animated\":true") && animated.stdout.contains("\"frameCount\":3"))
        let icc = try runTool(["inspect", "--json", Fixtures.url("inputs/heif/suite/heifenc-icc.heic").path])
        #expect(icc.stdout.contains("\"format\":\"heif\"") && icc.stdout.contains("\"iccProfile\":true"))
    }
}
