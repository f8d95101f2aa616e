// Image and ImageMetadata: a decoded image and the facts about the file it came from.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore

/// What Backdrop learned about an encoded image: the header facts and colour tags.
///
/// `inspect --json` prints these; the keys are documented in the README.
public struct ImageMetadata: Sendable, Hashable {
    /// The sniffed file format.
    public var format: ImageFormat
    /// Width in pixels as stored.
    public var width: Int
    /// Height in pixels as stored.
    public var height: Int
    /// Bits per channel as stored (1, 2, 4, 8 or 16 for PNG).
    public var bitDepth: Int
    /// Channels as stored: 1 gray, 2 gray + alpha, 3 colour, 4 colour + alpha (palette images count 3, or 4
    /// with transparency).
    public var channels: Int
    /// Whether the decoded pixels carry transparency (an alpha channel or a transparency chunk).
    public var hasAlpha: Bool
    /// A short description of the stored layout, such as `palette` or `gray-alpha`.
    public var colorModel: String
    /// Whether the file is interlaced or progressive.
    public var interlaced: Bool
    /// Colour facts from the file (ICC profile, PNG colour chunks), not yet judged.
    public var colorInfo: ColorInfo
    /// EXIF orientation (1–8) as tagged in the file, if any.
    public var exifOrientation: Int?
    /// Horizontal and vertical resolution in dots per inch, if the file states it.
    public var dpi: Resolution?
    /// The orientation decoding applies (the EXIF value when ``DecodingOptions/applyOrientation`` is on and the
    /// format's orientation is applied from EXIF), `nil` when pixels come out as stored.
    public var appliedOrientation: Int? = nil
    /// Whether the file is animated (decoding returns its first frame).
    public var animated: Bool = false
    /// Frames in the file (1 for a still image).
    public var frameCount: Int = 1
    /// Whether decoding converted the pixels to sRGB (the `convert` colour policy on an image that was not sRGB).
    /// ``colorInfo`` still describes the file; the pixels are sRGB.
    public var convertedToSRGB: Bool = false

    /// Resolution in dots per inch.
    public struct Resolution: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public init(
        format: ImageFormat, width: Int, height: Int, bitDepth: Int, channels: Int, hasAlpha: Bool,
        colorModel: String, interlaced: Bool = false, colorInfo: ColorInfo = .untagged,
        exifOrientation: Int? = nil, dpi: Resolution? = nil
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.channels = channels
        self.hasAlpha = hasAlpha
        self.colorModel = colorModel
        self.interlaced = interlaced
        self.colorInfo = colorInfo
        self.exifOrientation = exifOrientation
        self.dpi = dpi
    }
}

/// A decoded image: its pixels (8-bit, straight alpha, sRGB-encoded values as stored) and its metadata.
public struct Image: Sendable {
    public var pixels: ImagePixels
    public var metadata: ImageMetadata

    public init(pixels: ImagePixels, metadata: ImageMetadata) {
        self.pixels = pixels
        self.metadata = metadata
    }

    public var width: Int { pixels.width }
    public var height: Int { pixels.height }
    public var size: PixelSize { pixels.size }
}
