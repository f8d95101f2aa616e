// The C boundary of the HEIF codec: libheif context, primary handle, colour profiles, decoding, error mapping.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import CBackdropHEIF

extension HEIF {
    /// Reads the file with libheif and, when `limits` is given, decodes the primary image into a new buffer.
    static func read(_ bytes: [UInt8], limits: DecodingLimits?) throws -> (
        header: HEIFHeader, pixels: PixelBuffer<RGBA8>?
    ) {
        // SAFETY: the context is freed by the defer below, before `bytes` can go away; libheif reads the memory
        // without copying only while the context lives, all inside this closure.
        return try unsafe bytes.withUnsafeBufferPointer { data in
            guard let context = unsafe heif_context_alloc() else {
                throw DecodingError.corrupt(detail: "out of memory")
            }
            // SAFETY: freed exactly once.
            defer { unsafe heif_context_free(context) }
            // SAFETY: `data` holds `count` bytes and outlives the context.
            try unsafe check(heif_context_read_from_memory_without_copy(context, data.baseAddress, data.count, nil))
            var handlePointer: OpaquePointer? = nil
            // SAFETY: the context is live; the handle it returns is released by the defer below.
            try unsafe check(heif_context_get_primary_image_handle(context, &handlePointer))
            // SAFETY: an opaque handle pointer libheif filled in (checked for NULL here).
            guard let handle = unsafe handlePointer else { throw DecodingError.corrupt(detail: "no primary image") }
            // SAFETY: released exactly once.
            defer { unsafe heif_image_handle_release(handle) }
            // SAFETY: integer queries on live objects.
            let header = unsafe HEIFHeader(
                width: Int(heif_image_handle_get_width(handle)), height: Int(heif_image_handle_get_height(handle)),
                bitDepth: Int(heif_image_handle_get_luma_bits_per_pixel(handle)),
                hasAlpha: heif_image_handle_has_alpha_channel(handle) != 0,
                premultipliedAlpha: heif_image_handle_is_premultiplied_alpha(handle) != 0,
                imageCount: Int(heif_context_get_number_of_top_level_images(context)),
                colorInfo: colorInfo(handle))
            // Even for inspect: a primary image without pixels is damaged (seen from FuzzHEIF: a 0 × 0 `ispe`).
            try DecodingLimits(maxSide: .max, maxPixels: .max, maxBytes: .max).check(
                width: header.width, height: header.height)
            guard let limits else { return (header, nil) }
            try limits.check(width: header.width, height: header.height)
            // libheif 1.15 assembles grids without checking them: refuse an inconsistent one before it does.
            if let meta = HEIFMeta(bytes) { try meta.checkPrimaryGrid(in: bytes, limits: limits) }
            return (header, try unsafe decode(handle, header: header, limits: limits))
        }
    }

    /// The ICC profile and nclx description of the image, each when present.
    private static func colorInfo(_ handle: OpaquePointer) -> ColorInfo {
        var info = ColorInfo()
        // SAFETY: the handle is live; the profile is copied into a buffer of exactly the size libheif reports.
        let size = unsafe heif_image_handle_get_raw_color_profile_size(handle)
        if size > 0, size <= 64 << 20 {
            var profile = [UInt8](repeating: 0, count: size)
            let error = unsafe profile.withUnsafeMutableBytes { raw in
                // SAFETY: `raw` has `size` writable bytes, exactly what libheif writes.
                unsafe heif_image_handle_get_raw_color_profile(handle, raw.baseAddress)
            }
            // SAFETY: reads the code of the struct returned by value.
            if unsafe error.code == heif_error_Ok { info.iccProfile = profile }
        }
        var nclxPointer: UnsafeMutablePointer<heif_color_profile_nclx>? = nil
        // SAFETY: libheif allocates the struct, read here and freed right after. It can allocate it and still
        // report an error (an out-of-range primaries code, found by FuzzHEIF): free it whenever it is set.
        let nclxStatus = unsafe heif_image_handle_get_nclx_color_profile(handle, &nclxPointer)
        if let nclx = unsafe nclxPointer {
            // SAFETY: `nclx` points at the struct libheif allocated; freed once, after this copy.
            let value = unsafe nclx.pointee
            unsafe heif_nclx_color_profile_free(nclx)
            // SAFETY: reads the code of the struct returned by value.
            if unsafe nclxStatus.code == heif_error_Ok {
                info.nclx = ColorInfo.NCLX(
                    colourPrimaries: UInt16(truncatingIfNeeded: value.color_primaries.rawValue),
                    transferCharacteristics: UInt16(truncatingIfNeeded: value.transfer_characteristics.rawValue),
                    matrixCoefficients: UInt16(truncatingIfNeeded: value.matrix_coefficients.rawValue),
                    fullRange: value.full_range_flag != 0)
            }
        }
        return info
    }

    /// Decodes the primary image (transforms applied) and copies it, reduced to 8 bits, into a new RGBA8 buffer.
    private static func decode(_ handle: OpaquePointer, header: HEIFHeader, limits: DecodingLimits) throws
        -> PixelBuffer<RGBA8>
    {
        // Plain queries of libheif's plugin registry.
        if heif_have_decoder_for_format(heif_compression_HEVC) == 0,
            heif_have_decoder_for_format(heif_compression_AV1) == 0
        {
            throw DecodingError.unsupported(feature: "HEIF decoding: libheif has no HEVC or AV1 decoder plugin")
        }
        let deep = header.bitDepth > 8
        // SAFETY: allocated by libheif and freed exactly once by the defer below.
        guard let options = unsafe heif_decoding_options_alloc() else {
            throw DecodingError.corrupt(detail: "out of memory")
        }
        // SAFETY: see above.
        defer { unsafe heif_decoding_options_free(options) }
        unsafe options.pointee.ignore_transformations = 0
        unsafe options.pointee.convert_hdr_to_8bit = 0
        unsafe options.pointee.strict_decoding = 1
        var imagePointer: OpaquePointer? = nil
        let chroma = deep ? heif_chroma_interleaved_RRGGBBAA_LE : heif_chroma_interleaved_RGBA
        // SAFETY: the handle and options are live; the image libheif returns is released by the defer below.
        try unsafe check(heif_decode_image(handle, &imagePointer, heif_colorspace_RGB, chroma, options))
        // SAFETY: an opaque image pointer libheif filled in (checked for NULL here).
        guard let image = unsafe imagePointer else { throw DecodingError.corrupt(detail: "no image decoded") }
        // SAFETY: released exactly once.
        defer { unsafe heif_image_release(image) }

        // SAFETY: queries on the live image.
        let width = Int(unsafe heif_image_get_width(image, heif_channel_interleaved))
        let height = Int(unsafe heif_image_get_height(image, heif_channel_interleaved))
        let bits = Int(unsafe heif_image_get_bits_per_pixel_range(image, heif_channel_interleaved))
        try limits.check(width: width, height: height)
        var sourceStride: Int32 = 0
        // SAFETY: the plane belongs to the live image; its size is height × sourceStride bytes.
        guard let plane = unsafe heif_image_get_plane_readonly(image, heif_channel_interleaved, &sourceStride),
            Int(sourceStride) >= width * (deep ? 8 : 4), (deep ? 9...16 : 8...8).contains(bits)
        else { throw DecodingError.corrupt(detail: "unexpected decoded plane layout") }
        // SAFETY: the layout keeps the plane pointer only for the copies below, while the image is alive.
        let layout = unsafe PlaneLayout(
            plane: plane, stride: Int(sourceStride), width: width, height: height, deep: deep,
            maximum: UInt32(1 << bits - 1))
        // SAFETY: a query on the live image.
        let premultipliedImage = unsafe heif_image_is_premultiplied_alpha(image) != 0
        if header.premultipliedAlpha || premultipliedImage {
            // libheif returns premultiplied samples as stored; Backdrop's decoders return straight alpha.
            var premultiplied = try PixelBuffer<PremultipliedRGBA8>(uninitializedWidth: width, height: height)
            unsafe copy(layout, into: &premultiplied)
            return premultiplied.unpremultiplied(scheduler: .serial)
        }
        var buffer = try PixelBuffer<RGBA8>(uninitializedWidth: width, height: height)
        unsafe copy(layout, into: &buffer)
        return buffer
    }

    /// Where libheif's interleaved plane is and how to read it.
    @unsafe private struct PlaneLayout {
        let plane: UnsafePointer<UInt8>
        let stride: Int
        let width: Int
        let height: Int
        let deep: Bool
        let maximum: UInt32
    }

    /// Copies the plane into `buffer` (same size), reducing 16-bit containers to the nearest 8-bit value.
    private static func copy<Format: PixelFormat>(_ layout: PlaneLayout, into buffer: inout PixelBuffer<Format>) {
        let (plane, source, width, height, deep, maximum) = unsafe (
            layout.plane, layout.stride, layout.width, layout.height, layout.deep, layout.maximum
        )
        precondition(buffer.width == width && buffer.height == height, "the buffer has the plane's size")
        let stride = buffer.rowStride
        unsafe buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            for y in 0..<height {
                // SAFETY: row y of the plane (y × sourceStride, at least width × bytes per pixel long, checked above)
                // and row y of the buffer (width × 4 ≤ rowStride bytes) are inside their blocks.
                let from = unsafe UnsafeRawPointer(plane) + y * source
                let to = unsafe base + y * stride
                if !deep {
                    unsafe to.copyMemory(from: from, byteCount: width * 4)
                    continue
                }
                for i in 0..<(width * 4) {
                    // SAFETY: i < width × 4: sample i is 2 bytes at 2i in the source row, 1 byte at i in the output.
                    let v = UInt32(
                        UInt16(littleEndian: unsafe from.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                    // Nearest 8-bit value; v ≤ 2^16, so the product fits in UInt32.
                    let byte = UInt8(truncatingIfNeeded: (min(v, maximum) * 255 + maximum / 2) / maximum)
                    unsafe to.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
                }
            }
        }
    }

    /// Throws the typed error for a libheif error other than OK.
    private static func check(_ error: heif_error) throws {
        // SAFETY: reads the fields of a struct returned by value; the message is a static NUL-terminated string
        // (or NULL), copied here.
        let (code, subcode, message) = unsafe (
            error.code, error.subcode, error.message.map { unsafe String(cString: $0) } ?? "libheif error"
        )
        guard code != heif_error_Ok else { return }
        if subcode == heif_suberror_End_of_data { throw DecodingError.truncated }
        switch code {
        case heif_error_Unsupported_filetype, heif_error_Unsupported_feature:
            throw DecodingError.unsupported(feature: message)
        case heif_error_Memory_allocation_error where subcode == heif_suberror_Security_limit_exceeded:
            throw LimitError.dimensionsExceedLimit(width: 0, height: 0, limit: "libheif security limit: \(message)")
        default:
            throw DecodingError.corrupt(detail: message)
        }
    }
}
