// Scalar matte application: the oracle for the SIMD kernel and its tail handler.
// SPDX-License-Identifier: Apache-2.0

extension AlphaMatte {
    /// Applies the matte to pixels `x0..<width` of one row.
    static func referenceRow(
        _ src: UnsafeRawPointer, _ matte: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, from x0: Int, to width: Int
    ) {
        for x in x0..<width {
            // SAFETY: x < width; the rows hold width RGBA pixels and width matte bytes.
            var p = unsafe src.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self)
            p.w = multiplyRounded(p.w, unsafe matte.load(fromByteOffset: x, as: UInt8.self))
            unsafe dst.storeBytes(of: p, toByteOffset: x * 4, as: SIMD4<UInt8>.self)
        }
    }
}
