// Composite: a cutout (with an optional separate matte) over a background image of the same size.
// SPDX-License-Identifier: Apache-2.0

/// Composites a straight-alpha cutout over a background image with the Porter–Duff "over" operator.
///
/// The cutout's effective alpha is its own alpha times the matte, if any (see ``AlphaMatte``). Where the
/// background pixel is opaque, `out = round((f · a + b · (255 − a)) / 255)` with alpha 255, exactly as
/// ``BackgroundFill`` does for a colour: alpha 0 gives the background pixel exactly and alpha 255 the
/// foreground. Where the background is translucent, straight-alpha over: `A = a + β(255 − a)/255`,
/// `C = (f·a + b·β(255 − a)/255) / A`, each rounded. sRGB-encoded values, like the services.
///
/// - Complexity: O(width × height); allocates one output buffer.
public struct Composite: ImageOperation {
    /// Blend in linear light instead of on sRGB-encoded values. Default `false`.
    public var linearLight: Bool

    public init(linearLight: Bool = false) { self.linearLight = linearLight }

    /// The cutout and the background it goes over.
    public struct Input: Sendable {
        public var cutout: Cutout
        public var background: PixelBuffer<RGBA8>
        public init(cutout: Cutout, background: PixelBuffer<RGBA8>) {
            self.cutout = cutout
            self.background = background
        }
    }

    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)`` when the matte's size differs from the
    ///   image's, ``ParameterError/invalidValue(name:value:expected:)`` when the background's does.
    public func validate(_ input: Input) throws {
        try input.cutout.validate()
        guard input.background.size == input.cutout.image.size else {
            throw ParameterError.invalidValue(
                name: "background size", value: "\(input.background.size)", expected: "\(input.cutout.image.size)")
        }
    }

    public func apply(to input: Input, scheduler: RowScheduler) throws -> PixelBuffer<RGBA8> {
        try validate(input)
        let image = try AlphaMatte().apply(to: input.cutout, scheduler: scheduler)
        var output = try PixelBuffer<RGBA8>(uninitializedWidth: image.width, height: image.height)
        let linear = linearLight
        runRows(image, into: &output, auxiliary: input.background, scheduler: scheduler) { job, rows in
            if linear { LinearOver.rows(job, rows, colour: nil) } else { Self.rows(job, rows) }
        }
        return output
    }
}

extension PixelBuffer where Format == RGBA8 {
    /// This image (alpha multiplied by `matte` if given) composited over `background` of the same size.
    /// See ``Composite``.
    public func composited(
        over background: PixelBuffer<RGBA8>, matte: PixelBuffer<Gray8>? = nil, scheduler: RowScheduler = .default
    ) throws -> PixelBuffer<RGBA8> {
        try Composite().apply(
            to: .init(cutout: Cutout(image: self, matte: matte), background: background), scheduler: scheduler)
    }
}
