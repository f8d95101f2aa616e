// JPEGHeader and the JPEG option types: what a JPEG says about itself, and how to decode or encode one.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore

/// The colour space of a JPEG's components, as libjpeg-turbo identifies it.
public enum JPEGColorSpace: String, Sendable, Hashable {
    /// One luma component.
    case gray
    /// Luma and two chroma components (JFIF): the usual photo.
    case ycbcr
    /// Red, green and blue components stored without a transform (Adobe transform 0).
    case rgb
    /// Four ink components stored as such.
    case cmyk
    /// CMYK with the first three transformed like YCbCr (Adobe transform 2).
    case ycck
}

/// Chroma subsampling: how many luma samples share one chroma sample, horizontally × vertically.
public enum JPEGSubsampling: String, Sendable, Hashable, CaseIterable {
    /// 4:4:4, no subsampling.
    case s444 = "4:4:4"
    /// 4:2:2, chroma halved horizontally.
    case s422 = "4:2:2"
    /// 4:2:0, chroma halved both ways (the usual for photos).
    case s420 = "4:2:0"
    /// 4:4:0, chroma halved vertically.
    case s440 = "4:4:0"
    /// 4:1:1, chroma quartered horizontally.
    case s411 = "4:1:1"
    /// One gray component, no chroma.
    case gray
}

/// A physical pixel density from a JFIF APP0 segment.
public struct JPEGDensity: Sendable, Hashable {
    /// The unit the JFIF segment states.
    public enum Unit: Int, Sendable, Hashable {
        /// Dots per inch (JFIF units 1).
        case inch = 1
        /// Dots per centimetre (JFIF units 2).
        case centimetre = 2
    }
    /// Dots per unit horizontally (1…65 535).
    public var x: Int
    /// Dots per unit vertically (1…65 535).
    public var y: Int
    /// The unit of `x` and `y`.
    public var unit: Unit

    public init(x: Int, y: Int, unit: Unit) {
        self.x = x
        self.y = y
        self.unit = unit
    }

    /// The density in dots per inch.
    public var dotsPerInch: (x: Double, y: Double) {
        unit == .inch ? (Double(x), Double(y)) : (Double(x) * 2.54, Double(y) * 2.54)
    }
}

/// What a JPEG says about itself before its pixels: the frame header and the APP segments before the first scan.
public struct JPEGHeader: Sendable, Hashable {
    /// Width in pixels as stored (before any EXIF orientation).
    public var width: Int
    /// Height in pixels as stored.
    public var height: Int
    /// Bits per sample (8; 12-bit JPEGs are reported and refused by the decoder).
    public var precision: Int
    /// Number of components: 1 gray, 3 colour, 4 CMYK/YCCK.
    public var componentCount: Int
    /// The components' colour space.
    public var colorSpace: JPEGColorSpace
    /// Chroma subsampling; `nil` when libjpeg-turbo cannot classify it (an unusual sampling layout).
    public var subsampling: JPEGSubsampling?
    /// Whether the frame is progressive (SOF2, SOF6, SOF10, SOF14).
    public var progressive: Bool
    /// Whether an Adobe APP14 segment is present. Photoshop and ImageMagick write CMYK inverted (255 = no ink)
    /// with this marker; the decoder un-inverts such files.
    public var hasAdobeMarker: Bool
    /// Colour facts: the ICC profile reassembled from every APP2 `ICC_PROFILE` chunk, in sequence order.
    public var colorInfo: ColorInfo
    /// The EXIF orientation (1…8) from APP1, or `nil` when absent or unparsable.
    public var exifOrientation: Int?
    /// The JFIF density when its unit is the inch or the centimetre, else `nil`.
    public var density: JPEGDensity?

    public init(
        width: Int, height: Int, precision: Int = 8, componentCount: Int, colorSpace: JPEGColorSpace,
        subsampling: JPEGSubsampling?, progressive: Bool = false, hasAdobeMarker: Bool = false,
        colorInfo: ColorInfo = .untagged, exifOrientation: Int? = nil, density: JPEGDensity? = nil
    ) {
        self.width = width
        self.height = height
        self.precision = precision
        self.componentCount = componentCount
        self.colorSpace = colorSpace
        self.subsampling = subsampling
        self.progressive = progressive
        self.hasAdobeMarker = hasAdobeMarker
        self.colorInfo = colorInfo
        self.exifOrientation = exifOrientation
        self.density = density
    }

    /// Whether ``JPEG/decode(_:options:)`` returns ``ImagePixels/gray8(_:)``.
    public var decodesToGray: Bool { colorSpace == .gray }
}

/// Decode-time reduction by the codec's DCT scaling: decoding a large photo smaller is much faster than decoding
/// it whole and resampling.
public enum JPEGScale: Int, Sendable, Hashable, CaseIterable {
    /// Full size.
    case full = 1
    /// Half size: each side `ceil(side / 2)`.
    case half = 2
    /// Quarter size: each side `ceil(side / 4)`.
    case quarter = 4
    /// Eighth size: each side `ceil(side / 8)`.
    case eighth = 8

    /// The decoded length of a stored side.
    public func scaled(_ side: Int) -> Int { (side + rawValue - 1) / rawValue }
}

/// How ``JPEG/decode(_:options:)`` decodes.
public struct JPEGDecodingOptions: Sendable, Hashable {
    /// Checked on the byte count, then on the stored (unscaled) dimensions, before allocating. Default
    /// ``DecodingLimits/default``.
    public var limits: DecodingLimits
    /// DCT scaling applied while decoding. Default ``JPEGScale/full``.
    public var scale: JPEGScale

    public init(limits: DecodingLimits = .default, scale: JPEGScale = .full) {
        self.limits = limits
        self.scale = scale
    }
}

/// How ``JPEG/encode(_:options:)`` writes a file.
///
/// The defaults write quality 90, 4:2:0 chroma subsampling, baseline (sequential) Huffman coding, a JFIF
/// segment without density and no ICC profile.
public struct JPEGEncodingOptions: Sendable, Hashable {
    /// Quality 1 (smallest) … 100 (best), libjpeg's scale. Default 90.
    public var quality: Int
    /// Chroma subsampling. Default ``JPEGSubsampling/s420``; ``JPEGSubsampling/gray`` writes a grayscale JPEG.
    /// Gray8 input is always written gray.
    public var subsampling: JPEGSubsampling
    /// Progressive coding (smaller files, decoded in passes). Default `false`.
    public var progressive: Bool
    /// An ICC profile embedded as APP2 `ICC_PROFILE` chunks (split every 65 519 bytes), when set.
    public var iccProfile: [UInt8]?
    /// Dots per inch written in the JFIF segment (each 1…65 535), when set.
    public var dotsPerInch: (x: Int, y: Int)? {
        get { dpi.map { ($0.x, $0.y) } }
        set { dpi = newValue.map { DPI(x: $0.x, y: $0.y) } }
    }
    private var dpi: DPI?
    private struct DPI: Sendable, Hashable {
        var x: Int
        var y: Int
    }

    public init(
        quality: Int = 90, subsampling: JPEGSubsampling = .s420, progressive: Bool = false,
        iccProfile: [UInt8]? = nil, dotsPerInch: (x: Int, y: Int)? = nil
    ) {
        self.quality = quality
        self.subsampling = subsampling
        self.progressive = progressive
        self.iccProfile = iccProfile
        self.dpi = dotsPerInch.map { DPI(x: $0.x, y: $0.y) }
    }
}
