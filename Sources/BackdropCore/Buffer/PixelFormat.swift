// Pixel formats: the channel layout and alpha representation carried in a buffer's type.
// SPDX-License-Identifier: Apache-2.0

/// How a pixel format stores transparency.
public enum AlphaMode: String, Sendable, Hashable {
    /// No alpha channel: every pixel is opaque.
    case none
    /// Colour channels hold the colour as seen at full opacity; alpha is separate ("straight", "unassociated").
    case straight
    /// Colour channels are already multiplied by alpha ("associated"): `c' = round(c · a / 255)`.
    case premultiplied
}

/// A pixel layout with 8-bit components, used as the type parameter of ``PixelBuffer`` and ``PixelView``.
///
/// Formats are caseless enums: they exist only as types, so a buffer's alpha representation is checked
/// by the compiler. All components are sRGB-encoded `UInt8` unless an operation says otherwise.
public protocol PixelFormat: Sendable {
    /// The value of one pixel as returned by ``PixelBuffer/subscript(_:_:)``.
    associatedtype Pixel: Hashable, Sendable
    /// Number of interleaved 8-bit channels per pixel.
    static var channelCount: Int { get }
    /// How the format represents transparency.
    static var alpha: AlphaMode { get }
    /// A short name used in messages and benchmark labels, such as `RGBA8`.
    static var name: String { get }
    /// Builds a pixel from its channels (`channelCount` values).
    static func pixel(from channels: some Collection<UInt8>) -> Pixel
    /// The channels of a pixel, in memory order.
    static func channels(of pixel: Pixel) -> [UInt8]
}

/// Four 8-bit channels R, G, B, A in memory order, sRGB-encoded, with straight (unassociated) alpha.
///
/// This is what decoders return and encoders accept.
public enum RGBA8: PixelFormat {
    public typealias Pixel = SIMD4<UInt8>
    public static var channelCount: Int { 4 }
    public static var alpha: AlphaMode { .straight }
    public static var name: String { "RGBA8" }
    public static func pixel(from channels: some Collection<UInt8>) -> SIMD4<UInt8> { SIMD4(channels) }
    public static func channels(of pixel: SIMD4<UInt8>) -> [UInt8] { [pixel.x, pixel.y, pixel.z, pixel.w] }
}

/// Four 8-bit channels R, G, B, A in memory order, sRGB-encoded, with colour premultiplied by alpha.
///
/// Every colour channel is at most its pixel's alpha. Resampling and blurs work in this format, so that
/// transparent pixels never bleed colour into their neighbours.
public enum PremultipliedRGBA8: PixelFormat {
    public typealias Pixel = SIMD4<UInt8>
    public static var channelCount: Int { 4 }
    public static var alpha: AlphaMode { .premultiplied }
    public static var name: String { "PremultipliedRGBA8" }
    public static func pixel(from channels: some Collection<UInt8>) -> SIMD4<UInt8> { SIMD4(channels) }
    public static func channels(of pixel: SIMD4<UInt8>) -> [UInt8] { [pixel.x, pixel.y, pixel.z, pixel.w] }
}

/// One 8-bit channel: a grayscale image or an alpha matte (0 transparent, 255 opaque).
public enum Gray8: PixelFormat {
    public typealias Pixel = UInt8
    public static var channelCount: Int { 1 }
    public static var alpha: AlphaMode { .none }
    public static var name: String { "Gray8" }
    public static func pixel(from channels: some Collection<UInt8>) -> UInt8 { channels.first ?? 0 }
    public static func channels(of pixel: UInt8) -> [UInt8] { [pixel] }
}

/// 8-bit CMYK as a print separation stores it: cyan, magenta, yellow, black, 0 = no ink, 255 = full ink.
///
/// Only a colour conversion reads it: decoders hand CMYK data to the colour-management step, which turns it
/// into ``RGBA8``. No operation accepts it.
public enum CMYK8: PixelFormat {
    public typealias Pixel = SIMD4<UInt8>
    public static var channelCount: Int { 4 }
    public static var alpha: AlphaMode { .none }
    public static var name: String { "CMYK8" }
    public static func pixel(from channels: some Collection<UInt8>) -> SIMD4<UInt8> { SIMD4(channels) }
    public static func channels(of pixel: SIMD4<UInt8>) -> [UInt8] { [pixel.x, pixel.y, pixel.z, pixel.w] }
}
