// Min/max window kernels for choke and spread: sixteen bytes per step with pointwise min/max.
// SPDX-License-Identifier: Apache-2.0

extension MatteShaping {
    /// Horizontal window extremum; the interior uses unaligned 16-byte loads at each offset.
    static func extremumRows(_ job: RowJob, _ rows: Range<Int>, radius: Int, erode: Bool) {
        let w = job.width
        for y in rows {
            let src = unsafe job.sourceRow(y)
            let dst = unsafe job.destinationRow(y)
            var x = 0
            // Left border, where the window is clamped.
            while x < min(radius, w) {
                unsafe dst.storeBytes(
                    of: referenceExtremum(src, width: w, x: x, radius: radius, erode: erode), toByteOffset: x,
                    as: UInt8.self)
                x &+= 1
            }
            #if !BACKDROP_NO_SIMD
                while x &+ 16 &+ radius <= w {
                    // SAFETY: x - radius ≥ 0 and x + 15 + radius < w: every load is inside the row.
                    var best = unsafe src.loadUnaligned(fromByteOffset: x &- radius, as: SIMD16<UInt8>.self)
                    for i in (-radius + 1)...radius {
                        let v = unsafe src.loadUnaligned(fromByteOffset: x &+ i, as: SIMD16<UInt8>.self)
                        best = erode ? pointwiseMin(best, v) : pointwiseMax(best, v)
                    }
                    unsafe dst.storeBytes(of: best, toByteOffset: x, as: SIMD16<UInt8>.self)
                    x &+= 16
                }
            #endif
            while x < w {
                unsafe dst.storeBytes(
                    of: referenceExtremum(src, width: w, x: x, radius: radius, erode: erode), toByteOffset: x,
                    as: UInt8.self)
                x &+= 1
            }
        }
    }

    /// Vertical window extremum: the min or max of rows `y - r ... y + r` (clamped), sixteen columns per step.
    static func extremumColumns(_ job: RowJob, _ rows: Range<Int>, radius: Int, erode: Bool) {
        let w = job.width, h = job.height
        for y in rows {
            let dst = unsafe job.destinationRow(y)
            let first = max(0, y - radius), last = min(h - 1, y + radius)
            var x = 0
            #if !BACKDROP_NO_SIMD
                while x &+ 16 <= w {
                    // SAFETY: rows first...last are inside the image; x + 16 ≤ w.
                    var best = unsafe job.sourceRow(first).loadUnaligned(fromByteOffset: x, as: SIMD16<UInt8>.self)
                    for row in first...last {
                        let v = unsafe job.sourceRow(row).loadUnaligned(fromByteOffset: x, as: SIMD16<UInt8>.self)
                        best = erode ? pointwiseMin(best, v) : pointwiseMax(best, v)
                    }
                    unsafe dst.storeBytes(of: best, toByteOffset: x, as: SIMD16<UInt8>.self)
                    x &+= 16
                }
            #endif
            while x < w {
                // SAFETY: rows first...last are inside the image; x < w.
                var best = unsafe job.sourceRow(first).load(fromByteOffset: x, as: UInt8.self)
                for row in first...last {
                    let v = unsafe job.sourceRow(row).load(fromByteOffset: x, as: UInt8.self)
                    best = erode ? min(best, v) : max(best, v)
                }
                unsafe dst.storeBytes(of: best, toByteOffset: x, as: UInt8.self)
                x &+= 1
            }
        }
    }
}
