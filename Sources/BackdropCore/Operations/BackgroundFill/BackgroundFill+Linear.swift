// Compositing in linear light: sRGB-decode, blend by coverage, encode back (scalar Float, row-parallel).
// SPDX-License-Identifier: Apache-2.0

/// Linear-light "over" for straight RGBA8, shared by ``BackgroundFill`` and ``Composite``.
///
/// Colour channels are decoded from sRGB (the tables ``Resample`` uses), blended as
/// `L = Lf · α + Lb · β(1 − α)` over `A = α + β(1 − α)` with α, β the coverages, and encoded back with rounding.
/// Alpha itself is coverage and blends as in the sRGB path. Pixels with α = 0 give the background pixel and
/// α = 1 the foreground exactly, without a round trip through the tables.
enum LinearOver {
    static func pixel(
        _ f: SIMD4<UInt8>, over b: SIMD4<UInt8>, decode: UnsafeBufferPointer<Float>, encode: UnsafeBufferPointer<UInt8>
    )
        -> SIMD4<UInt8>
    {
        if f.w == 255 { return f }
        if f.w == 0 { return b }
        let a = Float(f.w) / 255, beta = Float(b.w) / 255
        let back = beta * (1 - a)
        let outA = a + back
        guard outA > 0 else { return .zero }
        let steps = Float(Resample.encodeSteps)
        func channel(_ fc: UInt8, _ bc: UInt8) -> UInt8 {
            // SAFETY: bytes index the 256-entry decode table; the encode index is clamped to 0...steps.
            let lf = unsafe decode[Int(fc)], lb = unsafe decode[Int(bc)]
            let l = (lf * a + lb * back) / outA
            return unsafe encode[Int(min(max(l, 0), 1) * steps + 0.5)]
        }
        let alpha = b.w == 255 ? 255 : UInt8(min(255, (outA * 255).rounded()))
        return SIMD4(channel(f.x, b.x), channel(f.y, b.y), channel(f.z, b.z), alpha)
    }

    /// Source over background row by row: `background` is the auxiliary plane (RGBA8), or `colour` when nil.
    static func rows(_ job: RowJob, _ rows: Range<Int>, colour: RGBAColor?) {
        unsafe Resample.srgbToLinear.withUnsafeBufferPointer { decode in
            unsafe Resample.linearToSRGB.withUnsafeBufferPointer { encode in
                for y in rows {
                    let src = unsafe job.sourceRow(y)
                    let back = unsafe job.auxiliaryRow(y)
                    let dst = unsafe job.destinationRow(y)
                    for x in 0..<job.width {
                        // SAFETY: x < width; each row holds width RGBA pixels.
                        let f = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD4<UInt8>.self)
                        let b =
                            unsafe colour?.simd ?? back!.loadUnaligned(fromByteOffset: x &* 4, as: SIMD4<UInt8>.self)
                        unsafe dst.storeBytes(
                            of: pixel(f, over: b, decode: decode, encode: encode), toByteOffset: x &* 4,
                            as: SIMD4<UInt8>.self)
                    }
                }
            }
        }
    }
}
