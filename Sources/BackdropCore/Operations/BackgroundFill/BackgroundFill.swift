// BackgroundFill: composites a cutout (optionally with a separate matte) over a solid colour.
// SPDX-License-Identifier: Apache-2.0

/// Composites a straight-alpha cutout over a solid colour with the Porter–Duff "over" operator.
///
/// The cutout's effective alpha is its own alpha times the matte, if it has one (see ``AlphaMatte``); the two
/// steps run fused in one pass, so compositing a photo plus a mask reads each input once.
///
/// - Opaque colour: `out = round((f · a + b · (255 − a)) / 255)`, alpha 255. Alpha 0 gives the colour exactly,
///   alpha 255 the foreground exactly.
/// - Translucent colour (`#RRGGBBAA` with 0 < alpha < 255): straight-alpha over,
///   `A = a + β(255 − a)/255`, `C = (f·a + b·β(255 − a)/255) / A`, each rounded.
/// - `transparent`: the cutout with the matte applied, unchanged otherwise.
///
/// Works on sRGB-encoded values, like the peers and the services (`background.color`, `bg_color`).
///
/// - Complexity: O(width × height); allocates one output buffer.
public struct BackgroundFill: ImageOperation {
    /// The background colour. Default white.
    public var color: RGBAColor
    /// Blend in linear light instead of on sRGB-encoded values (see ``LinearOver``). Default `false`, which is
    /// what the services and the peer libraries do.
    public var linearLight: Bool

    public init(color: RGBAColor = .white, linearLight: Bool = false) {
        self.color = color
        self.linearLight = linearLight
    }

    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)`` when the matte's size differs.
    public func validate(_ input: Cutout) throws { try input.validate() }

    public func apply(to input: Cutout, scheduler: RowScheduler) throws -> PixelBuffer<RGBA8> {
        try validate(input)
        if color.alpha == 0 { return try AlphaMatte().apply(to: input, scheduler: scheduler) }
        var output = try PixelBuffer<RGBA8>(uninitializedWidth: input.image.width, height: input.image.height)
        try apply(to: input, into: &output, scheduler: scheduler)
        return output
    }

    /// Composites into an existing buffer of the input's size, so a batch can reuse one output buffer.
    ///
    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)`` when the matte has another size than the
    ///   image, ``ParameterError/invalidValue(name:value:expected:)`` when `output` does.
    /// - Complexity: O(width × height); allocates nothing (copies `output` first if its storage is shared).
    public func apply(to input: Cutout, into output: inout PixelBuffer<RGBA8>, scheduler: RowScheduler = .default)
        throws
    {
        try validate(input)
        guard output.size == input.image.size else {
            throw ParameterError.invalidValue(
                name: "output size", value: "\(output.size)", expected: "\(input.image.size)")
        }
        if color.alpha == 0 {
            guard input.matte != nil else {
                output = input.image
                return
            }
            runRows(input.image, into: &output, auxiliary: input.matte, scheduler: scheduler) { job, rows in
                AlphaMatte.rows(job, rows)
            }
            return
        }
        let color = self.color
        if linearLight {
            let image = try AlphaMatte().apply(to: input, scheduler: scheduler)
            runRows(image, into: &output, auxiliary: PixelBuffer<RGBA8>?.none, scheduler: scheduler) { job, rows in
                LinearOver.rows(job, rows, colour: color)
            }
            return
        }
        runRows(input.image, into: &output, auxiliary: input.matte, scheduler: scheduler) { job, rows in
            if color.alpha == 255 {
                Self.opaqueRows(job, rows, color: color)
            } else {
                Self.translucentRows(job, rows, color: color)
            }
        }
    }
}

extension PixelBuffer where Format == RGBA8 {
    /// This image, with alpha multiplied by `matte` if given, composited over `color`. See ``BackgroundFill``.
    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)``.
    public func flattened(
        over color: RGBAColor, matte: PixelBuffer<Gray8>? = nil, scheduler: RowScheduler = .default
    ) throws -> PixelBuffer<RGBA8> {
        try BackgroundFill(color: color).apply(to: Cutout(image: self, matte: matte), scheduler: scheduler)
    }
}
