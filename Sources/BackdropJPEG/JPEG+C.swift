// The C boundary of the JPEG codec: TurboJPEG 2 handles, header and pixel decoding, compression, error mapping.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import CBackdropJPEG

extension JPEG {
    /// The largest side a JPEG frame header can state.
    static let maximumSide = 65_535

    // MARK: - Decoding

    /// The header from TurboJPEG's frame facts plus the segments scanned from the bytes.
    static func header(of bytes: [UInt8]) throws -> JPEGHeader {
        let scan = JPEGMarkerScan(bytes)
        if scan.endedEarly && scan.width == nil { throw DecodingError.truncated }
        if let precision = scan.precision, precision != 8 {
            throw DecodingError.unsupported(feature: "\(precision)-bit JPEG")
        }
        let handle = try Decompressor()
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = -1
        var colorSpace: Int32 = -1
        // SAFETY: the byte pointer is valid for the call, which only reads `count` bytes; the outputs are locals.
        let status = unsafe bytes.withUnsafeBufferPointer { data in
            unsafe tjDecompressHeader3(
                handle.raw, data.baseAddress, UInt(data.count), &width, &height, &subsampling, &colorSpace)
        }
        if status != 0 {
            let (_, message) = handle.error()
            if scan.endedEarly { throw DecodingError.truncated }
            throw classify(message)
        }
        let space: JPEGColorSpace
        switch UInt32(bitPattern: colorSpace) {
        case TJCS_GRAY.rawValue: space = .gray
        case TJCS_RGB.rawValue: space = .rgb
        case TJCS_YCbCr.rawValue: space = .ycbcr
        case TJCS_CMYK.rawValue: space = .cmyk
        case TJCS_YCCK.rawValue: space = .ycck
        default: throw DecodingError.unsupported(feature: "JPEG colour space \(colorSpace)")
        }
        let sampling: JPEGSubsampling?
        switch UInt32(bitPattern: subsampling) {
        case TJSAMP_444.rawValue: sampling = .s444
        case TJSAMP_422.rawValue: sampling = .s422
        case TJSAMP_420.rawValue: sampling = .s420
        case TJSAMP_440.rawValue: sampling = .s440
        case TJSAMP_411.rawValue: sampling = .s411
        case TJSAMP_GRAY.rawValue: sampling = .gray
        default: sampling = nil
        }
        return JPEGHeader(
            width: Int(width), height: Int(height), precision: scan.precision ?? 8,
            componentCount: scan.componentCount ?? (space == .gray ? 1 : space == .cmyk || space == .ycck ? 4 : 3),
            colorSpace: space, subsampling: sampling, progressive: scan.progressive,
            hasAdobeMarker: scan.hasAdobeMarker, colorInfo: ColorInfo(iccProfile: scan.iccProfile),
            exifOrientation: scan.exifOrientation, density: scan.density)
    }

    /// Decodes the pixels of a file whose header has been read and checked against the limits.
    static func decodePixels(_ bytes: [UInt8], header: JPEGHeader, scale: JPEGScale) throws -> ImagePixels {
        let width = scale.scaled(header.width)
        let height = scale.scaled(header.height)
        if header.decodesToGray {
            var buffer = try PixelBuffer<Gray8>(uninitializedWidth: width, height: height)
            try decode(bytes, into: &buffer, pixelFormat: TJPF_GRAY)
            return .gray8(buffer)
        }
        var buffer = try PixelBuffer<RGBA8>(uninitializedWidth: width, height: height)
        if header.colorSpace == .cmyk || header.colorSpace == .ycck {
            try decode(bytes, into: &buffer, pixelFormat: TJPF_CMYK)
            convertCMYKToRGBA(&buffer, inverted: header.hasAdobeMarker)
        } else {
            try decode(bytes, into: &buffer, pixelFormat: TJPF_RGBA)
        }
        return .rgba8(buffer)
    }

    /// Decodes a CMYK or YCCK file's separations as stored by libjpeg, Adobe inversion undone (0 = no ink).
    static func decodeSeparations(_ bytes: [UInt8], header: JPEGHeader, scale: JPEGScale) throws
        -> PixelBuffer<CMYK8>
    {
        var buffer = try PixelBuffer<CMYK8>(
            uninitializedWidth: scale.scaled(header.width), height: scale.scaled(header.height))
        try decode(bytes, into: &buffer, pixelFormat: TJPF_CMYK)
        guard header.hasAdobeMarker else { return buffer }
        let (width, height, stride) = (buffer.width, buffer.height, buffer.rowStride)
        unsafe buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            for y in 0..<height {
                for x in 0..<width {
                    // SAFETY: x < width and y < height: four bytes inside row y of the block.
                    let v = unsafe base.loadUnaligned(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                    // SAFETY: the same four bytes.
                    unsafe base.storeBytes(of: ~v, toByteOffset: y * stride + x * 4, as: UInt32.self)
                }
            }
        }
        return buffer
    }

    /// Lets TurboJPEG write every row of `buffer` (whose size is the scaled size) in `pixelFormat`.
    private static func decode<Format: PixelFormat>(
        _ bytes: [UInt8], into buffer: inout PixelBuffer<Format>, pixelFormat: TJPF
    ) throws {
        let handle = try Decompressor()
        let (width, height, stride) = (Int32(buffer.width), Int32(buffer.height), Int32(buffer.rowStride))
        let flags = Int32(TJFLAG_LIMITSCANS)
        let status = unsafe bytes.withUnsafeBufferPointer { data in
            unsafe buffer.withUnsafeMutableBytes { raw -> Int32 in
                guard let base = raw.baseAddress else { return -1 }
                // SAFETY: the block holds height × rowStride bytes and rowStride ≥ width × bytes per pixel of
                // `pixelFormat` (4 for RGBA/CMYK into RGBA8, 1 for gray into Gray8); TurboJPEG picks the scaling
                // factor whose output is exactly width × height (the caller computed it with TJSCALED's
                // rounding) and writes only those rows. `data` holds `count` readable bytes. Neither pointer
                // outlives the call.
                return unsafe tjDecompress2(
                    handle.raw, data.baseAddress, UInt(data.count), base.assumingMemoryBound(to: UInt8.self), width,
                    stride, height, Int32(pixelFormat.rawValue), flags)
            }
        }
        guard status != 0 else { return }
        let (code, message) = handle.error()
        // libjpeg fills the rows after a premature end with gray and only warns: refuse the partial image.
        if message.contains("Premature end") { throw DecodingError.truncated }
        if code == Int32(TJERR_WARNING.rawValue) { return }
        throw classify(message)
    }

    /// Turns CMYK (as decoded by libjpeg, YCCK already converted) into opaque RGB in place:
    /// `R = round((255 − C)(255 − K) / 255)`, or with `inverted` (Adobe) data `R = round(C · K / 255)`.
    private static func convertCMYKToRGBA(_ buffer: inout PixelBuffer<RGBA8>, inverted: Bool) {
        let (width, height, stride) = (buffer.width, buffer.height, buffer.rowStride)
        unsafe buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            for y in 0..<height {
                let row = y * stride
                for x in 0..<width {
                    // SAFETY: x < width and y < height: four bytes inside row y of the block.
                    let v = unsafe base.loadUnaligned(fromByteOffset: row + x * 4, as: UInt32.self)
                    var c = v & 0xFF
                    var m = (v >> 8) & 0xFF
                    var yellow = (v >> 16) & 0xFF
                    var k = v >> 24
                    if !inverted {
                        (c, m, yellow, k) = (255 - c, 255 - m, 255 - yellow, 255 - k)
                    }
                    // Each product is at most 255 × 255 + 127, far below UInt32's range.
                    let r = (c &* k &+ 127) / 255
                    let g = (m &* k &+ 127) / 255
                    let b = (yellow &* k &+ 127) / 255
                    let pixel = r | g << 8 | b << 16 | 0xFF00_0000
                    // SAFETY: the same four bytes.
                    unsafe base.storeBytes(of: pixel, toByteOffset: row + x * 4, as: UInt32.self)
                }
            }
        }
    }

    /// The typed error for a fatal TurboJPEG message.
    static func classify(_ message: String) -> DecodingError {
        if message.contains("Premature end") { return .truncated }
        if message.contains("Unsupported") || message.contains("not supported") || message.contains("Arithmetic") {
            return .unsupported(feature: message)
        }
        return .corrupt(detail: message.isEmpty ? "libjpeg-turbo error" : message)
    }

    /// A TurboJPEG decompression handle, destroyed with its owner.
    // SAFETY: the handle never leaves this file; it is passed only to TurboJPEG calls while the owner is alive.
    @safe private final class Decompressor {
        let raw: tjhandle

        init() throws {
            // SAFETY: a fresh handle, destroyed exactly once in deinit.
            guard let handle = unsafe tjInitDecompress() else { throw DecodingError.corrupt(detail: "out of memory") }
            unsafe raw = handle
        }

        /// The error code and message of the last failed call on this handle.
        func error() -> (code: Int32, message: String) {
            // SAFETY: the handle is live; the message is a NUL-terminated buffer owned by it, copied here.
            unsafe (tjGetErrorCode(raw), String(cString: tjGetErrorStr2(raw)))
        }

        deinit {
            // SAFETY: the handle was created in init and is not used after this.
            _ = unsafe tjDestroy(raw)
        }
    }

    // MARK: - Encoding

    /// Encodes `image` (RGBA8, or Gray8 when `gray`) after validating `options`.
    static func write<Format: PixelFormat>(
        _ image: PixelBuffer<Format>, gray: Bool, options: JPEGEncodingOptions
    ) throws -> [UInt8] {
        guard (1...100).contains(options.quality) else {
            throw ParameterError.invalidValue(
                name: "quality", value: "\(options.quality)", expected: "an integer from 1 to 100")
        }
        if let dpi = options.dotsPerInch, !(1...65_535).contains(dpi.x) || !(1...65_535).contains(dpi.y) {
            throw ParameterError.invalidValue(name: "dpi", value: "\(dpi.x)x\(dpi.y)", expected: "1 to 65535")
        }
        guard image.width <= maximumSide, image.height <= maximumSide else {
            throw EncodingError.failed(detail: "\(image.width)x\(image.height) is too large for JPEG (max 65535)")
        }
        let subsampling: TJSAMP
        switch gray ? .gray : options.subsampling {
        case .s444: subsampling = TJSAMP_444
        case .s422: subsampling = TJSAMP_422
        case .s420: subsampling = TJSAMP_420
        case .s440: subsampling = TJSAMP_440
        case .s411: subsampling = TJSAMP_411
        case .gray: subsampling = TJSAMP_GRAY
        }
        let pixelFormat = gray ? TJPF_GRAY : TJPF_RGBX
        let flags = options.progressive ? Int32(TJFLAG_PROGRESSIVE) : 0

        // SAFETY: a fresh handle, destroyed exactly once by the defer below.
        guard let handle = unsafe tjInitCompress() else { throw EncodingError.failed(detail: "out of memory") }
        // SAFETY: see above.
        defer { _ = unsafe tjDestroy(handle) }
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        // SAFETY: TurboJPEG allocated `output` (or nothing); it is freed exactly once, after the copy below.
        defer { unsafe tjFree(output) }
        let (width, height, stride) = (Int32(image.width), Int32(image.height), Int32(image.rowStride))
        let status = unsafe image.withUnsafeBytes { pixels -> Int32 in
            // SAFETY: the block holds height × rowStride bytes and rowStride ≥ width × bytes per pixel of
            // `pixelFormat` (4 for RGBX, 1 for gray); TurboJPEG only reads them. It allocates `output` itself.
            unsafe tjCompress2(
                handle, pixels.baseAddress?.assumingMemoryBound(to: UInt8.self), width, stride, height,
                Int32(pixelFormat.rawValue), &output, &size, Int32(subsampling.rawValue), Int32(options.quality),
                flags)
        }
        guard status == 0 else {
            // SAFETY: a NUL-terminated message owned by the live handle, copied here.
            let message = unsafe String(cString: tjGetErrorStr2(handle))
            throw EncodingError.failed(detail: message.isEmpty ? "libjpeg-turbo error" : message)
        }
        guard let data = unsafe output, size > 0 else { throw EncodingError.failed(detail: "no output") }
        // SAFETY: after a successful call TurboJPEG owns `size` bytes at `data`; they are copied before tjFree.
        let encoded = unsafe Array(UnsafeBufferPointer(start: data, count: Int(size)))
        return try insertingMetadata(into: encoded, iccProfile: options.iccProfile, dotsPerInch: options.dotsPerInch)
    }
}
