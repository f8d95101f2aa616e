// Row kernels of DropShadow: the silhouette or floor band into the region plane, and the region onto the canvas.
// SPDX-License-Identifier: Apache-2.0

extension DropShadow {
    /// Fills `plane` (the plan's region, zeroed) from the canvas `matte`, rows split by `scheduler`.
    static func project(
        _ matte: PixelBuffer<Gray8>, _ plan: ShadowPlan, into plane: inout PixelBuffer<Gray8>,
        scheduler: RowScheduler
    ) {
        let matteStride = matte.rowStride, planeStride = plane.rowStride
        let canvasHeight = matte.height
        unsafe matte.withUnsafeBytes { src in
            unsafe plane.withUnsafeMutableBytes { dst in
                // SAFETY: both blocks stay alive for this call; the kernels index rows below their heights.
                let m = src.baseAddress!, p = dst.baseAddress!
                scheduler.run(rows: plan.region.height, bytesPerRow: plan.region.width) { rows in
                    unsafe projectRows(
                        rows, matte: m, matteStride: matteStride, canvasHeight: canvasHeight, plane: p,
                        planeStride: planeStride, plan: plan)
                }
            }
        }
    }

    /// Region rows `rows` of the projection. Columns written: the source columns moved by the plan's shift, all
    /// inside the region by construction of ``ShadowPlan``.
    static func projectRows(
        _ rows: Range<Int>, matte: UnsafeRawPointer, matteStride: Int, canvasHeight: Int,
        plane: UnsafeMutableRawPointer, planeStride: Int, plan: ShadowPlan
    ) {
        let source = plan.source, region = plan.region
        let width = source.width
        for ry in rows {
            let y = region.y + ry
            let dst = unsafe plane + ry * planeStride
            switch plan.kind {
            case .shift(let dx, let dy):
                let sy = y - dy
                guard sy >= source.y, sy < source.y + source.height else { continue }
                // SAFETY: sy is a canvas row inside the source rectangle; the destination columns
                // source.x + dx − region.x ..< + width lie inside the region (it contains the shifted source).
                unsafe (dst + (source.x + dx - region.x)).copyMemory(
                    from: matte + sy * matteStride + source.x, byteCount: width)
            case .band(let top, let count, let fade, let shift, let lean):
                let j = y - top
                guard j >= 0, j < count else { continue }
                let h = plan.subject.height, base = plan.subject.y + plan.subject.height
                let k0 = (j * h + count - 1) / count, k1 = ((j + 1) * h + count - 1) / count
                let n = k1 - k0
                let scale = Float((fade ? ShadowPlan.fade(j, rows: count) : 1) / Double(n))
                let x0 = source.x + shift + ShadowPlan.leanShift(j, lean) - region.x
                // SAFETY: x0 ..< x0 + width lies inside the region (ShadowPlan grows it by the lean's reach).
                let out = unsafe dst + x0
                let src = unsafe matte + source.x
                // Canvas rows base − 1 − k for k in k0..<k1 that exist (rows past the canvas count as 0).
                let r1 = min(canvasHeight, base - k0), r0 = max(0, base - k1)
                var x = 0
                #if !BACKDROP_NO_SIMD
                    while x &+ 8 <= width {
                        var sum = SIMD8<UInt32>()
                        var r = r0
                        while r < r1 {
                            // SAFETY: 0 ≤ r < canvas height; x + 8 ≤ width columns inside the source.
                            let v = unsafe (src + r &* matteStride).loadUnaligned(
                                fromByteOffset: x, as: SIMD8<UInt8>.self)
                            // n ≤ 30 000 rows of ≤ 255: below 2^23, no overflow.
                            sum &+= SIMD8<UInt32>(truncatingIfNeeded: v)
                            r &+= 1
                        }
                        let q = roundedScale(sum, scale)
                        // SAFETY: x + 8 ≤ width bytes of the destination row.
                        unsafe out.storeBytes(
                            of: SIMD8<UInt8>(truncatingIfNeeded: q), toByteOffset: x, as: SIMD8<UInt8>.self)
                        x &+= 8
                    }
                #endif
                while x < width {
                    var sum: UInt32 = 0
                    var r = r0
                    while r < r1 {
                        // SAFETY: as above, one byte.
                        sum &+= UInt32(unsafe (src + r &* matteStride).load(fromByteOffset: x, as: UInt8.self))
                        r &+= 1
                    }
                    // SAFETY: x < width.
                    unsafe out.storeBytes(of: bandValue(sum, scale), toByteOffset: x, as: UInt8.self)
                    x &+= 1
                }
            }
        }
    }

    /// `sum · scale` rounded to the nearest integer (ties to even) per lane, clamped to 255, by the float bias
    /// trick: adding 2^23 leaves the rounded value in the mantissa's low bits (no float→int vector conversion).
    @inline(__always)
    static func roundedScale(_ sum: SIMD8<UInt32>, _ scale: Float) -> SIMD8<UInt32> {
        let biased = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: sum)) * scale + 8_388_608
        // SAFETY: SIMD8<Float> and SIMD8<UInt32> have the same size; every bit pattern is a valid UInt32.
        let bits = unsafe unsafeBitCast(biased, to: SIMD8<UInt32>.self) & 0x007F_FFFF
        return bits.clamped(lowerBound: .zero, upperBound: SIMD8(repeating: 255))
    }

    /// Writes the region plane onto the zeroed canvas-sized `output`, scaled by the plan's gain; returns whether a
    /// non-zero scaled value lies outside the canvas.
    static func place(
        _ plane: PixelBuffer<Gray8>, _ plan: ShadowPlan, into output: inout PixelBuffer<Gray8>,
        scheduler: RowScheduler
    ) -> Bool {
        let region = plan.region, gain = plan.gain
        let canvasWidth = output.width, canvasHeight = output.height
        let planeStride = plane.rowStride, outStride = output.rowStride
        let x0 = max(0, region.x), x1 = min(canvasWidth, region.x + region.width)
        let y0 = max(0, region.y), y1 = min(canvasHeight, region.y + region.height)
        // The smallest plane value whose scaled value is non-zero (gain 0: none).
        var visible = 256
        for v in 1...255 where (UInt32(v) * gain + 32768) >> 16 > 0 {
            visible = v
            break
        }
        return unsafe plane.withUnsafeBytes { src in
            let p = src.baseAddress!
            if x1 > x0, y1 > y0 {
                unsafe output.withUnsafeMutableBytes { dst in
                    // SAFETY: both blocks stay alive for this call.
                    let o = dst.baseAddress!
                    scheduler.run(rows: y1 - y0, bytesPerRow: x1 - x0) { rows in
                        for y in rows {
                            // SAFETY: canvas row y0 + y < canvas height; region row y0 + y − region.y inside the
                            // region; columns x0..<x1 inside both.
                            let from = unsafe p + (y0 + y - region.y) * planeStride + (x0 - region.x)
                            let to = unsafe o + (y0 + y) * outStride + x0
                            unsafe scaleRow(from, to, count: x1 - x0, gain: gain)
                        }
                    }
                }
            }
            // Clipping: any visible value in region rows/columns outside the canvas.
            guard visible < 256 else { return false }
            // Inside rows: only the columns left of x0 and right of x1; other rows: all of them.
            let left = max(0, min(region.width, x0 - region.x)), right = max(left, min(region.width, x1 - region.x))
            for ry in 0..<region.height {
                let y = region.y + ry
                let inside = y >= 0 && y < canvasHeight && x1 > x0
                // SAFETY: ry < region height.
                let row = unsafe p + ry * planeStride
                func any(_ columns: Range<Int>) -> Bool {
                    for rx in columns {
                        // SAFETY: rx < region width.
                        if Int(unsafe row.load(fromByteOffset: rx, as: UInt8.self)) >= visible { return true }
                    }
                    return false
                }
                if inside ? any(0..<left) || any(right..<region.width) : any(0..<region.width) { return true }
            }
            return false
        }
    }

    /// `count` bytes scaled by `gain` / 65536 with rounding, sixteen per step.
    static func scaleRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, count: Int, gain: UInt32) {
        var x = 0
        #if !BACKDROP_NO_SIMD
            let g = SIMD8<UInt32>(repeating: gain)
            while x &+ 8 <= count {
                // SAFETY: x + 8 ≤ count bytes in both rows.
                let v = SIMD8<UInt32>(
                    truncatingIfNeeded: unsafe src.loadUnaligned(fromByteOffset: x, as: SIMD8<UInt8>.self))
                // v ≤ 255, gain ≤ 65536: the product stays below 2^24.
                let q = (v &* g &+ 32768) &>> 16
                unsafe dst.storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: q), toByteOffset: x, as: SIMD8<UInt8>.self)
                x &+= 8
            }
        #endif
        while x < count {
            // SAFETY: x < count.
            let v = UInt32(unsafe src.load(fromByteOffset: x, as: UInt8.self))
            unsafe dst.storeBytes(of: scaled(v, gain: gain), toByteOffset: x, as: UInt8.self)
            x &+= 1
        }
    }
}
