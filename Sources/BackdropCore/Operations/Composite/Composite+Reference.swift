// Scalar compositing over a background image: the oracle for the SIMD kernel and its tail handler.
// SPDX-License-Identifier: Apache-2.0

extension Composite {
    /// One pixel `p` over background pixel `b`, straight alpha in and out.
    static func reference(_ p: SIMD4<UInt8>, over b: SIMD4<UInt8>) -> SIMD4<UInt8> {
        if b.w == 255 {
            return SIMD4(
                BackgroundFill.reference(p.x, over: b.x, alpha: p.w),
                BackgroundFill.reference(p.y, over: b.y, alpha: p.w),
                BackgroundFill.reference(p.z, over: b.z, alpha: p.w), 255)
        }
        return BackgroundFill.reference(p, over: RGBAColor(red: b.x, green: b.y, blue: b.z, alpha: b.w))
    }

    /// Pixels `x0..<width` of one row: source `src` over background `back` into `dst`.
    static func referenceRow(
        _ src: UnsafeRawPointer, _ back: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, from x0: Int, to width: Int
    ) {
        for x in x0..<width {
            // SAFETY: x < width; all three rows hold width RGBA pixels.
            let p = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD4<UInt8>.self)
            let b = unsafe back.loadUnaligned(fromByteOffset: x &* 4, as: SIMD4<UInt8>.self)
            unsafe dst.storeBytes(of: reference(p, over: b), toByteOffset: x &* 4, as: SIMD4<UInt8>.self)
        }
    }
}
