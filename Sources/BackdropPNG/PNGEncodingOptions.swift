// PNGEncodingOptions: compression level and the colour and density chunks the PNG encoder writes.
// SPDX-License-Identifier: Apache-2.0

/// How `PNG.encode(_:options:)` writes a file.
///
/// The defaults write zlib level 6 and no colour or density chunks (an untagged file, read as sRGB).
public struct PNGEncodingOptions: Sendable, Hashable {
    /// zlib compression level, 0 (stored, fastest) … 9 (smallest). Default 6.
    /// Values outside 0…9 make encoding throw ``ParameterError/invalidValue(name:value:expected:)``.
    public var compressionLevel: Int = 6
    /// An ICC profile written as `iCCP` under the name "ICC profile", when set. libpng validates it: a profile
    /// that is malformed or whose colour space does not match the image makes encoding throw.
    public var iccProfile: [UInt8]? = nil
    /// When set (0…3) and no ``iccProfile`` is given, an `sRGB` chunk with this rendering intent is written.
    public var sRGBIntent: UInt8? = nil
    /// When set, a `pHYs` chunk in pixels per metre (each side 1 … 2 147 483 647).
    public var density: PixelDensity? = nil

    /// Creates options; every parameter defaults to the value documented on its property.
    public init(
        compressionLevel: Int = 6, iccProfile: [UInt8]? = nil, sRGBIntent: UInt8? = nil, density: PixelDensity? = nil
    ) {
        self.compressionLevel = compressionLevel
        self.iccProfile = iccProfile
        self.sRGBIntent = sRGBIntent
        self.density = density
    }
}
