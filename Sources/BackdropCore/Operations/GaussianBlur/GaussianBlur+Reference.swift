// Horizontal blur passes and rounding: direct convolution and running-sum box passes, edges clamped.
// SPDX-License-Identifier: Apache-2.0

extension GaussianBlur {
    /// Rounds a 2^14-scaled sum to 8 bits.
    @inline(__always)
    static func round14(_ sum: Int32) -> UInt8 { UInt8(truncatingIfNeeded: min(255, max(0, (sum &+ 8192) &>> 14))) }

    /// Horizontal direct convolution of rows, edges clamped.
    static func convolveRows(_ job: RowJob, _ rows: Range<Int>, kernel: [Int32]) {
        let w = job.width
        let radius = kernel.count - 1
        unsafe kernel.withUnsafeBufferPointer { k in
            for y in rows {
                let src = unsafe job.sourceRow(y)
                let dst = unsafe job.destinationRow(y)
                for x in 0..<w {
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
        }
    }

    /// Horizontal box pass of radius `r` with a running sum; edges clamped; rounds to nearest.
    static func boxRows(_ job: RowJob, _ rows: Range<Int>, radius r: Int) {
        let w = job.width
        let width = UInt32(2 * r + 1)
        // round(sum / width) as (sum · m + 2^23) >> 24 would need care for large sums; the division is exact
        // and per pixel only once, and this pass is sequential anyway.
        for y in rows {
            let src = unsafe job.sourceRow(y)
            let dst = unsafe job.destinationRow(y)
            @inline(__always) func at(_ x: Int) -> UInt32 {
                // SAFETY: the index is clamped to 0..<w.
                UInt32(unsafe src.load(fromByteOffset: min(w - 1, max(0, x)), as: UInt8.self))
            }
            var sum: UInt32 = 0
            for i in -r...r { sum &+= at(i) }
            for x in 0..<w {
                unsafe dst.storeBytes(
                    of: UInt8(truncatingIfNeeded: (sum &+ width / 2) / width), toByteOffset: x, as: UInt8.self)
                sum = sum &+ at(x + r + 1) &- at(x - r)
            }
        }
    }
}
