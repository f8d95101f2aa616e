// Blur row kernels: eight output pixels per SIMD8<Int32> step for the direct passes, column strips of 64 bytes
// with running sums for the vertical box pass, and a multiply-by-reciprocal horizontal box pass.
// SPDX-License-Identifier: Apache-2.0

extension GaussianBlur {
    // MARK: - Direct convolution

    /// Horizontal direct convolution, edges clamped: eight outputs per step where the whole window lies inside
    /// the row, the reference at the edges.
    static func convolveRowsSIMD(_ job: RowJob, _ rows: Range<Int>, kernel: [Int32]) {
        let w = job.width
        let radius = kernel.count - 1
        unsafe kernel.withUnsafeBufferPointer { k in
            for y in rows {
                let src = unsafe job.sourceRow(y)
                let dst = unsafe job.destinationRow(y)
                var x = 0
                #if !BACKDROP_NO_SIMD
                    // Interior: x − radius ≥ 0 and x + 7 + radius < w.
                    let first = min(w, radius)
                    unsafe referenceRow(src, dst, width: w, kernel: k, from: 0, to: first)
                    x = first
                    while x &+ 8 &+ radius <= w {
                        // SAFETY: every load reads 8 bytes from x − i ≥ 0 to x + i + 8 ≤ w.
                        var sum = unsafe SIMD8<Int32>(repeating: k[0]) &* widen8(src + x)
                        for i in 1...radius {
                            let pair = unsafe widen8(src + (x &- i)) &+ widen8(src + (x &+ i))
                            sum &+= unsafe SIMD8<Int32>(repeating: k[i]) &* pair  // ≤ 2^14 · 510: no overflow
                        }
                        unsafe storeRounded14(sum, to: dst + x)
                        x &+= 8
                    }
                #endif
                unsafe referenceRow(src, dst, width: w, kernel: k, from: x, to: w)
            }
        }
    }

    /// Vertical direct convolution, edges clamped: eight columns per step, one output row at a time.
    static func convolveColumnsSIMD(_ job: RowJob, _ rows: Range<Int>, kernel: [Int32]) {
        let w = job.width, h = job.height
        let radius = kernel.count - 1
        unsafe kernel.withUnsafeBufferPointer { k in
            for y in rows {
                let dst = unsafe job.destinationRow(y)
                var x = 0
                #if !BACKDROP_NO_SIMD
                    while x &+ 8 <= w {
                        // SAFETY: rows are clamped to 0..<h; x + 8 ≤ w bytes in each row.
                        var sum = unsafe SIMD8<Int32>(repeating: k[0]) &* widen8(job.sourceRow(y) + x)
                        for i in 1...radius {
                            let up = unsafe widen8(job.sourceRow(max(0, y &- i)) + x)
                            let down = unsafe widen8(job.sourceRow(min(h &- 1, y &+ i)) + x)
                            sum &+= unsafe SIMD8<Int32>(repeating: k[i]) &* (up &+ down)
                        }
                        unsafe storeRounded14(sum, to: dst + x)
                        x &+= 8
                    }
                #endif
                while x < w {
                    // SAFETY: rows are clamped to 0..<h; x < w.
                    var sum = unsafe k[0] &* Int32(job.sourceRow(y).load(fromByteOffset: x, as: UInt8.self))
                    for i in 1...radius {
                        let up = unsafe job.sourceRow(max(0, y - i)).load(fromByteOffset: x, as: UInt8.self)
                        let down = unsafe job.sourceRow(min(h - 1, y + i)).load(fromByteOffset: x, as: UInt8.self)
                        sum &+= unsafe k[i] &* (Int32(up) &+ Int32(down))
                    }
                    unsafe dst.storeBytes(of: round14(sum), toByteOffset: x, as: UInt8.self)
                    x &+= 1
                }
            }
        }
    }

    /// Eight bytes widened to 32-bit lanes (lane loads: LLVM emits one `vpmovzxbd`).
    @inline(__always)
    static func widen8(_ pointer: UnsafeRawPointer) -> SIMD8<Int32> {
        var lanes = SIMD8<Int32>()
        for i in 0..<8 {
            // SAFETY: the caller guarantees eight readable bytes.
            lanes[i] = Int32(unsafe pointer.load(fromByteOffset: i, as: UInt8.self))
        }
        return lanes
    }

    /// Rounds eight 2^14-scaled sums to bytes, clamped, and stores them.
    @inline(__always)
    static func storeRounded14(_ sum: SIMD8<Int32>, to pointer: UnsafeMutableRawPointer) {
        let v = ((sum &+ 8192) &>> 14).clamped(lowerBound: .zero, upperBound: SIMD8(repeating: 255))
        // SAFETY: the caller guarantees eight writable bytes.
        unsafe pointer.storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: v), as: SIMD8<UInt8>.self)
    }

    // MARK: - Box passes

    /// Vertical box pass of radius `r`: running column sums over the band's rows, 64 columns per sweep so
    /// each row access is a whole cache line; `round(sum / (2r + 1))` by a float reciprocal (exact: the sum over
    /// an odd width is never within float error of a half, for widths below 33 000).
    static func boxColumnsSIMD(_ job: RowJob, _ rows: Range<Int>, radius r: Int) {
        let w = job.width, h = job.height
        let inverse = SIMD8<Float>(repeating: 1 / Float(2 * r + 1))
        var x = 0
        #if !BACKDROP_NO_SIMD
            while x &+ 8 <= w {
                let lanes = min(8, (w &- x) / 8)  // vectors of 8 columns in this sweep
                var sums = (SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>())
                var more = (SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>())
                @inline(__always) func forEach(_ body: (Int, inout SIMD8<Int32>) -> Void) {
                    body(0, &sums.0)
                    if lanes > 1 { body(1, &sums.1) }
                    if lanes > 2 { body(2, &sums.2) }
                    if lanes > 3 { body(3, &sums.3) }
                    if lanes > 4 { body(4, &more.0) }
                    if lanes > 5 { body(5, &more.1) }
                    if lanes > 6 { body(6, &more.2) }
                    if lanes > 7 { body(7, &more.3) }
                }
                for i in (rows.lowerBound &- r)...(rows.lowerBound &+ r) {
                    // SAFETY: rows clamped to 0..<h; x + 8·lanes ≤ w.
                    let row = unsafe job.sourceRow(min(h &- 1, max(0, i))) + x
                    forEach { v, s in s &+= unsafe widen8(row + v &* 8) }
                }
                for y in rows {
                    let dst = unsafe job.destinationRow(y) + x
                    // SAFETY: rows clamped to 0..<h.
                    let enter = unsafe job.sourceRow(min(h &- 1, y &+ r &+ 1)) + x
                    let leave = unsafe job.sourceRow(max(0, y &- r)) + x
                    forEach { v, s in
                        // SAFETY: x + 8·(v + 1) ≤ w in every row.
                        unsafe storeDivided(s, inverse, to: dst + v &* 8)
                        s = unsafe s &+ widen8(enter + v &* 8) &- widen8(leave + v &* 8)
                    }
                }
                x &+= lanes &* 8
            }
        #endif
        while x < w {
            @inline(__always) func at(_ y: Int) -> Int32 {
                // SAFETY: rows clamped to 0..<h; x < w.
                Int32(unsafe job.sourceRow(min(h - 1, max(0, y))).load(fromByteOffset: x, as: UInt8.self))
            }
            let width = Int32(2 * r + 1)
            var sum: Int32 = 0
            for i in (rows.lowerBound - r)...(rows.lowerBound + r) { sum &+= at(i) }
            for y in rows {
                unsafe job.destinationRow(y).storeBytes(
                    of: UInt8(truncatingIfNeeded: (sum &+ width / 2) / width), toByteOffset: x, as: UInt8.self)
                sum = sum &+ at(y + r + 1) &- at(y - r)
            }
            x &+= 1
        }
    }

    /// `round(sum / width)` for eight lanes through a float reciprocal and the bias trick (adding 1.5 · 2^23
    /// leaves the rounded value in the low mantissa bits), stored as bytes.
    @inline(__always)
    static func storeDivided(_ sum: SIMD8<Int32>, _ inverse: SIMD8<Float>, to pointer: UnsafeMutableRawPointer) {
        let biased = SIMD8<Float>(sum) * inverse + 12_582_912
        let q = unsafe unsafeBitCast(biased, to: SIMD8<Int32>.self) &- 0x4B40_0000
        // SAFETY: the caller guarantees eight writable bytes.
        unsafe pointer.storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: q), as: SIMD8<UInt8>.self)
    }
}
