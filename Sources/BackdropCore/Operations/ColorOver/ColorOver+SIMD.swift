// Row kernel of ColorOver: eight packed pixels per step, uniform blocks short-circuited, scalar fallback.
// SPDX-License-Identifier: Apache-2.0

extension ColorOver {
    /// Blocks of eight: coverage all 0 copies the image; an opaque block takes the packed blend
    /// `round((c·a + b·(255−a)) / 255)` (R and B share a 32-bit lane: each half stays ≤ 255·255); a block with
    /// translucent pixels goes per pixel.
    static func rows(_ job: RowJob, _ rows: Range<Int>, color: RGBAColor) {
        let width = job.width
        let opaque = SIMD8<UInt32>(repeating: 0xFF00_0000)
        let colorRB = SIMD8<UInt32>(repeating: UInt32(color.red) | UInt32(color.blue) << 16)
        let colorG = SIMD8<UInt32>(repeating: UInt32(color.green))
        let colorAlpha = SIMD8<UInt32>(repeating: UInt32(color.alpha))
        for y in rows {
            let src = unsafe job.sourceRow(y)
            // SAFETY: apply() passes the coverage as the auxiliary plane.
            let coverage = unsafe job.auxiliaryRow(y)!
            let dst = unsafe job.destinationRow(y)
            var x = 0
            #if !BACKDROP_NO_SIMD
                while x &+ 8 <= width {
                    // SAFETY: x + 8 ≤ width: 32 pixel bytes and 8 coverage bytes inside their rows.
                    let m64 = unsafe coverage.loadUnaligned(fromByteOffset: x, as: UInt64.self)
                    let bg = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                    if m64 == 0 {
                        unsafe dst.storeBytes(of: bg, toByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                    } else if all(bg .>= opaque) {
                        let m = SIMD8<UInt32>(
                            truncatingIfNeeded: unsafe coverage.loadUnaligned(fromByteOffset: x, as: SIMD8<UInt8>.self))
                        let a = divideBy255(m &* colorAlpha)
                        let inverse = 255 &- a
                        let rb = divideHalvesBy255(colorRB &* a &+ (bg & packedLowBytes) &* inverse)
                        let g = divideBy255(colorG &* a &+ ((bg &>> 8) & 0xFF) &* inverse)
                        unsafe dst.storeBytes(
                            of: rb | (g &<< 8) | opaque, toByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                    } else {
                        unsafe referenceRow(src, coverage, dst, from: x, to: x &+ 8, color: color)
                    }
                    x &+= 8
                }
            #endif
            unsafe referenceRow(src, coverage, dst, from: x, to: width, color: color)
        }
    }
}
