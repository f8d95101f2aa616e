// Layout: where the subject goes on the output canvas, in Photoroom's /v2/edit vocabulary or remove.bg's.
// SPDX-License-Identifier: Apache-2.0

/// A side of a rectangle.
public enum LayoutSide: String, Sendable, Hashable, CaseIterable, Comparable {
    case top, right, bottom, left

    var order: Int {
        switch self {
        case .top: 0
        case .right: 1
        case .bottom: 2
        case .left: 3
        }
    }

    public static func < (a: LayoutSide, b: LayoutSide) -> Bool { a.order < b.order }
}

/// A padding or margin length in Photoroom's value forms: a fraction (`0.1`), a percentage (`"10%"`) or pixels
/// (`"100px"`).
public enum LayoutLength: Hashable, Sendable, CustomStringConvertible {
    /// A fraction of a reference length, 0…0.49 (`"10%"` is `0.1`).
    case fraction(Double)
    /// Output pixels, ≥ 0.
    case pixels(Double)

    public static let zero = LayoutLength.fraction(0)

    /// Parses `0.1`, `10%` or `100px` (surrounding spaces ignored).
    ///
    /// - Parameter name: the parameter's name, for the error.
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` for another form, a fraction outside
    ///   0…0.49, a percentage outside 0…49 or a negative or non-finite pixel count.
    public init(parsing text: String, name: String) throws {
        let s = text.trimmingSpaces
        let expected = "a fraction 0–0.49, a percentage \"0%\"–\"49%\" or pixels \"Npx\""
        if s.hasSuffix("px"), let v = Double(s.dropLast(2)), v.isFinite, v >= 0 {
            self = .pixels(v)
        } else if s.hasSuffix("%"), let v = Double(s.dropLast()), v >= 0, v <= 49 {
            self = .fraction(v / 100)
        } else if let v = Double(s), v >= 0, v <= 0.49 {
            self = .fraction(v)
        } else {
            throw ParameterError.invalidValue(name: name, value: text, expected: expected)
        }
    }

    /// The length in pixels against `base` pixels (fractions multiply it).
    public func resolved(against base: Double) -> Double {
        switch self {
        case .fraction(let f): f * base
        case .pixels(let p): p
        }
    }

    var pixelPart: Double { if case .pixels(let p) = self { p } else { 0 } }
    var fractionPart: Double { if case .fraction(let f) = self { f } else { 0 } }

    public var description: String {
        switch self {
        case .fraction(let f): "\(f)"
        case .pixels(let p): "\(p)px"
        }
    }
}

/// Four ``LayoutLength`` values, one per side.
public struct LayoutInsets: Hashable, Sendable {
    public var top: LayoutLength
    public var right: LayoutLength
    public var bottom: LayoutLength
    public var left: LayoutLength

    public init(top: LayoutLength, right: LayoutLength, bottom: LayoutLength, left: LayoutLength) {
        self.top = top
        self.right = right
        self.bottom = bottom
        self.left = left
    }

    /// The same length on every side.
    public init(_ all: LayoutLength) { self.init(top: all, right: all, bottom: all, left: all) }

    public static let zero = LayoutInsets(.zero)

    public subscript(side: LayoutSide) -> LayoutLength {
        switch side {
        case .top: top
        case .right: right
        case .bottom: bottom
        case .left: left
        }
    }
}

/// Photoroom's `outputSize`.
public enum LayoutOutputSize: Hashable, Sendable, CustomStringConvertible {
    /// `auto`: the input image's size (Photoroom keeps a template's size; Backdrop has no templates).
    case auto
    /// `originalImage`: the input image's size.
    case originalImage
    /// `croppedSubject`: the reference box at scale 1, grown by the padding and margins.
    case croppedSubject
    /// `WxH`: exactly this size.
    case size(PixelSize)

    /// Parses `auto`, `originalImage`, `croppedSubject` or `WxH` (both sides 1…30 000).
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `outputSize`.
    public init(parsing text: String) throws {
        switch text.trimmingSpaces {
        case "auto": self = .auto
        case "originalImage": self = .originalImage
        case "croppedSubject": self = .croppedSubject
        default:
            let parts = text.trimmingSpaces.split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...30_000).contains(w),
                (1...30_000).contains(h)
            else {
                throw ParameterError.invalidValue(
                    name: "outputSize", value: text,
                    expected: "auto, originalImage, croppedSubject or WxH with sides 1–30000")
            }
            self = .size(PixelSize(width: w, height: h))
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .originalImage: "originalImage"
        case .croppedSubject: "croppedSubject"
        case .size(let s): "\(s)"
        }
    }
}

/// Photoroom's `scaling`: how the reference box is sized into the target area.
public enum LayoutScaling: String, Hashable, Sendable, CaseIterable {
    /// The largest size inside the target area (default).
    case fit
    /// The smallest size covering the target area; the overflow is cut by the canvas.
    case fill
}

/// Photoroom's `horizontalAlignment`.
public enum HorizontalAlignment: String, Hashable, Sendable, CaseIterable {
    case left, center, right
}

/// Photoroom's `verticalAlignment`.
public enum VerticalAlignment: String, Hashable, Sendable, CaseIterable {
    case top, center, bottom
}

/// Photoroom's `referenceBox`: the rectangle of the input that is fitted into the target area.
public enum LayoutReferenceBox: String, Hashable, Sendable, CaseIterable {
    /// The subject's bounding box (default).
    case subjectBox
    /// The whole input image, so the subject keeps its position within it.
    case originalImage
}

/// Layout parameters with the names and meaning of Photoroom's `/v2/edit` positioning.
///
/// The canvas is ``outputSize`` (reduced to ``maxWidth`` × ``maxHeight``, aspect kept). Margins are taken off
/// every side, as fractions of the canvas's width (left, right) or height (top, bottom); padding is then taken
/// off as fractions of what the margins leave (Photoroom: "the size of the document, minus margins"). What remains
/// is the target area, and the reference box is scaled to ``scaling`` it and aligned in it.
///
/// With ``ignorePaddingAndSnapOnCroppedSides`` (default), a side of the subject box lying on the input image's
/// edge is a *cropped side*: it gets no padding, and when the opposite side is not cropped the subject is aligned
/// to it, so it stays flush with the canvas edge (inside the margin, which is never ignored). An explicit
/// ``horizontalAlignment`` or ``verticalAlignment`` turns this off on its axis, as Photoroom does.
public struct PhotoroomLayout: Hashable, Sendable {
    /// Default ``LayoutOutputSize/auto``.
    public var outputSize: LayoutOutputSize = .auto
    /// Largest canvas width; only with `auto`, `originalImage` or `croppedSubject`. Default none.
    public var maxWidth: Int?
    /// Largest canvas height; only with `auto`, `originalImage` or `croppedSubject`. Default none.
    public var maxHeight: Int?
    /// Default 0 on every side.
    public var padding: LayoutInsets = .zero
    /// Default 0 on every side.
    public var margin: LayoutInsets = .zero
    /// Default ``LayoutScaling/fit``.
    public var scaling: LayoutScaling = .fit
    /// `nil` centres (the default) and keeps snapping on cropped sides; a value turns snapping off horizontally.
    public var horizontalAlignment: HorizontalAlignment?
    /// `nil` centres (the default) and keeps snapping on cropped sides; a value turns snapping off vertically.
    public var verticalAlignment: VerticalAlignment?
    /// Default ``LayoutReferenceBox/subjectBox``.
    public var referenceBox: LayoutReferenceBox = .subjectBox
    /// Default `true`.
    public var ignorePaddingAndSnapOnCroppedSides = true

    public init() {}

    /// Parameters read from Photoroom's names (`outputSize`, `paddingTop`, …) with string values in its forms.
    ///
    /// Side-specific values override the general `padding` / `margin`. Unknown names are refused.
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming the parameter.
    public init(parameters: [String: String]) throws {
        self.init()
        for (name, value) in parameters where !Self.names.contains(name) {
            throw ParameterError.invalidValue(
                name: "layout parameter", value: "\(name)=\(value)",
                expected: "one of \(Self.names.sorted().joined(separator: ", "))")
        }
        func value<T: RawRepresentable<String>>(_ name: String, _ type: T.Type) throws -> T? {
            guard let text = parameters[name] else { return nil }
            guard let v = T(rawValue: text.trimmingSpaces) else {
                throw ParameterError.invalidValue(name: name, value: text, expected: "a known value")
            }
            return v
        }
        func insets(_ base: String) throws -> LayoutInsets {
            let all = try parameters[base].map { try LayoutLength(parsing: $0, name: base) } ?? .zero
            func side(_ suffix: String) throws -> LayoutLength {
                let name = base + suffix
                return try parameters[name].map { try LayoutLength(parsing: $0, name: name) } ?? all
            }
            return LayoutInsets(
                top: try side("Top"), right: try side("Right"), bottom: try side("Bottom"), left: try side("Left"))
        }
        func size(_ name: String) throws -> Int? {
            guard let text = parameters[name] else { return nil }
            guard let v = Int(text.trimmingSpaces), (1...30_000).contains(v) else {
                throw ParameterError.invalidValue(name: name, value: text, expected: "pixels 1–30000")
            }
            return v
        }
        if let text = parameters["outputSize"] { outputSize = try LayoutOutputSize(parsing: text) }
        maxWidth = try size("maxWidth")
        maxHeight = try size("maxHeight")
        padding = try insets("padding")
        margin = try insets("margin")
        scaling = try value("scaling", LayoutScaling.self) ?? .fit
        horizontalAlignment = try value("horizontalAlignment", HorizontalAlignment.self)
        verticalAlignment = try value("verticalAlignment", VerticalAlignment.self)
        referenceBox = try value("referenceBox", LayoutReferenceBox.self) ?? .subjectBox
        if let text = parameters["ignorePaddingAndSnapOnCroppedSides"] {
            switch text.trimmingSpaces {
            case "true": ignorePaddingAndSnapOnCroppedSides = true
            case "false": ignorePaddingAndSnapOnCroppedSides = false
            default:
                throw ParameterError.invalidValue(
                    name: "ignorePaddingAndSnapOnCroppedSides", value: text, expected: "true or false")
            }
        }
        try validate()
    }

    /// The parameter names ``init(parameters:)`` reads.
    public static let names: Set<String> = {
        var names: Set<String> = [
            "outputSize", "maxWidth", "maxHeight", "padding", "margin", "scaling", "horizontalAlignment",
            "verticalAlignment", "referenceBox", "ignorePaddingAndSnapOnCroppedSides",
        ]
        for side in ["Top", "Right", "Bottom", "Left"] {
            names.insert("padding" + side)
            names.insert("margin" + side)
        }
        return names
    }()

    /// Throws unless the values are in range and consistent; allocates nothing.
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming the parameter: a length out of
    ///   range, a max size out of range, or `maxWidth`/`maxHeight` with an explicit `WxH` output size.
    public func validate() throws {
        for (base, insets) in [("padding", padding), ("margin", margin)] {
            for side in LayoutSide.allCases {
                let ok =
                    switch insets[side] {
                    case .fraction(let f): f >= 0 && f <= 0.49
                    case .pixels(let p): p.isFinite && p >= 0
                    }
                if !ok {
                    throw ParameterError.invalidValue(
                        name: base + side.rawValue.capitalizedFirst, value: "\(insets[side])",
                        expected: "a fraction 0–0.49, a percentage \"0%\"–\"49%\" or pixels \"Npx\"")
                }
            }
        }
        for (name, v) in [("maxWidth", maxWidth), ("maxHeight", maxHeight)] {
            guard let v else { continue }
            guard (1...30_000).contains(v) else {
                throw ParameterError.invalidValue(name: name, value: "\(v)", expected: "pixels 1–30000")
            }
            if case .size = outputSize {
                throw ParameterError.invalidValue(
                    name: name, value: "\(v)",
                    expected: "no maximum with outputSize \(outputSize) (only with auto, originalImage, croppedSubject)"
                )
            }
        }
    }
}

/// A remove.bg length: pixels (`"30px"` or a bare number) or a percentage (`"10%"`).
public enum RemoveBGLength: Hashable, Sendable, CustomStringConvertible {
    case pixels(Double)
    case percent(Double)

    /// Parses `30px`, `30` or `10%`; values must be finite and ≥ 0.
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `name`.
    public init(parsing text: String, name: String) throws {
        let s = text.trimmingSpaces
        if s.hasSuffix("%"), let v = Double(s.dropLast()), v.isFinite, v >= 0 {
            self = .percent(v)
        } else if let v = Double(s.hasSuffix("px") ? String(s.dropLast(2)) : s), v.isFinite, v >= 0 {
            self = .pixels(v)
        } else {
            throw ParameterError.invalidValue(
                name: name, value: text, expected: "pixels \"Npx\" or a percentage \"N%\"")
        }
    }

    /// Pixels against `base` pixels (percentages of it).
    public func resolved(against base: Double) -> Double {
        switch self {
        case .pixels(let p): p
        case .percent(let p): p / 100 * base
        }
    }

    public var description: String {
        switch self {
        case .pixels(let p): "\(p)px"
        case .percent(let p): "\(p)%"
        }
    }
}

/// remove.bg's `position`.
public enum RemoveBGPosition: Hashable, Sendable {
    /// Where the subject was in the input (or in the cropped canvas, at its margins).
    case original
    /// Centred on the canvas (`center`, the same as `50% 50%`).
    case center
    /// Horizontal and vertical fractions 0…1: the subject's left edge at `h × (canvas width − subject width)`,
    /// likewise vertically (so 0 is flush left/top, 1 flush right/bottom).
    case fractions(horizontal: Double, vertical: Double)

    /// Parses `original`, `center`, `N%` (both axes) or `H% V%`, each 0–100.
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `position`.
    public init(parsing text: String) throws {
        let s = text.trimmingSpaces
        if s == "original" {
            self = .original
            return
        }
        if s == "center" {
            self = .center
            return
        }
        let parts = s.split(separator: " ").map { String($0) }
        let values = parts.compactMap { p -> Double? in
            guard p.hasSuffix("%"), let v = Double(p.dropLast()), v >= 0, v <= 100 else { return nil }
            return v / 100
        }
        guard (1...2).contains(parts.count), values.count == parts.count else {
            throw ParameterError.invalidValue(
                name: "position", value: text, expected: "original, center, \"N%\" or \"H% V%\" with 0–100")
        }
        self = .fractions(horizontal: values[0], vertical: values.count == 2 ? values[1] : values[0])
    }
}

/// Layout parameters with the names and meaning of remove.bg's API (`crop`, `crop_margin`, `scale`, `position`,
/// `roi`).
///
/// Without ``crop`` the canvas is the input's size; with it, the subject box plus ``cropMargin`` on each side
/// (percentages of the subject's width for left/right and height for top/bottom; each side capped at the smaller
/// of 50 % of that subject dimension and 500 px, as remove.bg caps it). ``scale`` fits the subject box into that
/// fraction of the canvas; ``position`` places it, and defaults to `center` when ``scale`` is given, `original`
/// otherwise. ``roi`` limits where the subject may be: matte outside it is ignored for the subject box and not
/// drawn.
public struct RemoveBGLayout: Hashable, Sendable {
    /// `crop=true`: the canvas is the subject box plus ``cropMargin``. Default `false`.
    public var crop = false
    /// Top, right, bottom, left. Default 0.
    public var cropMargin: [RemoveBGLength] = [.pixels(0), .pixels(0), .pixels(0), .pixels(0)]
    /// Fraction 0.1…1 of the canvas the subject box fits into; `nil` is `original` (default, scale 1).
    public var scale: Double?
    /// `nil`: `center` when ``scale`` is given, else `original`.
    public var position: RemoveBGPosition?
    /// Region of interest `x1 y1 x2 y2` in input pixels or percentages; `nil` is the whole image.
    public var roi: [RemoveBGLength]?

    public init() {}

    /// Parameters read from remove.bg's names (`crop`, `crop_margin`, `scale`, `position`, `roi`).
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming the parameter.
    public init(parameters: [String: String]) throws {
        self.init()
        for (name, value) in parameters where !["crop", "crop_margin", "scale", "position", "roi"].contains(name) {
            throw ParameterError.invalidValue(
                name: "layout parameter", value: "\(name)=\(value)", expected: "crop, crop_margin, scale, position, roi"
            )
        }
        if let text = parameters["crop"] {
            switch text.trimmingSpaces {
            case "true": crop = true
            case "false": crop = false
            default: throw ParameterError.invalidValue(name: "crop", value: text, expected: "true or false")
            }
        }
        if let text = parameters["crop_margin"] {
            let values = try text.split(separator: " ").map {
                try RemoveBGLength(parsing: String($0), name: "crop_margin")
            }
            switch values.count {
            case 1: cropMargin = [values[0], values[0], values[0], values[0]]
            case 2: cropMargin = [values[0], values[1], values[0], values[1]]
            case 4: cropMargin = values
            default:
                throw ParameterError.invalidValue(name: "crop_margin", value: text, expected: "1, 2 or 4 values")
            }
        }
        if let text = parameters["scale"] {
            let s = text.trimmingSpaces
            if s == "original" {
                scale = nil
            } else if s.hasSuffix("%"), let v = Double(s.dropLast()), v >= 10, v <= 100 {
                scale = v / 100
            } else {
                throw ParameterError.invalidValue(name: "scale", value: text, expected: "\"10%\"–\"100%\" or original")
            }
        }
        if let text = parameters["position"] { position = try RemoveBGPosition(parsing: text) }
        if let text = parameters["roi"] {
            let values = try text.split(separator: " ").map { try RemoveBGLength(parsing: String($0), name: "roi") }
            guard values.count == 4 else {
                throw ParameterError.invalidValue(name: "roi", value: text, expected: "four values \"x1 y1 x2 y2\"")
            }
            roi = values
        }
    }

    /// The region of interest in `size`'s pixels (whole pixels, rounded; clamped to the image).
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `roi` for an empty region.
    public func region(in size: PixelSize) throws -> PixelRect {
        guard let roi else { return PixelRect(x: 0, y: 0, width: size.width, height: size.height) }
        let w = Double(size.width), h = Double(size.height)
        let x1 = min(max(0, Int(roi[0].resolved(against: w).rounded())), size.width)
        let y1 = min(max(0, Int(roi[1].resolved(against: h).rounded())), size.height)
        let x2 = min(max(0, Int(roi[2].resolved(against: w).rounded())), size.width)
        let y2 = min(max(0, Int(roi[3].resolved(against: h).rounded())), size.height)
        guard x2 > x1, y2 > y1 else {
            throw ParameterError.invalidValue(
                name: "roi", value: roi.map(\.description).joined(separator: " "),
                expected: "x1 < x2 and y1 < y2 inside the \(size) image")
        }
        return PixelRect(x: x1, y: y1, width: x2 - x1, height: y2 - y1)
    }
}

/// Where the subject goes on the canvas: Photoroom's parameters or remove.bg's.
public enum Layout: Hashable, Sendable {
    case photoroom(PhotoroomLayout)
    case removeBG(RemoveBGLayout)
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
