// WebP: decode lossy, lossless, alpha and animated (first frame) WebP to RGBA8, and encode RGBA8, through libwebp.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore

/// How a WebP file's image data is coded.
public enum WebPCoding: String, Sendable, Hashable {
    /// VP8 (lossy), possibly with an `ALPH` chunk.
    case lossy
    /// VP8L (lossless).
    case lossless
    /// An animation whose frames mix both, or that libwebp reports as mixed.
    case mixed
}

/// What a WebP file says about itself before its pixels: the RIFF chunks and libwebp's bitstream features.
public struct WebPHeader: Sendable, Hashable {
    /// Canvas width in pixels (the VP8X canvas for extended files).
    public var width: Int
    /// Canvas height in pixels.
    public var height: Int
    /// Whether the image carries alpha.
    public var hasAlpha: Bool
    /// Whether the file is an animation (``WebP/decode(_:limits:)`` returns its first frame).
    public var animated: Bool
    /// The number of frames (1 for a still image).
    public var frameCount: Int
    /// Lossy, lossless or mixed.
    public var coding: WebPCoding
    /// Colour facts: the `ICCP` chunk's profile, when present.
    public var colorInfo: ColorInfo
    /// The EXIF orientation (1…8) from the `EXIF` chunk, or `nil`.
    public var exifOrientation: Int?

    public init(
        width: Int, height: Int, hasAlpha: Bool, animated: Bool = false, frameCount: Int = 1,
        coding: WebPCoding, colorInfo: ColorInfo = .untagged, exifOrientation: Int? = nil
    ) {
        self.width = width
        self.height = height
        self.hasAlpha = hasAlpha
        self.animated = animated
        self.frameCount = frameCount
        self.coding = coding
        self.colorInfo = colorInfo
        self.exifOrientation = exifOrientation
    }
}

/// How ``WebP/encode(_:options:)`` writes a file. Defaults: lossy, quality 90, lossless alpha (alpha quality 100),
/// method 4, RGB under transparent pixels left to the encoder.
public struct WebPEncodingOptions: Sendable, Hashable {
    /// Lossless coding: RGB and alpha exact (with ``exact``, also under alpha 0). Default `false`.
    public var lossless: Bool
    /// Lossy quality 0 … 100, or for lossless the effort 0 (fast) … 100 (smallest). Default 90.
    public var quality: Int
    /// Lossy alpha quality 0 … 100; 100 codes alpha losslessly. Default 100.
    public var alphaQuality: Int
    /// Keep RGB values under alpha 0 instead of letting the encoder simplify them. Default `false`.
    public var exact: Bool
    /// Speed/size trade-off 0 (fast) … 6 (slow, smaller). Default 4.
    public var method: Int
    /// An ICC profile written as an `ICCP` chunk (the file becomes an extended VP8X file), when set.
    public var iccProfile: [UInt8]?

    public init(
        lossless: Bool = false, quality: Int = 90, alphaQuality: Int = 100, exact: Bool = false, method: Int = 4,
        iccProfile: [UInt8]? = nil
    ) {
        self.lossless = lossless
        self.quality = quality
        self.alphaQuality = alphaQuality
        self.exact = exact
        self.method = method
        self.iccProfile = iccProfile
    }
}

/// Reading and writing WebP files with libwebp (errors by status code, no `longjmp`).
///
/// Decoding always returns straight-alpha ``ImagePixels/rgba8(_:)`` (opaque files get alpha 255). Animated files
/// decode their first frame composited on the canvas, as libwebp's animation decoder renders it; the header says
/// the file is animated. EXIF orientation is reported, not applied.
public enum WebP {
    /// Whether `bytes` start with `RIFF....WEBP`.
    /// - Complexity: O(1).
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && bytes[0..<4].elementsEqual("RIFF".utf8) && bytes[8..<12].elementsEqual("WEBP".utf8)
    }

    /// Reads the RIFF chunks and libwebp's bitstream features without decoding pixels.
    ///
    /// - Throws: ``DecodingError/unknownFormat`` without the RIFF/WEBP signature, ``DecodingError/truncated`` when
    ///   the file is shorter than its RIFF size, ``DecodingError/corrupt(detail:)`` for a malformed bitstream.
    /// - Complexity: O(number of chunks); allocates only the ICC profile.
    public static func readHeader(_ bytes: [UInt8]) throws -> WebPHeader {
        try checkSignature(bytes)
        return try header(of: bytes)
    }

    /// Decodes a whole WebP to straight-alpha RGBA8 (the first frame of an animation).
    ///
    /// - Parameters:
    ///   - bytes: A whole WebP file.
    ///   - limits: Checked on the byte count, then on the canvas size, before any pixel memory is allocated.
    /// - Returns: The header and the pixels.
    /// - Throws: ``LimitError`` above the limits; the errors of ``readHeader(_:)``; ``DecodingError/corrupt(detail:)``
    ///   with libwebp's status for damaged data; ``DecodingError/unsupported(feature:)`` for features it refuses.
    /// - Complexity: O(width × height); allocates one output buffer (animations: also libwebp's canvas).
    public static func decode(
        _ bytes: [UInt8], limits: DecodingLimits = .default
    ) throws -> (header: WebPHeader, pixels: ImagePixels) {
        try limits.check(byteCount: bytes.count)
        try checkSignature(bytes)
        // An extended file's canvas is checked before libwebp looks at it.
        if let canvas = WebPChunkScan(bytes).canvas { try limits.check(width: canvas.width, height: canvas.height) }
        let header = try header(of: bytes)
        try limits.check(width: header.width, height: header.height)
        let pixels =
            header.animated ? try decodeFirstFrame(bytes, header: header) : try decodeStill(bytes, header: header)
        return (header, .rgba8(pixels))
    }

    /// Encodes straight-alpha RGBA8 pixels. An image whose alpha is 255 everywhere is written without alpha.
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` for a quality or alpha quality outside
    ///   0…100 or a method outside 0…6; ``EncodingError/failed(detail:)`` for a side above 16 383 or when libwebp
    ///   fails.
    /// - Complexity: O(width × height); allocates libwebp's picture planes and the output.
    public static func encode(_ image: PixelBuffer<RGBA8>, options: WebPEncodingOptions = .init()) throws -> [UInt8] {
        try write(image, options: options)
    }

    static func checkSignature(_ bytes: [UInt8]) throws {
        if hasSignature(bytes) { return }
        let riff = Array("RIFF".utf8)
        if !bytes.isEmpty, bytes.count < 12,
            bytes.count <= 4 ? riff.starts(with: bytes) : bytes[0..<4].elementsEqual(riff)
        {
            throw DecodingError.truncated
        }
        throw DecodingError.unknownFormat
    }
}
