// AlphaMatte: applies a separate Gray8 matte to an image's alpha channel.
// SPDX-License-Identifier: Apache-2.0

/// Multiplies an image's alpha by a matte of the same size: `a' = round(a · m / 255)`; colour is unchanged.
///
/// For an opaque photo this makes the matte its alpha, which is how a photo plus a separate mask from a
/// background-removal service (remove.bg `channels=alpha`, Adobe `mode=mask`) becomes a cutout. Straight
/// alpha in and out; the matte is linear coverage, so no colour encoding is involved.
///
/// A cutout without a matte is returned unchanged (no copy).
///
/// - Complexity: O(width × height); allocates one output buffer when there is a matte.
public struct AlphaMatte: ImageOperation {
    public init() {}

    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)`` when the sizes differ.
    public func validate(_ input: Cutout) throws { try input.validate() }

    public func apply(to input: Cutout, scheduler: RowScheduler) throws -> PixelBuffer<RGBA8> {
        try validate(input)
        guard let matte = input.matte else { return input.image }
        var output = try PixelBuffer<RGBA8>(uninitializedWidth: input.image.width, height: input.image.height)
        runRows(input.image, into: &output, auxiliary: matte, scheduler: scheduler) { job, rows in
            Self.rows(job, rows)
        }
        return output
    }
}

extension PixelBuffer where Format == RGBA8 {
    /// This image with its alpha multiplied by `matte`. See ``AlphaMatte``.
    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)``.
    public func applyingMatte(_ matte: PixelBuffer<Gray8>, scheduler: RowScheduler = .default) throws -> PixelBuffer<
        RGBA8
    > {
        try AlphaMatte().apply(to: Cutout(image: self, matte: matte), scheduler: scheduler)
    }
}
