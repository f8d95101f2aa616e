// ICCProfile: a defensive reader for the ICC header, tag table and the tags the sRGB check needs.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore

/// The parts of an ICC profile (ICC.1:2001-04 v2, ICC.1:2010 v4) that decide whether it describes sRGB.
///
/// Every offset and length is checked against the profile's size before it is read: damaged data throws
/// ``ColorSpaceError/malformedProfile(detail:)``, never traps. Only the tags the check uses are decoded
/// (`rXYZ`, `gXYZ`, `bXYZ`, `wtpt`, `chad`, `rTRC`, `gTRC`, `bTRC`, `kTRC`, `desc`); the others are listed
/// in ``tags`` by signature only.
public struct ICCProfile: Hashable, Sendable {
    /// The profile's declared size in bytes (header field 0).
    public var size: Int
    /// Major and minor version, for example `(2, 1)` or `(4, 3)`.
    public var version: (major: Int, minor: Int)
    /// Device class signature: `mntr`, `scnr`, `prtr`, `spac`, `link`, `abst` or `nmcl`.
    public var deviceClass: String
    /// Data colour space signature, for example `RGB `, `GRAY`, `CMYK`, `Lab `.
    public var colorSpace: String
    /// Profile connection space signature: `XYZ ` or `Lab `.
    public var connectionSpace: String
    /// The tag table: signature → (offset, size), each range inside the profile.
    public var tags: [String: Range<Int>]
    /// The description from `desc` (v2 `desc` ASCII or v4 `mluc`, first record), trimmed; `nil` when absent
    /// or unreadable.
    public var profileDescription: String?

    private let bytes: [UInt8]

    /// Two profiles are equal when their bytes are.
    public static func == (a: ICCProfile, b: ICCProfile) -> Bool { a.bytes == b.bytes }
    /// Hashes the profile's bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Parses the header and tag table of `bytes`.
    ///
    /// - Throws: ``ColorSpaceError/malformedProfile(detail:)`` when the data is shorter than a header, the
    ///   declared size exceeds the data or is below 132 bytes, the `acsp` signature is missing, or a tag
    ///   entry points outside the profile.
    /// - Complexity: O(tag count); copies nothing but the tag table (the bytes are shared copy-on-write).
    public init(_ bytes: [UInt8]) throws(ColorSpaceError) {
        guard bytes.count >= 132 else { throw .malformedProfile(detail: "\(bytes.count) bytes, shorter than a header") }
        let declared = Int(Self.u32(bytes, 0))
        guard declared >= 132, declared <= bytes.count else {
            throw .malformedProfile(detail: "declared size \(declared) with \(bytes.count) bytes of data")
        }
        guard Self.signature(bytes, 36) == "acsp" else { throw .malformedProfile(detail: "missing 'acsp' signature") }
        self.bytes = bytes
        size = declared
        version = (Int(bytes[8]), Int(bytes[9] >> 4))
        deviceClass = Self.signature(bytes, 12)
        colorSpace = Self.signature(bytes, 16)
        connectionSpace = Self.signature(bytes, 20)
        let count = Int(Self.u32(bytes, 128))
        guard count <= (declared - 132) / 12 else {
            throw .malformedProfile(detail: "tag count \(count) does not fit in \(declared) bytes")
        }
        var table = [String: Range<Int>]()
        for index in 0..<count {
            let entry = 132 + index * 12
            let offset = Int(Self.u32(bytes, entry + 4))
            let length = Int(Self.u32(bytes, entry + 8))
            // Both are below 2^32, so the sum cannot overflow Int on a 64-bit platform; still checked.
            let (end, overflow) = offset.addingReportingOverflow(length)
            guard !overflow, offset >= 128, length >= 8, end <= declared else {
                throw .malformedProfile(
                    detail: "tag '\(Self.signature(bytes, entry))' at \(offset)+\(length) outside \(declared) bytes")
            }
            table[Self.signature(bytes, entry)] = offset..<end
        }
        tags = table
        profileDescription = try? readDescription()
    }

    // MARK: - Tags

    /// The type signature of tag `name` (for example `curv`, `para`, `XYZ `, `mAB `), `nil` when absent.
    public func tagType(_ name: String) -> String? {
        tags[name].map { Self.signature(bytes, $0.lowerBound) }
    }

    /// An `XYZType` tag's first value, for example a colorant or the media white point.
    ///
    /// - Throws: ``ColorSpaceError/malformedProfile(detail:)`` when the tag has another type or is too short.
    public func xyz(_ name: String) throws(ColorSpaceError) -> XYZ? {
        guard let range = tags[name] else { return nil }
        guard Self.signature(bytes, range.lowerBound) == "XYZ ", range.count >= 20 else {
            throw .malformedProfile(detail: "tag '\(name)' is not an XYZ value")
        }
        let base = range.lowerBound + 8
        return XYZ(x: fixed(base), y: fixed(base + 4), z: fixed(base + 8))
    }

    /// The `chad` chromatic adaptation matrix (row-major, 3 × 3), `nil` when absent.
    public func chromaticAdaptation() throws(ColorSpaceError) -> [Double]? {
        guard let range = tags["chad"] else { return nil }
        guard Self.signature(bytes, range.lowerBound) == "sf32", range.count >= 8 + 36 else {
            throw .malformedProfile(detail: "tag 'chad' is not a 3 × 3 s15Fixed16 array")
        }
        return (0..<9).map { fixed(range.lowerBound + 8 + $0 * 4) }
    }

    /// The tone curve in tag `name` (`curv` or `para`), `nil` when absent.
    ///
    /// - Throws: ``ColorSpaceError/malformedProfile(detail:)`` for another tag type, an unknown `para`
    ///   function, or a table longer than its tag.
    public func toneCurve(_ name: String) throws(ColorSpaceError) -> ToneCurve? {
        guard let range = tags[name] else { return nil }
        let start = range.lowerBound
        switch Self.signature(bytes, start) {
        case "curv":
            guard range.count >= 12 else { throw .malformedProfile(detail: "tag '\(name)' shorter than a curve") }
            let entries = Int(Self.u32(bytes, start + 8))
            if entries == 0 { return .gamma(1) }
            if entries == 1 {
                guard range.count >= 14 else { throw .malformedProfile(detail: "tag '\(name)' gamma cut short") }
                return .gamma(Double(Self.u16(bytes, start + 12)) / 256)
            }
            guard entries <= (range.count - 12) / 2 else {
                throw .malformedProfile(detail: "tag '\(name)' claims \(entries) entries")
            }
            return .table((0..<entries).map { Self.u16(bytes, start + 12 + $0 * 2) })
        case "para":
            guard range.count >= 12 else { throw .malformedProfile(detail: "tag '\(name)' shorter than a curve") }
            let function = Int(Self.u16(bytes, start + 8))
            let counts = [1, 3, 4, 5, 7]
            guard function < counts.count else {
                throw .malformedProfile(detail: "tag '\(name)' has unknown parametric function \(function)")
            }
            guard range.count >= 12 + counts[function] * 4 else {
                throw .malformedProfile(detail: "tag '\(name)' parameters cut short")
            }
            return .parametric(function: function, (0..<counts[function]).map { fixed(start + 12 + $0 * 4) })
        default:
            throw .malformedProfile(detail: "tag '\(name)' is not a curve")
        }
    }

    /// The description text of `desc` (v2 `textDescriptionType` or v4 `multiLocalizedUnicodeType`).
    func readDescription() throws(ColorSpaceError) -> String? {
        guard let range = tags["desc"], range.count >= 12 else { return nil }
        let start = range.lowerBound
        var text: String
        switch Self.signature(bytes, start) {
        case "desc":
            let count = Int(Self.u32(bytes, start + 8))
            guard count <= range.count - 12 else { throw .malformedProfile(detail: "tag 'desc' text cut short") }
            text = String(decoding: bytes[(start + 12)..<(start + 12 + count)].prefix { $0 != 0 }, as: UTF8.self)
        case "mluc":
            guard range.count >= 16 + 12 else { return nil }
            let records = Int(Self.u32(bytes, start + 8))
            let recordSize = Int(Self.u32(bytes, start + 12))
            guard records >= 1, recordSize >= 12 else { return nil }
            let length = Int(Self.u32(bytes, start + 16 + 4))
            let offset = Int(Self.u32(bytes, start + 16 + 8))
            let (end, overflow) = offset.addingReportingOverflow(length)
            guard !overflow, end <= range.count else { throw .malformedProfile(detail: "tag 'desc' text cut short") }
            let units = stride(from: start + offset, to: start + end - 1, by: 2).map { Self.u16(bytes, $0) }
            text = String(decoding: units.prefix { $0 != 0 }, as: UTF16.self)
        default:
            return nil
        }
        text = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        return text.isEmpty ? nil : text
    }

    // MARK: - Reading numbers (callers have checked the ranges)

    private func fixed(_ offset: Int) -> Double { Double(Int32(bitPattern: Self.u32(bytes, offset))) / 65536 }

    static func u32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
    }

    static func u16(_ b: [UInt8], _ o: Int) -> UInt16 { UInt16(b[o]) << 8 | UInt16(b[o + 1]) }

    /// Four bytes as a signature; bytes outside printable ASCII become `?`.
    static func signature(_ b: [UInt8], _ o: Int) -> String {
        String(decoding: b[o..<(o + 4)].map { (0x20...0x7E).contains($0) ? $0 : 0x3F }, as: UTF8.self)
    }
}

/// A CIE XYZ triple.
public struct XYZ: Hashable, Sendable {
    /// X tristimulus value.
    public var x: Double
    /// Y (luminance), 1 for a white point.
    public var y: Double
    /// Z tristimulus value.
    public var z: Double
    /// Creates a triple.
    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
    /// The ICC profile connection space illuminant, D50 as ICC.1 states it: (0.9642, 1.0, 0.8249).
    public static let d50 = XYZ(x: 0.9642, y: 1.0, z: 0.8249)
    /// Chromaticity `(x, y)` to XYZ with `Y = 1`.
    public init(chromaticity x: Double, _ y: Double) { self.init(x: x / y, y: 1, z: (1 - x - y) / y) }
    var vector: [Double] { [x, y, z] }
}

/// An ICC tone curve: device value in 0…1 → linear value in 0…1.
public enum ToneCurve: Hashable, Sendable {
    /// `y = x^γ` (`curv` with one entry, or an empty `curv` for γ = 1).
    case gamma(Double)
    /// A sampled `curv`: evenly spaced entries 0…65535, linearly interpolated.
    case table([UInt16])
    /// A `para` curve: function type 0…4 and its parameters g, a, b, c, d, e, f (as many as the type has).
    case parametric(function: Int, [Double])

    /// The curve at `x` (clamped to 0…1); non-finite intermediate values give 0.
    public func callAsFunction(_ x: Double) -> Double {
        let x = min(max(x, 0), 1)
        let y: Double
        switch self {
        case .gamma(let g):
            y = Self.power(x, g)
        case .table(let t):
            let position = x * Double(t.count - 1)
            let i = min(Int(position), t.count - 2)
            let f = position - Double(i)
            y = (Double(t[i]) * (1 - f) + Double(t[i + 1]) * f) / 65535
        case .parametric(let type, let p):
            let g = p[0]
            switch type {
            case 0: y = Self.power(x, g)
            case 1: y = x >= -p[2] / p[1] ? Self.power(p[1] * x + p[2], g) : 0
            case 2: y = x >= -p[2] / p[1] ? Self.power(p[1] * x + p[2], g) + p[3] : p[3]
            case 3: y = x >= p[4] ? Self.power(p[1] * x + p[2], g) : p[3] * x
            default: y = x >= p[4] ? Self.power(p[1] * x + p[2], g) + p[5] : p[3] * x + p[6]
            }
        }
        return y.isFinite ? y : 0
    }

    /// `base^exponent` for a non-negative base; 0 for a negative one.
    static func power(_ base: Double, _ exponent: Double) -> Double {
        base <= 0 ? 0 : Double.exp(exponent * Double.log(base))
    }
}

extension Double {
    /// e^x, through the standard library's floating-point functions only (no Foundation).
    static func exp(_ x: Double) -> Double {
        // Range reduction: x = k·ln2 + r, |r| ≤ ln2/2, then a Taylor series for e^r.
        guard x.isFinite else { return x > 0 ? .infinity : 0 }
        if x > 709 { return .infinity }
        if x < -745 { return 0 }
        let ln2 = 0.693_147_180_559_945_309_4
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for n in 1...24 {
            term *= r / Double(n)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }

    /// ln x for x > 0, through the exponent/significand split and an atanh series.
    static func log(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == 0 ? -.infinity : .nan }
        let e = Double(x.exponent)
        let m = x.significand  // 1 ≤ m < 2
        let s = (m - 1) / (m + 1)  // |s| < 1/3
        let s2 = s * s
        var term = s, sum = 0.0
        var n = 1.0
        while n < 60 {
            sum += term / n
            term *= s2
            n += 2
        }
        return 2 * sum + e * 0.693_147_180_559_945_309_4
    }
}
