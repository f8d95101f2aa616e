// Vertical blur passes: sixteen columns per step in 32-bit lanes, scalar tail.
// SPDX-License-Identifier: Apache-2.0

extension GaussianBlur {
    /// Vertical direct convolution, edges clamped: one output row at a time, sixteen columns per step.
    static func convolveColumns(_ job: RowJob, _ rows: Range<Int>, kernel: [Int32]) {
        let w = job.width, h = job.height
        let radius = kernel.count - 1
        unsafe kernel.withUnsafeBufferPointer { k in
            for y in rows {
                let dst = unsafe job.destinationRow(y)
                var x = 0
                #if !BACKDROP_NO_SIMD
                    while x &+ 16 <= w {
                        // SAFETY: rows are clamped to 0..<h; x + 16 ≤ w bytes in each row.
                        var sum = unsafe SIMD16<Int32>(repeating: k[0]) &* widen16(job.sourceRow(y) + x)
                        for i in 1...radius {
                            let up = unsafe widen16(job.sourceRow(max(0, y - i)) + x)
                            let down = unsafe widen16(job.sourceRow(min(h - 1, y + i)) + x)
                            sum &+= unsafe SIMD16<Int32>(repeating: k[i]) &* (up &+ down)
                        }
                        let rounded = (sum &+ 8192) &>> 14
                        for lane in 0..<16 {
                            unsafe dst.storeBytes(
                                of: UInt8(truncatingIfNeeded: min(255, max(0, rounded[lane]))), toByteOffset: x &+ lane,
                                as: UInt8.self)
                        }
                        x &+= 16
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

    /// Sixteen bytes widened to 32-bit lanes (lane loads: LLVM emits two `vpmovzxbd`).
    @inline(__always)
    static func widen16(_ pointer: UnsafeRawPointer) -> SIMD16<Int32> {
        var lanes = SIMD16<Int32>()
        for i in 0..<16 {
            // SAFETY: the caller guarantees sixteen readable bytes.
            lanes[i] = Int32(unsafe pointer.load(fromByteOffset: i, as: UInt8.self))
        }
        return lanes
    }

    /// Vertical box pass of radius `r`: running column sums over the band's rows, sixteen columns per step.
    static func boxColumns(_ job: RowJob, _ rows: Range<Int>, radius r: Int) {
        let w = job.width, h = job.height
        let width = Int32(2 * r + 1)
        var x = 0
        #if !BACKDROP_NO_SIMD
            while x &+ 16 <= w {
                var sum = SIMD16<Int32>()
                for i in (rows.lowerBound - r)...(rows.lowerBound + r) {
                    // SAFETY: rows clamped to 0..<h; x + 16 ≤ w.
                    sum &+= unsafe widen16(job.sourceRow(min(h - 1, max(0, i))) + x)
                }
                for y in rows {
                    let q = (sum &+ width / 2) / width
                    let dst = unsafe job.destinationRow(y)
                    for lane in 0..<16 {
                        // SAFETY: x + lane < w.
                        unsafe dst.storeBytes(
                            of: UInt8(truncatingIfNeeded: q[lane]), toByteOffset: x &+ lane, as: UInt8.self)
                    }
                    // SAFETY: rows clamped to 0..<h.
                    let enter = unsafe widen16(job.sourceRow(min(h - 1, y + r + 1)) + x)
                    let leave = unsafe widen16(job.sourceRow(max(0, y - r)) + x)
                    sum = sum &+ enter &- leave
                }
                x &+= 16
            }
        #endif
        while x < w {
            @inline(__always) func at(_ y: Int) -> Int32 {
                // SAFETY: rows clamped to 0..<h; x < w.
                Int32(unsafe job.sourceRow(min(h - 1, max(0, y))).load(fromByteOffset: x, as: UInt8.self))
            }
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
}
