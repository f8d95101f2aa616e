// Decoding and encoding entry points: sniff the format, enforce limits, dispatch to a codec module.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import BackdropHEIF
import BackdropJPEG
import BackdropLCMS
import BackdropPNG
import BackdropWebP

/// Options for ``ImageDecoder``.
public struct DecodingOptions: Sendable, Hashable {
    /// Size limits checked before any pixel is allocated. Default ``DecodingLimits/default``.
    public var limits: DecodingLimits
    /// Whether the EXIF orientation (JPEG APP1, PNG `eXIf`, WebP `EXIF`) is applied so pixels come out upright.
    /// Default `true`. HEIF's `irot`/`imir` transforms are always applied (by libheif).
    public var applyOrientation: Bool
    /// Decode-time reduction; JPEG only (its DCT scaling), other formats ignore it. Default ``DecodingScale/full``.
    public var scale: DecodingScale
    /// What to do with an image that is not sRGB: convert it (the default), reject it, or ignore its tags.
    /// ``ImageDecoder/metadata(of:options:)`` never applies it.
    public var colorPolicy: ColorPolicy
    /// Rendering intent and black-point compensation of a conversion to sRGB. Default relative colorimetric with
    /// black-point compensation.
    public var colorConversion: ConversionSettings
    /// Rows of a colour conversion are split over this scheduler's threads. Default: every core.
    public var scheduler: RowScheduler
    public init(
        limits: DecodingLimits = .default, applyOrientation: Bool = true, scale: DecodingScale = .full,
        colorPolicy: ColorPolicy = .convert, colorConversion: ConversionSettings = .init(),
        scheduler: RowScheduler = .default
    ) {
        self.limits = limits
        self.applyOrientation = applyOrientation
        self.scale = scale
        self.colorPolicy = colorPolicy
        self.colorConversion = colorConversion
        self.scheduler = scheduler
    }
}

/// Decode-time reduction by 1/2, 1/4 or 1/8 (JPEG's DCT scaling): each side becomes `ceil(side / factor)`.
public enum DecodingScale: Int, Sendable, Hashable, CaseIterable {
    case full = 1, half = 2, quarter = 4, eighth = 8
}

/// Chroma subsampling of a lossy JPEG: luma samples per chroma sample, horizontally × vertically.
public enum ChromaSubsampling: String, Sendable, Hashable, CaseIterable {
    case s444 = "4:4:4", s422 = "4:2:2", s420 = "4:2:0", s440 = "4:4:0", s411 = "4:1:1"
}

/// Options for ``ImageEncoder``. Each format reads the options that concern it and ignores the rest.
public struct EncodingOptions: Sendable, Hashable {
    /// PNG zlib compression level, 0 (none, fastest) … 9 (smallest). Default 6.
    public var pngCompressionLevel: Int
    /// JPEG and lossy WebP quality, 1 … 100 (WebP accepts 0). Default 90.
    public var quality: Int = 90
    /// JPEG chroma subsampling. Default ``ChromaSubsampling/s420``.
    public var chromaSubsampling: ChromaSubsampling = .s420
    /// JPEG progressive coding. Default `false`.
    public var progressive: Bool = false
    /// WebP lossless coding (RGB and alpha exact). Default `false`.
    public var lossless: Bool = false
    /// Lossy WebP alpha quality, 0 … 100 (100 keeps alpha lossless). Default 100.
    public var alphaQuality: Int = 100
    /// WebP: keep the RGB values under alpha 0 instead of letting the encoder simplify them. Default `false`.
    public var exact: Bool = false
    /// An ICC profile to embed (PNG `iCCP`, JPEG APP2, WebP `ICCP`), when set; it replaces the sRGB tag.
    /// Default `nil`.
    public var iccProfile: [UInt8]? = nil
    /// Tag the output as sRGB when no ``iccProfile`` is given: a PNG `sRGB` chunk (perceptual intent), or the
    /// compact ``SRGBProfile`` (about 900 bytes) in a colour JPEG or a WebP. Gray JPEGs stay untagged (an RGB
    /// profile would not fit them). Default `true`; `false` writes untagged files (readers assume sRGB).
    public var tagsSRGB: Bool = true
    /// Resolution to record (PNG `pHYs`, JPEG JFIF density), in dots per inch, when set. Default `nil`.
    public var dpi: ImageMetadata.Resolution? = nil
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
        var meta: ImageMetadata
        let format = try decodableFormat(of: bytes)
        switch format {
        case .png: meta = metadata(try PNG.readHeader(bytes))
        case .jpeg: meta = metadata(try JPEG.readHeader(bytes))
        case .webp: meta = metadata(try WebP.readHeader(bytes))
        case .heif, .avif: meta = metadata(try HEIF.readHeader(bytes), format: format)
        default: throw DecodingError.unknownFormat
        }
        meta.appliedOrientation = applied(meta, options)?.rawValue ?? meta.appliedOrientation
        return meta
    }

    /// Decodes `bytes` to 8-bit pixels with straight alpha.
    ///
    /// Limits are checked on the byte count first, then on the header's dimensions, before any pixel memory
    /// is allocated.
    ///
    /// Colour: ``DecodingOptions/colorPolicy`` is applied (see ``ColorPolicy``). Under `convert` an image that is
    /// not sRGB is transformed to sRGB with LittleCMS in place (a gray image with a gray profile becomes RGBA8; a
    /// CMYK JPEG with a CMYK profile is converted from its separations) and
    /// ``ImageMetadata/convertedToSRGB`` is set; sRGB and untagged images are untouched. A damaged profile, or
    /// one whose colour space does not match the pixels, is ignored under `convert` (as browsers do).
    ///
    /// - Throws: as ``metadata(of:options:)``, plus ``DecodingError/truncated`` and
    ///   ``DecodingError/corrupt(detail:)`` found while decoding pixels; ``ColorSpaceError`` from the colour policy.
    /// - Complexity: O(width × height); allocates the output buffer (a conversion works in place, except
    ///   gray to RGBA8).
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> Image {
        try options.limits.check(byteCount: bytes.count)
        var image: Image
        let format = try decodableFormat(of: bytes)
        switch format {
        case .png:
            let (header, pixels) = try PNG.decode(bytes, limits: options.limits)
            image = Image(pixels: pixels, metadata: metadata(header))
        case .jpeg:
            let scale = JPEGScale(rawValue: options.scale.rawValue) ?? .full
            let header = try JPEG.readHeader(bytes)
            if let managed = try ColorManagement.decodeManagedCMYK(bytes, header: header, options: options) {
                image = managed
            } else {
                let (header, pixels) = try JPEG.decode(bytes, options: .init(limits: options.limits, scale: scale))
                image = Image(pixels: pixels, metadata: metadata(header))
            }
        case .webp:
            let (header, pixels) = try WebP.decode(bytes, limits: options.limits)
            image = Image(pixels: pixels, metadata: metadata(header))
        case .heif, .avif:
            let (header, pixels) = try HEIF.decode(bytes, limits: options.limits)
            image = Image(pixels: pixels, metadata: metadata(header, format: format))
        default:
            throw DecodingError.unknownFormat
        }
        try ColorManagement.apply(to: &image, options: options)
        if let orientation = applied(image.metadata, options) {
            image.pixels = image.pixels.oriented(orientation)
            image.metadata.appliedOrientation = orientation.rawValue
        }
        return image
    }

    /// The EXIF orientation decoding applies to an image with `meta`: `nil` when there is nothing to do.
    private static func applied(_ meta: ImageMetadata, _ options: DecodingOptions) -> ImageOrientation? {
        guard options.applyOrientation, meta.format != .heif, meta.format != .avif, let value = meta.exifOrientation,
            let orientation = ImageOrientation(rawValue: value)
        else { return nil }
        return orientation
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

    static func metadata(_ header: HEIFHeader, format: ImageFormat) -> ImageMetadata {
        var meta = ImageMetadata(
            format: format, width: header.width, height: header.height, bitDepth: header.bitDepth,
            channels: header.hasAlpha ? 4 : 3, hasAlpha: header.hasAlpha,
            colorModel: header.hasAlpha ? "ycbcr-alpha" : "ycbcr", colorInfo: header.colorInfo)
        meta.frameCount = header.imageCount
        return meta
    }

    static func metadata(_ header: WebPHeader) -> ImageMetadata {
        var meta = ImageMetadata(
            format: .webp, width: header.width, height: header.height, bitDepth: 8,
            channels: header.hasAlpha ? 4 : 3, hasAlpha: header.hasAlpha, colorModel: header.coding.rawValue,
            colorInfo: header.colorInfo, exifOrientation: header.exifOrientation)
        meta.animated = header.animated
        meta.frameCount = header.frameCount
        return meta
    }

    static func metadata(_ header: JPEGHeader) -> ImageMetadata {
        var model = header.colorSpace.rawValue
        if header.colorSpace != .gray, let sampling = header.subsampling { model += " \(sampling.rawValue)" }
        return ImageMetadata(
            format: .jpeg, width: header.width, height: header.height, bitDepth: header.precision,
            channels: header.componentCount, hasAlpha: false, colorModel: model, interlaced: header.progressive,
            colorInfo: header.colorInfo, exifOrientation: header.exifOrientation,
            dpi: header.density.map { ImageMetadata.Resolution(x: $0.dotsPerInch.x, y: $0.dotsPerInch.y) })
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
        switch format {
        case .jpeg:
            let jpeg = JPEGEncodingOptions(
                quality: options.quality,
                subsampling: JPEGSubsampling(rawValue: options.chromaSubsampling.rawValue) ?? .s420,
                progressive: options.progressive, iccProfile: options.iccProfile,
                dotsPerInch: options.dpi.map { (Int($0.x.rounded()), Int($0.y.rounded())) })
            switch pixels {
            case .rgba8(let buffer):
                var tagged = jpeg
                if tagged.iccProfile == nil && options.tagsSRGB { tagged.iccProfile = SRGBProfile.bytes }
                return try JPEG.encode(buffer, options: tagged)
            case .gray8(let buffer): return try JPEG.encode(buffer, options: jpeg)
            }
        case .webp:
            let webp = WebPEncodingOptions(
                lossless: options.lossless, quality: options.quality, alphaQuality: options.alphaQuality,
                exact: options.exact, iccProfile: options.iccProfile ?? (options.tagsSRGB ? SRGBProfile.bytes : nil))
            return try WebP.encode(pixels.rgba8(), options: webp)
        default:
            let png = PNGEncodingOptions(
                compressionLevel: options.pngCompressionLevel, iccProfile: options.iccProfile,
                sRGBIntent: options.iccProfile == nil && options.tagsSRGB ? 0 : nil,
                density: options.dpi.map {
                    PixelDensity(x: Int(($0.x / 0.0254).rounded()), y: Int(($0.y / 0.0254).rounded()))
                })
            switch pixels {
            case .rgba8(let buffer): return try PNG.encode(buffer, options: png)
            case .gray8(let buffer): return try PNG.encode(buffer, options: png)
            }
        }
    }
}
