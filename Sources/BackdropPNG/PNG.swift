// PNG: decode any PNG to 8-bit pixels and encode RGBA8 or Gray8 buffers, through libpng.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore

/// Reading and writing PNG files with libpng.
///
/// Decoding returns 8-bit pixels with straight alpha: gray images without `tRNS` as ``ImagePixels/gray8(_:)``,
/// everything else as ``ImagePixels/rgba8(_:)`` (opaque pixels have alpha 255). No gamma or colour conversion is
/// applied: sample values pass through, and the colour chunks are reported in ``PNGHeader/colorInfo``.
public enum PNG {
    /// The 8-byte PNG signature: `89 50 4E 47 0D 0A 1A 0A`.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Whether `bytes` start with the PNG signature.
    ///
    /// - Parameter bytes: The start of a file (at least 8 bytes for a `true` answer).
    /// - Returns: `true` when the first eight bytes are the PNG signature.
    /// - Complexity: O(1).
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= signature.count && bytes[0..<signature.count].elementsEqual(signature)
    }

    /// Reads IHDR and the ancillary chunks before the first IDAT without decoding pixels.
    ///
    /// IHDR is validated by libpng, which also decompresses `iCCP`; `sRGB`, `gAMA`, `cHRM`, `pHYs` and `eXIf` are
    /// reported as stored. No size limit is applied beyond PNG's own (2^31 − 1 per side).
    ///
    /// - Parameter bytes: A whole PNG file, or at least its chunks up to the first IDAT.
    /// - Returns: The header facts.
    /// - Throws: ``DecodingError/unknownFormat`` without the signature, ``DecodingError/truncated`` when the data
    ///   ends before the first IDAT, ``DecodingError/corrupt(detail:)`` with libpng's message otherwise.
    /// - Complexity: O(size of the chunks before IDAT); allocates only chunk data (at most 64 MiB per chunk).
    public static func readHeader(_ bytes: [UInt8]) throws -> PNGHeader {
        try checkSignature(bytes)
        return try read(bytes, limits: nil).0
    }

    /// Decodes a whole PNG to 8-bit pixels with straight alpha.
    ///
    /// Every colour type, bit depth and interlacing is accepted. 16-bit samples are rounded to the nearest 8-bit
    /// value (`round(v · 255 / 65535)`), lower depths are scaled exactly (a 2-bit 1 becomes 85), palettes are
    /// expanded, and `tRNS` becomes an alpha channel. `sBIT`, `gAMA`, `cHRM`, `sRGB` and `iCCP` do not change
    /// pixel values. An APNG decodes to its default image. The file is read through IEND, so a file cut
    /// anywhere is an error.
    ///
    /// - Parameters:
    ///   - bytes: A whole PNG file.
    ///   - limits: Checked on the byte count first, then on the header's dimensions before any pixel memory is
    ///     allocated. `maxSide` also becomes libpng's own width and height limit. Default ``DecodingLimits/default``.
    /// - Returns: The header and the pixels (``ImagePixels/gray8(_:)`` for gray without `tRNS`, else RGBA8).
    /// - Throws: ``LimitError`` above `limits`; ``DecodingError/unknownFormat`` without the signature;
    ///   ``DecodingError/truncated`` when the data ends early; ``DecodingError/corrupt(detail:)`` with libpng's
    ///   message for damaged data (bad CRC, bad zlib stream, invalid IHDR such as a zero width).
    /// - Complexity: O(width × height); allocates one output buffer and libpng's row buffers.
    public static func decode(
        _ bytes: [UInt8], limits: DecodingLimits = .default
    ) throws -> (header: PNGHeader, pixels: ImagePixels) {
        try limits.check(byteCount: bytes.count)
        try checkSignature(bytes)
        // Refuse absurd sizes before libpng does, so they surface as limit errors rather than corrupt data.
        if let (width, height) = PNGChunkScan.ihdrDimensions(bytes), width > 0, height > 0,
            width <= maximumSide, height <= maximumSide
        {
            try limits.check(width: width, height: height)
        }
        let (header, pixels) = try read(bytes, limits: limits)
        guard let pixels else { throw DecodingError.corrupt(detail: "no pixels decoded") }
        return (header, pixels)
    }

    /// Encodes straight-alpha RGBA8 pixels as an 8-bit PNG.
    ///
    /// The file is RGBA (colour type 6), or RGB (colour type 2) when every alpha is 255. Rows are written straight
    /// from the buffer, non-interlaced, with libpng's adaptive filtering.
    ///
    /// - Parameters:
    ///   - image: The pixels, straight alpha, sRGB-encoded unless `options` tag them otherwise.
    ///   - options: Compression level and optional `iCCP`, `sRGB` and `pHYs` chunks.
    /// - Returns: The PNG file.
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` for a compression level outside 0…9, an
    ///   sRGB intent above 3 or a density outside 1…2^31 − 1; ``EncodingError/failed(detail:)`` when libpng fails,
    ///   for example on an ICC profile it rejects.
    /// - Complexity: O(width × height); allocates the output.
    public static func encode(_ image: PixelBuffer<RGBA8>, options: PNGEncodingOptions = .init()) throws -> [UInt8] {
        try write(image, channels: 4, options: options)
    }

    /// Encodes 8-bit gray pixels as an 8-bit gray PNG (colour type 0).
    ///
    /// - Parameters:
    ///   - image: The gray values (or a matte: 0 transparent … 255 opaque, stored as gray).
    ///   - options: Compression level and optional `iCCP` (a gray profile), `sRGB` and `pHYs` chunks.
    /// - Returns: The PNG file.
    /// - Throws: As the RGBA8 overload.
    /// - Complexity: O(width × height); allocates the output.
    public static func encode(_ image: PixelBuffer<Gray8>, options: PNGEncodingOptions = .init()) throws -> [UInt8] {
        try write(image, channels: 1, options: options)
    }

    /// Throws unless `bytes` start with the signature: `.truncated` for a proper prefix of it, else `.unknownFormat`.
    static func checkSignature(_ bytes: [UInt8]) throws {
        if hasSignature(bytes) { return }
        if !bytes.isEmpty, bytes.count < signature.count, signature.starts(with: bytes) {
            throw DecodingError.truncated
        }
        throw DecodingError.unknownFormat
    }
}
