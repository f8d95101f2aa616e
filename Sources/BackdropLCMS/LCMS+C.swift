// The C boundary of colour conversion: LittleCMS profiles and transforms, and the row-band calls into them.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import CBackdropLCMS

/// An owned `cmsHTRANSFORM` from a source space to LittleCMS's sRGB, output RGBA8 (alpha byte not written).
// SAFETY: the handle never leaves this type; LittleCMS transforms are immutable once built and
// `cmsDoTransformLineStride` may run on one transform from several threads at once.
@safe final class LCMSTransform: @unchecked Sendable {
    private let raw: cmsHTRANSFORM
    let inputBytesPerPixel: Int

    init(source: SourceColor, layout: SourceLayout, settings: ConversionSettings) throws(ColorSpaceError) {
        guard let input = unsafe Self.openProfile(source) else {
            throw .conversionFailed(detail: "LittleCMS cannot read the profile")
        }
        // SAFETY: opened above, closed exactly once here; the transform keeps what it needs from it.
        defer { _ = unsafe cmsCloseProfile(input) }
        // SAFETY: a fresh built-in profile, closed exactly once.
        guard let output = unsafe cmsCreate_sRGBProfile() else {
            throw .conversionFailed(detail: "LittleCMS cannot build its sRGB profile")
        }
        // SAFETY: see above.
        defer { _ = unsafe cmsCloseProfile(output) }

        // SAFETY: a live profile handle.
        let space = unsafe cmsGetColorSpace(input).rawValue
        let format: cmsUInt32Number
        switch layout {
        case .rgba where space == cmsSigRgbData.rawValue:
            format = backdrop_lcms_type_rgba_8()
            inputBytesPerPixel = 4
        case .grayInRGBA where space == cmsSigGrayData.rawValue:
            format = backdrop_lcms_type_gray_8_in_rgba()
            inputBytesPerPixel = 4
        case .gray where space == cmsSigGrayData.rawValue:
            format = backdrop_lcms_type_gray_8()
            inputBytesPerPixel = 1
        case .cmyk where space == cmsSigCmykData.rawValue:
            format = backdrop_lcms_type_cmyk_8()
            inputBytesPerPixel = 4
        default:
            throw .conversionFailed(detail: "the profile's colour space does not match the \(layout) pixels")
        }
        let intent: cmsUInt32Number =
            settings.intent == .perceptual
            ? cmsUInt32Number(INTENT_PERCEPTUAL) : cmsUInt32Number(INTENT_RELATIVE_COLORIMETRIC)
        let flags: cmsUInt32Number =
            settings.blackPointCompensation ? cmsUInt32Number(cmsFLAGS_BLACKPOINTCOMPENSATION) : 0
        // SAFETY: both profiles are live for the call; the transform copies what it needs.
        guard
            let transform = unsafe cmsCreateTransform(
                input, format, output, backdrop_lcms_type_rgba_8(), intent, flags)
        else {
            throw .conversionFailed(detail: "LittleCMS cannot build a transform from this profile")
        }
        unsafe raw = transform
    }

    deinit {
        // SAFETY: created in init, not used after this.
        unsafe cmsDeleteTransform(raw)
    }

    /// Opens an ICC profile from memory, or builds a matrix/TRC profile from chromaticities and a curve.
    private static func openProfile(_ source: SourceColor) -> cmsHPROFILE? {
        switch source {
        case .icc(let bytes):
            guard !bytes.isEmpty, bytes.count <= Int(UInt32.max) else { return nil }
            // SAFETY: LittleCMS reads `count` bytes during the call and copies them into the profile.
            return unsafe bytes.withUnsafeBytes { unsafe cmsOpenProfileFromMem($0.baseAddress, UInt32($0.count)) }
        case .described(let description):
            guard description.white.count == 2, description.primaries.count == 6 else { return nil }
            var white = cmsCIExyY(x: description.white[0], y: description.white[1], Y: 1)
            let p = description.primaries
            var primaries = cmsCIExyYTRIPLE(
                Red: cmsCIExyY(x: p[0], y: p[1], Y: 1), Green: cmsCIExyY(x: p[2], y: p[3], Y: 1),
                Blue: cmsCIExyY(x: p[4], y: p[5], Y: 1))
            var parameters: [Double]
            var type: Int32 = 4
            switch description.transfer {
            case .sRGB: parameters = [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.040_45]
            case .bt709: parameters = [1 / 0.45, 1 / 1.099, 0.099 / 1.099, 1 / 4.5, 0.081]
            case .gamma(let g):
                parameters = [g]
                type = 1
            }
            // SAFETY: the parameter array holds the 5 (type 4) or 1 (type 1) values LittleCMS reads.
            guard let curve = unsafe cmsBuildParametricToneCurve(nil, type, &parameters) else { return nil }
            // SAFETY: freed once, after the profile has copied it.
            defer { unsafe cmsFreeToneCurve(curve) }
            var curves: [OptionalUnsafe] = unsafe [curve, curve, curve]
            // SAFETY: white, primaries and the three curve pointers are valid for the call, which copies them.
            return unsafe curves.withUnsafeMutableBufferPointer {
                unsafe cmsCreateRGBProfile(&white, &primaries, $0.baseAddress)
            }
        }
    }
    private typealias OptionalUnsafe = OpaquePointer?

    /// Converts the rows of an RGBA8-sized buffer in place, band by band; with `opaque`, alpha is set to 255.
    func transformInPlace(_ buffer: inout PixelBuffer<RGBA8>, scheduler: RowScheduler, opaque: Bool = false) {
        let (width, height, stride) = (buffer.width, buffer.height, buffer.rowStride)
        let transform = unsafe raw
        unsafe buffer.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            scheduler.run(rows: height, bytesPerRow: width * 4) { rows in
                // SAFETY: rows ⊂ 0..<height, so the band's rows.count × stride bytes from rows.lowerBound × stride
                // lie inside the block; each pixel of the band is read (4 bytes) and written (3 colour bytes) in
                // place, which LittleCMS allows for formats of equal size. Bands are disjoint.
                let start = unsafe base + rows.lowerBound * stride
                unsafe cmsDoTransformLineStride(
                    transform, start, start, cmsUInt32Number(width), cmsUInt32Number(rows.count),
                    cmsUInt32Number(stride), cmsUInt32Number(stride), 0, 0)
                guard opaque else { return }
                for y in rows {
                    for x in 0..<width {
                        // SAFETY: x < width, y < height: the alpha byte of a pixel inside the block.
                        unsafe base.storeBytes(of: 255 as UInt8, toByteOffset: y * stride + x * 4 + 3, as: UInt8.self)
                    }
                }
            }
        }
    }

    /// Converts Gray8 rows into the colour bytes of an RGBA8 buffer of the same size (alpha untouched).
    func transform(_ gray: PixelBuffer<Gray8>, into output: inout PixelBuffer<RGBA8>, scheduler: RowScheduler) {
        let (width, height) = (gray.width, gray.height)
        let (inStride, outStride) = (gray.rowStride, output.rowStride)
        let transform = unsafe raw
        unsafe gray.withUnsafeBytes { source in
            unsafe output.withUnsafeMutableBytes { destination in
                guard let input = source.baseAddress, let out = destination.baseAddress else { return }
                scheduler.run(rows: height, bytesPerRow: width * 4) { rows in
                    // SAFETY: both buffers are width × height (the caller made `output` from `gray`'s size), so
                    // the band's rows lie inside both blocks; input rows hold width bytes, output rows width × 4.
                    unsafe cmsDoTransformLineStride(
                        transform, input + rows.lowerBound * inStride, out + rows.lowerBound * outStride,
                        cmsUInt32Number(width), cmsUInt32Number(rows.count), cmsUInt32Number(inStride),
                        cmsUInt32Number(outStride), 0, 0)
                }
            }
        }
    }
}
