// The C boundary of the PNG codec: drives the libpng glue in CBackdropPNGShim and maps its statuses to errors.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import CBackdropPNGShim

extension PNG {
    /// The largest value libpng accepts for a width or height (2^31 − 1).
    static let maximumSide = 0x7FFF_FFFF

    // MARK: - Decoding

    /// Reads the header with libpng and, when `limits` is given, decodes the pixels into a new buffer.
    ///
    /// `limits` are checked on the header before the pixel buffer is allocated.
    static func read(_ bytes: [UInt8], limits: DecodingLimits?) throws -> (PNGHeader, ImagePixels?) {
        let maxSide = UInt32(clamping: min(limits?.maxSide ?? maximumSide, maximumSide))
        // SAFETY: the buffer pointer is used only inside the closure; the reader borrowing it dies there too.
        return try unsafe bytes.withUnsafeBufferPointer { data in
            // SAFETY: `data` stays valid for this closure, which also destroys the reader that borrows it.
            guard let reader = unsafe backdrop_png_reader_create(data.baseAddress, data.count) else {
                throw DecodingError.corrupt(detail: "out of memory")
            }
            // SAFETY: the reader was created above and is destroyed exactly once, here.
            defer { unsafe backdrop_png_reader_destroy(reader) }

            // SAFETY: a zeroed C struct; its profile pointer is only read while the reader is alive.
            var info = unsafe backdrop_png_info()
            // SAFETY: `reader` is live; `info` is a local the call fills in.
            let status = unsafe backdrop_png_reader_read_info(reader, maxSide, &info)
            // SAFETY: `reader` is live.
            try unsafe check(status, reader: reader)
            // SAFETY: `info` points into the live reader.
            let header = try unsafe makeHeader(info, bytes: bytes)
            guard let limits else { return (header, nil) }

            try limits.check(width: header.width, height: header.height)
            if header.decodesToGray {
                // Every row is written by libpng before the buffer is returned; a failure throws it away.
                var buffer = try PixelBuffer<Gray8>(uninitializedWidth: header.width, height: header.height)
                try unsafe decodeRows(reader, into: &buffer, channels: 1)
                return (header, .gray8(buffer))
            } else {
                var buffer = try PixelBuffer<RGBA8>(uninitializedWidth: header.width, height: header.height)
                try unsafe decodeRows(reader, into: &buffer, channels: 4)
                return (header, .rgba8(buffer))
            }
        }
    }

    /// Lets libpng write every row straight into `buffer`.
    private static func decodeRows<Format: PixelFormat>(
        _ reader: OpaquePointer, into buffer: inout PixelBuffer<Format>, channels: Int32
    ) throws {
        let stride = buffer.rowStride
        let status = unsafe buffer.withUnsafeMutableBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return Int32(BACKDROP_PNG_USAGE) }
            // SAFETY: the block holds height × rowStride bytes and rowStride ≥ width × channels, which the
            // glue checks again against libpng's row size before writing; the pointer does not outlive the call.
            return unsafe backdrop_png_reader_read_image(
                reader, channels, base.assumingMemoryBound(to: UInt8.self), stride)
        }
        try unsafe check(status, reader: reader)
    }

    /// The header from libpng's IHDR facts plus the ancillary chunks scanned from the bytes.
    private static func makeHeader(_ info: backdrop_png_info, bytes: [UInt8]) throws -> PNGHeader {
        // SAFETY: reads plain integer fields of a struct the glue filled in.
        let (width, height, bitDepth, code, interlaced, hasTRNS, iccLength) = unsafe (
            Int(info.width), Int(info.height), Int(info.bit_depth), Int(info.color_type), info.interlaced != 0,
            info.has_trns != 0, Int(info.icc_length)
        )
        guard let colorType = PNGColorType(code: code) else {
            throw DecodingError.corrupt(detail: "invalid colour type \(code)")
        }
        let scan = PNGChunkScan(bytes)
        var color = ColorInfo(
            pngSRGBIntent: scan.sRGBIntent, pngGamma: scan.gamma, pngChromaticities: scan.chromaticities)
        if let profile = unsafe info.icc_profile, iccLength > 0 {
            // SAFETY: libpng owns `icc_length` bytes at `profile` until the reader is destroyed, after this copy.
            color.iccProfile = unsafe Array(UnsafeBufferPointer(start: profile, count: iccLength))
        }
        return PNGHeader(
            width: width, height: height, bitDepth: bitDepth, colorType: colorType, interlaced: interlaced,
            hasTransparencyChunk: hasTRNS, colorInfo: color, exifOrientation: scan.exifOrientation,
            physicalPixelsPerMeter: scan.density)
    }

    /// Throws the typed error for a glue status other than OK.
    private static func check(_ status: Int32, reader: OpaquePointer) throws {
        guard status != Int32(BACKDROP_PNG_OK) else { return }
        // SAFETY: the glue returns a NUL-terminated buffer owned by the live reader; it is copied here.
        let message = unsafe String(cString: backdrop_png_reader_message(reader))
        switch Int(status) {
        case BACKDROP_PNG_TRUNCATED: throw DecodingError.truncated
        case BACKDROP_PNG_NO_MEMORY: throw DecodingError.corrupt(detail: "out of memory")
        default: throw DecodingError.corrupt(detail: message.isEmpty ? "libpng error" : message)
        }
    }

    // MARK: - Encoding

    /// Encodes `image` with `channels` bytes per pixel (1 gray, 4 RGBA) after validating `options`.
    static func write<Format: PixelFormat>(
        _ image: PixelBuffer<Format>, channels: Int32, options: PNGEncodingOptions
    ) throws -> [UInt8] {
        guard (0...9).contains(options.compressionLevel) else {
            throw ParameterError.invalidValue(
                name: "compression level", value: "\(options.compressionLevel)", expected: "an integer from 0 to 9")
        }
        if let intent = options.sRGBIntent, intent > 3 {
            throw ParameterError.invalidValue(name: "sRGB intent", value: "\(intent)", expected: "0, 1, 2 or 3")
        }
        if let density = options.density,
            !(1...maximumSide).contains(density.x) || !(1...maximumSide).contains(density.y)
        {
            throw ParameterError.invalidValue(
                name: "density", value: "\(density.x)x\(density.y)", expected: "1 to 2147483647 pixels per metre")
        }
        guard image.width <= maximumSide, image.height <= maximumSide else {
            throw EncodingError.failed(detail: "\(image.width)x\(image.height) is too large for PNG")
        }
        let profile = options.iccProfile ?? []
        guard profile.count <= maximumSide else { throw EncodingError.failed(detail: "ICC profile too large") }

        // SAFETY: a fresh writer, destroyed exactly once by the defer below.
        guard let writer = unsafe backdrop_png_writer_create() else {
            throw EncodingError.failed(detail: "out of memory")
        }
        // SAFETY: see above.
        defer { unsafe backdrop_png_writer_destroy(writer) }

        let stride = image.rowStride
        let status = unsafe image.withUnsafeBytes { pixels -> Int32 in
            unsafe profile.withUnsafeBufferPointer { icc -> Int32 in
                let density = options.density
                // SAFETY: both pointers are valid for the duration of the encode call, which copies what it needs;
                // the pixel block holds height × rowStride bytes with rowStride ≥ width × channels, and `icc` has
                // `count` bytes.
                var params = unsafe backdrop_png_encode_params(
                    pixels: pixels.baseAddress?.assumingMemoryBound(to: UInt8.self), row_stride: stride,
                    width: UInt32(image.width), height: UInt32(image.height), channels: channels,
                    compression_level: Int32(options.compressionLevel), allow_rgb_reduction: 1,
                    icc_profile: options.iccProfile == nil ? nil : icc.baseAddress, icc_length: UInt32(icc.count),
                    srgb_intent: options.sRGBIntent.map { Int32($0) } ?? -1, has_phys: density == nil ? 0 : 1,
                    phys_x: UInt32(density?.x ?? 0), phys_y: UInt32(density?.y ?? 0))
                // SAFETY: `writer` is live and `params` points at memory valid for this call.
                return unsafe backdrop_png_writer_encode(writer, &params)
            }
        }
        guard status == Int32(BACKDROP_PNG_OK) else {
            // SAFETY: a NUL-terminated message owned by the live writer, copied here.
            let message = unsafe String(cString: backdrop_png_writer_message(writer))
            throw EncodingError.failed(detail: message.isEmpty ? "libpng error" : message)
        }
        // SAFETY: after a successful encode the writer owns `size` bytes at `data`; they are copied before the
        // writer is destroyed.
        let size = unsafe backdrop_png_writer_size(writer)
        guard let data = unsafe backdrop_png_writer_data(writer), size > 0 else {
            throw EncodingError.failed(detail: "no output")
        }
        return unsafe Array(UnsafeBufferPointer(start: data, count: size))
    }
}
