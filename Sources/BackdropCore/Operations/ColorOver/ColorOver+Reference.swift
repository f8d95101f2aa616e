// Scalar ColorOver: the oracle for the SIMD kernel and its tail handler.
// SPDX-License-Identifier: Apache-2.0

extension ColorOver {
    /// One pixel: `color` at coverage `m` over background pixel `b` (straight alpha in and out).
    static func reference(_ color: RGBAColor, coverage m: UInt8, over b: SIMD4<UInt8>) -> SIMD4<UInt8> {
        let a = multiplyRounded(m, color.alpha)
        if a == 0 { return b }
        if b.w == 255 {
            return SIMD4(
                BackgroundFill.reference(color.red, over: b.x, alpha: a),
                BackgroundFill.reference(color.green, over: b.y, alpha: a),
                BackgroundFill.reference(color.blue, over: b.z, alpha: a), 255)
        }
        return BackgroundFill.reference(
            SIMD4(color.red, color.green, color.blue, a), over: RGBAColor(red: b.x, green: b.y, blue: b.z, alpha: b.w))
    }

    /// Pixels `x0..<x1` of one row.
    static func referenceRow(
        _ src: UnsafeRawPointer, _ coverage: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, from x0: Int,
        to x1: Int, color: RGBAColor
    ) {
        for x in x0..<x1 {
            // SAFETY: x < row width; the rows hold width RGBA pixels and width coverage bytes.
            let b = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD4<UInt8>.self)
            let m = unsafe coverage.load(fromByteOffset: x, as: UInt8.self)
            unsafe dst.storeBytes(
                of: reference(color, coverage: m, over: b), toByteOffset: x &* 4, as: SIMD4<UInt8>.self)
        }
    }
}
