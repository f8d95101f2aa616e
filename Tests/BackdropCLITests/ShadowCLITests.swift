// CLI tests of shadows and outlines: compose options, vocabularies, the report's shadowClipped, exit codes.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@testable import BackdropCLI

@Suite(.serialized) struct ShadowCLITests {
    let bottle = "\(cutouts)/bottle-small.cutout.png"

    func pixels(_ path: String) throws -> PixelBuffer<RGBA8> {
        try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).pixels.rgba8()
    }

    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    @Test func composeWithShadowMatchesTheGoldenAndReports() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("soft.png").path, report = dir.appendingPathComponent("r.json").path
        let r = try runTool([
            "compose", bottle, "--shadow", "soft", "--background-color", "white", "-o", out, "--report", report,
        ])
        #expect(r.code == 0, "\(r.stderr)")
        // The library's golden and tolerance: the CLI adds no pixel work.
        try Golden.expect(try pixels(out), matches: "shadow/bottle-soft", tolerance: .premultipliedDelta(3))
        #expect(try json(report)["shadowClipped"] as? Bool == false)
    }

    @Test func vocabulariesAgree() throws {
        let dir = try temporaryFolder()
        func run(_ name: String, _ arguments: [String]) throws -> PixelBuffer<RGBA8> {
            let out = dir.appendingPathComponent(name).path
            let r = try runTool(["compose", bottle, "--background-color", "white", "-o", out] + arguments)
            #expect(r.code == 0, "\(arguments): \(r.stderr)")
            return try pixels(out)
        }
        // remove.bg's add_shadow is soft; Photoroom's ai.* names are the local modes.
        #expect(try run("a.png", ["--add-shadow"]) == (try run("b.png", ["--shadow", "soft"])))
        #expect(try run("c.png", ["--shadow", "ai.soft"]) == (try run("d.png", ["--shadow", "soft"])))
        let right = try run("e.png", ["--shadow", "ai.hard", "--shadow-direction", "right"])
        #expect(right == (try run("f.png", ["--shadow", "hard", "--shadow-direction", "90"])))
        #expect(right != (try run("g.png", ["--shadow", "hard", "--shadow-direction", "left"])))
        // --shadow-distance is --shadow-spread; the overrides change the picture.
        let far = try run("h.png", ["--shadow", "hard", "--shadow-distance", "0.1"])
        #expect(far == (try run("i.png", ["--shadow", "hard", "--shadow-spread", "0.1"])))
        #expect(far != (try run("j.png", ["--shadow", "hard"])))
        // --shadow none draws nothing.
        #expect(try run("k.png", ["--shadow", "none"]) == (try run("l.png", [])))
    }

    @Test func outlineMatchesTheGolden() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("outline.png").path
        let r = try runTool([
            "compose", bottle, "--outline-color", "white", "--outline-width", "0.03", "--background-color", "F3ECE0",
            "-o", out,
        ])
        #expect(r.code == 0, "\(r.stderr)")
        try Golden.expect(try pixels(out), matches: "shadow/bottle-outline", tolerance: .premultipliedDelta(3))
    }

    @Test func clippingShowsInTheReport() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("clip.png").path, report = dir.appendingPathComponent("r.json").path
        let r = try runTool([
            "compose", bottle, "--output-size", "160x160", "--vertical-alignment", "bottom", "--shadow", "soft",
            "--background-color", "white", "-o", out, "--report", report,
        ])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try json(report)["shadowClipped"] as? Bool == true)
        // A dry run draws nothing, so it cannot say.
        let dry = try runTool(["compose", bottle, "--output-size", "160x160", "--shadow", "soft", "--dry-run"])
        #expect(dry.code == 0, "\(dry.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(object["shadowClipped"] == nil && object["canvas"] != nil)
    }

    @Test func badValuesExitWithTheirCodes() throws {
        let dir = try temporaryFolder()
        let out = dir.appendingPathComponent("x.png").path
        let usage = BackdropExitCode.usage.rawValue, parameter = BackdropExitCode.parameter.rawValue
        for (arguments, code, mention) in [
            (["--shadow", "dramatic"], parameter, "shadow.mode"),
            (["--shadow", "soft", "--shadow-intensity", "1.5"], parameter, "shadow.intensity"),
            (["--shadow", "hard", "--shadow-softness=-0.1"], parameter, "shadow.softness"),
            (["--shadow", "floating", "--shadow-spread", "2"], parameter, "shadow.spread"),
            (["--shadow", "hard", "--shadow-direction", "north"], parameter, "shadow.direction"),
            (["--outline-width", "0.2"], parameter, "outline.width"),
            (["--outline-blur-radius", "0.03"], parameter, "outline.blurRadius"),
            (["--shadow-intensity", "0.5"], usage, "needs --shadow"),
            (["--add-shadow", "--shadow", "hard"], usage, "conflicts"),
        ] {
            let r = try runTool(["compose", bottle, "-o", out] + arguments)
            #expect(r.code == code, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(mention), "\(arguments): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
