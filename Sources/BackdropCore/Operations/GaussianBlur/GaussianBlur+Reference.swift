// Horizontal blur passes and rounding: direct convolution and running-sum box passes, edges clamped.
// SPDX-License-Identifier: Apache-2.0

extension GaussianBlur {
    /// Rounds a 2^14-scaled sum to 8 bits.
    @inline(__always)
    static func round14(_ sum: Int32) -> UInt8 { UInt8(truncatingIfNeeded: min(255, max(0, (sum &+ 8192) &>> 14))) }

    /// Horizontal direct convolution of rows, edges clamped (the reference for ``convolveRowsSIMD``).
    static func convolveRows(_ job: RowJob, _ rows: Range<Int>, kernel: [Int32]) {
        unsafe kernel.withUnsafeBufferPointer { k in
            for y in rows {
                unsafe referenceRow(
                    job.sourceRow(y), job.destinationRow(y), width: job.width, kernel: k, from: 0, to: job.width)
            }
        }
    }

    /// Outputs `x0..<x1` of one row of the horizontal direct convolution, edges clamped.
    static func referenceRow(
        _ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, width w: Int, kernel k: UnsafeBufferPointer<Int32>,
        from x0: Int, to x1: Int
    ) {
        let radius = k.count - 1
        for x in x0..<x1 {
            // SAFETY: k has radius + 1 entries; every column index is clamped to 0..<w.
            var sum = unsafe k[0] &* Int32(src.load(fromByteOffset: x, as: UInt8.self))
            for i in 1...radius {
                let left = unsafe src.load(fromByteOffset: max(0, x - i), as: UInt8.self)
                let right = unsafe src.load(fromByteOffset: min(w - 1, x + i), as: UInt8.self)
                sum &+= unsafe k[i] &* (Int32(left) &+ Int32(right))
            }
            unsafe dst.storeBytes(of: round14(sum), toByteOffset: x, as: UInt8.self)
        }
    }

    /// Horizontal box pass of radius `r` with a running sum; edges clamped; rounds to nearest.
    ///
    /// The running sum is sequential along a row, so this pass is scalar; the division is a multiply by
    /// `m = ⌈2^32 / width⌉` and a shift, exact for every sum up to 255 · width while width < 4096 (then the error
    /// term sum · (m · width − 2^32) / 2^32 stays below 1 / width); wider boxes divide.
    static func boxRows(_ job: RowJob, _ rows: Range<Int>, radius r: Int) {
        let w = job.width
        let width = UInt64(2 * r + 1)
        let half = width / 2
        let reciprocal = ((1 as UInt64) << 32 + width - 1) / width
        let exact = width < 4096
        for y in rows {
            let src = unsafe job.sourceRow(y)
            let dst = unsafe job.destinationRow(y)
            @inline(__always) func at(_ x: Int) -> UInt64 {
                // SAFETY: the index is clamped to 0..<w.
                UInt64(unsafe src.load(fromByteOffset: min(w - 1, max(0, x)), as: UInt8.self))
            }
            var sum: UInt64 = 0
            for i in -r...r { sum &+= at(i) }
            // Interior columns read without clamping: x − r ≥ 0 and x + r + 1 < w.
            let interior = (r + 1)..<max(r + 1, w - r - 1)
            for x in 0..<w {
                let q = exact ? ((sum &+ half) &* reciprocal) &>> 32 : (sum &+ half) / width
                unsafe dst.storeBytes(of: UInt8(truncatingIfNeeded: q), toByteOffset: x, as: UInt8.self)
                if interior.contains(x) {
                    // SAFETY: x + r + 1 < w and x − r ≥ 0.
                    let enter = unsafe src.load(fromByteOffset: x &+ r &+ 1, as: UInt8.self)
                    let leave = unsafe src.load(fromByteOffset: x &- r, as: UInt8.self)
                    sum = sum &+ UInt64(enter) &- UInt64(leave)
                } else {
                    sum = sum &+ at(x + r + 1) &- at(x - r)
                }
            }
        }
    }
}
