// The sRGB check: classify a file's colour facts (ICC colorants and curves, PNG chunks, nclx) and give a verdict.
// SPDX-License-Identifier: Apache-2.0

/// The kind of colour space an image is encoded in.
public enum ColorClass: String, Sendable, Hashable, CaseIterable {
    /// IEC 61966-2.1 sRGB: BT.709 primaries, D65 white, the sRGB curve.
    case sRGB = "srgb"
    /// Display P3: DCI-P3 primaries, D65 white (any curve; Apple's uses the sRGB curve).
    case displayP3 = "display-p3"
    /// Adobe RGB (1998) and compatible profiles.
    case adobeRGB = "adobe-rgb"
    /// ProPhoto RGB (ROMM RGB), D50 white.
    case proPhoto = "prophoto"
    /// ITU-R BT.2020 primaries.
    case rec2020 = "rec2020"
    /// An RGB space that is none of the above (including sRGB primaries with another tone curve).
    case otherRGB = "other-rgb"
    case gray
    case cmyk
    /// A profile of another colour space (Lab, XYZ, n-colour) or device class Backdrop does not convert from.
    case other
    /// No colour information at all.
    case untagged
    /// An embedded ICC profile that could not be read.
    case malformed

    /// A human-readable name, used in messages.
    public var displayName: String {
        switch self {
        case .sRGB: "sRGB"
        case .displayP3: "Display P3"
        case .adobeRGB: "Adobe RGB (1998)"
        case .proPhoto: "ProPhoto RGB"
        case .rec2020: "Rec. 2020"
        case .otherRGB: "other RGB"
        case .gray: "grayscale"
        case .cmyk: "CMYK"
        case .other: "other colour space"
        case .untagged: "untagged"
        case .malformed: "malformed ICC profile"
        }
    }
}

/// Where the colour facts came from.
public enum ColorSource: String, Sendable, Hashable, CaseIterable {
    /// An embedded ICC profile.
    case icc
    /// PNG `sRGB`, `gAMA` or `cHRM` chunks (without `iCCP`).
    case pngChunks = "png-chunks"
    /// A HEIF `colr` box of type `nclx`.
    case nclx
    /// Nothing (or, for a CMYK JPEG, no profile).
    case untagged
}

/// The outcome of the sRGB check.
public enum ColorVerdict: Hashable, Sendable {
    /// Tagged as sRGB (a profile, chunk or nclx code that matches sRGB within tolerance).
    case sRGB
    /// No colour information: treated as sRGB, as browsers and the services do.
    case untaggedAssumedSRGB
    /// Anything else; `reason` says why in a short clause.
    case notSRGB(reason: String)

    /// `srgb`, `untagged-assumed-srgb` or `not-srgb` (the `inspect --json` spelling).
    public var name: String {
        switch self {
        case .sRGB: "srgb"
        case .untaggedAssumedSRGB: "untagged-assumed-srgb"
        case .notSRGB: "not-srgb"
        }
    }
}

/// A tone curve named by a standard, for colour described without an ICC profile (PNG `gAMA`, nclx).
public enum TransferFunction: Hashable, Sendable {
    /// IEC 61966-2.1 (sRGB): linear segment below 0.04045, then `((x + 0.055) / 1.055)^2.4`.
    case sRGB
    /// ITU-R BT.709 / BT.2020 (10-bit): linear below 0.081, then `((x + 0.099) / 1.099)^(1 / 0.45)`.
    case bt709
    /// A pure power `y = x^γ` (PNG `gAMA` stores 1/γ).
    case gamma(Double)
}

/// An RGB space given by chromaticities and a tone curve, for colour tags that are not ICC profiles.
public struct RGBColorDescription: Hashable, Sendable {
    /// White point chromaticity (x, y).
    public var white: [Double]
    /// Red, green, blue chromaticities: rx, ry, gx, gy, bx, by.
    public var primaries: [Double]
    /// The tone curve.
    public var transfer: TransferFunction
    /// Creates a description from white (x, y), primaries (rx, ry, gx, gy, bx, by) and a curve.
    public init(white: [Double], primaries: [Double], transfer: TransferFunction) {
        self.white = white
        self.primaries = primaries
        self.transfer = transfer
    }
}

/// The sRGB check's result for one image: class, source, description and verdict.
public struct ColorAssessment: Hashable, Sendable {
    /// The class of colour space.
    public var colorClass: ColorClass
    /// Where the facts came from.
    public var source: ColorSource
    /// The ICC profile's `desc` text, when there is one.
    public var profileDescription: String?
    /// sRGB, untagged (assumed sRGB) or not sRGB.
    public var verdict: ColorVerdict
    /// For non-ICC sources that are not sRGB: the space to convert from (built into a profile by the converter).
    public var rgbDescription: RGBColorDescription?

    /// Creates an assessment; the check makes these, tests and callers may too.
    public init(
        colorClass: ColorClass, source: ColorSource, profileDescription: String? = nil, verdict: ColorVerdict,
        rgbDescription: RGBColorDescription? = nil
    ) {
        self.colorClass = colorClass
        self.source = source
        self.profileDescription = profileDescription
        self.verdict = verdict
        self.rgbDescription = rgbDescription
    }

    /// Whether the stored values can be used as sRGB without conversion.
    public var isSRGB: Bool { verdict == .sRGB || verdict == .untaggedAssumedSRGB }

    /// The class and description in one phrase, for messages: `Display P3 ('Display P3', icc)`.
    public var summary: String {
        var text = colorClass.displayName
        if let profileDescription { text += " ('\(profileDescription)')" }
        return text + " from \(source.rawValue)"
    }
}

// MARK: - The check

/// The tolerances of the sRGB check, stated once.
public enum ColorTolerance {
    /// Largest difference allowed in any X, Y or Z of the three D50-adapted colorants: 0.005 (the difference
    /// between sRGB and Display P3 red is 0.08; rounding and adaptation variants stay below 0.001).
    public static let colorant = 0.005
    /// Largest difference allowed between a tone curve and the sRGB curve, measured after re-encoding the
    /// curve's output with the sRGB curve, in 8-bit levels over 1 024 samples: 1.0 (gamma 2.2 differs by 4.5).
    public static let toneCurveLevels = 1.0
    /// PNG `gAMA`: 45 455 ± 500 (γ 2.175 … 2.225) counts as sRGB-like.
    public static let pngGamma: UInt32 = 500
    /// PNG `cHRM`: each of the eight values within 1 000 (0.01) of sRGB's.
    public static let pngChromaticity: UInt32 = 1_000
}

extension ColorInfo {
    /// Classifies these facts and decides whether they mean sRGB.
    ///
    /// Precedence: an ICC profile, then the PNG `sRGB` chunk, then `gAMA`/`cHRM`, then HEIF `nclx`. An ICC
    /// profile is sRGB when its colour space is RGB, its three colorants match sRGB's D50-adapted colorants within
    /// ``ColorTolerance/colorant`` (colorants stored unadapted next to a non-D50 `wtpt` are adapted with Bradford
    /// first) and each of its three curves matches the sRGB curve within ``ColorTolerance/toneCurveLevels``.
    /// The description string is reported but never decides. LUT-only RGB profiles are "other RGB".
    ///
    /// - Complexity: O(profile size); allocates the parsed tag table.
    public func assessment() -> ColorAssessment {
        if let icc = iccProfile { return Self.assess(icc: icc) }
        if pngSRGBIntent != nil { return ColorAssessment(colorClass: .sRGB, source: .pngChunks, verdict: .sRGB) }
        if pngGamma != nil || pngChromaticities != nil { return assessPNGChunks() }
        if let nclx { return Self.assess(nclx) }
        return ColorAssessment(colorClass: .untagged, source: .untagged, verdict: .untaggedAssumedSRGB)
    }

    private func assessPNGChunks() -> ColorAssessment {
        let srgbChromaticities: [UInt32] = [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000]
        var chromaticitiesMatch = true
        var description = RGBColorDescription(
            white: [0.3127, 0.3290], primaries: RGBSpace.sRGB.primaries, transfer: .sRGB)
        if let c = pngChromaticities, c.count == 8 {
            chromaticitiesMatch = zip(c, srgbChromaticities).allSatisfy {
                ($0 > $1 ? $0 - $1 : $1 - $0) <= ColorTolerance.pngChromaticity
            }
            description.white = c[0..<2].map { Double($0) / 100_000 }
            description.primaries = c[2..<8].map { Double($0) / 100_000 }
        }
        var gammaMatches = true
        if let g = pngGamma {
            gammaMatches = (g > 45455 ? g - 45455 : 45455 - g) <= ColorTolerance.pngGamma
            if g > 0 { description.transfer = .gamma(100_000 / Double(g)) }
        }
        if chromaticitiesMatch && gammaMatches {
            return ColorAssessment(colorClass: .sRGB, source: .pngChunks, verdict: .sRGB)
        }
        if pngGamma == 0 {
            return ColorAssessment(
                colorClass: .malformed, source: .pngChunks, verdict: .notSRGB(reason: "gAMA of 0"))
        }
        var colorClass = RGBSpace.classify(chromaticities: description.white + description.primaries)
        if colorClass == .sRGB { colorClass = .otherRGB }
        let reason =
            chromaticitiesMatch
            ? "gAMA \(pngGamma ?? 0) is not sRGB's 45455" : "cHRM chromaticities are not sRGB's"
        return ColorAssessment(
            colorClass: colorClass, source: .pngChunks, verdict: .notSRGB(reason: reason), rgbDescription: description)
    }

    /// nclx (ITU-T H.273): primaries 1 with transfer 13 (or 2, unspecified) is sRGB; primaries 2 with transfer 2
    /// says nothing (untagged); primaries 12 is Display P3, 9 Rec. 2020.
    static func assess(_ nclx: NCLX) -> ColorAssessment {
        let (p, t) = (nclx.colourPrimaries, nclx.transferCharacteristics)
        if p == 2 && t == 2 {
            return ColorAssessment(colorClass: .untagged, source: .nclx, verdict: .untaggedAssumedSRGB)
        }
        if (p == 1 || p == 2) && (t == 13 || t == 2) {
            return ColorAssessment(colorClass: .sRGB, source: .nclx, verdict: .sRGB)
        }
        let space: RGBSpace? =
            switch p {
            case 1, 2: .sRGB
            case 12: .displayP3
            case 9: .rec2020
            default: nil
            }
        let transfer: TransferFunction? =
            switch t {
            case 13, 2: .sRGB
            case 1, 6, 14, 15: .bt709
            case 4: .gamma(2.2)
            case 5: .gamma(2.8)
            case 8: .gamma(1)
            default: nil
            }
        var colorClass = space?.colorClass ?? .otherRGB
        if colorClass == .sRGB { colorClass = .otherRGB }
        let reason = "nclx primaries \(p), transfer \(t)"
        guard let space, let transfer else {
            return ColorAssessment(colorClass: colorClass, source: .nclx, verdict: .notSRGB(reason: reason))
        }
        return ColorAssessment(
            colorClass: colorClass, source: .nclx, verdict: .notSRGB(reason: reason),
            rgbDescription: RGBColorDescription(
                white: [0.3127, 0.3290], primaries: space.primaries, transfer: transfer)
        )
    }

    /// Classifies an ICC profile; a profile that cannot be read is ``ColorClass/malformed``.
    public static func assess(icc bytes: [UInt8]) -> ColorAssessment {
        let profile: ICCProfile
        do { profile = try ICCProfile(bytes) } catch {
            return ColorAssessment(
                colorClass: .malformed, source: .icc, verdict: .notSRGB(reason: error.description))
        }
        let description = profile.profileDescription
        func result(_ c: ColorClass, _ reason: String?) -> ColorAssessment {
            ColorAssessment(
                colorClass: c, source: .icc, profileDescription: description,
                verdict: reason.map { .notSRGB(reason: $0) } ?? .sRGB)
        }
        switch profile.colorSpace {
        case "GRAY": return result(.gray, "a grayscale profile")
        case "CMYK": return result(.cmyk, "a CMYK profile")
        case "RGB ": break
        default: return result(.other, "a '\(profile.colorSpace)' profile")
        }
        do {
            guard let colorants = try profile.adaptedColorants() else {
                return result(.otherRGB, "an RGB profile without colorant tags (LUT-based)")
            }
            let space = RGBSpace.classify(colorants: colorants)
            guard space == .sRGB else {
                return result(space, "colorants of \(space.displayName), not sRGB's")
            }
            for tag in ["rTRC", "gTRC", "bTRC"] {
                guard let curve = try profile.toneCurve(tag) else { return result(.otherRGB, "no '\(tag)' curve") }
                let error = RGBSpace.sRGBCurveError(curve)
                if error > ColorTolerance.toneCurveLevels {
                    let rounded = (error * 10).rounded() / 10
                    return result(.otherRGB, "sRGB colorants but '\(tag)' is \(rounded) levels off the sRGB curve")
                }
            }
            return result(.sRGB, nil)
        } catch {
            return ColorAssessment(
                colorClass: .malformed, source: .icc, profileDescription: description,
                verdict: .notSRGB(reason: error.description))
        }
    }
}

extension ICCProfile {
    /// The three colorants in D50 PCS terms (rXYZ, gXYZ, bXYZ), `nil` when the profile has none.
    ///
    /// ICC v4 and well-made v2 profiles store them adapted to D50 already (their sum is D50, and `chad` records
    /// the adaptation). Some v2 profiles store them relative to a D65 `wtpt`: those are adapted to D50 with
    /// the Bradford transform here, so both forms compare alike.
    func adaptedColorants() throws(ColorSpaceError) -> [XYZ]? {
        guard let r = try xyz("rXYZ"), let g = try xyz("gXYZ"), let b = try xyz("bXYZ") else { return nil }
        let sum = XYZ(x: r.x + g.x + b.x, y: r.y + g.y + b.y, z: r.z + g.z + b.z)
        func close(_ a: XYZ, _ b: XYZ) -> Bool {
            abs(a.x - b.x) < 0.01 && abs(a.y - b.y) < 0.01 && abs(a.z - b.z) < 0.01
        }
        if !close(sum, .d50), let white = try xyz("wtpt"), !close(white, .d50), close(sum, white) {
            let adapt = Matrix3.bradford(from: white, to: .d50)
            return [r, g, b].map { adapt.apply($0) }
        }
        return [r, g, b]
    }
}

// MARK: - Known RGB spaces

/// The RGB spaces the check names, by primaries and white point.
enum RGBSpace: CaseIterable {
    case sRGB, displayP3, adobeRGB, proPhoto, rec2020

    var colorClass: ColorClass {
        switch self {
        case .sRGB: .sRGB
        case .displayP3: .displayP3
        case .adobeRGB: .adobeRGB
        case .proPhoto: .proPhoto
        case .rec2020: .rec2020
        }
    }

    /// rx, ry, gx, gy, bx, by.
    var primaries: [Double] {
        switch self {
        case .sRGB: [0.64, 0.33, 0.30, 0.60, 0.15, 0.06]
        case .displayP3: [0.680, 0.320, 0.265, 0.690, 0.150, 0.060]
        case .adobeRGB: [0.64, 0.33, 0.21, 0.71, 0.15, 0.06]
        case .proPhoto: [0.7347, 0.2653, 0.1596, 0.8404, 0.0366, 0.0001]
        case .rec2020: [0.708, 0.292, 0.170, 0.797, 0.131, 0.046]
        }
    }

    /// White point (x, y): D65, or D50 for ProPhoto.
    var white: [Double] { self == .proPhoto ? [0.3457, 0.3585] : [0.3127, 0.3290] }

    /// The colorants an ICC profile of this space stores: the RGB → XYZ columns, Bradford-adapted to D50.
    var d50Colorants: [XYZ] {
        let whiteXYZ = XYZ(chromaticity: white[0], white[1])
        let toXYZ = Matrix3.rgbToXYZ(primaries: primaries, white: whiteXYZ)
        let adapt = Matrix3.bradford(from: whiteXYZ, to: .d50)
        return (0..<3).map { adapt.apply(XYZ(x: toXYZ.m[$0], y: toXYZ.m[3 + $0], z: toXYZ.m[6 + $0])) }
    }

    /// The space whose D50 colorants all lie within ``ColorTolerance/colorant`` of `colorants`, else other RGB.
    static func classify(colorants: [XYZ]) -> ColorClass {
        for space in allCases {
            let reference = space.d50Colorants
            let distance =
                zip(colorants, reference).map { a, b in
                    max(abs(a.x - b.x), abs(a.y - b.y), abs(a.z - b.z))
                }.max() ?? .infinity
            if distance <= ColorTolerance.colorant { return space.colorClass }
        }
        return .otherRGB
    }

    /// The space whose white and primaries (wx, wy, rx, ry, gx, gy, bx, by) are each within 0.01, else other RGB.
    static func classify(chromaticities c: [Double]) -> ColorClass {
        for space in allCases where zip(c, space.white + space.primaries).allSatisfy({ abs($0 - $1) <= 0.01 }) {
            return space.colorClass
        }
        return .otherRGB
    }

    /// The largest difference, in 8-bit levels, between `x` and the sRGB encoding of `curve(x)` over 1 024
    /// samples of 0…1: how far the curve is from the sRGB curve, as an 8-bit encoder would see it.
    static func sRGBCurveError(_ curve: ToneCurve) -> Double {
        var worst = 0.0
        for i in 0...1023 {
            let x = Double(i) / 1023
            worst = max(worst, abs(encodeSRGB(curve(x)) - x) * 255)
        }
        return worst
    }

    /// The sRGB encoding (inverse EOTF) of a linear value in 0…1.
    static func encodeSRGB(_ y: Double) -> Double {
        y <= 0.003_130_8 ? 12.92 * y : 1.055 * ToneCurve.power(y, 1 / 2.4) - 0.055
    }
}

/// A row-major 3 × 3 matrix for colorimetry.
struct Matrix3 {
    var m: [Double]

    func apply(_ v: XYZ) -> XYZ {
        XYZ(
            x: m[0] * v.x + m[1] * v.y + m[2] * v.z, y: m[3] * v.x + m[4] * v.y + m[5] * v.z,
            z: m[6] * v.x + m[7] * v.y + m[8] * v.z)
    }

    static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        var out = [Double](repeating: 0, count: 9)
        for r in 0..<3 {
            for c in 0..<3 { out[r * 3 + c] = (0..<3).reduce(0) { $0 + a.m[r * 3 + $1] * b.m[$1 * 3 + c] } }
        }
        return Matrix3(m: out)
    }

    var inverse: Matrix3 {
        let (a, b, c, d, e, f, g, h, i) = (m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8])
        let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
        let adjugate = [
            e * i - f * h, c * h - b * i, b * f - c * e,
            f * g - d * i, a * i - c * g, c * d - a * f,
            d * h - e * g, b * g - a * h, a * e - b * d,
        ]
        return Matrix3(m: adjugate.map { $0 / det })
    }

    static func diagonal(_ v: XYZ) -> Matrix3 { Matrix3(m: [v.x, 0, 0, 0, v.y, 0, 0, 0, v.z]) }

    /// The Bradford cone response matrix.
    static let bradfordCone = Matrix3(m: [
        0.8951, 0.2664, -0.1614, -0.7502, 1.7135, 0.0367, 0.0389, -0.0685, 1.0296,
    ])

    /// Bradford chromatic adaptation from white `source` to white `destination`.
    static func bradford(from source: XYZ, to destination: XYZ) -> Matrix3 {
        let s = bradfordCone.apply(source), d = bradfordCone.apply(destination)
        let scale = diagonal(XYZ(x: d.x / s.x, y: d.y / s.y, z: d.z / s.z))
        return bradfordCone.inverse * scale * bradfordCone
    }

    /// RGB → XYZ for the given primaries (rx, ry, gx, gy, bx, by) and white (Y = 1).
    static func rgbToXYZ(primaries p: [Double], white: XYZ) -> Matrix3 {
        let r = XYZ(chromaticity: p[0], p[1]), g = XYZ(chromaticity: p[2], p[3]), b = XYZ(chromaticity: p[4], p[5])
        let columns = Matrix3(m: [r.x, g.x, b.x, r.y, g.y, b.y, r.z, g.z, b.z])
        let s = columns.inverse.apply(white)
        return Matrix3(m: [
            r.x * s.x, g.x * s.y, b.x * s.z, r.y * s.x, g.y * s.y, b.y * s.z, r.z * s.x, g.z * s.y, b.z * s.z,
        ])
    }
}
