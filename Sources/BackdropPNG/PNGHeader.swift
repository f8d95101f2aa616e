// PNGHeader: what a PNG file says about itself before its pixels (IHDR and the ancillary chunks before IDAT).
// SPDX-License-Identifier: Apache-2.0

import BackdropColor

/// The colour type stored in a PNG's IHDR chunk.
public enum PNGColorType: String, Sendable, Hashable {
    /// Colour type 0: one gray sample per pixel (1, 2, 4, 8 or 16 bits).
    case gray
    /// Colour type 2: red, green and blue samples (8 or 16 bits each).
    case rgb
    /// Colour type 3: an index into the PLTE palette (1, 2, 4 or 8 bits).
    case palette
    /// Colour type 4: gray and alpha samples (8 or 16 bits each).
    case grayAlpha = "gray-alpha"
    /// Colour type 6: red, green, blue and alpha samples (8 or 16 bits each).
    case rgba

    /// The colour type for the IHDR code, or `nil` for a code PNG does not define.
    init?(code: Int) {
        switch code {
        case 0: self = .gray
        case 2: self = .rgb
        case 3: self = .palette
        case 4: self = .grayAlpha
        case 6: self = .rgba
        default: return nil
        }
    }
}

/// A physical pixel density from a PNG `pHYs` chunk, in pixels per metre.
///
/// Only chunks whose unit is the metre are reported; a `pHYs` chunk that gives an aspect ratio alone is ignored.
public struct PixelDensity: Sendable, Hashable {
    /// Pixels per metre horizontally (at least 1).
    public var x: Int
    /// Pixels per metre vertically (at least 1).
    public var y: Int

    /// Creates a density of `x` by `y` pixels per metre.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// The facts of a PNG file that do not need its pixels: IHDR and the ancillary chunks before the first IDAT.
///
/// Values are reported as the file stores them; in particular ``bitDepth`` is the stored depth, while
/// ``PNG/decode(_:limits:)`` always returns 8-bit pixels.
public struct PNGHeader: Sendable, Hashable {
    /// Width in pixels (at least 1).
    public var width: Int
    /// Height in pixels (at least 1).
    public var height: Int
    /// Bits per sample as stored: 1, 2, 4, 8 or 16 (palette: bits per index).
    public var bitDepth: Int
    /// The stored colour type.
    public var colorType: PNGColorType
    /// Whether the pixels are stored Adam7-interlaced.
    public var interlaced: Bool
    /// Whether a `tRNS` chunk (palette alpha or a transparent colour key) is present and valid.
    public var hasTransparencyChunk: Bool
    /// Colour facts: the decompressed `iCCP` profile, `sRGB` intent, `gAMA` and `cHRM`, exactly as stored.
    public var colorInfo: ColorInfo
    /// The EXIF orientation (1…8) from an `eXIf` chunk, or `nil` when there is none or it cannot be parsed.
    public var exifOrientation: Int?
    /// The `pHYs` density when its unit is the metre, else `nil`.
    public var physicalPixelsPerMeter: PixelDensity?

    /// Creates a header from its parts.
    public init(
        width: Int, height: Int, bitDepth: Int, colorType: PNGColorType, interlaced: Bool = false,
        hasTransparencyChunk: Bool = false, colorInfo: ColorInfo = .untagged, exifOrientation: Int? = nil,
        physicalPixelsPerMeter: PixelDensity? = nil
    ) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.colorType = colorType
        self.interlaced = interlaced
        self.hasTransparencyChunk = hasTransparencyChunk
        self.colorInfo = colorInfo
        self.exifOrientation = exifOrientation
        self.physicalPixelsPerMeter = physicalPixelsPerMeter
    }

    /// Channels in the file: 1 for gray, 2 for gray + alpha, 3 for RGB and palette, 4 for RGBA.
    public var channelCount: Int {
        switch colorType {
        case .gray: 1
        case .grayAlpha: 2
        case .rgb, .palette: 3
        case .rgba: 4
        }
    }

    /// Whether decoded pixels carry transparency: an alpha channel or a `tRNS` chunk.
    public var hasAlpha: Bool {
        colorType == .grayAlpha || colorType == .rgba || hasTransparencyChunk
    }

    /// Whether ``PNG/decode(_:limits:)`` returns ``ImagePixels/gray8(_:)`` (gray without `tRNS`) rather than RGBA8.
    var decodesToGray: Bool { colorType == .gray && !hasTransparencyChunk }
}
