// Row kernel for compositing over an opaque colour: eight packed pixels per step, matte fused in.
// SPDX-License-Identifier: Apache-2.0

extension BackgroundFill {
    /// `out = round((f·a + b·(255−a)) / 255)` for R, G, B; alpha 255. Per 16-bit half the sum is at most
    /// 255 · 255, so R and B share one 32-bit multiply-add without carries.
    ///
    /// Segmentation mattes are 0 or 255 almost everywhere (only the edge band is fractional), so each block of
    /// eight pixels first checks the two uniform cases: matte all 0 writes the background without reading
    /// the photo; matte all 255 over opaque pixels copies them. Both give exactly what the blend would.
    static func opaqueRows(_ job: RowJob, _ rows: Range<Int>, color: RGBAColor) {
        let backRB = SIMD8<UInt32>(repeating: UInt32(color.red) | UInt32(color.blue) << 16)
        let backG = SIMD8<UInt32>(repeating: UInt32(color.green))
        let opaque = SIMD8<UInt32>(repeating: 0xFF00_0000)
        let background = SIMD8<UInt32>(
            repeating: UInt32(color.red) | UInt32(color.green) << 8 | UInt32(color.blue) << 16 | 0xFF00_0000)
        let streaming = job.streaming
        let width = job.width
        for y in rows {
            let src = unsafe job.sourceRow(y)
            let matte = unsafe job.auxiliaryRow(y)
            let dst = unsafe job.destinationRow(y)
            var x = 0
            #if !BACKDROP_NO_SIMD
                if let matte = unsafe matte {
                    while x &+ 8 <= width {
                        // SAFETY: x + 8 ≤ width: 32 pixel bytes and 8 matte bytes inside their rows.
                        let m64 = unsafe matte.loadUnaligned(fromByteOffset: x, as: UInt64.self)
                        let out: SIMD8<UInt32>
                        if m64 == 0 {
                            out = background
                        } else {
                            let px = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                            if m64 == .max && all(px .>= opaque) {
                                out = px
                            } else {
                                let m = unsafe loadWidened(matte + x)
                                let a = divideBy255((px &>> 24) &* m)
                                out = blend(px, alpha: a, backRB: backRB, backG: backG) | opaque
                            }
                        }
                        unsafe storePixels(out, to: dst + x &* 4, streaming: streaming)
                        x &+= 8
                    }
                } else {
                    while x &+ 8 <= width {
                        // SAFETY: x + 8 ≤ width: 32 pixel bytes inside the row.
                        let px = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                        let out: SIMD8<UInt32>
                        // Alpha tests as `==`/`>=` on masked lanes: `all(px .< 0x0100_0000)` compiled to a scalar lane loop (10× slower).
                        if all(px .>= opaque) {
                            out = px
                        } else if all((px & opaque) .== SIMD8<UInt32>.zero) {
                            out = background
                        } else {
                            out = blend(px, alpha: px &>> 24, backRB: backRB, backG: backG) | opaque
                        }
                        unsafe storePixels(out, to: dst + x &* 4, streaming: streaming)
                        x &+= 8
                    }
                }
            #endif
            unsafe referenceOpaqueRow(src, matte, dst, from: x, to: width, color: color)
        }
    }

    /// R, G, B of eight pixels over the background; the alpha byte of the result is zero.
    @inline(__always)
    static func blend(_ px: SIMD8<UInt32>, alpha a: SIMD8<UInt32>, backRB: SIMD8<UInt32>, backG: SIMD8<UInt32>)
        -> SIMD8<UInt32>
    {
        let inverse = 255 &- a
        let rb = divideHalvesBy255((px & packedLowBytes) &* a &+ backRB &* inverse)
        let g = divideBy255(((px &>> 8) & 0xFF) &* a &+ backG &* inverse)
        return rb | (g &<< 8)
    }
}
