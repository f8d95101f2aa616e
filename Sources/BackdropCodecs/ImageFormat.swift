// ImageFormat: the formats Backdrop knows, sniffed from magic bytes (never from a file name).
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore

/// An encoded image format.
public enum ImageFormat: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case png, jpeg, webp, heif, gif, tiff, bmp, avif

    /// Formats Backdrop can decode today.
    public static let decodable: Set<ImageFormat> = [.png, .jpeg, .webp, .heif, .avif]
    /// Formats Backdrop can encode today.
    public static let encodable: Set<ImageFormat> = [.png, .jpeg, .webp]

    public var description: String { rawValue }

    /// The usual file extension, without a dot.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .heif: "heic"
        default: rawValue
        }
    }

    /// The format an output file name asks for, from its extension (case-insensitive).
    ///
    /// Used only to choose an *output* format; inputs are always sniffed with ``sniff(_:)``.
    public init?(fileExtension ext: String) {
        switch ext.lowercased() {
        case "png": self = .png
        case "jpg", "jpeg", "jpe", "jfif": self = .jpeg
        case "webp": self = .webp
        case "heic", "heif", "hif": self = .heif
        case "avif": self = .avif
        case "gif": self = .gif
        case "tif", "tiff": self = .tiff
        case "bmp": self = .bmp
        default: return nil
        }
    }

    /// The format of encoded `bytes`, from their leading magic bytes; `nil` when none matches.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<(offset + prefix.count)]) == prefix
        }
        let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // A file cut inside the signature is a truncated PNG, not an unknown format.
        if starts(pngSignature) || (!bytes.isEmpty && bytes.count < 8 && pngSignature.starts(with: bytes)) {
            return .png
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("BM".utf8)) && bytes.count >= 26 { return .bmp }
        if starts(Array("ftyp".utf8), at: 4), bytes.count >= 12 {
            // ISO-BMFF: the major brand, then compatible brands, name the family.
            let brands = stride(from: 8, to: min(bytes.count, 64) - 3, by: 4).map {
                String(decoding: bytes[$0..<($0 + 4)], as: UTF8.self)
            }
            if brands.contains(where: { ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"].contains($0) })
            {
                return brands.first == "avif" || brands.first == "avis" ? .avif : .heif
            }
            if brands.contains("avif") { return .avif }
        }
        return nil
    }
}
