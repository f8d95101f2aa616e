// SubjectBox SIMD scans: 16 bytes per step from each end of a row with early exit, and the banded driver.
// SPDX-License-Identifier: Apache-2.0

extension SubjectBox {
    /// The alpha bytes of four RGBA8 pixels.
    static let alphaLanes = SIMD16<UInt8>(0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255)

    /// Whether any matte byte among the 16 bytes at `p` reaches `t` (`t` ≥ 1, so masked-out lanes never do).
    @inline(__always)
    static func hit(_ p: UnsafeRawPointer, channels: Int, threshold t: SIMD16<UInt8>) -> Bool {
        // SAFETY: the callers keep the 16 bytes inside the row.
        var v = unsafe p.loadUnaligned(as: SIMD16<UInt8>.self)
        if channels == 4 { v &= alphaLanes }
        return any(v .>= t)
    }

    /// As ``referenceFirst(_:from:to:channels:threshold:)``, skipping 16 bytes at a time while none reaches it.
    static func first(_ row: UnsafeRawPointer, from x0: Int, to x1: Int, channels c: Int, threshold: UInt8) -> Int? {
        var x = x0
        #if !BACKDROP_NO_SIMD
            let t = SIMD16<UInt8>(repeating: threshold)
            let step = 16 / c
            while x + step <= x1 {
                // SAFETY: x + step ≤ x1 ≤ width: the 16 bytes at x · c are in the row.
                if unsafe hit(row + x &* c, channels: c, threshold: t) { break }
                x &+= step
            }
        #endif
        return unsafe referenceFirst(row, from: x, to: x1, channels: c, threshold: threshold)
    }

    /// As ``referenceLast(_:from:to:channels:threshold:)``, skipping 16 bytes at a time from the right.
    static func last(_ row: UnsafeRawPointer, from x0: Int, to x1: Int, channels c: Int, threshold: UInt8) -> Int? {
        var end = x1
        #if !BACKDROP_NO_SIMD
            let t = SIMD16<UInt8>(repeating: threshold)
            let step = 16 / c
            while end - step >= x0 {
                // SAFETY: x0 ≤ end − step and end ≤ x1 ≤ width: the 16 bytes are in the row.
                if unsafe hit(row + (end &- step) &* c, channels: c, threshold: t) { break }
                end &-= step
            }
        #endif
        return unsafe referenceLast(row, from: x0, to: end, channels: c, threshold: threshold)
    }

    /// Scans `region` of `view` in bands and merges the bands' extents.
    static func scan<Format: PixelFormat>(
        storage view: PixelView<Format>, region: PixelRect, channels c: Int, threshold: UInt8,
        scheduler: RowScheduler
    ) -> PixelRect? {
        guard !region.isEmpty else { return nil }
        precondition(Format.channelCount == c)
        let bands = scheduler.bands(rows: region.height, bytesPerRow: region.width * c)
        var extents = [Extent](repeating: Extent(), count: max(1, bands.count))
        let stride = view.rowStride
        unsafe view.withUnsafeBaseAddress { base in
            unsafe extents.withUnsafeMutableBufferPointer { results in
                scheduler.run(rows: region.height, bytesPerRow: region.width * c) { band in
                    var e = Extent()
                    for r in band {
                        let y = region.y + r
                        // SAFETY: y < view height and the region lies inside the view, so the row and its
                        // region.x ..< region.x + region.width pixels are readable.
                        let row = unsafe base + y * stride
                        guard
                            let f = unsafe first(
                                row, from: region.x, to: region.x + region.width, channels: c, threshold: threshold)
                        else { continue }
                        // Only the part right of the current right edge can extend it.
                        let l =
                            unsafe last(
                                row, from: max(f, e.maxX + 1), to: region.x + region.width, channels: c,
                                threshold: threshold) ?? f
                        e.minX = min(e.minX, f)
                        e.maxX = max(e.maxX, l)
                        e.minY = min(e.minY, y)
                        e.maxY = max(e.maxY, y)
                    }
                    // The bands are the ones computed above: distinct lower bounds.
                    let index = bands.firstIndex { $0.lowerBound == band.lowerBound } ?? 0
                    // SAFETY: index < bands.count ≤ results.count, and each band writes only its own slot.
                    unsafe results[index] = e
                }
            }
        }
        var total = Extent()
        for e in extents { total.merge(e) }
        return total.rect
    }
}
