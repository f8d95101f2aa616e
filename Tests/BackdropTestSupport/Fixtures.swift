// Fixture paths: locate TestImages/ and the golden-failure output folder from this source file.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Paths of the committed fixtures, independent of the working directory the tests run in.
public enum Fixtures {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `TestImages/` in the package root.
    public static let root: URL = packageRoot.appendingPathComponent("TestImages")

    /// The URL of `relativePath` under `TestImages/`.
    public static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// The bytes of `relativePath` under `TestImages/`.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }

    /// Relative paths (from `TestImages/`) of the regular files under `folder`, sorted, optionally by extension.
    public static func files(in folder: String, withExtension ext: String? = nil) -> [String] {
        let base = url(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var out = [String]()
        for case let file as URL in walker {
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            if let ext, file.pathExtension.lowercased() != ext { continue }
            out.append(folder + "/" + file.path.dropFirst(base.path.count + 1))
        }
        return out.sorted()
    }
}
