// Scalar resampling row kernels: the oracle for the SIMD kernels and their tail handler.
// SPDX-License-Identifier: Apache-2.0

/// The pointers and coefficient table of one separable pass, lent by ``Resample/run`` for its duration.
///
/// Horizontal: each row of `source` (rows `sourceStride` apart, `sourceWidth` pixels of `channels` bytes) gives
/// the same row of `destination`, `targetCount` pixels wide. Vertical: destination row `r` combines the `taps`
/// source rows from `starts[r] − shift`, and `targetCount` is the number of bytes per row.
@safe struct ResamplePass {
    var source: UnsafeRawPointer
    var sourceStride: Int
    /// Pixels readable in each source row (horizontal) or rows readable (vertical) from `source`.
    var sourceExtent: Int
    let destination: UnsafeMutableRawPointer
    let destinationStride: Int
    let starts: UnsafePointer<Int32>
    let weights: UnsafePointer<Int16>
    let taps: Int
    /// The axis index of `source`'s first pixel (or row): window starts are relative to it.
    var shift: Int
    /// Target pixels per row (horizontal) or bytes per row (vertical).
    let targetCount: Int
    let channels: Int
    /// Gray8 horizontal passes: the weights again as Int32, each row zero-padded to ``paddedTaps`` (a multiple of
    /// 8) so the kernel multiplies whole vectors. `nil` elsewhere.
    var paddedWeights: UnsafePointer<Int32>? = nil
    var paddedTaps = 0
    /// RGBA horizontal passes: ``ResampleAxis/pairWeights()``, `pairs` per target. `nil` elsewhere.
    var pairWeights: UnsafePointer<Int16>? = nil
    var pairs = 0

    /// The first source pixel (or row) of target `i`'s window, relative to `source`.
    @inline(__always) func start(_ i: Int) -> Int {
        // SAFETY: i < the axis' target size, the length of starts.
        let s = Int(unsafe starts[i]) &- shift
        assert(s >= 0 && s + taps <= sourceExtent)
        return s
    }
    @inline(__always) func weight(_ i: Int, _ k: Int) -> Int32 {
        assert(k < taps)
        // SAFETY: i < target size and k < taps: inside the targetSize × taps table.
        return Int32(unsafe weights[i &* taps &+ k])
    }
}

/// Rounds a fixed-point sum to 8 bits: `(sum + ½) >> 14`, clamped to 0…255.
@inline(__always)
func resampleRound(_ sum: Int32) -> UInt8 {
    UInt8(truncatingIfNeeded: min(max((sum &+ Int32(ResampleAxis.one >> 1)) &>> 14, 0), 255))
}

extension Resample {
    /// Horizontal pass for target pixels `x0..<x1` of source row `y` into destination row `y`.
    static func referenceHorizontal(_ pass: ResamplePass, row y: Int, from x0: Int, to x1: Int) {
        // SAFETY: y is a row of both planes (the caller's band); offsets below stay inside those rows.
        let src = unsafe pass.source + y &* pass.sourceStride
        let dst = unsafe pass.destination + y &* pass.destinationStride
        let c = pass.channels
        for i in x0..<x1 {
            let s = pass.start(i)
            for ch in 0..<c {
                var sum: Int32 = 0
                for k in 0..<pass.taps {
                    // SAFETY: s + k < sourceExtent (the window lies inside the row); ch < channels.
                    let v = Int32(unsafe src.load(fromByteOffset: (s &+ k) &* c &+ ch, as: UInt8.self))
                    // |w| ≤ 2^15 and v ≤ 255 per tap, and Σ|w| ≤ 4 × 2^14: the sum stays far inside Int32.
                    sum &+= v &* pass.weight(i, k)
                }
                // SAFETY: i < targetCount pixels of the destination row.
                unsafe dst.storeBytes(of: resampleRound(sum), toByteOffset: i &* c &+ ch, as: UInt8.self)
            }
        }
    }

    /// Vertical pass for bytes `j0..<j1` of destination row `r`.
    static func referenceVertical(_ pass: ResamplePass, row r: Int, from j0: Int, to j1: Int) {
        // SAFETY: the window's rows lie inside the source plane (start(r) + taps ≤ sourceExtent).
        let base = unsafe pass.source + pass.start(r) &* pass.sourceStride
        let dst = unsafe pass.destination + r &* pass.destinationStride
        for j in j0..<j1 {
            var sum: Int32 = 0
            for k in 0..<pass.taps {
                // SAFETY: row k of the window, byte j < targetCount ≤ the source's bytes per row.
                let v = Int32(unsafe base.load(fromByteOffset: k &* pass.sourceStride &+ j, as: UInt8.self))
                sum &+= v &* pass.weight(r, k)  // bounded as in referenceHorizontal
            }
            // SAFETY: j < targetCount bytes of destination row r.
            unsafe dst.storeBytes(of: resampleRound(sum), toByteOffset: j, as: UInt8.self)
        }
    }

    /// Clamps premultiplied colour to alpha (`c = min(c, a)`) for pixels `x0..<x1` of a row.
    static func referenceClampToAlpha(_ row: UnsafeMutableRawPointer, from x0: Int, to x1: Int) {
        for x in x0..<x1 {
            // SAFETY: x < the row's pixel count (caller); 4 bytes per pixel.
            let p = unsafe row.loadUnaligned(fromByteOffset: x &* 4, as: SIMD4<UInt8>.self)
            let a = SIMD4<UInt8>(repeating: p.w)
            unsafe row.storeBytes(of: p.replacing(with: a, where: p .> a), toByteOffset: x &* 4, as: SIMD4<UInt8>.self)
        }
    }
}
