// Row kernel for compositing over a background image: eight packed pixels per step, scalar fallback.
// SPDX-License-Identifier: Apache-2.0

extension Composite {
    /// Blocks of eight: fully opaque foreground copies it, fully transparent copies the background, an opaque
    /// background takes the packed blend; anything else (translucent background pixels) goes per pixel.
    static func rows(_ job: RowJob, _ rows: Range<Int>) {
        let opaque = SIMD8<UInt32>(repeating: 0xFF00_0000)
        let width = job.width
        let streaming = job.streaming
        for y in rows {
            let src = unsafe job.sourceRow(y)
            // SAFETY: apply() passes the background as the auxiliary plane.
            let back = unsafe job.auxiliaryRow(y)!
            let dst = unsafe job.destinationRow(y)
            var x = 0
            #if !BACKDROP_NO_SIMD
                while x &+ 8 <= width {
                    // SAFETY: x + 8 ≤ width: 32 bytes inside each row.
                    let px = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                    let bg = unsafe back.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                    // Alpha tests as `==`/`>=` on masked lanes: `all(px .< 0x0100_0000)` compiled to a scalar lane loop (10× slower).
                    if all(px .>= opaque) {
                        unsafe storePixels(px, to: dst + x &* 4, streaming: streaming)
                    } else if all((px & opaque) .== SIMD8<UInt32>.zero) {
                        unsafe storePixels(bg, to: dst + x &* 4, streaming: streaming)
                    } else if all(bg .>= opaque) {
                        let a = px &>> 24
                        let inverse = 255 &- a
                        let rb = divideHalvesBy255((px & packedLowBytes) &* a &+ (bg & packedLowBytes) &* inverse)
                        let g = divideBy255(((px &>> 8) & 0xFF) &* a &+ ((bg &>> 8) & 0xFF) &* inverse)
                        unsafe storePixels(rb | (g &<< 8) | opaque, to: dst + x &* 4, streaming: streaming)
                    } else {
                        unsafe referenceRow(src, back, dst, from: x, to: x &+ 8)
                    }
                    x &+= 8
                }
            #endif
            unsafe referenceRow(src, back, dst, from: x, to: width)
        }
    }
}
