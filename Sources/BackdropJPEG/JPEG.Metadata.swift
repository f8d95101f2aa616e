// A pure-Swift scanner for the JPEG segments TurboJPEG 2 does not expose (APP0 JFIF, APP1 EXIF, APP2 ICC,
// APP14 Adobe, SOF), and the writer that inserts ICC chunks and a JFIF density into encoded bytes.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore

/// The marker segments before the first scan, read straight from the bytes.
///
/// Every length is bounds-checked; the scan stops at the first inconsistency and keeps what it found so far.
struct JPEGMarkerScan: Sendable, Hashable {
    var width: Int?
    var height: Int?
    var precision: Int?
    var componentCount: Int?
    var progressive = false
    var hasAdobeMarker = false
    var exifOrientation: Int?
    var density: JPEGDensity?
    var iccProfile: [UInt8]?
    /// Whether a start-of-scan marker was reached (the data holds at least the headers).
    var reachedScan = false
    /// Whether the data ended inside the header segments (before a start-of-scan or end-of-image marker).
    var endedEarly = false

    private var iccChunks: [Int: [UInt8]] = [:]
    private var iccCount: Int?
    private var iccValid = true

    init(_ bytes: [UInt8]) {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return }
        var offset = 2
        endedEarly = true
        defer { iccProfile = assembledProfile() }
        while offset < bytes.count {
            guard bytes[offset] == 0xFF else {
                endedEarly = false
                break
            }
            // Fill bytes (any number of 0xFF) may precede a marker.
            var m = offset + 1
            while m < bytes.count, bytes[m] == 0xFF { m += 1 }
            guard m < bytes.count else { break }
            let marker = bytes[m]
            if marker == 0xD9 {
                endedEarly = false
                break
            }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {
                offset = m + 1
                continue
            }
            guard m + 2 < bytes.count else { break }
            let length = Int(bytes[m + 1]) << 8 | Int(bytes[m + 2])
            let start = m + 3
            let end = m + 1 + length
            guard length >= 2 else {
                endedEarly = false
                break
            }
            guard end <= bytes.count else { break }
            if marker == 0xDA {
                reachedScan = true
                endedEarly = false
                break
            }
            read(marker: marker, data: bytes[start..<end])
            offset = end
        }
    }

    /// The profile when the chunks form a complete sequence 1…count, else `nil`.
    private func assembledProfile() -> [UInt8]? {
        guard iccValid, let count = iccCount, iccChunks.count == count else { return nil }
        var profile = [UInt8]()
        for sequence in 1...count {
            guard let chunk = iccChunks[sequence] else { return nil }
            profile += chunk
        }
        return profile.isEmpty ? nil : profile
    }

    private mutating func read(marker: UInt8, data: ArraySlice<UInt8>) {
        let d = Array(data)
        switch marker {
        case 0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
            guard width == nil, d.count >= 6 else { return }
            precision = Int(d[0])
            height = Int(d[1]) << 8 | Int(d[2])
            width = Int(d[3]) << 8 | Int(d[4])
            componentCount = Int(d[5])
            progressive = [0xC2, 0xC6, 0xCA, 0xCE].contains(marker)
        case 0xE0 where d.count >= 12 && d[0..<5].elementsEqual(Array("JFIF".utf8) + [0]) && density == nil:
            let x = Int(d[8]) << 8 | Int(d[9])
            let y = Int(d[10]) << 8 | Int(d[11])
            if let unit = JPEGDensity.Unit(rawValue: Int(d[7])), x > 0, y > 0 {
                density = JPEGDensity(x: x, y: y, unit: unit)
            }
        case 0xE1 where d.count > 6 && d[0..<6].elementsEqual(Array("Exif".utf8) + [0, 0]) && exifOrientation == nil:
            exifOrientation = ImageOrientation.exifValue(in: d[6...])
        case 0xE2 where d.count >= 14 && d[0..<12].elementsEqual(JPEG.iccSignature):
            let sequence = Int(d[12])
            let count = Int(d[13])
            if count == 0 || sequence == 0 || sequence > count || iccChunks[sequence] != nil
                || (iccCount != nil && iccCount != count)
            {
                iccValid = false
                return
            }
            iccCount = count
            iccChunks[sequence] = Array(d[14...])
        case 0xEE where d.count >= 12 && d[0..<5].elementsEqual("Adobe".utf8):
            hasAdobeMarker = true
        default:
            break
        }
    }
}

extension JPEG {
    /// `ICC_PROFILE\0`, the identifier opening every APP2 chunk of an embedded profile.
    static let iccSignature: [UInt8] = Array("ICC_PROFILE".utf8) + [0]

    /// The most profile bytes one APP2 segment carries: 65 535 − 2 (length) − 14 (identifier, sequence, count).
    static let iccChunkCapacity = 65_519

    /// `encoded` with `profile` inserted as APP2 chunks after SOI and a leading APP0, and the JFIF density set.
    ///
    /// - Throws: ``EncodingError/failed(detail:)`` when the profile needs more than 255 chunks or the encoded
    ///   stream does not start with SOI.
    static func insertingMetadata(
        into encoded: [UInt8], iccProfile profile: [UInt8]?, dotsPerInch: (x: Int, y: Int)?
    ) throws -> [UInt8] {
        guard encoded.count >= 4, encoded[0] == 0xFF, encoded[1] == 0xD8 else {
            throw EncodingError.failed(detail: "encoder output lacks SOI")
        }
        var bytes = encoded
        var insertAt = 2
        let hasJFIF =
            bytes.count >= 20 && bytes[2] == 0xFF && bytes[3] == 0xE0
            && bytes[6..<11].elementsEqual(Array("JFIF".utf8) + [0])
        if hasJFIF {
            insertAt = 4 + (Int(bytes[4]) << 8 | Int(bytes[5]))
            if let dpi = dotsPerInch {
                bytes[13] = 1
                bytes[14] = UInt8(dpi.x >> 8)
                bytes[15] = UInt8(dpi.x & 0xFF)
                bytes[16] = UInt8(dpi.y >> 8)
                bytes[17] = UInt8(dpi.y & 0xFF)
            }
        }
        guard let profile, !profile.isEmpty else { return bytes }
        let count = (profile.count + iccChunkCapacity - 1) / iccChunkCapacity
        guard count <= 255 else {
            throw EncodingError.failed(detail: "ICC profile of \(profile.count) bytes needs more than 255 APP2 chunks")
        }
        var segments = [UInt8]()
        segments.reserveCapacity(profile.count + count * 18)
        for index in 0..<count {
            let chunk = profile[(index * iccChunkCapacity)..<min(profile.count, (index + 1) * iccChunkCapacity)]
            let length = 2 + iccSignature.count + 2 + chunk.count
            segments += [0xFF, 0xE2, UInt8(length >> 8), UInt8(length & 0xFF)]
            segments += iccSignature
            segments += [UInt8(index + 1), UInt8(count)]
            segments += chunk
        }
        bytes.insert(contentsOf: segments, at: insertAt)
        return bytes
    }
}
