// Row kernel for matte application: eight packed pixels per step, scalar tail.
// SPDX-License-Identifier: Apache-2.0

extension AlphaMatte {
    static func rows(_ job: RowJob, _ rows: Range<Int>) {
        for y in rows {
            let src = unsafe job.sourceRow(y)
            // SAFETY: apply() always passes the matte as the auxiliary plane.
            let matte = unsafe job.auxiliaryRow(y)!
            let dst = unsafe job.destinationRow(y)
            var x = 0
            #if !BACKDROP_NO_SIMD
                while x + 8 <= job.width {
                    // SAFETY: x + 8 ≤ width: 32 pixel bytes and 8 matte bytes inside their rows.
                    let px = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                    let m = unsafe loadWidened(matte + x)
                    let a = divideBy255((px &>> 24) &* m)
                    unsafe storePixels((px & 0x00FF_FFFF) | (a &<< 24), to: dst + x &* 4, streaming: job.streaming)
                    x &+= 8
                }
            #endif
            unsafe referenceRow(src, matte, dst, from: x, to: job.width)
        }
    }
}
