// File access for the CLI: bounded reads, atomic writes, and refusing to overwrite an input.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import Foundation

enum FileAccess {
    /// Reads a whole file, refusing files larger than `limits.maxBytes` before reading them.
    static func read(_ path: String, limits: DecodingLimits) throws -> [UInt8] {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                throw FileError(path: path, underlying: IOError(path: path, reason: "is a directory"))
            }
            if let size = attributes[.size] as? NSNumber {
                try limits.check(byteCount: size.intValue)
            }
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as FileError {
            throw error
        } catch let error as any BackdropError {
            throw FileError(path: path, underlying: error)
        } catch {
            throw FileError(path: path, underlying: IOError(path: path, reason: "cannot read: \(describe(error))"))
        }
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then renamed over
    /// the destination. A crash leaves either the old file or the new one, never a partial one.
    static func writeAtomically(_ bytes: [UInt8], to path: String, inputs: [String]) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        for input in inputs where sameFile(input, path) {
            throw FileError(
                path: path, underlying: IOError(path: path, reason: "refusing to overwrite input '\(input)'"))
        }
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw FileError(
                path: path, underlying: IOError(path: path, reason: "output folder '\(folder.path)' does not exist"))
        }
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        do {
            guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
                throw IOError(path: path, reason: "cannot create a file in '\(folder.path)'")
            }
            let handle = try FileHandle(forWritingTo: temp)
            do {
                try handle.write(contentsOf: Data(bytes))
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            if rename(temp.path, url.path) != 0 {
                throw IOError(path: path, reason: "cannot rename into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            if let error = error as? IOError { throw FileError(path: path, underlying: error) }
            throw FileError(path: path, underlying: IOError(path: path, reason: "cannot write: \(describe(error))"))
        }
    }

    /// Whether two paths name the same file: same resolved path, or the same device and inode.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        let ua = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath()
        let ub = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath()
        if ua.path == ub.path { return true }
        var sa = stat(), sb = stat()
        guard stat(ua.path, &sa) == 0, stat(ub.path, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    private static func describe(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
