// Outline: a sticker-style stroke around the subject, from an exact Euclidean distance transform of the matte.
// SPDX-License-Identifier: Apache-2.0

/// Computes the coverage of a sticker-style outline (Photoroom `outline.color`, `outline.width`,
/// `outline.blurRadius`) around the placed subject.
///
/// **Model.** The subject is the matte at or above 128 inside the subject box; `d` is the exact Euclidean distance
/// from each pixel centre to the nearest subject pixel centre (0 inside), computed by the Felzenszwalb–Huttenlocher
/// transform (a column pass, then the lower envelope of parabolas along rows). With `S` the subject box's longer
/// side and `W = width · S`, coverage is `round(255 · clamp(W + ½ − d, 0, 1))`: solid to `W − ½`, a one-pixel
/// anti-aliased ramp to `W + ½`. It is then blurred with a Gaussian of `σ = blurRadius · S` when that is positive.
/// The outline goes under the subject, over the shadow; where the subject is opaque it is hidden. Pixels outside
/// the canvas count as background: an outline cut by the canvas is cut, not reported.
///
/// Defaults: ``width`` 0.03, ``blurRadius`` 0, ``color`` white.
///
/// - Complexity: O(region) where the region is the subject box grown by the stroke and blur; allocates the
///   canvas-sized output, a `Float` distance plane and one row of scratch per band.
public struct Outline: ImageOperation {
    public typealias Input = PlacedMatte

    /// The stroke's colour (its alpha scales the coverage when composited). Default white.
    public var color: RGBAColor
    /// Stroke width as a fraction of the subject's longer side, 0…0.1. Default 0.03.
    public var width: Double
    /// Gaussian σ as a fraction of the subject's longer side, 0…0.025. Default 0.
    public var blurRadius: Double

    public init(color: RGBAColor = .white, width: Double = 0.03, blurRadius: Double = 0) {
        self.color = color
        self.width = width
        self.blurRadius = blurRadius
    }

    /// Checks the parameters alone; allocates nothing.
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `outline.width` (outside 0…0.1) or
    ///   `outline.blurRadius` (outside 0…0.025).
    public func validateParameters() throws {
        guard width.isFinite, width >= 0, width <= 0.1 else {
            throw ParameterError.invalidValue(name: "outline.width", value: "\(width)", expected: "0 to 0.1")
        }
        guard blurRadius.isFinite, blurRadius >= 0, blurRadius <= 0.025 else {
            throw ParameterError.invalidValue(
                name: "outline.blurRadius", value: "\(blurRadius)", expected: "0 to 0.025")
        }
    }

    /// - Throws: as ``validateParameters()``; ``ParameterError/invalidDimensions(width:height:)`` for an empty
    ///   subject box.
    public func validate(_ input: Input) throws {
        try validateParameters()
        guard !input.subject.isEmpty else {
            throw ParameterError.invalidDimensions(width: input.subject.width, height: input.subject.height)
        }
    }

    /// The outline's coverage on the canvas (canvas-sized, 0 where there is none).
    public func apply(to input: Input, scheduler: RowScheduler) throws -> PixelBuffer<Gray8> {
        try validate(input)
        let canvas = input.matte.size
        var output = try PixelBuffer<Gray8>(width: canvas.width, height: canvas.height)
        let size = Double(max(input.subject.width, input.subject.height))
        let stroke = width * size, sigma = blurRadius * size
        guard stroke > 0 else { return output }
        let pad = Int((stroke + 3 * sigma).rounded(.up)) + 2
        let x0 = max(0, input.subject.x - pad), y0 = max(0, input.subject.y - pad)
        let x1 = min(canvas.width, input.subject.x + input.subject.width + pad)
        let y1 = min(canvas.height, input.subject.y + input.subject.height + pad)
        guard x1 > x0, y1 > y0 else { return output }
        let region = PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        let inside = PixelRect(
            x: max(0, input.subject.x), y: max(0, input.subject.y),
            width: min(canvas.width, input.subject.x + input.subject.width) - max(0, input.subject.x),
            height: min(canvas.height, input.subject.y + input.subject.height) - max(0, input.subject.y))
        var plane = try PixelBuffer<Gray8>(uninitializedWidth: region.width, height: region.height)
        try Self.strokeCoverage(
            input.matte, subject: inside, region: region, stroke: stroke, into: &plane, scheduler: scheduler)
        if sigma > 0 { plane = try plane.blurred(sigma: sigma, scheduler: scheduler) }
        Self.copy(plane, into: &output, at: region, scheduler: scheduler)
        return output
    }
}
