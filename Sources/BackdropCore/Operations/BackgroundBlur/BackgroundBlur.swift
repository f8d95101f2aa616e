// BackgroundBlur: the photo's own background, blurred without the subject's colour bleeding into it.
// SPDX-License-Identifier: Apache-2.0

/// Blurs the background of a photo, leaving the subject out of the average (Photoroom's `background.blur`).
///
/// Each colour channel is blurred with weights `w = 255 − α` (normalised convolution): the result at a pixel is
/// the Gaussian-weighted mean of the *background* pixels around it, so the subject's colour does not spread
/// into the blurred background as a glow. Where no background pixel is within reach (deep inside the subject,
/// which covers those pixels anyway) the photo's own pixel is kept. The result is opaque; composite the
/// cutout over it with ``Composite``. sRGB-encoded values.
///
/// - Complexity: O(width × height) independent of ``sigma`` (see ``GaussianBlur``); allocates eight Gray8
///   planes and the output.
public struct BackgroundBlur: ImageOperation {
    /// Gaussian standard deviation in pixels.
    public var sigma: Double

    public init(sigma: Double) { self.sigma = sigma }

    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)`` and the sigma errors of ``GaussianBlur``.
    public func validate(_ input: Cutout) throws {
        try input.validate()
        try GaussianBlur(sigma: sigma).validate(PixelBuffer<Gray8>(width: 1, height: 1))
    }

    public func apply(to input: Cutout, scheduler: RowScheduler) throws -> PixelBuffer<RGBA8> {
        try validate(input)
        let photo = try AlphaMatte().apply(to: input, scheduler: scheduler)
        let blur = GaussianBlur(sigma: sigma)
        var planes = try Self.weightedPlanes(photo)
        for i in planes.indices { planes[i] = try blur.apply(to: planes[i], scheduler: scheduler) }
        return try Self.normalised(photo, red: planes[0], green: planes[1], blue: planes[2], weight: planes[3])
    }
}
