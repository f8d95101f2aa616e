// ColorInfo: the colour facts a codec found in a file, before any verdict about sRGB.
// SPDX-License-Identifier: Apache-2.0

/// What a file says about its colour encoding. Codecs fill this in; they never decide what it means.
///
/// The verdict (sRGB, assumed sRGB, or not sRGB) is made from these facts by the colour check, so every
/// codec is judged by the same rules.
public struct ColorInfo: Hashable, Sendable {
    /// An embedded ICC profile (PNG `iCCP`, JPEG APP2, WebP `ICCP`, HEIF `colr/prof`), raw bytes.
    public var iccProfile: [UInt8]?
    /// PNG `sRGB` chunk rendering intent (0–3), when the chunk is present.
    public var pngSRGBIntent: UInt8?
    /// PNG `gAMA`, as the file stores it: gamma × 100 000 (45 455 for sRGB-like 1/2.2).
    public var pngGamma: UInt32?
    /// PNG `cHRM`: white point and primaries ×100 000, in the order wx, wy, rx, ry, gx, gy, bx, by.
    public var pngChromaticities: [UInt32]?
    /// HEIF `nclx`: colour primaries, transfer characteristics, matrix coefficients (ITU-T H.273 codes).
    public var nclx: NCLX?

    public init(
        iccProfile: [UInt8]? = nil, pngSRGBIntent: UInt8? = nil, pngGamma: UInt32? = nil,
        pngChromaticities: [UInt32]? = nil, nclx: NCLX? = nil
    ) {
        self.iccProfile = iccProfile
        self.pngSRGBIntent = pngSRGBIntent
        self.pngGamma = pngGamma
        self.pngChromaticities = pngChromaticities
        self.nclx = nclx
    }

    /// No colour information at all.
    public static let untagged = ColorInfo()

    /// `true` when the file carries no colour information.
    public var isUntagged: Bool { self == .untagged }

    /// ITU-T H.273 colour description as HEIF's `nclx` box carries it.
    public struct NCLX: Hashable, Sendable {
        public var colourPrimaries: UInt16
        public var transferCharacteristics: UInt16
        public var matrixCoefficients: UInt16
        public var fullRange: Bool
        public init(
            colourPrimaries: UInt16, transferCharacteristics: UInt16, matrixCoefficients: UInt16, fullRange: Bool
        ) {
            self.colourPrimaries = colourPrimaries
            self.transferCharacteristics = transferCharacteristics
            self.matrixCoefficients = matrixCoefficients
            self.fullRange = fullRange
        }
    }
}
