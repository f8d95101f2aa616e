// Recipe: the value describing one Backdrop job, and the function that runs it on decoded images.
// SPDX-License-Identifier: Apache-2.0

/// How a background image is scaled to the canvas (Photoroom `background.scaling`).
public enum BackgroundScaling: String, Sendable, Hashable, CaseIterable {
    /// Cover the whole canvas, keeping the aspect ratio and cropping the overflow evenly (Photoroom's default).
    case fill
    /// Fit inside the canvas, keeping the aspect ratio; the background colour shows around it.
    case fit
}

/// What to do with a cutout or a photo plus matte: the parameters of one job, independent of files.
///
/// The CLI builds a recipe from its options and the library runs it, so every command does its pixel
/// work here. Later capabilities (layout, shadows, resizing) add their parameters to this value.
public struct Recipe: Sendable {
    /// The background to composite onto. Default ``RGBAColor/transparent``: the subject is kept on a
    /// transparent canvas, as Photoroom and remove.bg do when no background is asked for.
    public var background: RGBAColor
    /// Size limits applied when decoding inputs. Default ``DecodingLimits/default``.
    public var limits: DecodingLimits
    /// Encoder settings for the output.
    public var encoding: EncodingOptions
    /// Rows are split over this scheduler's threads. Default: every core.
    public var scheduler: RowScheduler
    /// Levels, gamma, choke and feather applied to the matte before compositing. Default: unchanged.
    public var matteShaping: MatteShaping
    /// Strength (0…1) of edge colour decontamination for a photo composited with a separate matte: edge pixels
    /// take the estimated subject colour instead of the old background's (see ``EdgeDecontamination``).
    /// Default 1; 0 turns it off. Cutouts whose alpha is the matte are not decontaminated: services return
    /// their edge colours already cleaned.
    public var decontamination: Double
    /// An image to composite onto instead of a colour, scaled to the canvas by ``backgroundScaling`` and
    /// centred (Photoroom `background.imageUrl`). Where `fit` leaves the canvas uncovered, ``background`` shows.
    public var backgroundImage: Image?
    /// How ``backgroundImage`` is scaled to the canvas. Default ``BackgroundScaling/fill``.
    public var backgroundScaling: BackgroundScaling
    /// Blur the photo's own background instead of replacing it (Photoroom `background.blur`): the Gaussian's
    /// standard deviation as a fraction of the image's longer side, in (0, 0.05]; Photoroom's default radius is
    /// 0.01. Needs a photo with a separate mask. Default `nil` (no blur).
    public var backgroundBlur: Double?
    /// Composite in linear light instead of on sRGB-encoded values. Default `false`: sRGB-encoded blending is
    /// what the services and the peer libraries produce, so results stay comparable; linear light darkens
    /// soft edges over light backgrounds less.
    public var linearLight: Bool
    /// Where the subject goes on the output canvas (Photoroom's positioning or remove.bg's crop, scale and
    /// position). Default `nil`: the output is the input's size with the subject where it was.
    public var layout: Layout?
    /// The smallest matte value counted as subject when a ``layout`` looks for the subject box (``SubjectBox``).
    /// Default 16.
    public var subjectThreshold: UInt8 = 16
    /// What decoding does with an input (photo or background image) that is not sRGB. Default
    /// ``ColorPolicy/convert``. Masks are never colour-converted: a matte is data, not colour.
    public var colorPolicy: ColorPolicy = .convert
    /// Rendering intent and black-point compensation of conversions to sRGB. Default relative colorimetric with
    /// black-point compensation.
    public var colorConversion: ConversionSettings = .init()
    /// Photoroom's `removeBackground`. `true`: the subject must come from a separate matte or the input's own
    /// alpha; an opaque input without a matte would need a remote model and is refused. `false`: the input is used
    /// whole and a separate matte is refused. Default `nil`: a matte is optional (an opaque input without one is
    /// composited whole), as `compose` does.
    public var removeBackground: Bool? = nil
    /// Photoroom's `keepExistingAlphaChannel`: `true` (`auto`, the default) multiplies the input's own alpha with a
    /// separate matte; `false` (`never`) ignores the input's alpha, so a separate matte is then required.
    public var keepsExistingAlpha = true
    /// The format ``process(_:mask:format:)`` encodes to when the call does not say. Default `nil`: PNG when the
    /// result has transparency, JPEG otherwise (remove.bg's `format=auto`).
    public var outputFormat: ImageFormat? = nil

    /// The decoding options for the photo and the background image: ``limits``, ``colorPolicy``,
    /// ``colorConversion`` and ``scheduler``.
    public var decodingOptions: DecodingOptions {
        DecodingOptions(
            limits: limits, colorPolicy: colorPolicy, colorConversion: colorConversion, scheduler: scheduler)
    }

    /// The decoding options for a mask: ``limits`` with colour tags ignored (``ColorPolicy/assumeSRGB``), so the
    /// matte's values are used as stored.
    public var maskDecodingOptions: DecodingOptions {
        DecodingOptions(limits: limits, colorPolicy: .assumeSRGB, scheduler: scheduler)
    }
    /// A shadow under the subject, over the background (Photoroom `shadow.mode` and its overrides, remove.bg
    /// `add_shadow`), placed with the subject by the ``layout``. Default `nil`: none. See ``DropShadow``.
    public var shadow: DropShadow?
    /// A sticker outline around the subject, under it and over the shadow (Photoroom `outline.color`,
    /// `outline.width`, `outline.blurRadius`). Default `nil`: none. See ``Outline``.
    public var outline: Outline?

    public init(
        background: RGBAColor = .transparent, limits: DecodingLimits = .default,
        encoding: EncodingOptions = .init(), scheduler: RowScheduler = .default, matteShaping: MatteShaping = .init(),
        decontamination: Double = 1, backgroundImage: Image? = nil, backgroundScaling: BackgroundScaling = .fill,
        backgroundBlur: Double? = nil, linearLight: Bool = false, layout: Layout? = nil
    ) {
        self.layout = layout
        self.linearLight = linearLight
        self.decontamination = decontamination
        self.backgroundImage = backgroundImage
        self.backgroundScaling = backgroundScaling
        self.backgroundBlur = backgroundBlur
        self.background = background
        self.limits = limits
        self.encoding = encoding
        self.scheduler = scheduler
        self.matteShaping = matteShaping
    }

    /// Composites `image` (alpha multiplied by `mask`'s matte, when given) over ``background``, laid out on the
    /// canvas by ``layout`` when there is one (see ``render(_:mask:)``).
    ///
    /// - Parameters:
    ///   - image: a cutout whose alpha is the matte, or an opaque photo.
    ///   - mask: an optional separate matte image; see ``Recipe/matte(from:)`` for how its pixels become
    ///     coverage. A mask of another size with the same aspect ratio is resized to the image
    ///     (``Recipe/scaled(_:to:scheduler:)``).
    /// - Returns: straight-alpha RGBA8 pixels; opaque when the background is.
    /// - Throws: ``ParameterError/maskAspectMismatch(image:mask:)`` when the mask's aspect ratio differs,
    ///   ``ParameterError/invalidValue(name:value:expected:)`` for matte shaping settings out of range.
    /// - Complexity: O(width × height); allocates the output (plus one expanded copy for a gray input, and the
    ///   shaped matte's planes when ``matteShaping`` is not the identity).
    public func composite(_ image: Image, mask: Image? = nil) throws -> PixelBuffer<RGBA8> {
        try render(image, mask: mask).pixels
    }

    /// Composites as ``composite(_:mask:)`` does and also returns what the ``layout`` did.
    ///
    /// With a ``layout``, the cutout is cropped, scaled and placed by one resampling pass (Lanczos3, on
    /// premultiplied sRGB-encoded values) straight into a transparent canvas of the layout's size; a separate
    /// matte goes through the same pass with the same geometry, so edges stay aligned. The canvas is then
    /// composited over the background colour or image as without a layout.
    ///
    /// With a ``shadow`` or an ``outline``, the layers go background, shadow (its colour through its coverage,
    /// Porter–Duff over), outline, subject; both are computed from the placed subject's coverage and its box on the
    /// canvas. On a transparent background the shadow stays as semi-transparent pixels.
    ///
    /// - Returns: the pixels and the ``LayoutReport``: `nil` without a layout, unless a shadow or an outline is
    ///   drawn (then the identity layout's report, with ``LayoutReport/shadowClipped``).
    /// - Throws: as ``composite(_:mask:)``; ``ParameterError/emptySubject(threshold:)`` when the layout needs a
    ///   subject and the matte is empty; ``ParameterError/invalidValue(name:value:expected:)`` for invalid layout
    ///   parameters or a background blur together with a layout.
    /// - Complexity: as ``composite(_:mask:)`` for the input; with a layout, the subject box scan plus the
    ///   canvas-sized buffers (transparent layer, its straight copy, a matte layer for a separate matte, output);
    ///   with a shadow or outline, the coverage planes and one background copy per layer.
    public func render(_ image: Image, mask: Image? = nil) throws -> (pixels: PixelBuffer<RGBA8>, layout: LayoutReport?)
    {
        try render(image, mask: mask, presolved: nil)
    }

    /// As ``render(_:mask:)``; with `presolved`, the layout solved on the full-size input is used as is, and its
    /// source rectangle is scaled by `sourceScale` because `image` was decoded reduced (see ``plan(_:mask:)``).
    func render(_ image: Image, mask: Image?, presolved: (report: LayoutReport, sourceScale: (x: Double, y: Double))?)
        throws -> (pixels: PixelBuffer<RGBA8>, layout: LayoutReport?)
    {
        let original = try cutout(image, mask: mask)
        var cutout = original
        if original.matte != nil, decontamination > 0 {
            let cleaned = try EdgeDecontamination(strength: decontamination).apply(to: cutout, scheduler: scheduler)
            cutout = Cutout(image: cleaned)
        }
        var report: LayoutReport? = nil
        if let layout {
            if backgroundBlur != nil {
                throw ParameterError.invalidValue(
                    name: "background blur", value: "with a layout",
                    expected: "a colour or an image background (the blurred photo is not laid out)")
            }
            let solved =
                try presolved?.report
                ?? Recipe.solve(layout, for: cutout, threshold: subjectThreshold, scheduler: scheduler)
            cutout = try Recipe.place(
                cutout, as: solved, sourceScale: presolved?.sourceScale ?? (1, 1), scheduler: scheduler)
            report = solved
        }
        let size = cutout.image.size
        let layered = shadow.map { $0.mode != .none } ?? false || outline != nil
        if layered {
            // Shadow and outline are computed from the placed subject; without a layout the identity layout gives
            // the subject box (the canvas is the input).
            if report == nil {
                report = try Recipe.solve(
                    .removeBG(RemoveBGLayout()), for: cutout, threshold: subjectThreshold, scheduler: scheduler)
            }
        }
        var backdrop: PixelBuffer<RGBA8>? = nil
        if let backgroundImage {
            backdrop = try canvas(from: backgroundImage, size: size)
        } else if let backgroundBlur {
            guard original.matte != nil else {
                throw ParameterError.invalidValue(
                    name: "background blur", value: "\(backgroundBlur)",
                    expected: "a photo with a separate mask (a cutout has no background left to blur)")
            }
            let sigma = backgroundBlur * Double(max(image.width, image.height))
            backdrop = try BackgroundBlur(sigma: sigma).apply(
                to: Cutout(image: original.image, matte: original.matte), scheduler: scheduler)
        }
        if layered, var solved = report {
            var base =
                try backdrop ?? PixelBuffer<RGBA8>(width: size.width, height: size.height, repeating: background.simd)
            let clipped = try underlay(cutout, subject: solved.placedSubject, onto: &base)
            solved.shadowClipped = clipped
            report = solved
            backdrop = base
        }
        if let backdrop {
            let pixels = try Composite(linearLight: linearLight).apply(
                to: .init(cutout: cutout, background: backdrop), scheduler: scheduler)
            return (pixels, report)
        }
        let pixels = try BackgroundFill(color: background, linearLight: linearLight).apply(
            to: cutout, scheduler: scheduler)
        return (pixels, report)
    }

    /// Composites the shadow, then the outline, of the placed `cutout` onto `base` (the canvas's background).
    ///
    /// - Returns: whether the shadow was clipped by the canvas, `nil` without a shadow or a subject.
    func underlay(_ cutout: Cutout, subject: PixelRect?, onto base: inout PixelBuffer<RGBA8>) throws -> Bool? {
        let matte =
            try cutout.matte == nil
            ? cutout.image.alphaPlane(scheduler: scheduler)
            : AlphaMatte().apply(to: cutout, scheduler: scheduler).alphaPlane(scheduler: scheduler)
        let box = try subject ?? SubjectBox(threshold: subjectThreshold).apply(to: matte.view, scheduler: scheduler)
        guard let box else { return nil }
        let placed = PlacedMatte(matte: matte, subject: box)
        var clipped: Bool? = nil
        if let shadow, shadow.mode != .none {
            let plane = try shadow.apply(to: placed, scheduler: scheduler)
            base = try ColorOver(color: shadow.color).apply(
                to: .init(image: base, coverage: plane.alpha), scheduler: scheduler)
            clipped = plane.clipped
        }
        if let outline {
            let coverage = try outline.apply(to: placed, scheduler: scheduler)
            base = try ColorOver(color: outline.color).apply(
                to: .init(image: base, coverage: coverage), scheduler: scheduler)
        }
        return clipped
    }

    /// What ``layout`` would do with `image` (and `mask`), without resampling, compositing or encoding: the
    /// matte is prepared (resized, shaped) and scanned for the subject box. `nil` without a layout.
    ///
    /// - Throws: as ``render(_:mask:)``.
    public func layoutReport(_ image: Image, mask: Image? = nil) throws -> LayoutReport? {
        guard let layout else { return nil }
        try validateBackground()
        return try Recipe.solve(
            layout, for: cutout(image, mask: mask), threshold: subjectThreshold, scheduler: scheduler)
    }

    /// The cutout to composite: the image with its matte resized and shaped.
    func cutout(_ image: Image, mask: Image?) throws -> Cutout {
        if removeBackground == true, mask == nil, !image.metadata.hasAlpha || !keepsExistingAlpha {
            throw ParameterError.requiresRemoteModel(names: [
                keepsExistingAlpha
                    ? "removeBackground without a matte (give a mask, or set removeBackground to false)"
                    : "keepExistingAlphaChannel=never without a matte (give a mask)"
            ])
        }
        if removeBackground == false, mask != nil {
            throw ParameterError.invalidValue(
                name: "removeBackground", value: "false with a separate matte", expected: "true, or no matte")
        }
        var matte = try mask.map { try Recipe.matte(from: $0, scheduler: scheduler) }
        if let separate = matte, separate.size != image.size {
            matte = try Recipe.scaled(separate, to: image.size, scheduler: scheduler)
        }
        try matteShaping.validate(matte ?? PixelBuffer<Gray8>(width: 1, height: 1))
        try validateBackground()
        try shadow?.validateParameters()
        try outline?.validateParameters()
        var pixels = image.pixels.rgba8(scheduler: scheduler)
        if !keepsExistingAlpha, mask != nil, image.metadata.hasAlpha {
            let opaque = try PixelBuffer<Gray8>(width: pixels.width, height: pixels.height, repeating: 255)
            pixels = try pixels.replacingAlpha(with: opaque, scheduler: scheduler)
        }
        if !matteShaping.isIdentity {
            if let separate = matte {
                matte = try separate.shaped(matteShaping, scheduler: scheduler)
            } else {
                // A cutout's matte is its alpha: shape it and put it back.
                let shaped = try pixels.alphaPlane(scheduler: scheduler).shaped(matteShaping, scheduler: scheduler)
                pixels = try pixels.replacingAlpha(with: shaped, scheduler: scheduler)
            }
        }
        return Cutout(image: pixels, matte: matte)
    }

    /// The layout of `cutout`: its subject box (from the separate matte when there is one, else the alpha channel,
    /// inside remove.bg's `roi`) and the geometry.
    static func solve(_ layout: Layout, for cutout: Cutout, threshold: UInt8, scheduler: RowScheduler) throws
        -> LayoutReport
    {
        let size = cutout.image.size
        let region = try layout.searchRegion(in: size)
        let finder = SubjectBox(threshold: threshold)
        let box =
            try cutout.matte.map { try finder.apply(to: $0.view, in: region, scheduler: scheduler) }
            ?? finder.apply(to: cutout.image.view, in: region, scheduler: scheduler)
        return try layout.solve(imageSize: size, subjectBox: box, threshold: Int(threshold))
    }

    /// `cutout` cropped, scaled and placed on a transparent canvas as `report` says, in one resampling pass per
    /// plane.
    static func place(
        _ cutout: Cutout, as report: LayoutReport, sourceScale: (x: Double, y: Double) = (1, 1),
        scheduler: RowScheduler
    ) throws -> Cutout {
        let canvas = report.canvas
        var layer = try PixelBuffer<PremultipliedRGBA8>(width: canvas.width, height: canvas.height)
        var matteLayer = try cutout.matte.map { _ in try PixelBuffer<Gray8>(width: canvas.width, height: canvas.height)
        }
        if let (destination, full) = report.drawing {
            // A reduced decode reads the same rectangle in its own pixels.
            let source = SourceRect(
                x: full.x * sourceScale.x, y: full.y * sourceScale.y, width: full.width * sourceScale.x,
                height: full.height * sourceScale.y)
            let pass = Resample(to: destination.size, from: source, filter: .lanczos3)
            try pass.apply(
                to: cutout.image.view, into: &layer, at: (destination.x, destination.y), scheduler: scheduler)
            if let matte = cutout.matte, var planes = matteLayer {
                matteLayer = nil
                try pass.apply(to: matte.view, into: &planes, at: (destination.x, destination.y), scheduler: scheduler)
                matteLayer = planes
            }
        }
        return Cutout(image: layer.unpremultiplied(scheduler: scheduler), matte: matteLayer)
    }

    /// Decodes `input` (and `mask`), composites, and encodes as `format`.
    ///
    /// `input` may also be a zip archive as remove.bg's `format=zip` returns it (``SegmentationArchive``): its
    /// colour image is the photo and its alpha image the mask.
    ///
    /// - Throws: decoding errors of either input (``DecodingError``, ``LimitError``, ``ColorSpaceError`` from
    ///   ``colorPolicy``), the errors of
    ///   ``composite(_:mask:)``, and encoding errors (``EncodingError``).
    public func process(_ input: [UInt8], mask: [UInt8]? = nil, outputFormat format: ImageFormat) throws -> [UInt8] {
        try process(input, mask: mask, format: format).bytes
    }

    /// Throws unless the background settings are consistent.
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` for a blur outside (0, 0.05] or a blur
    ///   together with a background image.
    public func validateBackground() throws {
        if let backgroundBlur {
            guard backgroundBlur.isFinite, backgroundBlur > 0, backgroundBlur <= 0.05 else {
                throw ParameterError.invalidValue(
                    name: "background blur", value: "\(backgroundBlur)", expected: "a fraction in (0, 0.05]")
            }
            guard backgroundImage == nil else {
                throw ParameterError.invalidValue(
                    name: "background", value: "an image and a blur", expected: "one of a colour, an image or a blur")
            }
        }
    }

    /// The background image scaled to `size`: `fill` covers it (cropping evenly), `fit` fits inside it,
    /// centred on ``background``.
    func canvas(from backdrop: Image, size: PixelSize) throws -> PixelBuffer<RGBA8> {
        let fit: ResampleFit = backgroundScaling == .fill ? .cover : .contain
        let resize = try Resample(fitting: backdrop.size, into: size, fit: fit)
        let scaled = try resize.apply(to: backdrop.pixels.rgba8(scheduler: scheduler).view, scheduler: scheduler)
        guard scaled.size != size else { return scaled }
        var base = try PixelBuffer<RGBA8>(width: size.width, height: size.height, repeating: background.simd)
        let dx = (size.width - scaled.width) / 2, dy = (size.height - scaled.height) / 2
        for y in 0..<scaled.height {
            for x in 0..<scaled.width { base[dx + x, dy + y] = scaled[x, y] }
        }
        return base
    }

    /// Formats that cannot store transparency.
    public static let formatsWithoutAlpha: Set<ImageFormat> = [.jpeg]

    /// `pixels` made ready for `format`: for a format without alpha (JPEG), any transparency is flattened over
    /// `background` (white unless an opaque colour is given), never left to turn black.
    ///
    /// - Complexity: O(width × height) with one allocation when flattening; otherwise returns `pixels`.
    public static func prepared(
        _ pixels: ImagePixels, for format: ImageFormat, background: RGBAColor = .white,
        scheduler: RowScheduler = .default
    ) throws -> ImagePixels {
        guard formatsWithoutAlpha.contains(format), case .rgba8(let rgba) = pixels, rgba.hasTranslucentPixels() else {
            return pixels
        }
        var colour = background
        if colour.alpha != 255 { colour = .white }
        return .rgba8(try rgba.flattened(over: colour, scheduler: scheduler))
    }

    /// A matte of another size than its image, resized to it with Lanczos3 (ringing clamped to 0…255).
    ///
    /// Services often return mattes smaller than the photo (previews, 1024-pixel models). The aspect ratios
    /// must agree to within one matte pixel; otherwise the mask belongs to another image.
    ///
    /// - Throws: ``ParameterError/maskAspectMismatch(image:mask:)``.
    public static func scaled(
        _ matte: PixelBuffer<Gray8>, to size: PixelSize, scheduler: RowScheduler = .default
    ) throws -> PixelBuffer<Gray8> {
        // The matte's height scaled to the image's width, compared with the image's height, and the other
        // way round; a matte pixel's worth of rounding is tolerated.
        let heightAtImageWidth = Double(matte.height) * Double(size.width) / Double(matte.width)
        let widthAtImageHeight = Double(matte.width) * Double(size.height) / Double(matte.height)
        let slackY = max(1, Double(size.height) / Double(matte.height))
        let slackX = max(1, Double(size.width) / Double(matte.width))
        guard abs(heightAtImageWidth - Double(size.height)) <= slackY,
            abs(widthAtImageHeight - Double(size.width)) <= slackX
        else {
            throw ParameterError.maskAspectMismatch(image: size, mask: matte.size)
        }
        return try matte.resampled(to: size, filter: .lanczos3, scheduler: scheduler)
    }

    /// The coverage a mask image stands for.
    ///
    /// - A grayscale image: its values (0 transparent, 255 opaque).
    /// - A colour image with transparency anywhere (an alpha below 255): its alpha channel, as when a cutout
    ///   is passed as the mask.
    /// - An opaque colour image: its luma, `round((77 R + 150 G + 29 B) / 256)` (BT.601 weights in 8-bit
    ///   fixed point), which is exactly the value for gray stored as RGB.
    ///
    /// - Complexity: O(width × height); allocates one Gray8 buffer (none for a gray mask).
    public static func matte(from mask: Image, scheduler: RowScheduler = .default) throws -> PixelBuffer<Gray8> {
        switch mask.pixels {
        case .gray8(let gray):
            return gray
        case .rgba8(let rgba):
            return try rgba.coverage(scheduler: scheduler)
        }
    }
}
