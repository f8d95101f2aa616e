// The C boundary of the WebP codec: libwebp features, still and animated decoding, encoding, status mapping.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import CBackdropWebP

extension WebP {
    /// The largest side libwebp encodes (`WEBP_MAX_DIMENSION`).
    static let maximumSide = 16_383

    // MARK: - Decoding

    /// The header from libwebp's bitstream features plus the RIFF chunks.
    static func header(of bytes: [UInt8]) throws -> WebPHeader {
        let scan = WebPChunkScan(bytes)
        if let declared = scan.declaredFileSize, declared > bytes.count { throw DecodingError.truncated }
        var features = WebPBitstreamFeatures()
        // SAFETY: `data` is valid for `count` bytes during the call, which only reads them; `features` is a local.
        let status = unsafe bytes.withUnsafeBufferPointer { data in
            unsafe WebPGetFeatures(data.baseAddress, data.count, &features)
        }
        try check(status)
        let (width, height, alpha, animation, format) = (
            Int(features.width), Int(features.height), features.has_alpha != 0, features.has_animation != 0,
            features.format
        )
        let coding: WebPCoding = format == 1 ? .lossy : format == 2 ? .lossless : .mixed
        return WebPHeader(
            width: width, height: height, hasAlpha: alpha, animated: animation,
            frameCount: animation ? max(scan.frameCount, 1) : 1, coding: coding,
            colorInfo: ColorInfo(iccProfile: scan.iccProfile), exifOrientation: scan.exifOrientation)
    }

    /// Decodes a still image straight into a new RGBA8 buffer.
    static func decodeStill(_ bytes: [UInt8], header: WebPHeader) throws -> PixelBuffer<RGBA8> {
        var buffer = try PixelBuffer<RGBA8>(uninitializedWidth: header.width, height: header.height)
        let stride = Int32(buffer.rowStride)
        let status = unsafe bytes.withUnsafeBufferPointer { data in
            unsafe buffer.withUnsafeMutableBytes { raw -> VP8StatusCode in
                // SAFETY: a C struct initialised by libwebp's own init function before use.
                var config = unsafe WebPDecoderConfig()
                // SAFETY: `config` is a local; the init only writes it.
                guard unsafe WebPInitDecoderConfig(&config) != 0, let base = raw.baseAddress else {
                    return VP8_STATUS_INVALID_PARAM
                }
                // SAFETY: external memory: libwebp writes width × 4 bytes into each of `height` rows of `stride`
                // bytes, inside the `raw.count` bytes declared here (it checks the size against stride × height);
                // `data` is readable for `count` bytes. Neither pointer is kept after WebPDecode returns.
                unsafe config.output.colorspace = MODE_RGBA
                unsafe config.output.is_external_memory = 1
                unsafe config.output.u.RGBA.rgba = base.assumingMemoryBound(to: UInt8.self)
                unsafe config.output.u.RGBA.stride = stride
                unsafe config.output.u.RGBA.size = raw.count
                let status = unsafe WebPDecode(data.baseAddress, data.count, &config)
                // SAFETY: frees only what libwebp allocated itself (nothing for external memory).
                unsafe WebPFreeDecBuffer(&config.output)
                return status
            }
        }
        try check(status)
        return buffer
    }

    /// Decodes the first frame of an animation, composited on its canvas by libwebp's animation decoder.
    static func decodeFirstFrame(_ bytes: [UInt8], header: WebPHeader) throws -> PixelBuffer<RGBA8> {
        var buffer = try PixelBuffer<RGBA8>(uninitializedWidth: header.width, height: header.height)
        let (width, height, stride) = (header.width, header.height, buffer.rowStride)
        let failure: String? = unsafe bytes.withUnsafeBufferPointer { data in
            var options = WebPAnimDecoderOptions()
            guard unsafe WebPAnimDecoderOptionsInit(&options) != 0 else { return "libwebp version mismatch" }
            options.color_mode = MODE_RGBA
            options.use_threads = 0
            // SAFETY: `data` outlives the decoder, which is deleted before this closure returns.
            var webpData = unsafe WebPData(bytes: data.baseAddress, size: data.count)
            // SAFETY: the decoder reads only `webpData`'s bytes; it is deleted by the defer below.
            guard let decoder = unsafe WebPAnimDecoderNew(&webpData, &options) else { return "invalid animation" }
            // SAFETY: deleted exactly once, here.
            defer { unsafe WebPAnimDecoderDelete(decoder) }
            var info = WebPAnimInfo()
            // SAFETY: the decoder is live; `info` is a local the call fills in.
            guard unsafe WebPAnimDecoderGetInfo(decoder, &info) != 0,
                Int(info.canvas_width) == width && Int(info.canvas_height) == height
            else { return "animation canvas does not match its header" }
            var frame: UnsafeMutablePointer<UInt8>? = nil
            var timestamp: Int32 = 0
            // SAFETY: on success libwebp points `frame` at its canvas of canvas_width × canvas_height × 4 bytes,
            // valid until the next call on the decoder.
            guard unsafe WebPAnimDecoderGetNext(decoder, &frame, &timestamp) != 0, let canvas = unsafe frame else {
                return "first frame could not be decoded"
            }
            unsafe buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                for y in 0..<height {
                    // SAFETY: row y of the canvas (width × 4 bytes at y × width × 4) is inside the canvas, and row y
                    // of the buffer (width × 4 ≤ rowStride bytes at y × rowStride) inside the block.
                    unsafe (base + y * stride).copyMemory(from: canvas + y * width * 4, byteCount: width * 4)
                }
            }
            return nil
        }
        if let failure { throw DecodingError.corrupt(detail: failure) }
        return buffer
    }

    /// Throws the typed error for a libwebp status other than OK.
    static func check(_ status: VP8StatusCode) throws {
        switch status {
        case VP8_STATUS_OK: return
        case VP8_STATUS_NOT_ENOUGH_DATA: throw DecodingError.truncated
        case VP8_STATUS_UNSUPPORTED_FEATURE: throw DecodingError.unsupported(feature: "WebP feature libwebp refuses")
        case VP8_STATUS_OUT_OF_MEMORY: throw DecodingError.corrupt(detail: "out of memory")
        case VP8_STATUS_INVALID_PARAM: throw DecodingError.corrupt(detail: "invalid WebP header or parameters")
        default: throw DecodingError.corrupt(detail: "WebP bitstream error (status \(status.rawValue))")
        }
    }

    // MARK: - Encoding

    /// Encodes `image` after validating `options`.
    static func write(_ image: PixelBuffer<RGBA8>, options: WebPEncodingOptions) throws -> [UInt8] {
        for (name, value, range) in [
            ("quality", options.quality, 0...100), ("alpha quality", options.alphaQuality, 0...100),
            ("method", options.method, 0...6),
        ] where !range.contains(value) {
            throw ParameterError.invalidValue(
                name: name, value: "\(value)", expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        guard image.width <= maximumSide, image.height <= maximumSide else {
            throw EncodingError.failed(detail: "\(image.width)x\(image.height) is too large for WebP (max 16383)")
        }
        var config = WebPConfig()
        // SAFETY: C structs (the picture and writer hold pointers) initialised by libwebp's init functions before
        // any other use.
        var picture = unsafe WebPPicture()
        var writer = unsafe WebPMemoryWriter()
        guard unsafe WebPConfigInit(&config) != 0, unsafe WebPPictureInit(&picture) != 0 else {
            throw EncodingError.failed(detail: "libwebp version mismatch")
        }
        config.lossless = options.lossless ? 1 : 0
        config.quality = Float(options.quality)
        config.alpha_quality = Int32(options.alphaQuality)
        config.exact = options.exact ? 1 : 0
        config.method = Int32(options.method)
        guard unsafe WebPValidateConfig(&config) != 0 else {
            throw EncodingError.failed(detail: "invalid configuration")
        }
        unsafe picture.use_argb = 1
        unsafe picture.width = Int32(image.width)
        unsafe picture.height = Int32(image.height)
        // SAFETY: the writer is a local initialised here and cleared exactly once by the defer.
        unsafe WebPMemoryWriterInit(&writer)
        // SAFETY: frees the picture's planes (allocated by the import below) and the writer's output, once each.
        defer {
            unsafe WebPPictureFree(&picture)
            unsafe WebPMemoryWriterClear(&writer)
        }
        let stride = Int32(image.rowStride)
        let imported = unsafe image.withUnsafeBytes { pixels -> Int32 in
            // SAFETY: the block holds height × rowStride bytes with rowStride ≥ width × 4; libwebp copies the rows
            // into its own planes and keeps no pointer.
            unsafe WebPPictureImportRGBA(&picture, pixels.baseAddress?.assumingMemoryBound(to: UInt8.self), stride)
        }
        guard imported != 0 else { throw EncodingError.failed(detail: "out of memory importing pixels") }
        let encoded = unsafe withUnsafeMutablePointer(to: &writer) { writerPointer -> Int32 in
            // SAFETY: `writerPointer` is valid for this closure, during which WebPEncode calls WebPMemoryWrite
            // with it; the picture forgets it (custom_ptr reset) before the closure returns.
            unsafe picture.writer = WebPMemoryWrite
            unsafe picture.custom_ptr = UnsafeMutableRawPointer(writerPointer)
            defer { unsafe picture.custom_ptr = nil }
            return unsafe WebPEncode(&config, &picture)
        }
        guard encoded != 0 else {
            throw EncodingError.failed(detail: "libwebp error \(unsafe picture.error_code.rawValue)")
        }
        // SAFETY: after a successful encode the writer owns `size` bytes at `mem`, copied before it is cleared.
        guard let memory = unsafe writer.mem, unsafe writer.size > 0 else {
            throw EncodingError.failed(detail: "no output")
        }
        let bitstream = unsafe Array(UnsafeBufferPointer(start: memory, count: writer.size))
        guard let profile = options.iccProfile, !profile.isEmpty else { return bitstream }
        return try addingICCProfile(profile, to: bitstream)
    }

    /// `file` rewritten by libwebpmux with an `ICCP` chunk (and the VP8X header that requires).
    static func addingICCProfile(_ profile: [UInt8], to file: [UInt8]) throws -> [UInt8] {
        // SAFETY: a fresh mux, deleted exactly once by the defer below.
        guard let mux = unsafe WebPMuxNew() else { throw EncodingError.failed(detail: "out of memory") }
        // SAFETY: see above.
        defer { unsafe WebPMuxDelete(mux) }
        // SAFETY: an empty C struct (NULL bytes, size 0) that the mux fills in.
        var output = unsafe WebPData()
        let status = unsafe file.withUnsafeBufferPointer { image in
            unsafe profile.withUnsafeBufferPointer { icc -> WebPMuxError in
                // SAFETY: both buffers are valid for this closure and copied by the mux (copy_data 1).
                var imageData = unsafe WebPData(bytes: image.baseAddress, size: image.count)
                var iccData = unsafe WebPData(bytes: icc.baseAddress, size: icc.count)
                let set = unsafe WebPMuxSetImage(mux, &imageData, 1)
                guard set == WEBP_MUX_OK else { return set }
                let chunk = unsafe WebPMuxSetChunk(mux, "ICCP", &iccData, 1)
                guard chunk == WEBP_MUX_OK else { return chunk }
                // SAFETY: the mux allocates `output`, freed by WebPDataClear after the copy below.
                return unsafe WebPMuxAssemble(mux, &output)
            }
        }
        // SAFETY: frees what WebPMuxAssemble allocated (nothing on failure).
        defer { unsafe WebPDataClear(&output) }
        guard status == WEBP_MUX_OK, let bytes = unsafe output.bytes, unsafe output.size > 0 else {
            throw EncodingError.failed(detail: "libwebpmux error \(status.rawValue)")
        }
        // SAFETY: the mux's output holds `size` bytes at `bytes`; they are copied before WebPDataClear.
        return unsafe Array(UnsafeBufferPointer(start: bytes, count: output.size))
    }
}
