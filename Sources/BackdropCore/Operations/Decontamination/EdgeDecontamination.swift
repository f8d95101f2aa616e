// EdgeDecontamination: estimates the true foreground colour at soft matte edges (blur-fusion), removing halos.
// SPDX-License-Identifier: Apache-2.0

/// Replaces the colour of partially transparent pixels with an estimate of the subject's own colour.
///
/// A photo composited with a soft matte keeps, at its edge pixels, a mix of the subject and the *old*
/// background: `I = α·F + (1 − α)·B`. On a new background that old colour shows as a halo. This operation
/// estimates `F` with two levels of blur-fusion foreground estimation (Forte and Pitié, "Approximate fast
/// foreground colour estimation", ICIP 2021): local means of the foreground and background colours are taken
/// with box filters weighted by `α` and `1 − α`, and the residual `I − α·F̂ − (1 − α)·B̂` is given back to the
/// foreground in proportion to `α`. The first level uses a large radius, the second refines with a small one.
///
/// Pixels with effective alpha 0 or 255 keep their colour exactly; only the edge band changes. The result is
/// straight RGBA8 with the effective alpha (image alpha times matte), ready for ``BackgroundFill``.
/// Works on sRGB-encoded values, like the compositing that follows.
///
/// Only pixels near the edge band are worked on. The coarse level is a very smooth local mean, so it is taken
/// from sums over blocks of about r/15 pixels (12 for the default radius 90: a box of 15 × 15 blocks, 180 pixels
/// across instead of 181) and interpolated bilinearly between block centres; the fine level is exact, computed
/// in 32 × 32 cells that hold edge pixels and an apron of its radius around them. Against the full-resolution
/// algorithm the result differs by at most a few levels at edge pixels (tested), and by nothing elsewhere.
///
/// - Complexity: O(width × height) to find the edge cells (a read of the alpha), then O(pixels near edges);
///   allocates the output, a grid of block sums (64 bytes per block) and per-band working rows.
public struct EdgeDecontamination: ImageOperation {
    /// 0 keeps the original colours, 1 (default) uses the estimate fully; values between blend linearly.
    public var strength: Double
    /// Radius of the first, coarse level in pixels. Default 90 (the paper's value for photos of 1–2 k pixels).
    public var coarseRadius: Int
    /// Radius of the refining level in pixels. Default 6.
    public var fineRadius: Int

    public init(strength: Double = 1, coarseRadius: Int = 90, fineRadius: Int = 6) {
        self.strength = strength
        self.coarseRadius = coarseRadius
        self.fineRadius = fineRadius
    }

    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)`` for a matte of another size,
    ///   ``ParameterError/invalidValue(name:value:expected:)`` for a strength outside 0…1 or a radius below 1.
    public func validate(_ input: Cutout) throws {
        try input.validate()
        guard strength.isFinite, strength >= 0, strength <= 1 else {
            throw ParameterError.invalidValue(
                name: "decontamination strength", value: "\(strength)", expected: "0 to 1")
        }
        guard coarseRadius >= 1, fineRadius >= 1, coarseRadius <= 10_000, fineRadius <= 10_000 else {
            throw ParameterError.invalidValue(
                name: "decontamination radius", value: "\(coarseRadius), \(fineRadius)", expected: "1 to 10000 pixels")
        }
    }

    public func apply(to input: Cutout, scheduler: RowScheduler) throws -> PixelBuffer<RGBA8> {
        try validate(input)
        guard strength > 0 else { return try AlphaMatte().apply(to: input, scheduler: scheduler) }
        let width = input.image.width, height = input.image.height
        // With a matte, the first pass of the engine writes every output pixel (the matte applied); without
        // one, the output starts as a copy of the photo.
        var output =
            input.matte == nil ? input.image : try PixelBuffer<RGBA8>(uninitializedWidth: width, height: height)
        let grid = CoarseGrid(coarseRadius: coarseRadius, width: width, height: height)
        let photo = input.image, matte = input.matte
        let outputStride = output.rowStride
        unsafe photo.withUnsafeBytes { photoBytes in
            unsafe withMatteBytes(matte) { matteBytes, matteStride in
                unsafe output.withUnsafeMutableBytes { outputBytes in
                    // SAFETY: the three blocks hold `height` rows of their strides and outlive the engine,
                    // which never stores its pointers.
                    let engine = unsafe SparseBlurFusion(
                        width: width, height: height, photo: photoBytes.baseAddress!, photoStride: photo.rowStride,
                        matte: matteBytes, matteStride: matteStride, output: outputBytes.baseAddress!,
                        outputStride: outputStride, fineRadius: fineRadius, strength: Float(strength), grid: grid)
                    let edges = engine.edgeCells(applyingMatte: matte != nil, scheduler: scheduler)
                    guard edges.contains(where: { $0 != 0 }) else { return }
                    let estimates = engine.coarseEstimates(edges: edges, scheduler: scheduler)
                    engine.refine(edges: edges, estimates: estimates, scheduler: scheduler)
                }
            }
        }
        return output
    }

    /// The original full-resolution algorithm (every level a box mean over the whole image in Float planes):
    /// the oracle the sparse version is tested against. Same result format as ``apply(to:scheduler:)``.
    func applyExactly(to input: Cutout, scheduler: RowScheduler) throws -> PixelBuffer<RGBA8> {
        try validate(input)
        let image = try AlphaMatte().apply(to: input, scheduler: scheduler)
        guard strength > 0 else { return image }
        let planes = FloatPlanes(width: image.width, height: image.height)
        defer { planes.deallocate() }
        planes.load(image, scheduler: scheduler)
        for radius in [coarseRadius, fineRadius] { planes.estimate(radius: radius, scheduler: scheduler) }
        var output = image
        planes.store(into: &output, strength: Float(strength), scheduler: scheduler)
        return output
    }
}

/// The matte's bytes and stride, or nil and 0 without a matte.
private func withMatteBytes<R>(_ matte: PixelBuffer<Gray8>?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let matte else { return body(nil, 0) }
    // SAFETY: the pointer is used only inside body, while matte is alive.
    return unsafe matte.withUnsafeBytes { unsafe body($0.baseAddress, matte.rowStride) }
}

extension Cutout {
    /// The cutout with its matte applied and edge colours decontaminated. See ``EdgeDecontamination``.
    public func decontaminated(strength: Double = 1, scheduler: RowScheduler = .default) throws -> PixelBuffer<RGBA8> {
        try EdgeDecontamination(strength: strength).apply(to: self, scheduler: scheduler)
    }
}
