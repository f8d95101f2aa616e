// ColorOver: a solid colour seen through a coverage plane (a shadow or an outline) composited over an image.
// SPDX-License-Identifier: Apache-2.0

/// Composites a solid colour with per-pixel coverage over a straight-alpha image (Porter–Duff "over").
///
/// The layer's alpha is `a = round(coverage · color.alpha / 255)`. Over an opaque pixel,
/// `out = round((c · a + b · (255 − a)) / 255)` with alpha 255, the formula of ``BackgroundFill``; over a
/// translucent or transparent pixel, straight-alpha over: `A = a + β(255 − a)/255`, `C = (c·a + b·β(255 − a)/255)
/// / A`, each rounded, so on a transparent canvas the result is the colour with alpha `a`. Coverage 0 leaves the
/// pixel exactly unchanged. sRGB-encoded values, like ``Composite``.
///
/// This is how shadows and outlines are laid between the background and the subject.
///
/// - Complexity: O(width × height); allocates one output buffer.
public struct ColorOver: ImageOperation {
    /// The layer's colour; its alpha scales the coverage. Default black.
    public var color: RGBAColor

    public init(color: RGBAColor = .black) { self.color = color }

    /// The image underneath and the layer's coverage, of the same size.
    public struct Input: Sendable {
        public var image: PixelBuffer<RGBA8>
        public var coverage: PixelBuffer<Gray8>
        public init(image: PixelBuffer<RGBA8>, coverage: PixelBuffer<Gray8>) {
            self.image = image
            self.coverage = coverage
        }
    }

    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)`` when the coverage's size differs.
    public func validate(_ input: Input) throws {
        guard input.coverage.size == input.image.size else {
            throw ParameterError.maskSizeMismatch(expected: input.image.size, actual: input.coverage.size)
        }
    }

    public func apply(to input: Input, scheduler: RowScheduler) throws -> PixelBuffer<RGBA8> {
        try validate(input)
        var output = try PixelBuffer<RGBA8>(uninitializedWidth: input.image.width, height: input.image.height)
        let color = self.color
        runRows(input.image, into: &output, auxiliary: input.coverage, scheduler: scheduler) { job, rows in
            Self.rows(job, rows, color: color)
        }
        return output
    }
}

extension PixelBuffer where Format == RGBA8 {
    /// `color` through `coverage` composited over this image. See ``ColorOver``.
    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)``.
    public func underlaid(
        _ color: RGBAColor, coverage: PixelBuffer<Gray8>, scheduler: RowScheduler = .default
    ) throws -> PixelBuffer<RGBA8> {
        try ColorOver(color: color).apply(to: .init(image: self, coverage: coverage), scheduler: scheduler)
    }
}
