// Row kernels for premultiply/unpremultiply: eight packed pixels per step, scalar tail.
// SPDX-License-Identifier: Apache-2.0

extension Premultiply {
    static func rows(_ job: RowJob, _ rows: Range<Int>) {
        for y in rows {
            let src = unsafe job.sourceRow(y)
            let dst = unsafe job.destinationRow(y)
            var x = 0
            #if !BACKDROP_NO_SIMD
                while x + 8 <= job.width {
                    // SAFETY: x + 8 ≤ width, so the 32 bytes at x·4 are inside the row.
                    let px = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                    let a = px &>> 24
                    let rb = divideHalvesBy255((px & packedLowBytes) &* a)
                    let g = divideBy255(((px &>> 8) & 0xFF) &* a)
                    unsafe storePixels(rb | (g &<< 8) | (a &<< 24), to: dst + x &* 4, streaming: job.streaming)
                    x &+= 8
                }
            #endif
            unsafe referenceRow(src, dst, from: x, to: job.width)
        }
    }
}

extension Unpremultiply {
    /// Unpremultiply is a division per channel; the table-driven scalar loop is exact and not on a hot path
    /// yet (compositing works premultiplied and converts once at the end).
    static func rows(_ job: RowJob, _ rows: Range<Int>) {
        for y in rows { unsafe referenceRow(job.sourceRow(y), job.destinationRow(y), from: 0, to: job.width) }
    }
}
