// Decoding limits: refuse decompression bombs and absurd headers before allocating pixels.
// SPDX-License-Identifier: Apache-2.0

/// Bounds a decoder checks after reading an image header and before allocating any pixel memory.
///
/// The defaults admit a 50-megapixel photo (for example 8660 × 5773) with room to spare and refuse anything
/// whose pixels alone would need more than about 1 GiB as RGBA8.
public struct DecodingLimits: Hashable, Sendable {
    /// The largest accepted width or height in pixels. Default 30 000.
    public var maxSide: Int
    /// The largest accepted `width × height`. Default 268 435 456 (2^28, 1 GiB as RGBA8).
    public var maxPixels: Int
    /// The largest accepted encoded input in bytes. Default 512 MiB.
    public var maxBytes: Int

    public init(maxSide: Int = 30_000, maxPixels: Int = 1 << 28, maxBytes: Int = 512 << 20) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
        self.maxBytes = maxBytes
    }

    /// The defaults described on each property.
    public static let `default` = DecodingLimits()

    /// Photoroom's documented input limits: 6 000 px on the widest side, 50 MB per file.
    public static let photoroom = DecodingLimits(maxSide: 6_000, maxPixels: 6_000 * 6_000, maxBytes: 50_000_000)

    /// Throws unless a `width × height` image is within the limits.
    ///
    /// Decoders call this with the dimensions a file's header gives, so a zero or negative side is damaged
    /// data, not a caller's mistake.
    ///
    /// - Throws: ``DecodingError/corrupt(detail:)`` for a zero or negative side,
    ///   ``LimitError/dimensionsExceedLimit(width:height:limit:)`` above `maxSide` or `maxPixels`.
    public func check(width: Int, height: Int) throws {
        guard width > 0, height > 0 else {
            throw DecodingError.corrupt(detail: "the header gives an image of \(width)x\(height) pixels")
        }
        if width > maxSide || height > maxSide {
            throw LimitError.dimensionsExceedLimit(width: width, height: height, limit: "max side \(maxSide) px")
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > maxPixels {
            throw LimitError.dimensionsExceedLimit(width: width, height: height, limit: "max \(maxPixels) pixels")
        }
    }

    /// Throws unless `count` encoded bytes are within ``maxBytes``.
    /// - Throws: ``LimitError/inputTooLarge(bytes:limit:)``.
    public func check(byteCount count: Int) throws {
        if count > maxBytes { throw LimitError.inputTooLarge(bytes: count, limit: maxBytes) }
    }
}
