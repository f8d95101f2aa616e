// Scalar compositing over a colour: the oracle for the SIMD kernels and their tail handler.
// SPDX-License-Identifier: Apache-2.0

extension BackgroundFill {
    /// One channel over an opaque background: `round((f·a + b·(255−a)) / 255)`.
    static func reference(_ f: UInt8, over b: UInt8, alpha a: UInt8) -> UInt8 {
        let sum = UInt32(f) * UInt32(a) + UInt32(b) * UInt32(255 - a)  // ≤ 65025
        return UInt8((sum + 127) / 255)
    }

    /// One pixel over a colour of any opacity (straight alpha in and out).
    static func reference(_ p: SIMD4<UInt8>, over color: RGBAColor) -> SIMD4<UInt8> {
        let a = Float(p.w), beta = Float(color.alpha)
        let back = beta * (255 - a) / 255
        let outA = a + back
        guard outA > 0 else { return .zero }
        func channel(_ f: UInt8, _ b: UInt8) -> UInt8 {
            let value = (Float(f) * a + Float(b) * back) / outA
            return UInt8(min(255, (value + 0.5).rounded(.down)))
        }
        return SIMD4(
            channel(p.x, color.red), channel(p.y, color.green), channel(p.z, color.blue),
            UInt8(min(255, (outA + 0.5).rounded(.down))))
    }

    /// Pixels `x0..<width` of one row over an opaque colour, with the matte applied first.
    static func referenceOpaqueRow(
        _ src: UnsafeRawPointer, _ matte: UnsafeRawPointer?, _ dst: UnsafeMutableRawPointer,
        from x0: Int, to width: Int, color: RGBAColor
    ) {
        for x in x0..<width {
            // SAFETY: x < width; the rows hold width RGBA pixels and width matte bytes.
            let p = unsafe src.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self)
            let a = unsafe matte.map { unsafe multiplyRounded(p.w, $0.load(fromByteOffset: x, as: UInt8.self)) } ?? p.w
            let out = SIMD4(
                reference(p.x, over: color.red, alpha: a), reference(p.y, over: color.green, alpha: a),
                reference(p.z, over: color.blue, alpha: a), 255)
            unsafe dst.storeBytes(of: out, toByteOffset: x * 4, as: SIMD4<UInt8>.self)
        }
    }

    /// Whole rows over a translucent colour: per-pixel float maths, rare in practice.
    static func translucentRows(_ job: RowJob, _ rows: Range<Int>, color: RGBAColor) {
        for y in rows {
            let src = unsafe job.sourceRow(y)
            let matte = unsafe job.auxiliaryRow(y)
            let dst = unsafe job.destinationRow(y)
            for x in 0..<job.width {
                // SAFETY: x < width; the rows hold width RGBA pixels and width matte bytes.
                var p = unsafe src.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self)
                if let matte = unsafe matte {
                    p.w = multiplyRounded(p.w, unsafe matte.load(fromByteOffset: x, as: UInt8.self))
                }
                unsafe dst.storeBytes(of: reference(p, over: color), toByteOffset: x * 4, as: SIMD4<UInt8>.self)
            }
        }
    }
}
