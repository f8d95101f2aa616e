// A pure-Swift scanner for WebP's RIFF chunks: VP8X flags and canvas, ICCP, EXIF, ANMF frame count.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore

/// The RIFF chunks of a WebP file, read straight from the bytes with every length bounds-checked.
struct WebPChunkScan: Sendable, Hashable {
    /// The size the RIFF header declares for the whole file (its field plus 8), or `nil` when unreadable.
    var declaredFileSize: Int?
    var iccProfile: [UInt8]?
    var exifOrientation: Int?
    var frameCount = 0
    var hasAnimationChunk = false
    /// The canvas size a VP8X chunk declares (each side 1 … 2^24).
    var canvas: (width: Int, height: Int)? {
        canvasSize.map { ($0 & 0xFF_FFFF + 1, $0 >> 24 + 1) }
    }
    private var canvasSize: Int?

    init(_ bytes: [UInt8]) {
        guard bytes.count >= 12 else { return }
        let riffSize = WebPChunkScan.uint32(bytes, at: 4)
        declaredFileSize = riffSize + 8
        let end = min(bytes.count, riffSize + 8)
        var offset = 12
        while offset + 8 <= end {
            let fourCC = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let size = WebPChunkScan.uint32(bytes, at: offset + 4)
            let start = offset + 8
            guard size <= end - start else { return }
            let data = bytes[start..<(start + size)]
            switch fourCC {
            case "ICCP" where iccProfile == nil && size > 0: iccProfile = Array(data)
            case "EXIF" where exifOrientation == nil:
                // Some writers keep JPEG's "Exif\0\0" prefix before the TIFF header.
                let tiff = data.starts(with: Array("Exif".utf8) + [0, 0]) ? data.dropFirst(6) : data
                exifOrientation = ImageOrientation.exifValue(in: tiff)
            case "VP8X" where size >= 10 && canvasSize == nil:
                let w = Int(data[start + 4]) | Int(data[start + 5]) << 8 | Int(data[start + 6]) << 16
                let h = Int(data[start + 7]) | Int(data[start + 8]) << 8 | Int(data[start + 9]) << 16
                canvasSize = w | h << 24
            case "ANIM": hasAnimationChunk = true
            case "ANMF": frameCount += 1
            default: break
            }
            offset = start + size + (size & 1)
        }
    }

    /// The little-endian 32-bit value at `offset` (the caller keeps `offset + 4` within `bytes`).
    static func uint32(_ bytes: [UInt8], at offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }
}
