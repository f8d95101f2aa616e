// Layout geometry: from the parameters, the image size and the subject box to the canvas and the placed rectangle.
// SPDX-License-Identifier: Apache-2.0

/// What a layout did: computed from the parameters, the input's size and its subject box, before any pixel moves.
///
/// The ``referenceBox`` of the input is mapped onto ``placed`` (whole output pixels; with `fill` it may extend past
/// the canvas, which cuts it). ``scale`` is the nominal factor; the rounding of ``placed`` to whole pixels changes
/// each axis's effective factor by less than half a pixel over the placed size.
public struct LayoutReport: Hashable, Sendable {
    /// The input's size.
    public var imageSize: PixelSize
    /// The subject's bounding box in input pixels; `nil` when the layout did not need it or the matte is empty.
    public var subjectBox: PixelRect?
    /// The matte threshold the subject box was found at.
    public var subjectThreshold: Int
    /// The input rectangle that is placed.
    public var referenceBox: PixelRect
    /// Output pixels per input pixel.
    public var scale: Double
    /// Where ``referenceBox`` lands, in output pixels.
    public var placed: PixelRect
    /// The output's size.
    public var canvas: PixelSize
    /// Sides of the subject treated as cropped (no padding, snapped), in the order top, right, bottom, left.
    public var croppedSides: [LayoutSide]
    /// The part of the input that may be drawn (the reference box, limited to remove.bg's `roi`).
    public var drawableRegion: PixelRect
    /// Whether part of the shadow fell outside the canvas and was cut; `nil` when no shadow was drawn (also on a
    /// dry run, which draws nothing).
    public var shadowClipped: Bool?

    public init(
        imageSize: PixelSize, subjectBox: PixelRect?, subjectThreshold: Int, referenceBox: PixelRect, scale: Double,
        placed: PixelRect, canvas: PixelSize, croppedSides: [LayoutSide], drawableRegion: PixelRect? = nil
    ) {
        self.imageSize = imageSize
        self.subjectBox = subjectBox
        self.subjectThreshold = subjectThreshold
        self.referenceBox = referenceBox
        self.scale = scale
        self.placed = placed
        self.canvas = canvas
        self.croppedSides = croppedSides
        self.drawableRegion = drawableRegion ?? referenceBox
    }

    /// The subject box on the canvas: ``subjectBox`` mapped through the placement (edges rounded half away from
    /// zero); it may extend past the canvas. `nil` without a subject box.
    public var placedSubject: PixelRect? {
        guard let box = subjectBox, referenceBox.width > 0, referenceBox.height > 0 else { return nil }
        let sx = Double(placed.width) / Double(referenceBox.width)
        let sy = Double(placed.height) / Double(referenceBox.height)
        func edge(_ origin: Int, _ ref: Int, _ s: Double, _ v: Int) -> Int {
            let x = Double(origin) + Double(v - ref) * s
            return Int(x.rounded(.toNearestOrAwayFromZero))
        }
        let x0 = edge(placed.x, referenceBox.x, sx, box.x)
        let x1 = edge(placed.x, referenceBox.x, sx, box.x + box.width)
        let y0 = edge(placed.y, referenceBox.y, sy, box.y)
        let y1 = edge(placed.y, referenceBox.y, sy, box.y + box.height)
        guard x1 > x0, y1 > y0 else { return nil }
        return PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The canvas rectangle the resampling pass writes and the input rectangle (sub-pixel) it reads, or `nil` when
    /// nothing of the input is visible on the canvas.
    public var drawing: (destination: PixelRect, source: SourceRect)? {
        let clip = drawableRegion
        guard referenceBox.width > 0, referenceBox.height > 0, !clip.isEmpty else { return nil }
        func axis(
            refOrigin: Int, refLength: Int, placedOrigin: Int, placedLength: Int, clipOrigin: Int, clipLength: Int,
            canvas: Int
        ) -> (dest: Int, destLength: Int, source: Double, sourceLength: Double)? {
            let s = Double(placedLength) / Double(refLength)
            func toDest(_ x: Double) -> Double { Double(placedOrigin) + (x - Double(refOrigin)) * s }
            func toSource(_ d: Double) -> Double { Double(refOrigin) + (d - Double(placedOrigin)) / s }
            let d0 = max(0, Int(toDest(Double(clipOrigin)).rounded()))
            let d1 = min(canvas, Int(toDest(Double(clipOrigin + clipLength)).rounded()))
            guard d1 > d0 else { return nil }
            let lo = Double(clipOrigin), hi = Double(clipOrigin + clipLength)
            let s0 = min(max(toSource(Double(d0)), lo), hi), s1 = min(max(toSource(Double(d1)), lo), hi)
            guard s1 > s0 else { return nil }
            return (d0, d1 - d0, s0, s1 - s0)
        }
        guard
            let x = axis(
                refOrigin: referenceBox.x, refLength: referenceBox.width, placedOrigin: placed.x,
                placedLength: placed.width, clipOrigin: clip.x, clipLength: clip.width, canvas: canvas.width),
            let y = axis(
                refOrigin: referenceBox.y, refLength: referenceBox.height, placedOrigin: placed.y,
                placedLength: placed.height, clipOrigin: clip.y, clipLength: clip.height, canvas: canvas.height)
        else { return nil }
        return (
            PixelRect(x: x.dest, y: y.dest, width: x.destLength, height: y.destLength),
            SourceRect(x: x.source, y: y.source, width: x.sourceLength, height: y.sourceLength)
        )
    }
}

/// Edges rounded half away from zero, so a placed rectangle's right edge is `round(x + width)`, never more than
/// the canvas when `x + width` is not.
func placedSpan(origin: Double, length: Double) -> (Int, Int) {
    let lo = Int(origin.rounded()), hi = Int((origin + length).rounded())
    return (lo, max(1, hi - lo))
}

extension PhotoroomLayout {
    /// The layout of an `imageSize` input whose subject box is `subjectBox`.
    ///
    /// - Parameters:
    ///   - imageSize: the input's size.
    ///   - subjectBox: the subject's bounding box (``SubjectBox``), `nil` when the matte is empty.
    ///   - threshold: the threshold it was found at (reported).
    /// - Throws: ``ParameterError/emptySubject(threshold:)`` when the layout needs a subject and there is none;
    ///   ``ParameterError/invalidValue(name:value:expected:)`` for invalid parameters (``validate()``) or padding
    ///   and margins that leave less than a pixel.
    public func solve(imageSize: PixelSize, subjectBox: PixelRect?, threshold: Int = 16) throws -> LayoutReport {
        try validate()
        guard imageSize.width > 0, imageSize.height > 0 else {
            throw ParameterError.invalidDimensions(width: imageSize.width, height: imageSize.height)
        }
        let full = PixelRect(x: 0, y: 0, width: imageSize.width, height: imageSize.height)
        let needsSubject = referenceBox == .subjectBox || outputSize == .croppedSubject
        if needsSubject && subjectBox == nil { throw ParameterError.emptySubject(threshold: threshold) }
        let reference = referenceBox == .subjectBox ? subjectBox ?? full : full

        var cropped: Set<LayoutSide> = []
        if referenceBox == .subjectBox, ignorePaddingAndSnapOnCroppedSides, let s = subjectBox {
            if horizontalAlignment == nil {
                if s.x == 0 { cropped.insert(.left) }
                if s.x + s.width == imageSize.width { cropped.insert(.right) }
            }
            if verticalAlignment == nil {
                if s.y == 0 { cropped.insert(.top) }
                if s.y + s.height == imageSize.height { cropped.insert(.bottom) }
            }
        }
        func paddingOf(_ side: LayoutSide) -> LayoutLength { cropped.contains(side) ? .zero : padding[side] }

        // The canvas.
        var canvas: PixelSize
        var exactScaleOne = false
        switch outputSize {
        case .size(let size):
            canvas = size
        case .auto, .originalImage:
            canvas = imageSize
        case .croppedSubject:
            // The size whose target area is exactly the subject box at scale 1.
            let s = subjectBox ?? full
            func grown(_ length: Int, _ lead: LayoutSide, _ trail: LayoutSide) -> Int {
                let (pa, pb, ma, mb) = (paddingOf(lead), paddingOf(trail), margin[lead], margin[trail])
                let inner = (Double(length) + pa.pixelPart + pb.pixelPart) / (1 - pa.fractionPart - pb.fractionPart)
                let outer = (inner + ma.pixelPart + mb.pixelPart) / (1 - ma.fractionPart - mb.fractionPart)
                return max(1, Int(outer.rounded()))
            }
            canvas = PixelSize(width: grown(s.width, .left, .right), height: grown(s.height, .top, .bottom))
            exactScaleOne = referenceBox == .subjectBox
        }
        if maxWidth != nil || maxHeight != nil {
            let k = min(
                1, Double(maxWidth ?? canvas.width) / Double(canvas.width),
                Double(maxHeight ?? canvas.height) / Double(canvas.height))
            if k < 1 {
                canvas = PixelSize(
                    width: max(1, Int((Double(canvas.width) * k).rounded())),
                    height: max(1, Int((Double(canvas.height) * k).rounded())))
                exactScaleOne = false
            }
        }

        // The target area: margins off the canvas, then padding off what they leave.
        let w = Double(canvas.width), h = Double(canvas.height)
        let ml = margin.left.resolved(against: w), mr = margin.right.resolved(against: w)
        let mt = margin.top.resolved(against: h), mb = margin.bottom.resolved(against: h)
        let innerW = w - ml - mr, innerH = h - mt - mb
        let pl = paddingOf(.left).resolved(against: innerW), pr = paddingOf(.right).resolved(against: innerW)
        let pt = paddingOf(.top).resolved(against: innerH), pb = paddingOf(.bottom).resolved(against: innerH)
        let tx = ml + pl, ty = mt + pt, tw = innerW - pl - pr, th = innerH - pt - pb
        guard tw >= 1, th >= 1 else {
            throw ParameterError.invalidValue(
                name: "padding and margin", value: "padding \(padding), margin \(margin)",
                expected: "room for the subject: they leave \(max(0, tw))x\(max(0, th)) of the \(canvas) canvas")
        }

        // Scale and alignment.
        let rw = Double(reference.width), rh = Double(reference.height)
        let scale: Double =
            exactScaleOne ? 1 : scaling == .fit ? min(tw / rw, th / rh) : max(tw / rw, th / rh)
        let pw = rw * scale, ph = rh * scale
        func snapped(_ lead: LayoutSide, _ trail: LayoutSide) -> Double {
            let a = cropped.contains(lead), b = cropped.contains(trail)
            return a && !b ? 0 : b && !a ? 1 : 0.5
        }
        let ax: Double =
            switch horizontalAlignment {
            case .left: 0
            case .center: 0.5
            case .right: 1
            case nil: snapped(.left, .right)
            }
        let ay: Double =
            switch verticalAlignment {
            case .top: 0
            case .center: 0.5
            case .bottom: 1
            case nil: snapped(.top, .bottom)
            }
        let (x, width) = placedSpan(origin: tx + ax * (tw - pw), length: pw)
        let (y, height) = placedSpan(origin: ty + ay * (th - ph), length: ph)
        return LayoutReport(
            imageSize: imageSize, subjectBox: subjectBox, subjectThreshold: threshold, referenceBox: reference,
            scale: scale, placed: PixelRect(x: x, y: y, width: width, height: height), canvas: canvas,
            croppedSides: cropped.sorted())
    }
}

extension RemoveBGLayout {
    /// Whether this layout moves or crops around the subject (otherwise the input is kept as it is).
    public var needsSubject: Bool {
        crop || scale != nil || (position != nil && position != .original)
    }

    /// The layout of an `imageSize` input whose subject box (found inside ``region(in:)``) is `subjectBox`.
    ///
    /// - Throws: ``ParameterError/emptySubject(threshold:)`` when the layout needs a subject and there is none;
    ///   ``ParameterError/invalidValue(name:value:expected:)`` for an empty `roi`.
    public func solve(imageSize: PixelSize, subjectBox: PixelRect?, threshold: Int = 16) throws -> LayoutReport {
        guard imageSize.width > 0, imageSize.height > 0 else {
            throw ParameterError.invalidDimensions(width: imageSize.width, height: imageSize.height)
        }
        let full = PixelRect(x: 0, y: 0, width: imageSize.width, height: imageSize.height)
        let roi = try region(in: imageSize)
        guard needsSubject else {
            return LayoutReport(
                imageSize: imageSize, subjectBox: subjectBox, subjectThreshold: threshold, referenceBox: full,
                scale: 1, placed: full, canvas: imageSize, croppedSides: [], drawableRegion: roi)
        }
        guard let s = subjectBox else { throw ParameterError.emptySubject(threshold: threshold) }
        var canvas = imageSize
        var origin = (x: Double(s.x), y: Double(s.y))
        if crop {
            // Percentages of the subject's width (left, right) or height (top, bottom); each side capped at the
            // smaller of half that dimension and 500 px.
            func side(_ i: Int, _ dimension: Int) -> Int {
                let d = Double(dimension)
                return Int(min(cropMargin[i].resolved(against: d), d / 2, 500).rounded())
            }
            let (t, r, b, l) = (side(0, s.height), side(1, s.width), side(2, s.height), side(3, s.width))
            canvas = PixelSize(width: s.width + l + r, height: s.height + t + b)
            origin = (Double(l), Double(t))
        }
        let w = Double(canvas.width), h = Double(canvas.height)
        let sw = Double(s.width), sh = Double(s.height)
        let k = scale.map { min($0 * w / sw, $0 * h / sh) } ?? 1
        let pw = sw * k, ph = sh * k
        let x: Double, y: Double
        switch position ?? (scale != nil ? .center : .original) {
        case .original:
            // Keeps the subject's centre where it was.
            x = origin.x + (sw - pw) / 2
            y = origin.y + (sh - ph) / 2
        case .center:
            x = (w - pw) / 2
            y = (h - ph) / 2
        case .fractions(let hf, let vf):
            x = hf * (w - pw)
            y = vf * (h - ph)
        }
        let (px, pwi) = placedSpan(origin: x, length: pw)
        let (py, phi) = placedSpan(origin: y, length: ph)
        return LayoutReport(
            imageSize: imageSize, subjectBox: s, subjectThreshold: threshold, referenceBox: s, scale: k,
            placed: PixelRect(x: px, y: py, width: pwi, height: phi), canvas: canvas, croppedSides: [])
    }
}

extension Layout {
    /// The region the subject box is searched in: remove.bg's `roi`, or the whole image.
    public func searchRegion(in size: PixelSize) throws -> PixelRect {
        switch self {
        case .photoroom: PixelRect(x: 0, y: 0, width: size.width, height: size.height)
        case .removeBG(let r): try r.region(in: size)
        }
    }

    /// See ``PhotoroomLayout/solve(imageSize:subjectBox:threshold:)`` and
    /// ``RemoveBGLayout/solve(imageSize:subjectBox:threshold:)``.
    public func solve(imageSize: PixelSize, subjectBox: PixelRect?, threshold: Int = 16) throws -> LayoutReport {
        switch self {
        case .photoroom(let p): try p.solve(imageSize: imageSize, subjectBox: subjectBox, threshold: threshold)
        case .removeBG(let r): try r.solve(imageSize: imageSize, subjectBox: subjectBox, threshold: threshold)
        }
    }
}
