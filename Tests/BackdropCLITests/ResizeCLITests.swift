// CLI tests of `backdrop resize`: sizes from each option, fits, filters, and the exit codes of bad parameters.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@testable import BackdropCLI

@Suite(.serialized) struct ResizeCLITests {
    let photo = Fixtures.url("inputs/resample/photo.png").path

    func decode(_ path: String) throws -> ImagePixels {
        try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).pixels
    }

    @Test func sizesFollowTheOptions() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("out.png").path
        for (arguments, width, height) in [
            (["--width", "77"], 77, 58),  // 200 × 150 keeps 4:3: 57.75 → 58
            (["--height", "30"], 40, 30),
            (["--scale", "0.5"], 100, 75),
            (["--size", "64x64"], 64, 64),  // fill stretches
            (["--size", "64x64", "--fit", "contain"], 64, 48),
            (["--size", "64x64", "--fit", "cover", "--filter", "mitchell", "--linear"], 64, 64),
        ] {
            let code = BackdropCommand.run(arguments: ["resize", photo, "-o", out] + arguments)
            #expect(code == .success, "\(arguments)")
            let pixels = try decode(out)
            #expect(pixels.width == width && pixels.height == height, "\(arguments): \(pixels.width)x\(pixels.height)")
        }
    }

    @Test func outputMatchesTheLibrary() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("small.png").path
        #expect(
            BackdropCommand.run(arguments: ["resize", photo, "-o", out, "--size", "50x40", "--filter", "bicubic"])
                == .success)
        let input = try decode(photo).rgba8()
        let expected = try input.resampled(to: PixelSize(width: 50, height: 40), filter: .bicubic)
        // Exact: the command calls the same operation and PNG is lossless.
        #expect(try decode(out).rgba8() == expected)
    }

    @Test func badParametersExitWithTheirCodes() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("x.png").path
        let usage = BackdropExitCode.usage.rawValue, parameter = BackdropExitCode.parameter.rawValue
        for (arguments, code) in [
            (["--width", "5", "--height", "4"], usage),  // more than one size option
            ([String](), usage),  // none
            (["--scale", "0.5", "--filter", "sharpest"], usage),
            (["--size", "12by4"], usage),
            (["--size", "0x4"], parameter),
            (["--scale", "nan"], parameter),
            (["--scale=-2"], parameter),  // "=" or the parser reads -2 as an option
            (["--width", "0"], parameter),
        ] {
            let result = try runTool(["resize", photo, "-o", out] + arguments)
            #expect(result.code == code, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("backdrop: error: ") && result.stderr.split(separator: "\n").count >= 1)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
