// Scalar matte shaping: table look-up, min/max windows and blending; the oracle and tail for the SIMD code.
// SPDX-License-Identifier: Apache-2.0

extension MatteShaping {
    /// Maps every byte through `table` (256 entries).
    static func lookUpRows(_ job: RowJob, _ rows: Range<Int>, table: [UInt8]) {
        unsafe table.withUnsafeBufferPointer { t in
            for y in rows {
                let src = unsafe job.sourceRow(y)
                let dst = unsafe job.destinationRow(y)
                for x in 0..<job.width {
                    // SAFETY: x < width; a byte indexes the 256-entry table.
                    unsafe dst.storeBytes(
                        of: t[Int(src.load(fromByteOffset: x, as: UInt8.self))], toByteOffset: x, as: UInt8.self)
                }
            }
        }
    }

    /// `round(a · (256 − w) + b · w) / 256` per byte: source `a`, auxiliary `b`, weight `w` in 0…256.
    static func blendRows(_ job: RowJob, _ rows: Range<Int>, weight: UInt32) {
        for y in rows {
            let a = unsafe job.sourceRow(y)
            // SAFETY: the caller passes the second plane as the auxiliary.
            let b = unsafe job.auxiliaryRow(y)!
            let dst = unsafe job.destinationRow(y)
            for x in 0..<job.width {
                // SAFETY: x < width in all three rows.
                let va = UInt32(unsafe a.load(fromByteOffset: x, as: UInt8.self))
                let vb = UInt32(unsafe b.load(fromByteOffset: x, as: UInt8.self))
                let value = (va &* (256 &- weight) &+ vb &* weight &+ 128) &>> 8
                unsafe dst.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: x, as: UInt8.self)
            }
        }
    }

    /// The min (erode) or max of `row[x - r ... x + r]`, indices clamped to the row.
    @inline(__always)
    static func referenceExtremum(_ row: UnsafeRawPointer, width: Int, x: Int, radius: Int, erode: Bool) -> UInt8 {
        // SAFETY: every index is clamped to 0..<width.
        var best = unsafe row.load(fromByteOffset: x, as: UInt8.self)
        for i in max(0, x - radius)...min(width - 1, x + radius) {
            let v = unsafe row.load(fromByteOffset: i, as: UInt8.self)
            best = erode ? min(best, v) : max(best, v)
        }
        return best
    }
}
