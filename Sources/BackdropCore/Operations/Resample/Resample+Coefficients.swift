// Resampling filters and the per-axis coefficient tables the kernels read: normalised 14-bit fixed point.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The reconstruction filter of a ``Resample``.
///
/// Each filter has a support (its radius in source pixels at scale 1). When shrinking by a factor `s`, the
/// filter is stretched by `s` (its support becomes `support × s`) so every source pixel contributes: that is the
/// anti-aliasing. Weights are evaluated at pixel centres and normalised to sum to 1, as Pillow does, so a filter
/// of the same name gives the same picture as Pillow's.
public enum ResampleFilter: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// The source pixel whose area contains the target pixel's centre. Copies pixels, so it needs no
    /// premultiplication and keeps straight colours exactly.
    case nearest
    /// Area average (Pillow's `BOX`): exact averages of `s × s` blocks for integer factors `s`.
    case box
    /// Linear interpolation (the triangle filter, support 1).
    case bilinear
    /// Catmull–Rom cubic (Keys, a = −0.5; support 2), Pillow's `BICUBIC`.
    case bicubic
    /// Mitchell–Netravali cubic (B = C = 1/3; support 2): softer than Catmull–Rom, hardly any ringing.
    case mitchell
    /// Lanczos windowed sinc with 2 lobes (support 2).
    case lanczos2
    /// Lanczos windowed sinc with 3 lobes (support 3), Pillow's `LANCZOS`. The default.
    case lanczos3

    public var description: String { rawValue }

    /// The filter's radius in source pixels at scale 1.
    public var support: Double {
        switch self {
        case .nearest, .box: 0.5
        case .bilinear: 1
        case .bicubic, .mitchell, .lanczos2: 2
        case .lanczos3: 3
        }
    }

    /// The filter's weight at distance `x` (in source pixels at scale 1) from the target pixel's centre.
    public func weight(at x: Double) -> Double {
        let t = abs(x)
        switch self {
        case .nearest, .box:
            // Half-open as Pillow's box, so a tap exactly between two target pixels counts once.
            return x > -0.5 && x <= 0.5 ? 1 : 0
        case .bilinear:
            return t < 1 ? 1 - t : 0
        case .bicubic:
            let a = -0.5
            if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
            if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
            return 0
        case .mitchell:
            let b = 1.0 / 3.0, c = 1.0 / 3.0
            if t < 1 { return ((12 - 9 * b - 6 * c) * t * t * t + (-18 + 12 * b + 6 * c) * t * t + (6 - 2 * b)) / 6 }
            if t < 2 {
                return ((-b - 6 * c) * t * t * t + (6 * b + 30 * c) * t * t + (-12 * b - 48 * c) * t + (8 * b + 24 * c))
                    / 6
            }
            return 0
        case .lanczos2:
            return x >= -2 && x < 2 ? Self.sinc(x) * Self.sinc(x / 2) : 0
        case .lanczos3:
            return x >= -3 && x < 3 ? Self.sinc(x) * Self.sinc(x / 3) : 0
        }
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let px = x * Double.pi
        return sin(px) / px
    }
}

// MARK: - Coefficient tables

/// How one axis maps target pixels to source pixels: for target `i`, the `taps` source pixels from
/// `starts[i]` with weights `weights[i × taps ..< (i + 1) × taps]` (fixed point, summing to exactly
/// 2^``precisionBits``).
///
/// Every window lies inside `0..<sourceSize` (taps are zero-padded and the start moved left where the
/// filter was clipped at the image edge), so kernels never check bounds per tap.
struct ResampleAxis: Sendable {
    /// Fractional bits of the weights: 1.0 is 16384. Int16 weights leave room for Lanczos lobes above 1 after
    /// edge renormalisation (up to 2.0), and 255 × ΣΣ|w| stays far inside Int32.
    static let precisionBits = 14
    static let one = 1 << precisionBits

    let sourceSize: Int
    let targetSize: Int
    let taps: Int
    let starts: [Int32]
    let weights: [Int16]
    /// Set when the axis maps target `i` to source `i + offset` exactly (scale 1, integer origin): the pass is
    /// skipped and pixels are copied.
    let identityOffset: Int?

    /// The weights as Int32 with each target's row zero-padded to a multiple of 8 taps, and that tap count.
    func paddedWeights() -> (weights: [Int32], taps: Int) {
        let padded = (taps + 7) / 8 * 8
        var table = [Int32](repeating: 0, count: targetSize * padded)
        for i in 0..<targetSize {
            for k in 0..<taps { table[i * padded + k] = Int32(weights[i * taps + k]) }
        }
        return (table, padded)
    }

    /// The weights for the RGBA kernel: per target, pairs of taps `(w[2q], w[2q+1])` each repeated over the four
    /// channels (`[w0, w0, w0, w0, w1, w1, w1, w1]`), so one vector of two pixels multiplies one vector of weights.
    /// An odd last tap is paired with a zero weight. Returns the table and the number of pairs per target.
    func pairWeights() -> (weights: [Int16], pairs: Int) {
        let pairs = (taps + 1) / 2
        var table = [Int16](repeating: 0, count: targetSize * pairs * 8)
        for i in 0..<targetSize {
            for k in 0..<taps {
                let base = (i * pairs + k / 2) * 8 + (k % 2) * 4
                for ch in 0..<4 { table[base + ch] = weights[i * taps + k] }
            }
        }
        return (table, pairs)
    }

    /// Whether some weight is negative (the filter rings, and an 8-bit pass may clip).
    var rings: Bool { weights.contains { $0 < 0 } }

    /// First source index any window reads.
    var firstSource: Int { Int(starts.first ?? 0) }
    /// One past the last source index any window reads.
    var endSource: Int { Int(starts.last ?? 0) + taps }

    /// Builds the table for target pixels `0..<targetSize` covering source coordinates `origin ..< origin + extent`
    /// of an axis with `sourceSize` pixels (the rectangle was validated to lie inside).
    init(filter: ResampleFilter, sourceSize: Int, origin: Double, extent: Double, targetSize: Int) {
        self.sourceSize = sourceSize
        self.targetSize = targetSize
        let scale = extent / Double(targetSize)
        if scale == 1, origin == origin.rounded(.down), Int(origin) + targetSize <= sourceSize {
            identityOffset = Int(origin)
        } else {
            identityOffset = nil
        }
        if filter == .nearest {
            // Pillow steps the sample position by adding the scale, not by multiplying: at exact ties the two
            // round differently, and matching Pillow keeps pictures comparable.
            taps = 1
            var position = origin + scale * 0.5
            var starts = [Int32]()
            starts.reserveCapacity(targetSize)
            for _ in 0..<targetSize {
                starts.append(Int32(min(max(Int(position.rounded(.down)), 0), sourceSize - 1)))
                position += scale
            }
            self.starts = starts
            weights = [Int16](repeating: Int16(Self.one), count: targetSize)
            return
        }
        let filterScale = max(scale, 1)
        let support = filter.support * filterScale
        // The widest window: Pillow's ksize, capped at the source (windows are clipped to it).
        let taps = min(Int(support.rounded(.up)) * 2 + 1, sourceSize)
        self.taps = taps
        var starts = [Int32](repeating: 0, count: targetSize)
        var weights = [Int16](repeating: 0, count: targetSize * taps)
        var exact = [Double](repeating: 0, count: taps)
        for i in 0..<targetSize {
            let center = origin + (Double(i) + 0.5) * scale
            let lo = max(Int(center - support + 0.5), 0)
            let hi = min(Int(center + support + 0.5), sourceSize)
            // Keep the window inside the source: move the start left when it would run past the end.
            let start = min(lo, sourceSize - taps)
            var sum = 0.0
            for k in 0..<taps {
                let x = start + k
                let w = x >= lo && x < hi ? filter.weight(at: (Double(x) - center + 0.5) / filterScale) : 0
                exact[k] = w
                sum += w
            }
            starts[i] = Int32(start)
            // Round to fixed point, then give the rounding residue to the largest weight so the weights sum to
            // exactly 1.0: flat areas stay exactly flat.
            var total = 0, largest = 0
            for k in 0..<taps {
                let w = sum != 0 ? exact[k] / sum : 0
                let q = Int((w * Double(Self.one)).rounded())
                weights[i * taps + k] = Int16(clamping: q)
                total += q
                if abs(q) > abs(Int(weights[i * taps + largest])) { largest = k }
            }
            if sum != 0 { weights[i * taps + largest] &+= Int16(Self.one - total) }
        }
        self.starts = starts
        self.weights = weights
    }
}
