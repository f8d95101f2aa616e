// HEIF: decode the primary image of a HEIC/HEIF (or AVIF) file, with alpha, grids and transforms, through libheif.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore

/// What a HEIF file says about its primary image before decoding it.
public struct HEIFHeader: Sendable, Hashable {
    /// Width in pixels of the primary image as displayed (libheif's size, with `irot`/`imir`/`clap` applied).
    public var width: Int
    /// Height in pixels as displayed.
    public var height: Int
    /// Bits per luma sample as coded (8, 10 or 12).
    public var bitDepth: Int
    /// Whether the primary image has an alpha auxiliary image.
    public var hasAlpha: Bool
    /// Whether that alpha is premultiplied (the decoder then un-premultiplies it).
    public var premultipliedAlpha: Bool
    /// The number of top-level images in the file (the decoder returns the primary one).
    public var imageCount: Int
    /// Colour facts: the `colr` ICC profile (`prof`/`rICC`) and/or `nclx` description.
    public var colorInfo: ColorInfo

    public init(
        width: Int, height: Int, bitDepth: Int, hasAlpha: Bool, premultipliedAlpha: Bool = false, imageCount: Int = 1,
        colorInfo: ColorInfo = .untagged
    ) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.hasAlpha = hasAlpha
        self.premultipliedAlpha = premultipliedAlpha
        self.imageCount = imageCount
        self.colorInfo = colorInfo
    }
}

/// Reading HEIF files (HEIC with HEVC, and AVIF with AV1) with libheif, whose calls report errors by value.
///
/// Decoding returns the primary image as straight-alpha ``ImagePixels/rgba8(_:)``: grid images are assembled,
/// the `irot`/`imir`/`clap` transforms applied by libheif (EXIF orientation in HEIF is therefore not applied
/// again), an alpha auxiliary image becomes the alpha channel, and 10/12-bit samples are rounded to the nearest
/// 8-bit value `round(v · 255 / (2^bits − 1))`. YCbCr → RGB uses the file's `nclx` matrix (libheif).
public enum HEIF {
    /// Whether `bytes` start with an ISO-BMFF `ftyp` box (the container HEIF and AVIF share).
    /// - Complexity: O(1).
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && bytes[4..<8].elementsEqual("ftyp".utf8)
    }

    /// Reads the primary image's size, depth, alpha and colour facts without decoding it.
    ///
    /// - Throws: ``DecodingError/unknownFormat`` without an `ftyp` box, ``DecodingError/truncated`` when the
    ///   boxes end early, ``DecodingError/corrupt(detail:)`` with libheif's message for malformed boxes,
    ///   ``DecodingError/unsupported(feature:)`` for brands or features libheif refuses.
    /// - Complexity: O(size of the metadata boxes); allocates libheif's box tree.
    public static func readHeader(_ bytes: [UInt8]) throws -> HEIFHeader {
        try checkSignature(bytes)
        return try read(bytes, limits: nil).header
    }

    /// Decodes the primary image to straight-alpha RGBA8.
    ///
    /// - Parameters:
    ///   - bytes: A whole HEIF file.
    ///   - limits: Checked on the byte count, then on the primary image's size, before libheif decodes or allocates
    ///     any pixels.
    /// - Returns: The header and the pixels.
    /// - Throws: ``LimitError`` above the limits; the errors of ``readHeader(_:)``;
    ///   ``DecodingError/unsupported(feature:)`` when libheif has no decoder plugin for the codec (HEVC or AV1).
    /// - Complexity: O(width × height); allocates libheif's planes and one output buffer.
    public static func decode(
        _ bytes: [UInt8], limits: DecodingLimits = .default
    ) throws -> (header: HEIFHeader, pixels: ImagePixels) {
        try limits.check(byteCount: bytes.count)
        try checkSignature(bytes)
        let (header, pixels) = try read(bytes, limits: limits)
        guard let pixels else { throw DecodingError.corrupt(detail: "no pixels decoded") }
        return (header, .rgba8(pixels))
    }

    static func checkSignature(_ bytes: [UInt8]) throws {
        if hasSignature(bytes) { return }
        throw DecodingError.unknownFormat
    }
}
