// DropShadow: a parametric soft, hard or floating shadow plane computed from the subject's matte on the canvas.
// SPDX-License-Identifier: Apache-2.0

/// The kind of shadow ``DropShadow`` draws (Photoroom `shadow.mode`).
public enum ShadowMode: String, CaseIterable, Hashable, Sendable {
    /// No shadow.
    case none
    /// A grounded contact shadow: the silhouette mirrored onto the floor under the base, fading with distance.
    case soft
    /// A cast drop shadow: the silhouette offset by direction and distance, lightly blurred.
    case hard
    /// The subject lifted: a wide, soft floor shadow detached below the base.
    case floating

    /// Parses `soft`, `hard`, `floating`, `none`, Photoroom's `ai.soft`, `ai.hard`, `ai.floating` (the same local
    /// modes) and remove.bg's `add_shadow` values `true` (soft) and `false` (none).
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `shadow.mode`.
    public init(parsing text: String) throws {
        var s = text.trimmingSpaces.lowercased()
        if s.hasPrefix("ai.") { s = String(s.dropFirst(3)) }
        switch s {
        case "true": self = .soft
        case "false": self = .none
        default:
            guard let mode = ShadowMode(rawValue: s) else {
                throw ParameterError.invalidValue(
                    name: "shadow.mode", value: text,
                    expected: "soft, hard, floating or none (ai.soft, ai.hard, ai.floating accepted)")
            }
            self = mode
        }
    }
}

/// The placed subject's coverage on the output canvas and its bounding box there: what shadows and outlines
/// are computed from.
public struct PlacedMatte: Sendable {
    /// Coverage of the placed subject, canvas-sized.
    public var matte: PixelBuffer<Gray8>
    /// The subject's bounding box in canvas pixels; may extend past the canvas (a layout that cuts the subject).
    public var subject: PixelRect
    public init(matte: PixelBuffer<Gray8>, subject: PixelRect) {
        self.matte = matte
        self.subject = subject
    }
}

/// Computes a shadow's coverage plane (``Gray8``) on the canvas from the placed subject's matte.
///
/// **Model.** Let the subject box `B` (on the canvas, as the layout placed it) have width `w`, height `h`, bottom
/// edge `base` and size `S = max(w, h)`; `u = (sin θ, cos θ)` is the ``direction`` θ (0° down, 90° right, 180° up,
/// 270° left). Only the matte inside `B` casts; matte outside the canvas counts as 0.
/// - ``ShadowMode/hard``: the matte translated by `round(spread · S · u)`.
/// - ``ShadowMode/soft``: the matte mirrored onto the floor: a band of `H = max(1, round(spread · h))` rows starting
///   at `base`; band row `j` is the mean of the matte rows at heights `k` above the base (`k = 0` the bottom row)
///   with `⌊k · H / h⌋ = j`, times the fade `1 − (j + ½)/H`, so it is densest at the contact line. Row `j` leans
///   sideways by `round((j + ½) · tan θ′)` pixels, θ′ being θ folded into −60°…60° (a floor shadow always lies in
///   front of the subject).
/// - ``ShadowMode/floating``: the same mirrored band with `H = max(1, round(0.1 · h))` rows and no fade, translated
///   by `round(spread · S · u)` (the gap between subject and shadow).
///
/// The band or silhouette is rounded to 8 bits, blurred with a Gaussian of `σ = softness · 0.08 · S` pixels
/// (``GaussianBlur``) and multiplied by ``intensity``: `round(v · round(intensity · 65536) / 65536)`. Everything
/// is relative to `S`, so a subject placed twice as large gets a shadow twice as large. Sigmas of 8 pixels and more
/// run at a reduced resolution `k = ⌊σ / 4⌋`: box-averaged down, blurred with `√(σ² − k²/4) / k` (the box and the
/// bilinear interpolation add variances `k²/12` and `k²/6`), bilinear up. The interpolation error of a Gaussian
/// edge at 4 low-resolution pixels is below 0.5 levels; on a full-contrast edge the whole path stays within 4 levels
/// of the full-resolution blur (tested), before the intensity scales it down.
///
/// The plane is computed over the shadow's own region (its support grown by 3σ), which may extend past the canvas;
/// ``Output/clipped`` says whether any non-zero value fell outside and was cut.
///
/// Defaults (per mode, used for each `nil` argument): soft — direction 0, intensity 0.7, softness 0.25, spread
/// 0.12; hard — direction 45 (down and right), intensity 0.5, softness 0.15, spread 0.04; floating — direction 0,
/// intensity 0.45, softness 0.6, spread 0.06.
///
/// - Complexity: O(region) for the projection and blur, O(canvas) to clear the output; allocates the output, the
///   region plane and the blur's buffers.
public struct DropShadow: ImageOperation {
    public typealias Input = PlacedMatte

    /// The shadow kind. ``ShadowMode/none`` returns an empty plane.
    public var mode: ShadowMode
    /// Degrees; where the shadow falls: 0 down, 90 right, 180 up, 270 left. Any finite value (taken modulo 360).
    public var direction: Double
    /// Opacity 0…1 of the shadow's densest part.
    public var intensity: Double
    /// 0…1: the Gaussian's σ is `softness · 0.08` of the subject's size.
    public var softness: Double
    /// 0…1: hard and floating — offset distance as a fraction of the subject's size; soft — the floor band's
    /// length as a fraction of the subject's height.
    public var spread: Double
    /// The shadow's colour; its alpha scales the coverage when composited. Default black.
    public var color: RGBAColor

    /// A shadow of `mode`; each `nil` parameter takes the mode's default (see ``DropShadow``).
    public init(
        mode: ShadowMode = .soft, direction: Double? = nil, intensity: Double? = nil, softness: Double? = nil,
        spread: Double? = nil, color: RGBAColor = .black
    ) {
        let d = Self.defaults(for: mode)
        self.mode = mode
        self.direction = direction ?? d.direction
        self.intensity = intensity ?? d.intensity
        self.softness = softness ?? d.softness
        self.spread = spread ?? d.spread
        self.color = color
    }

    /// A mode's defaults: direction, intensity, softness, spread.
    public static func defaults(for mode: ShadowMode) -> (
        direction: Double, intensity: Double, softness: Double, spread: Double
    ) {
        switch mode {
        case .none, .soft: (0, 0.7, 0.25, 0.12)
        case .hard: (45, 0.5, 0.15, 0.04)
        case .floating: (0, 0.45, 0.6, 0.06)
        }
    }

    /// Named directions for ``direction``: where the shadow falls.
    public static let namedDirections: [String: Double] = [
        "down": 0, "down-right": 45, "right": 90, "up-right": 135, "up": 180, "up-left": 225, "left": 270,
        "down-left": 315,
    ]

    /// Parses a direction: degrees (`30`, `-45`, `30deg`) or a name of ``namedDirections`` (`down-right`).
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `shadow.direction`.
    public static func direction(parsing text: String) throws -> Double {
        var s = text.trimmingSpaces.lowercased()
        if let named = namedDirections[s] { return named }
        if s.hasSuffix("deg") { s = String(s.dropLast(3)) }
        guard let degrees = Double(s), degrees.isFinite else {
            throw ParameterError.invalidValue(
                name: "shadow.direction", value: text,
                expected: "degrees (0 down, 90 right, 180 up, 270 left) or down, down-right, right, up-right, up, "
                    + "up-left, left, down-left")
        }
        return degrees
    }

    /// Floating shadows' band length, as a fraction of the subject's height.
    static let floatingBand = 0.1
    /// σ = softness × this × subject size.
    static let sigmaPerSoftness = 0.08

    /// The shadow's coverage on the canvas and whether part of it was cut by the canvas.
    public struct Output: Sendable {
        /// Canvas-sized coverage, 0 where there is no shadow.
        public var alpha: PixelBuffer<Gray8>
        /// `true` when some non-zero shadow coverage fell outside the canvas.
        public var clipped: Bool
    }

    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `shadow.direction`,
    ///   `shadow.intensity`, `shadow.softness` or `shadow.spread` for a value out of range;
    ///   ``ParameterError/invalidDimensions(width:height:)`` for an empty subject box.
    public func validate(_ input: Input) throws {
        try validateParameters()
        guard !input.subject.isEmpty else {
            throw ParameterError.invalidDimensions(width: input.subject.width, height: input.subject.height)
        }
    }

    /// Checks the parameters alone (no input); allocates nothing.
    /// - Throws: as ``validate(_:)``.
    public func validateParameters() throws {
        guard direction.isFinite else {
            throw ParameterError.invalidValue(name: "shadow.direction", value: "\(direction)", expected: "degrees")
        }
        for (name, value) in [("intensity", intensity), ("softness", softness), ("spread", spread)] {
            guard value.isFinite, value >= 0, value <= 1 else {
                throw ParameterError.invalidValue(name: "shadow.\(name)", value: "\(value)", expected: "0 to 1")
            }
        }
    }

    public func apply(to input: Input, scheduler: RowScheduler) throws -> Output {
        try validate(input)
        let canvas = input.matte.size
        var output = try PixelBuffer<Gray8>(width: canvas.width, height: canvas.height)
        guard mode != .none, let plan = ShadowPlan(self, subject: input.subject, canvas: canvas) else {
            return Output(alpha: output, clipped: false)
        }
        var plane = try PixelBuffer<Gray8>(width: plan.region.width, height: plan.region.height)
        Self.project(input.matte, plan, into: &plane, scheduler: scheduler)
        plane = try Self.blurred(plane, sigma: plan.sigma, scheduler: scheduler)
        let clipped = Self.place(plane, plan, into: &output, scheduler: scheduler)
        return Output(alpha: output, clipped: clipped)
    }

    /// `plane` blurred by `sigma`, at reduced resolution for large sigmas (see ``DropShadow``).
    static func blurred(_ plane: PixelBuffer<Gray8>, sigma: Double, scheduler: RowScheduler) throws
        -> PixelBuffer<Gray8>
    {
        guard sigma > 0 else { return plane }
        let k = reductionFactor(sigma: sigma)
        guard k > 1 else { return try plane.blurred(sigma: sigma, scheduler: scheduler) }
        // Callers make the sides multiples of k (see ShadowPlan); otherwise the scale is slightly off k.
        let small = PixelSize(
            width: max(1, (plane.width + k - 1) / k), height: max(1, (plane.height + k - 1) / k))
        let reduced = try plane.resampled(to: small, filter: .box, scheduler: scheduler)
        let k2 = Double(k * k)
        let lowSigma = (sigma * sigma - k2 / 4).squareRoot() / Double(k)
        let blurred = try reduced.blurred(sigma: lowSigma, scheduler: scheduler)
        return try blurred.resampled(to: plane.size, filter: .bilinear, scheduler: scheduler)
    }

    /// Work at 1/k resolution when σ ≥ 8 pixels, keeping about 4 low-resolution pixels per σ.
    static func reductionFactor(sigma: Double) -> Int { sigma >= 8 ? Int(sigma / 4) : 1 }
}

/// The geometry of one shadow on one canvas: the region computed and how each of its rows is sourced.
struct ShadowPlan: Sendable {
    enum Kind: Sendable {
        /// Region rows/columns copy matte rows/columns shifted by (dx, dy).
        case shift(dx: Int, dy: Int)
        /// Band rows `j` start at canvas row `top`; each averages subject rows by height, leaning and fading.
        case band(top: Int, rows: Int, fade: Bool, shift: Int, lean: Double)
    }
    var kind: Kind
    /// The computed region in canvas coordinates (may extend past the canvas).
    var region: PixelRect
    /// The part of the subject box inside the canvas: the matte that casts.
    var source: PixelRect
    /// The subject box (canvas coordinates, possibly past the canvas).
    var subject: PixelRect
    var sigma: Double
    /// Intensity in 16-bit fixed point, 0…65536.
    var gain: UInt32

    init?(_ s: DropShadow, subject: PixelRect, canvas: PixelSize) {
        let cx0 = max(0, subject.x), cy0 = max(0, subject.y)
        let cx1 = min(canvas.width, subject.x + subject.width), cy1 = min(canvas.height, subject.y + subject.height)
        guard cx1 > cx0, cy1 > cy0 else { return nil }
        self.subject = subject
        source = PixelRect(x: cx0, y: cy0, width: cx1 - cx0, height: cy1 - cy0)
        let size = Double(max(subject.width, subject.height))
        let theta = s.direction * .pi / 180
        let ux = sin(theta), uy = cos(theta)
        sigma = s.softness * DropShadow.sigmaPerSoftness * size
        gain = UInt32((s.intensity * 65536).rounded())
        let base = subject.y + subject.height
        var core: PixelRect
        switch s.mode {
        case .none:
            return nil
        case .hard:
            let dx = Int((s.spread * size * ux).rounded()), dy = Int((s.spread * size * uy).rounded())
            kind = .shift(dx: dx, dy: dy)
            core = PixelRect(x: source.x + dx, y: source.y + dy, width: source.width, height: source.height)
        case .soft, .floating:
            let floating = s.mode == .floating
            let fraction = floating ? DropShadow.floatingBand : s.spread
            let rows = max(1, Int((fraction * Double(subject.height)).rounded()))
            var dx = 0, dy = 0
            var lean = 0.0
            if floating {
                dx = Int((s.spread * size * ux).rounded())
                dy = Int((s.spread * size * uy).rounded())
            } else {
                // Fold the direction into −60°…60° around "down": the floor shadow lies in front of the subject.
                var a = s.direction.truncatingRemainder(dividingBy: 360)
                if a > 180 { a -= 360 }
                if a < -180 { a += 360 }
                if a > 90 { a = 180 - a }
                if a < -90 { a = -180 - a }
                a = min(60, max(-60, a))
                lean = tan(a * .pi / 180)
            }
            kind = .band(top: base + dy, rows: rows, fade: !floating, shift: dx, lean: lean)
            let reach = Int((Double(rows) * abs(lean)).rounded(.up)) + 1
            core = PixelRect(
                x: source.x + dx - (lean < 0 ? reach : 0), y: base + dy,
                width: source.width + (lean == 0 ? 0 : reach), height: rows)
        }
        let pad = Int((3 * sigma).rounded(.up)) + 1
        // At reduced resolution the region's sides are multiples of k, so the box and bilinear passes scale by
        // exactly k (a fractional scale would count some rows twice and change the shadow's mass).
        let k = DropShadow.reductionFactor(sigma: sigma)
        let w = core.width + 2 * pad, h = core.height + 2 * pad
        region = PixelRect(x: core.x - pad, y: core.y - pad, width: (w + k - 1) / k * k, height: (h + k - 1) / k * k)
    }

    /// Horizontal lean of band row `j`, in pixels.
    static func leanShift(_ j: Int, _ lean: Double) -> Int { Int(((Double(j) + 0.5) * lean).rounded()) }

    /// The fade of band row `j` of `rows`: `1 − (j + ½)/rows`.
    static func fade(_ j: Int, rows: Int) -> Double {
        1 - (Double(j) + 0.5) / Double(rows)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
