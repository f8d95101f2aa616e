// The `demo` subcommand: composites the bundled product shot so a newcomer sees a finished photo.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Backdrop
import Foundation

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Composite the bundled sample product photo and its matte; print the paths written.",
        discussion: """
            Looks for TestImages/inputs/sample/ in --samples, $BACKDROP_TEST_IMAGES, the current folder and \
            the folders above the executable.
            """)

    @Option(name: .shortAndLong, help: "Folder to write into (created if missing).") var output: String =
        "backdrop-demo"
    @Option(help: "The TestImages folder holding inputs/sample/.") var samples: String?

    func run() throws {
        let root = try Demo.locateSamples(explicit: samples)
        let photo = root.appendingPathComponent("inputs/sample/product.png").path
        let matte = root.appendingPathComponent("inputs/sample/product.matte.png").path
        let cutout = root.appendingPathComponent("inputs/sample/product.cutout.png").path
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: output, underlying: IOError(path: output, reason: "cannot create the output folder"))
        }
        let jobs: [(name: String, input: String, mask: String?, background: RGBAColor)] = [
            ("product-on-white.png", photo, matte, .white),
            ("product-on-sand.png", photo, matte, RGBAColor(red: 0xF3, green: 0xEC, blue: 0xE0)),
            ("product-transparent.png", cutout, nil, .transparent),
        ]
        let start = Date()
        for job in jobs {
            let path = URL(fileURLWithPath: output).appendingPathComponent(job.name).path
            try compose(
                recipe: Recipe(background: job.background), input: job.input, mask: job.mask, output: path, format: .png
            )
            print(path)
        }
        // The storefront shot: a 1200 × 1200 JPEG, subject centred with 10 % padding, a soft shadow, on white.
        var storefront = Recipe(background: .white)
        storefront.layout = .photoroom(try PhotoroomLayout(parameters: ["outputSize": "1200x1200", "padding": "0.1"]))
        storefront.shadow = DropShadow(mode: .soft)
        let path = URL(fileURLWithPath: output).appendingPathComponent("product-storefront.jpg").path
        try compose(recipe: storefront, input: photo, mask: matte, output: path, format: .jpeg)
        print(path)
        let ms = Int(Date().timeIntervalSince(start) * 1000)
        FileHandle.standardError.write(
            Data("backdrop demo: \(jobs.count + 1) images from \(photo) in \(ms) ms\n".utf8))
    }

    /// The TestImages folder: the explicit option, the environment, the working directory, or above the binary.
    static func locateSamples(explicit: String?) throws -> URL {
        var candidates = [String]()
        if let explicit { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["BACKDROP_TEST_IMAGES"] { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/TestImages")
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("TestImages").path)
            folder.deleteLastPathComponent()
        }
        if explicit != nil { candidates = Array(candidates.prefix(1)) }
        for path in candidates where FileManager.default.fileExists(atPath: path + "/inputs/sample/product.png") {
            return URL(fileURLWithPath: path)
        }
        throw FileError(
            path: candidates.first ?? "TestImages",
            underlying: IOError(
                path: "TestImages", reason: "bundled sample not found (run from the repository, or pass --samples)"))
    }
}
