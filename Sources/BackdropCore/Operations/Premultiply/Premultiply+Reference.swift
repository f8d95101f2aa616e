// Scalar premultiply/unpremultiply: the oracle for the SIMD kernels and their tail handler.
// SPDX-License-Identifier: Apache-2.0

extension Premultiply {
    /// `round(c · a / 255)`.
    static func reference(_ c: UInt8, alpha a: UInt8) -> UInt8 { multiplyRounded(c, a) }

    /// Premultiplies pixels `x0..<width` of one row.
    static func referenceRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, from x0: Int, to width: Int) {
        for x in x0..<width {
            // SAFETY: x < width; the row holds width RGBA pixels.
            let p = unsafe src.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self)
            let out = SIMD4(reference(p.x, alpha: p.w), reference(p.y, alpha: p.w), reference(p.z, alpha: p.w), p.w)
            unsafe dst.storeBytes(of: out, toByteOffset: x * 4, as: SIMD4<UInt8>.self)
        }
    }
}

extension Unpremultiply {
    /// `⌈2^24 / a⌉` for a in 1...255: `(x · m) >> 24 == x / a` for every `x ≤ 255 · 255 + 127` (tested
    /// exhaustively), which turns the per-channel division into a multiply.
    static let reciprocals: [UInt64] = (0...255).map { a in a == 0 ? 0 : ((1 << 24) + UInt64(a) - 1) / UInt64(a) }

    /// `round(c' · 255 / a)` with `c'` clamped to `a`; 0 when `a == 0`.
    static func reference(_ c: UInt8, alpha a: UInt8) -> UInt8 {
        guard a != 0 else { return 0 }
        let p = UInt32(min(c, a))
        return UInt8((p * 255 + UInt32(a) / 2) / UInt32(a))
    }

    /// Unpremultiplies pixels `x0..<width` of one row with the reciprocal table.
    static func referenceRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, from x0: Int, to width: Int) {
        unsafe reciprocals.withUnsafeBufferPointer { table in
            for x in x0..<width {
                // SAFETY: x < width; the row holds width RGBA pixels.
                let p = unsafe src.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self)
                // SAFETY: p.w ≤ 255 indexes the 256-entry table.
                let m = unsafe table[Int(p.w)]
                let half = UInt64(p.w >> 1)
                // (min(c,a) · 255 + a/2) ≤ 65152 and m ≤ 2^24: the product fits in 41 bits.
                let r = UInt8(truncatingIfNeeded: ((UInt64(min(p.x, p.w)) &* 255 &+ half) &* m) &>> 24)
                let g = UInt8(truncatingIfNeeded: ((UInt64(min(p.y, p.w)) &* 255 &+ half) &* m) &>> 24)
                let b = UInt8(truncatingIfNeeded: ((UInt64(min(p.z, p.w)) &* 255 &+ half) &* m) &>> 24)
                unsafe dst.storeBytes(of: SIMD4(r, g, b, p.w), toByteOffset: x * 4, as: SIMD4<UInt8>.self)
            }
        }
    }
}
