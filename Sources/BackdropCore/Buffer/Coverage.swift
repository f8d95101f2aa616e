// Coverage: the Gray8 matte an RGBA mask image stands for (its alpha, or its luma when opaque).
// SPDX-License-Identifier: Apache-2.0

extension PixelBuffer where Format == RGBA8 {
    /// The matte this image stands for when used as a mask: its alpha channel if any pixel is translucent,
    /// otherwise its luma `round((77 R + 150 G + 29 B) / 256)` (exact for gray stored as RGB).
    ///
    /// - Complexity: O(width × height); allocates one Gray8 buffer.
    public func coverage(scheduler: RowScheduler = .default) throws -> PixelBuffer<Gray8> {
        var out = try PixelBuffer<Gray8>(uninitializedWidth: width, height: height)
        let useAlpha = hasTranslucentPixels()
        runRows(self, into: &out, auxiliary: PixelBuffer<Gray8>?.none, scheduler: scheduler) { job, rows in
            for y in rows {
                let src = unsafe job.sourceRow(y)
                let dst = unsafe job.destinationRow(y)
                for x in 0..<job.width {
                    // SAFETY: x < width: four bytes in and one out, inside their rows.
                    let p = unsafe src.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self)
                    let luma = (77 &* UInt32(p.x) &+ 150 &* UInt32(p.y) &+ 29 &* UInt32(p.z) &+ 128) &>> 8  // ≤ 255
                    unsafe dst.storeBytes(
                        of: useAlpha ? p.w : UInt8(truncatingIfNeeded: luma), toByteOffset: x, as: UInt8.self)
                }
            }
        }
        return out
    }

    /// Whether any pixel has alpha below 255.
    public func hasTranslucentPixels() -> Bool {
        let w = width, stride = rowStride
        return unsafe withUnsafeBytes { raw in
            for y in 0..<height {
                for x in 0..<w {
                    // SAFETY: the alpha byte of pixel x in row y is inside the block.
                    if unsafe raw[y * stride + x * 4 + 3] != 255 { return true }
                }
            }
            return false
        }
    }
}

extension PixelBuffer where Format == RGBA8 {
    /// The alpha channel as a Gray8 plane.
    /// - Complexity: O(width × height); allocates one Gray8 buffer.
    public func alphaPlane(scheduler: RowScheduler = .default) throws -> PixelBuffer<Gray8> {
        var out = try PixelBuffer<Gray8>(uninitializedWidth: width, height: height)
        runRows(self, into: &out, auxiliary: PixelBuffer<Gray8>?.none, scheduler: scheduler) { job, rows in
            for y in rows {
                let src = unsafe job.sourceRow(y)
                let dst = unsafe job.destinationRow(y)
                for x in 0..<job.width {
                    // SAFETY: x < width: the alpha byte of pixel x, and byte x of the plane.
                    unsafe dst.storeBytes(
                        of: src.load(fromByteOffset: x &* 4 &+ 3, as: UInt8.self), toByteOffset: x, as: UInt8.self)
                }
            }
        }
        return out
    }

    /// This image with its alpha channel replaced by `alpha` (colour unchanged).
    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)`` when the sizes differ.
    /// - Complexity: O(width × height); allocates one output buffer.
    public func replacingAlpha(with alpha: PixelBuffer<Gray8>, scheduler: RowScheduler = .default) throws
        -> PixelBuffer<RGBA8>
    {
        guard alpha.size == size else { throw ParameterError.maskSizeMismatch(expected: size, actual: alpha.size) }
        var out = try PixelBuffer<RGBA8>(uninitializedWidth: width, height: height)
        runRows(self, into: &out, auxiliary: alpha, scheduler: scheduler) { job, rows in
            for y in rows {
                let src = unsafe job.sourceRow(y)
                // SAFETY: the alpha plane is passed as the auxiliary.
                let a = unsafe job.auxiliaryRow(y)!
                let dst = unsafe job.destinationRow(y)
                for x in 0..<job.width {
                    // SAFETY: x < width in all three rows.
                    var p = unsafe src.loadUnaligned(fromByteOffset: x &* 4, as: SIMD4<UInt8>.self)
                    p.w = unsafe a.load(fromByteOffset: x, as: UInt8.self)
                    unsafe dst.storeBytes(of: p, toByteOffset: x &* 4, as: SIMD4<UInt8>.self)
                }
            }
        }
        return out
    }
}
