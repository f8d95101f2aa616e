// JPEG: decode any 8-bit JPEG to RGBA8 or Gray8 and encode RGBA8 or Gray8 buffers, through TurboJPEG 2.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore

/// Reading and writing JPEG files with libjpeg-turbo's TurboJPEG API (version 2, errors by return value).
///
/// Decoding returns gray JPEGs as ``ImagePixels/gray8(_:)`` and everything else as opaque
/// ``ImagePixels/rgba8(_:)``: YCbCr and RGB directly, CMYK and YCCK through the naive conversion
/// `R = (255 − C)(255 − K) / 255` (no ink profile is applied; Adobe-inverted files are un-inverted first).
/// Pixels are returned as stored: EXIF orientation is reported in ``JPEGHeader/exifOrientation``, not applied.
public enum JPEG {
    /// Whether `bytes` start with a JPEG SOI marker followed by another marker (`FF D8 FF`).
    ///
    /// - Complexity: O(1).
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
    }

    /// Reads the frame header and the APP segments before the first scan without decoding pixels.
    ///
    /// - Parameter bytes: A whole JPEG file, or at least its segments up to the first scan.
    /// - Returns: The header facts.
    /// - Throws: ``DecodingError/unknownFormat`` without the SOI marker, ``DecodingError/truncated`` when the data
    ///   ends before the frame header, ``DecodingError/corrupt(detail:)`` with libjpeg's message otherwise,
    ///   ``DecodingError/unsupported(feature:)`` for 12-bit, lossless or arithmetic-coded files TurboJPEG refuses.
    /// - Complexity: O(size of the segments before the first scan); allocates only the ICC profile.
    public static func readHeader(_ bytes: [UInt8]) throws -> JPEGHeader {
        try checkSignature(bytes)
        return try header(of: bytes)
    }

    /// Decodes a whole JPEG to 8-bit pixels.
    ///
    /// Baseline, extended and progressive Huffman files, every chroma subsampling TurboJPEG classifies, restart
    /// markers, gray, RGB, YCbCr, CMYK and YCCK are accepted. Upsampling is libjpeg's "fancy" (smooth) one and the
    /// IDCT its accurate integer one. A file whose data ends early throws ``DecodingError/truncated`` rather than
    /// returning gray rows; other recoverable damage (libjpeg warnings such as extraneous bytes) is tolerated, as
    /// browsers tolerate it. Progressive files are limited to 500 scans (TurboJPEG's `TJFLAG_LIMITSCANS`).
    ///
    /// - Parameters:
    ///   - bytes: A whole JPEG file.
    ///   - options: Limits (checked on the byte count, then on the stored dimensions, before any pixel memory is
    ///     allocated) and the DCT ``JPEGScale``.
    /// - Returns: The header and the pixels at the scaled size, straight alpha 255 for colour.
    /// - Throws: ``LimitError`` above the limits; the errors of ``readHeader(_:)``; ``DecodingError/truncated``;
    ///   ``DecodingError/corrupt(detail:)`` with libjpeg's message.
    /// - Complexity: O(width × height); allocates one output buffer plus libjpeg's working memory.
    public static func decode(
        _ bytes: [UInt8], options: JPEGDecodingOptions = .init()
    ) throws -> (header: JPEGHeader, pixels: ImagePixels) {
        try options.limits.check(byteCount: bytes.count)
        try checkSignature(bytes)
        let header = try header(of: bytes)
        try options.limits.check(width: header.width, height: header.height)
        return (header, try decodePixels(bytes, header: header, scale: options.scale))
    }

    /// Decodes a CMYK or YCCK JPEG to its ink separations, for a colour-managed conversion with its ICC profile.
    ///
    /// YCCK is converted to CMYK by libjpeg; Adobe-inverted data (an Adobe APP14 marker, as Photoshop and
    /// ImageMagick write) is un-inverted, so 0 always means no ink and 255 full ink.
    ///
    /// - Parameters:
    ///   - bytes: A whole JPEG file.
    ///   - options: Limits and the DCT scale, as for ``decode(_:options:)``.
    /// - Returns: The header and the separations at the scaled size.
    /// - Throws: As ``decode(_:options:)``, plus ``DecodingError/unsupported(feature:)`` when the file is not
    ///   CMYK or YCCK.
    /// - Complexity: O(width × height); allocates one buffer plus libjpeg's working memory.
    public static func decodeSeparations(
        _ bytes: [UInt8], options: JPEGDecodingOptions = .init()
    ) throws -> (header: JPEGHeader, separations: PixelBuffer<CMYK8>) {
        try options.limits.check(byteCount: bytes.count)
        try checkSignature(bytes)
        let header = try header(of: bytes)
        guard header.colorSpace == .cmyk || header.colorSpace == .ycck else {
            throw DecodingError.unsupported(feature: "separations of a \(header.colorSpace.rawValue) JPEG")
        }
        try options.limits.check(width: header.width, height: header.height)
        return (header, try decodeSeparations(bytes, header: header, scale: options.scale))
    }

    /// Encodes RGBA8 pixels as a JPEG. Alpha is ignored (JPEG has none): composite over a background first.
    ///
    /// - Parameters:
    ///   - image: The pixels, sRGB-encoded unless an ICC profile in `options` says otherwise.
    ///   - options: Quality, chroma subsampling, progressive coding, ICC profile and density.
    /// - Returns: The JPEG file (JFIF).
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` for a quality outside 1…100 or a density
    ///   outside 1…65 535; ``EncodingError/failed(detail:)`` for a side above 65 535 or when libjpeg fails.
    /// - Complexity: O(width × height); allocates the output.
    public static func encode(_ image: PixelBuffer<RGBA8>, options: JPEGEncodingOptions = .init()) throws -> [UInt8] {
        try write(image, gray: false, options: options)
    }

    /// Encodes Gray8 pixels as a grayscale JPEG (the subsampling option is ignored).
    ///
    /// - Throws: As the RGBA8 overload.
    /// - Complexity: O(width × height); allocates the output.
    public static func encode(_ image: PixelBuffer<Gray8>, options: JPEGEncodingOptions = .init()) throws -> [UInt8] {
        try write(image, gray: true, options: options)
    }

    /// Throws unless `bytes` start with SOI: `.truncated` for fewer than three bytes of it, else `.unknownFormat`.
    static func checkSignature(_ bytes: [UInt8]) throws {
        if hasSignature(bytes) { return }
        if !bytes.isEmpty, bytes.count < 3, [0xFF, 0xD8, 0xFF].starts(with: bytes) { throw DecodingError.truncated }
        throw DecodingError.unknownFormat
    }
}
