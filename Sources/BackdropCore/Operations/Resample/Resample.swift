// Resample: separable, anti-aliased resizing of any source rectangle to any size, premultiplied so that
// transparent pixels never bleed colour.
// SPDX-License-Identifier: Apache-2.0

/// A rectangle in source pixel coordinates, with sub-pixel precision.
///
/// Pixel `(i, j)` covers `i ..< i + 1` horizontally and `j ..< j + 1` vertically; its centre is `(i + 0.5, j + 0.5)`.
/// A rectangle of whole pixels is ``init(_:)``.
public struct SourceRect: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle covering exactly the pixels of `rect`.
    public init(_ rect: PixelRect) {
        self.init(x: Double(rect.x), y: Double(rect.y), width: Double(rect.width), height: Double(rect.height))
    }

    public var description: String { "\(width)x\(height)+\(x)+\(y)" }
}

/// How a ``Resample`` made with ``Resample/init(fitting:into:fit:filter:)`` fits an image into a box.
public enum ResampleFit: String, CaseIterable, Hashable, Sendable {
    /// Stretch to exactly the box, ignoring the aspect ratio.
    case fill
    /// The largest size inside the box with the source's aspect ratio (one side may be smaller than the box).
    case contain
    /// Exactly the box, scaled to cover it with the aspect ratio kept and the overflow cropped evenly from both
    /// sides (through a sub-pixel source rectangle, so nothing is resampled twice).
    case cover
}

/// Resizes a rectangle of an image to a target size with a reconstruction filter.
///
/// The maths follows Pillow's resampling so results are comparable with it: target pixel `i` samples the
/// source at `origin + (i + 0.5) × scale` (pixel centres aligned), the filter is stretched by the scale when
/// shrinking (anti-aliasing), taps are clipped to the source image and the weights renormalised (no edge
/// extension), and the two separable passes round to 8 bits. Taps may read pixels outside ``sourceRect`` as
/// long as they are inside the source view, which is what makes crops of larger images seamless.
///
/// **Alpha**: resampling works on premultiplied colour, so a transparent pixel's hidden colour has no weight.
/// Straight ``RGBA8`` input is premultiplied and the result unpremultiplied automatically (except with
/// ``ResampleFilter/nearest`` and at identity, which copy pixels exactly). Premultiplied output keeps every
/// colour channel at most its alpha (ringing of the Lanczos and cubic filters is clamped).
///
/// **Colour encoding**: sRGB-encoded values by default, like the peers. With ``linearLight`` the ``RGBA8`` entry
/// point converts to linear light (floating point), resamples there and converts back; ``Gray8`` mattes are
/// coverage and are always resampled as stored.
///
/// **Exactness**: an axis at scale 1 with a whole-pixel origin is copied, so the identity is bit-exact. Weights
/// are 14-bit fixed point summing exactly to 1, so flat areas stay exactly flat.
public struct Resample: Hashable, Sendable {
    /// The size of the result.
    public var size: PixelSize
    /// The part of the source to resize; `nil` means the whole source.
    public var sourceRect: SourceRect?
    /// The reconstruction filter. Default ``ResampleFilter/lanczos3``.
    public var filter: ResampleFilter
    /// Resample ``RGBA8`` input in linear light rather than on sRGB-encoded values. Default `false`.
    public var linearLight: Bool

    /// - Parameters:
    ///   - size: the size of the result.
    ///   - sourceRect: the part of the source to resize (sub-pixel); `nil` for the whole source.
    ///   - filter: the reconstruction filter; Lanczos3 by default.
    ///   - linearLight: resample straight RGBA8 in linear light.
    public init(
        to size: PixelSize, from sourceRect: SourceRect? = nil, filter: ResampleFilter = .lanczos3,
        linearLight: Bool = false
    ) {
        self.size = size
        self.sourceRect = sourceRect
        self.filter = filter
        self.linearLight = linearLight
    }

    /// A resize of a whole `sourceSize` image into `box` with the given fit.
    ///
    /// - Throws: ``ParameterError/invalidDimensions(width:height:)`` when either size is empty.
    public init(
        fitting sourceSize: PixelSize, into box: PixelSize, fit: ResampleFit, filter: ResampleFilter = .lanczos3,
        linearLight: Bool = false
    ) throws {
        guard sourceSize.width > 0, sourceSize.height > 0 else {
            throw ParameterError.invalidDimensions(width: sourceSize.width, height: sourceSize.height)
        }
        guard box.width > 0, box.height > 0 else {
            throw ParameterError.invalidDimensions(width: box.width, height: box.height)
        }
        let sw = Double(sourceSize.width), sh = Double(sourceSize.height)
        let bw = Double(box.width), bh = Double(box.height)
        var size = box
        var rect: SourceRect? = nil
        switch fit {
        case .fill:
            break
        case .contain:
            let scale = min(bw / sw, bh / sh)
            size = PixelSize(
                width: max(1, min(box.width, Int((sw * scale).rounded()))),
                height: max(1, min(box.height, Int((sh * scale).rounded()))))
        case .cover:
            let scale = max(bw / sw, bh / sh)
            let cw = min(sw, bw / scale), ch = min(sh, bh / scale)
            rect = SourceRect(x: (sw - cw) / 2, y: (sh - ch) / 2, width: cw, height: ch)
        }
        self.init(to: size, from: rect, filter: filter, linearLight: linearLight)
    }

    /// A resize of a whole `sourceSize` image by `factor` on both axes (each side rounded, at least 1 pixel).
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` when `factor` is not a positive finite
    ///   number or the result does not fit in `Int`; ``ParameterError/invalidDimensions(width:height:)`` for an
    ///   empty source.
    public init(
        scaling sourceSize: PixelSize, by factor: Double, filter: ResampleFilter = .lanczos3, linearLight: Bool = false
    ) throws {
        guard sourceSize.width > 0, sourceSize.height > 0 else {
            throw ParameterError.invalidDimensions(width: sourceSize.width, height: sourceSize.height)
        }
        let w = (Double(sourceSize.width) * factor).rounded(), h = (Double(sourceSize.height) * factor).rounded()
        guard factor.isFinite, factor > 0, w < Double(Int32.max), h < Double(Int32.max) else {
            throw ParameterError.invalidValue(
                name: "scale", value: "\(factor)", expected: "a positive number giving at most 2^31 pixels a side")
        }
        self.init(
            to: PixelSize(width: max(1, Int(w)), height: max(1, Int(h))), filter: filter, linearLight: linearLight)
    }

    /// Throws unless the operation can run on a source of `sourceSize`; allocates nothing.
    ///
    /// - Throws: ``ParameterError/invalidDimensions(width:height:)`` for an empty target size;
    ///   ``ParameterError/invalidValue(name:value:expected:)`` for a source rectangle that is empty, not finite
    ///   or not inside the source.
    public func validate(sourceSize: PixelSize) throws {
        guard size.width > 0, size.height > 0 else {
            throw ParameterError.invalidDimensions(width: size.width, height: size.height)
        }
        guard let r = sourceRect else { return }
        let finite = r.x.isFinite && r.y.isFinite && r.width.isFinite && r.height.isFinite
        guard finite, r.width > 0, r.height > 0, r.x >= 0, r.y >= 0,
            r.x + r.width <= Double(sourceSize.width), r.y + r.height <= Double(sourceSize.height)
        else {
            throw ParameterError.invalidValue(
                name: "source rectangle", value: r.description,
                expected: "a non-empty rectangle inside the \(sourceSize) source")
        }
    }

    /// The coefficient tables for a source of `sourceSize` (validated).
    func axes(for sourceSize: PixelSize) -> (x: ResampleAxis, y: ResampleAxis) {
        let r = sourceRect ?? SourceRect(PixelRect(x: 0, y: 0, width: sourceSize.width, height: sourceSize.height))
        return (
            ResampleAxis(
                filter: filter, sourceSize: sourceSize.width, origin: r.x, extent: r.width, targetSize: size.width),
            ResampleAxis(
                filter: filter, sourceSize: sourceSize.height, origin: r.y, extent: r.height, targetSize: size.height)
        )
    }

    // MARK: - Entry points

    /// Resizes premultiplied pixels.
    ///
    /// - Parameters:
    ///   - source: the image (or a view of part of one); taps read anywhere inside it.
    ///   - scheduler: decides bands and threads.
    /// - Returns: a new buffer of ``size``.
    /// - Throws: as ``validate(sourceSize:)``; ``LimitError/dimensionsExceedLimit(width:height:limit:)`` when the
    ///   result cannot be allocated.
    /// - Complexity: O(target pixels × taps + intermediate pixels × taps); allocates the result, one intermediate
    ///   buffer and the coefficient tables.
    public func apply(to source: PixelView<PremultipliedRGBA8>, scheduler: RowScheduler = .default) throws
        -> PixelBuffer<PremultipliedRGBA8>
    {
        try validate(sourceSize: source.size)
        if linearLight {
            let straight = source.copied().unpremultiplied(scheduler: scheduler)
            return try apply(to: straight.view, scheduler: scheduler).premultiplied(scheduler: scheduler)
        }
        let (x, y) = axes(for: source.size)
        var output = try PixelBuffer<PremultipliedRGBA8>(uninitializedWidth: size.width, height: size.height)
        try Self.run(
            source, origin: (0, 0), into: &output, x: x, y: y, channels: 4, clampToAlpha: true, scheduler: scheduler)
        return output
    }

    /// Resizes a Gray8 image or matte (as stored; ``linearLight`` does not apply to coverage).
    ///
    /// - Throws: as ``apply(to:scheduler:)-(PixelView<PremultipliedRGBA8>,_)``.
    /// - Complexity: as for premultiplied input.
    public func apply(to source: PixelView<Gray8>, scheduler: RowScheduler = .default) throws -> PixelBuffer<Gray8> {
        try validate(sourceSize: source.size)
        let (x, y) = axes(for: source.size)
        var output = try PixelBuffer<Gray8>(uninitializedWidth: size.width, height: size.height)
        try Self.run(
            source, origin: (0, 0), into: &output, x: x, y: y, channels: 1, clampToAlpha: false, scheduler: scheduler)
        return output
    }

    /// Resizes straight-alpha RGBA8: premultiplies the pixels the filter reads, resizes, unpremultiplies.
    ///
    /// With ``ResampleFilter/nearest`` or at identity pixels are copied as they are.
    ///
    /// - Throws: as ``apply(to:scheduler:)-(PixelView<PremultipliedRGBA8>,_)``.
    /// - Complexity: as for premultiplied input, plus premultiplying the source region read and unpremultiplying
    ///   the result (one buffer each).
    public func apply(to source: PixelView<RGBA8>, scheduler: RowScheduler = .default) throws -> PixelBuffer<RGBA8> {
        try validate(sourceSize: source.size)
        let (x, y) = axes(for: source.size)
        var output = try PixelBuffer<RGBA8>(uninitializedWidth: size.width, height: size.height)
        if filter == .nearest || (x.identityOffset != nil && y.identityOffset != nil) {
            try Self.run(
                source, origin: (0, 0), into: &output, x: x, y: y, channels: 4, clampToAlpha: false,
                scheduler: scheduler)
            return output
        }
        if linearLight {
            // Only the region the taps read.
            let region = PixelRect(
                x: x.firstSource, y: y.firstSource, width: x.endSource - x.firstSource,
                height: y.endSource - y.firstSource)
            return try Self.linearLight(
                source.view(of: region), origin: (region.x, region.y), x: x, y: y, scheduler: scheduler)
        }
        var result = try PixelBuffer<PremultipliedRGBA8>(uninitializedWidth: size.width, height: size.height)
        try Self.run(
            source, origin: (0, 0), into: &result, x: x, y: y, channels: 4, clampToAlpha: true,
            premultiplySource: true, scheduler: scheduler)
        output = result.unpremultiplied(scheduler: scheduler)
        return output
    }
}

extension Resample {
    // MARK: - Into a region of a larger buffer

    /// Resizes straight-alpha RGBA8 straight into the rectangle of ``size`` at `origin` of a premultiplied
    /// `canvas`, leaving the rest of the canvas untouched: crop, scale and placement in one pass, with no
    /// intermediate image of the result's size.
    ///
    /// The source pixels the filter reads are premultiplied row by row inside the pass (or, when the vertical
    /// pass reads the source first, the region the windows read is premultiplied once). sRGB-encoded values;
    /// ``linearLight`` is not applied here.
    ///
    /// - Throws: as ``validate(sourceSize:)``; ``ParameterError/invalidValue(name:value:expected:)`` when the
    ///   target rectangle is not inside `canvas`.
    /// - Complexity: as ``apply(to:scheduler:)-(PixelView<RGBA8>,_)`` without the result buffer.
    public func apply(
        to source: PixelView<RGBA8>, into canvas: inout PixelBuffer<PremultipliedRGBA8>, at origin: (x: Int, y: Int),
        scheduler: RowScheduler = .default
    ) throws {
        try validate(sourceSize: source.size)
        try checkTarget(origin, in: canvas.size)
        let (x, y) = axes(for: source.size)
        try Self.run(
            source, origin: (0, 0), into: &canvas, x: x, y: y, channels: 4, clampToAlpha: true,
            premultiplySource: true, at: origin, scheduler: scheduler)
    }

    /// Resizes a Gray8 matte straight into the rectangle of ``size`` at `origin` of `canvas`. See
    /// ``apply(to:into:at:scheduler:)-(PixelView<RGBA8>,_,_,_)``.
    ///
    /// - Throws: as ``apply(to:into:at:scheduler:)-(PixelView<RGBA8>,_,_,_)``.
    public func apply(
        to source: PixelView<Gray8>, into canvas: inout PixelBuffer<Gray8>, at origin: (x: Int, y: Int),
        scheduler: RowScheduler = .default
    ) throws {
        try validate(sourceSize: source.size)
        try checkTarget(origin, in: canvas.size)
        let (x, y) = axes(for: source.size)
        try Self.run(
            source, origin: (0, 0), into: &canvas, x: x, y: y, channels: 1, clampToAlpha: false, at: origin,
            scheduler: scheduler)
    }

    func checkTarget(_ origin: (x: Int, y: Int), in canvas: PixelSize) throws {
        let target = PixelRect(x: origin.x, y: origin.y, width: size.width, height: size.height)
        guard PixelRect(x: 0, y: 0, width: canvas.width, height: canvas.height).contains(target) else {
            throw ParameterError.invalidValue(
                name: "target rectangle", value: target.description, expected: "a rectangle inside the \(canvas) canvas"
            )
        }
    }
}

extension Resample: ImageOperation {
    /// - Throws: as ``validate(sourceSize:)``.
    public func validate(_ input: PixelBuffer<PremultipliedRGBA8>) throws { try validate(sourceSize: input.size) }

    /// Resizes a premultiplied buffer. See ``apply(to:scheduler:)-(PixelView<PremultipliedRGBA8>,_)``.
    public func apply(to input: PixelBuffer<PremultipliedRGBA8>, scheduler: RowScheduler) throws
        -> PixelBuffer<PremultipliedRGBA8>
    {
        try apply(to: input.view, scheduler: scheduler)
    }
}

extension PixelView {
    /// The sub-rectangle `rect` (inside this view; checked by the caller).
    func view(of rect: PixelRect) -> PixelView<Format> {
        precondition(PixelRect(x: 0, y: 0, width: width, height: height).contains(rect) && !rect.isEmpty)
        return PixelView(
            storage: storage, offset: offset + rect.y * rowStride + rect.x * Format.channelCount,
            width: rect.width, height: rect.height, rowStride: rowStride)
    }
}

// MARK: - Conveniences

extension PixelBuffer where Format == RGBA8 {
    /// This image resized to `size`. See ``Resample``.
    /// - Throws: as ``Resample/validate(sourceSize:)``.
    public func resampled(
        to size: PixelSize, from rect: SourceRect? = nil, filter: ResampleFilter = .lanczos3,
        linearLight: Bool = false, scheduler: RowScheduler = .default
    ) throws -> PixelBuffer<RGBA8> {
        try Resample(to: size, from: rect, filter: filter, linearLight: linearLight).apply(
            to: view, scheduler: scheduler)
    }
}

extension PixelBuffer where Format == PremultipliedRGBA8 {
    /// This image resized to `size`. See ``Resample``.
    /// - Throws: as ``Resample/validate(sourceSize:)``.
    public func resampled(
        to size: PixelSize, from rect: SourceRect? = nil, filter: ResampleFilter = .lanczos3,
        scheduler: RowScheduler = .default
    ) throws -> PixelBuffer<PremultipliedRGBA8> {
        try Resample(to: size, from: rect, filter: filter).apply(to: view, scheduler: scheduler)
    }
}

extension PixelBuffer where Format == Gray8 {
    /// This matte or grayscale image resized to `size`. See ``Resample``.
    /// - Throws: as ``Resample/validate(sourceSize:)``.
    public func resampled(
        to size: PixelSize, from rect: SourceRect? = nil, filter: ResampleFilter = .lanczos3,
        scheduler: RowScheduler = .default
    ) throws -> PixelBuffer<Gray8> {
        try Resample(to: size, from: rect, filter: filter).apply(to: view, scheduler: scheduler)
    }
}
