// Decoding and encoding entry points: sniff the format, enforce limits, dispatch to a codec module.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import BackdropPNG

/// Options for ``ImageDecoder``.
public struct DecodingOptions: Sendable, Hashable {
    /// Size limits checked before any pixel is allocated. Default ``DecodingLimits/default``.
    public var limits: DecodingLimits
    public init(limits: DecodingLimits = .default) { self.limits = limits }
}

/// Options for ``ImageEncoder``.
public struct EncodingOptions: Sendable, Hashable {
    /// PNG zlib compression level, 0 (none, fastest) … 9 (smallest). Default 6.
    public var pngCompressionLevel: Int
    public init(pngCompressionLevel: Int = 6) { self.pngCompressionLevel = pngCompressionLevel }
}

/// Decodes images of any supported format, chosen by sniffing the bytes.
public enum ImageDecoder {
    /// Reads the header facts of `bytes` without decoding pixels.
    ///
    /// - Throws: ``DecodingError/unknownFormat`` or ``DecodingError/unsupported(feature:)`` for formats
    ///   Backdrop does not read, the codec's ``DecodingError`` for damaged data, ``LimitError`` above
    ///   `options.limits`.
    public static func metadata(of bytes: [UInt8], options: DecodingOptions = .init()) throws -> ImageMetadata {
        try options.limits.check(byteCount: bytes.count)
        switch try decodableFormat(of: bytes) {
        case .png: return metadata(try PNG.readHeader(bytes))
        default: throw DecodingError.unknownFormat
        }
    }

    /// Decodes `bytes` to 8-bit pixels with straight alpha.
    ///
    /// Limits are checked on the byte count first, then on the header's dimensions, before any pixel memory
    /// is allocated.
    ///
    /// - Throws: as ``metadata(of:options:)``, plus ``DecodingError/truncated`` and
    ///   ``DecodingError/corrupt(detail:)`` found while decoding pixels.
    /// - Complexity: O(width × height); allocates the output buffer.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> Image {
        try options.limits.check(byteCount: bytes.count)
        switch try decodableFormat(of: bytes) {
        case .png:
            let (header, pixels) = try PNG.decode(bytes, limits: options.limits)
            return Image(pixels: pixels, metadata: metadata(header))
        default:
            throw DecodingError.unknownFormat
        }
    }

    private static func decodableFormat(of bytes: [UInt8]) throws -> ImageFormat {
        guard let format = ImageFormat.sniff(bytes) else { throw DecodingError.unknownFormat }
        guard ImageFormat.decodable.contains(format) else {
            throw DecodingError.unsupported(feature: "\(format) decoding")
        }
        return format
    }

    static func metadata(_ header: PNGHeader) -> ImageMetadata {
        ImageMetadata(
            format: .png, width: header.width, height: header.height, bitDepth: header.bitDepth,
            channels: header.channelCount, hasAlpha: header.hasAlpha, colorModel: header.colorType.rawValue,
            interlaced: header.interlaced, colorInfo: header.colorInfo, exifOrientation: header.exifOrientation,
            dpi: header.physicalPixelsPerMeter.map {
                ImageMetadata.Resolution(x: Double($0.x) * 0.0254, y: Double($0.y) * 0.0254)
            })
    }
}

/// Encodes 8-bit straight-alpha pixels.
public enum ImageEncoder {
    /// Encodes `pixels` as `format`.
    ///
    /// - Throws: ``EncodingError/unsupportedFormat(_:)`` for formats Backdrop does not write,
    ///   ``ParameterError`` for invalid options, ``EncodingError/failed(detail:)`` when the codec fails.
    public static func encode(_ pixels: ImagePixels, as format: ImageFormat, options: EncodingOptions = .init()) throws
        -> [UInt8]
    {
        guard ImageFormat.encodable.contains(format) else { throw EncodingError.unsupportedFormat(format.rawValue) }
        let png = PNGEncodingOptions(compressionLevel: options.pngCompressionLevel)
        switch pixels {
        case .rgba8(let buffer): return try PNG.encode(buffer, options: png)
        case .gray8(let buffer): return try PNG.encode(buffer, options: png)
        }
    }
}
