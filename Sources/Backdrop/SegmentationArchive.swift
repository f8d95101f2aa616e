// SegmentationArchive: remove.bg's `format=zip` result (a colour photo and an alpha mask), read from memory.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import ZIPFoundation

/// A zip archive holding a segmentation result as separate colour and alpha images.
///
/// remove.bg's `format=zip` returns `color.jpg` (the photo, or its subject colour) and `alpha.png` (the matte).
/// Backdrop reads the archive directly: entries are looked up by name (case-insensitive, any folder, any
/// image extension: `color.*` and `alpha.*`), their sizes are checked against the decoding limits before
/// anything is inflated, and CRCs are verified.
public enum SegmentationArchive {
    /// Whether `bytes` start like a zip archive (`PK\u{3}\u{4}`).
    public static func isArchive(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// The encoded colour and alpha images in the archive.
    ///
    /// - Throws: ``DecodingError/corrupt(detail:)`` when the archive cannot be read or lacks either image,
    ///   ``LimitError/inputTooLarge(bytes:limit:)`` when an entry would inflate past `limits.maxBytes`.
    public static func read(_ bytes: [UInt8], limits: DecodingLimits = .default) throws -> (
        color: [UInt8], alpha: [UInt8]
    ) {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw DecodingError.corrupt(detail: "not a readable zip archive")
        }
        func entry(named stem: String) throws -> Entry {
            let match = archive.first { entry in
                guard entry.type == .file else { return false }
                let name = entry.path.split(separator: "/").last.map(String.init)?.lowercased() ?? ""
                return name.hasPrefix(stem + ".")
            }
            guard let match else {
                throw DecodingError.corrupt(detail: "zip archive has no \(stem) image (\(stem).jpg or \(stem).png)")
            }
            try limits.check(byteCount: Int(clamping: match.uncompressedSize))
            return match
        }
        func extract(_ entry: Entry) throws -> [UInt8] {
            var out = [UInt8]()
            out.reserveCapacity(Int(clamping: entry.uncompressedSize))
            var checksum: CRC32 = 0
            do {
                checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard out.count + chunk.count <= limits.maxBytes else {
                        throw LimitError.inputTooLarge(bytes: out.count + chunk.count, limit: limits.maxBytes)
                    }
                    out.append(contentsOf: chunk)
                }
            } catch let error as LimitError {
                throw error
            } catch {
                throw DecodingError.corrupt(detail: "zip entry \(entry.path) cannot be extracted")
            }
            // The consumer form of `extract` computes the CRC but leaves comparing it to the caller.
            guard checksum == entry.checksum else {
                throw DecodingError.corrupt(detail: "zip entry \(entry.path) fails its CRC check")
            }
            return out
        }
        return (try extract(try entry(named: "color")), try extract(try entry(named: "alpha")))
    }
}
