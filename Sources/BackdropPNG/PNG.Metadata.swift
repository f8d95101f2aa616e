// A pure-Swift scanner for the PNG chunks libpng does not report as stored: sRGB, gAMA, cHRM, pHYs, eXIf.
// SPDX-License-Identifier: Apache-2.0

/// The ancillary chunk values found before the first IDAT, read straight from the bytes.
///
/// libpng 1.6 folds `sRGB`, `gAMA`, `cHRM` and `iCCP` into one derived colour space (an `sRGB` chunk makes it
/// report `gAMA` and `cHRM` too), so those chunks are read here as the file stores them. Chunks with a bad CRC,
/// a wrong length or out-of-range values are skipped, as libpng skips them.
struct PNGChunkScan: Sendable, Hashable {
    var sRGBIntent: UInt8?
    var gamma: UInt32?
    var chromaticities: [UInt32]?
    var density: PixelDensity?
    var exifOrientation: Int?

    /// Scans the chunks after the signature up to the first `IDAT` (or the end of well-formed data).
    init(_ bytes: [UInt8]) {
        var offset = 8
        while offset <= bytes.count - 12 {
            let length = Int(PNGChunkScan.uint32(bytes, at: offset))
            guard length <= 0x7FFF_FFFF, length <= bytes.count - 12 - offset else { return }
            let typeStart = offset + 4
            let dataStart = offset + 8
            let dataEnd = dataStart + length
            let type = bytes[typeStart..<dataStart]
            if type.elementsEqual("IDAT".utf8) || type.elementsEqual("IEND".utf8) { return }
            let stored = PNGChunkScan.uint32(bytes, at: dataEnd)
            if CRC32.checksum(bytes[typeStart..<dataEnd]) == stored {
                read(type: String(decoding: type, as: UTF8.self), data: bytes[dataStart..<dataEnd])
            }
            offset = dataEnd + 4
        }
    }

    private mutating func read(type: String, data: ArraySlice<UInt8>) {
        let d = Array(data)
        switch type {
        case "sRGB" where d.count == 1 && d[0] <= 3 && sRGBIntent == nil:
            sRGBIntent = d[0]
        case "gAMA" where d.count == 4 && gamma == nil:
            let value = PNGChunkScan.uint32(d, at: 0)
            if value > 0 && value <= 0x7FFF_FFFF { gamma = value }
        case "cHRM" where d.count == 32 && chromaticities == nil:
            let values = (0..<8).map { PNGChunkScan.uint32(d, at: $0 * 4) }
            if values.allSatisfy({ $0 <= 0x7FFF_FFFF }) { chromaticities = values }
        case "pHYs" where d.count == 9 && density == nil:
            let x = PNGChunkScan.uint32(d, at: 0)
            let y = PNGChunkScan.uint32(d, at: 4)
            if d[8] == 1, x > 0, y > 0, x <= 0x7FFF_FFFF, y <= 0x7FFF_FFFF {
                density = PixelDensity(x: Int(x), y: Int(y))
            }
        case "eXIf" where exifOrientation == nil:
            exifOrientation = EXIF.orientation(in: d)
        default:
            break
        }
    }

    /// Width and height from an IHDR chunk at its required place (right after the signature), without
    /// checking its CRC; `nil` when the bytes are too short or IHDR is not there.
    static func ihdrDimensions(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, uint32(bytes, at: 8) == 13, bytes[12..<16].elementsEqual("IHDR".utf8) else {
            return nil
        }
        return (Int(uint32(bytes, at: 16)), Int(uint32(bytes, at: 20)))
    }

    /// The big-endian 32-bit value at `offset` (the caller keeps `offset + 4` within `bytes`).
    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}

/// The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC of `bytes`.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// Just enough TIFF parsing to find the orientation tag in an EXIF block.
enum EXIF {
    /// The orientation (tag 0x0112 in IFD0) when the block is a valid TIFF structure and the value is 1…8.
    static func orientation(in data: [UInt8]) -> Int? {
        guard data.count >= 8 else { return nil }
        let little: Bool
        if data[0] == 0x49, data[1] == 0x49, data[2] == 42, data[3] == 0 {
            little = true
        } else if data[0] == 0x4D, data[1] == 0x4D, data[2] == 0, data[3] == 42 {
            little = false
        } else {
            return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at <= data.count - 2 else { return nil }
            return little ? Int(data[at]) | Int(data[at + 1]) << 8 : Int(data[at]) << 8 | Int(data[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        for index in 0..<count {
            let entry = ifd + 2 + index * 12
            guard let tag = u16(entry), let type = u16(entry + 2), let n = u32(entry + 4) else { return nil }
            guard tag == 0x0112 else { continue }
            // SHORT (3) with one value, stored in the first two bytes of the value field.
            guard type == 3, n == 1, let value = u16(entry + 8), (1...8).contains(value) else { return nil }
            return value
        }
        return nil
    }
}
