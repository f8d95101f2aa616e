// RecipeKey: the names a recipe file accepts, what they hold, and the JSON Schema generated from them.
// SPDX-License-Identifier: Apache-2.0

/// One parameter name a recipe file accepts.
struct RecipeKey: Sendable {
    enum Owner: Sendable { case photoroom, removeBG, backdrop }
    enum Kind: Sendable {
        case color, path, boolean, length, text
        case choice([String])
        case number(Double, Double)
        case integer(Int, Int)
    }

    let name: String
    let vocabulary: Owner
    let kind: Kind
    let summary: String

    init(_ name: String, _ vocabulary: Owner, _ kind: Kind, _ summary: String) {
        self.name = name
        self.vocabulary = vocabulary
        self.kind = kind
        self.summary = summary
    }

    static let all: [RecipeKey] = {
        var keys: [RecipeKey] = [
            .init(
                "background.color", .photoroom, .color,
                "Background colour: hex #RGB/#RRGGBB/#RRGGBBAA, a name, or transparent."),
            .init(
                "background.imageUrl", .photoroom, .path,
                "Background image: a local path or file:// URL (nothing is fetched)."),
            .init("background.imageFile", .photoroom, .path, "Background image: a local path."),
            .init(
                "background.scaling", .photoroom, .choice(["fill", "fit"]),
                "How the background image covers the canvas (default fill)."),
            .init(
                "background.blur.mode", .photoroom, .choice(["gaussian"]),
                "Blur the photo's own background (needs a matte)."),
            .init(
                "background.blur.radius", .photoroom, .number(0, 0.05),
                "Blur standard deviation as a fraction of the longer side, (0, 0.05]; default 0.01."),
            .init(
                "removeBackground", .photoroom, .boolean,
                "true (default): the subject comes from the matte or the input's alpha, one is required; false: the input is used whole and a separate matte is refused."
            ),
            .init(
                "keepExistingAlphaChannel", .photoroom, .choice(["auto", "never"]),
                "auto (default) keeps an input's own alpha; never ignores it (then a separate matte is required)."),
            .init("outputSize", .photoroom, .text, "auto, originalImage, croppedSubject or WxH."),
            .init("maxWidth", .photoroom, .text, "Largest canvas width in pixels (not with WxH)."),
            .init("maxHeight", .photoroom, .text, "Largest canvas height in pixels (not with WxH)."),
            .init(
                "scaling", .photoroom, .choice(["fit", "fill"]),
                "How the reference box is sized into the target area (default fit)."),
            .init(
                "horizontalAlignment", .photoroom, .choice(["left", "center", "right"]),
                "Horizontal alignment; turns off snapping horizontally."),
            .init(
                "verticalAlignment", .photoroom, .choice(["top", "center", "bottom"]),
                "Vertical alignment; turns off snapping vertically."),
            .init(
                "referenceBox", .photoroom, .choice(["subjectBox", "originalImage"]),
                "The rectangle fitted into the target area (default subjectBox)."),
            .init(
                "ignorePaddingAndSnapOnCroppedSides", .photoroom, .boolean,
                "No padding and snapping on sides where the subject is cut by the photo (default true)."),
            .init(
                "export.format", .photoroom, .choice(["png", "jpeg", "jpg", "webp"]),
                "Output format; without it PNG when the result has transparency, JPEG otherwise."),
            .init("export.quality", .photoroom, .integer(1, 100), "JPEG / lossy WebP quality (default 90)."),
            .init(
                "export.dpi", .photoroom, .number(72, 1200), "Resolution recorded in the output (PNG pHYs, JPEG JFIF)."),

            .init(
                "shadow.mode", .photoroom,
                .choice(["soft", "hard", "floating", "none", "ai.soft", "ai.hard", "ai.floating"]),
                "A local parametric shadow; Photoroom's ai.* modes are aliases of the local ones."),
            .init(
                "shadow.direction", .photoroom, .text,
                "Where the shadow falls: degrees (0 down, 90 right) or down, down-right, ...; needs shadow.mode."),
            .init("shadow.intensity", .photoroom, .number(0, 1), "Shadow opacity 0–1; needs shadow.mode."),
            .init(
                "shadow.softness", .photoroom, .number(0, 1),
                "Shadow blur 0–1 (σ = softness × 0.08 × subject size); needs shadow.mode."),
            .init(
                "shadow.spread", .photoroom, .number(0, 1),
                "Hard/floating offset or soft floor length, 0–1; needs shadow.mode."),
            .init("shadow.color", .photoroom, .color, "Shadow colour (default black); its alpha scales the shadow."),
            .init(
                "outline.color", .photoroom, .color,
                "Sticker outline colour (default white); any outline key draws one."),
            .init(
                "outline.width", .photoroom, .number(0, 0.1),
                "Outline width as a fraction of the subject's longer side (default 0.03)."),
            .init(
                "outline.blurRadius", .photoroom, .number(0, 0.025),
                "Outline blur σ as a fraction of the subject's longer side (default 0)."),

            .init("bg_color", .removeBG, .color, "Background colour: hex (with or without #), a name, or transparent."),
            .init(
                "bg_image_url", .removeBG, .path, "Background image: a local path or file:// URL (nothing is fetched)."),
            .init("bg_image_file", .removeBG, .path, "Background image: a local path."),
            .init("crop", .removeBG, .boolean, "The canvas is the subject box plus crop_margin."),
            .init("crop_margin", .removeBG, .text, "1, 2 or 4 values in px or % of the subject, e.g. \"10px 5%\"."),
            .init("scale", .removeBG, .text, "\"10%\"–\"100%\" of the canvas, or original."),
            .init("position", .removeBG, .text, "original, center, \"N%\" or \"H% V%\"."),
            .init("roi", .removeBG, .text, "Region of interest \"x1 y1 x2 y2\" in px or %."),
            .init(
                "format", .removeBG, .choice(["auto", "png", "jpg", "webp"]),
                "Output format; auto: PNG with transparency, JPEG otherwise."),
            .init(
                "size", .removeBG, .choice(["auto", "full"]),
                "Accepted for compatibility: Backdrop keeps the input's resolution."),
            .init("channels", .removeBG, .choice(["rgba"]), "Accepted for compatibility: the composited image."),
            .init("add_shadow", .removeBG, .boolean, "true draws a soft shadow (Backdrop's shadow.mode soft)."),
            .init("shadow_opacity", .removeBG, .integer(0, 100), "Shadow opacity in percent (with add_shadow)."),

            .init(
                "backdrop.decontamination", .backdrop, .number(0, 1),
                "Edge colour decontamination strength for a photo with a separate matte (default 1; 0 off)."),
            .init(
                "backdrop.matte.floor", .backdrop, .integer(0, 254),
                "Matte values at or below this become transparent (default 0)."),
            .init(
                "backdrop.matte.ceiling", .backdrop, .integer(1, 255),
                "Matte values at or above this become opaque (default 255)."),
            .init(
                "backdrop.matte.gamma", .backdrop, .number(0.1, 10),
                "Gamma applied to the matte after levels (default 1)."),
            .init(
                "backdrop.matte.choke", .backdrop, .number(-100, 100),
                "Shrink the matte by this many pixels; negative grows it (default 0)."),
            .init(
                "backdrop.matte.feather", .backdrop, .number(0, 100),
                "Soften the matte edge: Gaussian standard deviation in pixels (default 0)."),
            .init(
                "backdrop.linear", .backdrop, .boolean,
                "Composite in linear light instead of on sRGB-encoded values (default false)."),
            .init(
                "backdrop.colorPolicy", .backdrop, .choice(["convert", "reject", "assume-srgb"]),
                "An input that is not sRGB: convert (default), reject or assume-srgb."),
            .init(
                "backdrop.renderingIntent", .backdrop, .choice(["relative", "perceptual"]),
                "Intent of a conversion to sRGB (default relative, with black-point compensation)."),
            .init(
                "backdrop.subjectThreshold", .backdrop, .integer(1, 255),
                "Smallest matte value counted as subject for the layout (default 16)."),
            .init(
                "backdrop.export.subsampling", .backdrop, .choice(["4:4:4", "4:2:2", "4:2:0", "4:4:0", "4:1:1"]),
                "JPEG chroma subsampling (default 4:2:0)."),
            .init("backdrop.export.progressive", .backdrop, .boolean, "Write a progressive JPEG (default false)."),
            .init("backdrop.export.lossless", .backdrop, .boolean, "Write a lossless WebP (default false)."),
            .init(
                "backdrop.export.stripColorTag", .backdrop, .boolean,
                "Write an untagged output (default false: tagged sRGB)."),
            .init(
                "backdrop.export.pngCompressionLevel", .backdrop, .integer(0, 9), "PNG compression level (default 6)."),
        ]
        for base in ["padding", "margin"] {
            let what =
                base == "padding"
                ? "fraction 0–0.49, \"N%\" or \"Npx\"; ignored on cropped sides" : "fraction 0–0.49, \"N%\" or \"Npx\""
            keys.append(.init(base, .photoroom, .length, "\(base.capitalizedFirstLetter) on every side: \(what)."))
            for side in ["Top", "Right", "Bottom", "Left"] {
                keys.append(.init(base + side, .photoroom, .length, "\(side) \(base) (overrides \(base))."))
            }
        }
        return keys.sorted { $0.name < $1.name }
    }()

    static let byName: [String: RecipeKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Names (and prefixes before a dot) only a remote AI model can honour.
    static let remoteOnly: [String] = [
        // Photoroom /v2/edit
        "background.prompt", "background.negativePrompt", "background.seed", "background.guidance",
        "background.expandPrompt", "lighting", "upscale", "textRemoval", "expand", "beautify", "describeAnyChange",
        "segmentation", "uncrop", "imageFromPrompt", "flatLay", "ghostMannequin", "virtualModel", "templateId",
        "prompt", "negativePrompt",
        // remove.bg
        "type", "type_level", "semitransparency",
    ]

    /// Names (and prefixes) Backdrop will support but does not yet: remove.bg's shadow kinds.
    static let notYet: [String] = ["shadow_type"]
}

extension String {
    var capitalizedFirstLetter: String { prefix(1).uppercased() + dropFirst() }
}

// MARK: - JSON Schema

extension RecipeFile {
    /// A JSON Schema (draft 2020-12) of recipe files: every accepted name, flat (`"background.color"`) and nested
    /// (`{"background": {"color": ...}}`), with its values. `Schemas/recipe.schema.json` is this text; a test fails
    /// when the committed file is stale (`BACKDROP_RECORD_SCHEMA=1` rewrites it).
    public static var jsonSchema: String {
        var root: [(String, SchemaNode)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string("Backdrop recipe")),
            (
                "description",
                .string(
                    "Parameters of a Backdrop job: Photoroom /v2/edit names, or remove.bg names (not both), plus "
                        + "backdrop.* extras. Dotted names may also be written as nested objects. Parameters only a "
                        + "remote AI model can honour (\(RecipeKey.remoteOnly.joined(separator: ", "))) and parameters "
                        + "not supported yet (\(RecipeKey.notYet.joined(separator: ", "))) are refused by name."
                )
            ),
            ("type", .string("object")),
        ]
        var properties = group(prefix: "", depth: 0)
        properties.insert(("$schema", .object([("type", .string("string"))])), at: 0)
        root.append(("properties", .object(properties)))
        root.append(("additionalProperties", .bool(false)))
        return SchemaNode.object(root).rendered(indent: 0) + "\n"
    }

    /// The properties of the names under `prefix`: each full remaining name, and each first segment with more
    /// names under it as a nested object.
    static func group(prefix: String, depth: Int) -> [(String, SchemaNode)] {
        let keys = RecipeKey.all.filter { $0.name.hasPrefix(prefix) }
        var properties = keys.map { (String($0.name.dropFirst(prefix.count)), $0.schema) }
        var segments = [String]()
        for key in keys {
            let rest = key.name.dropFirst(prefix.count)
            if let dot = rest.firstIndex(of: "."), !segments.contains(String(rest[..<dot])) {
                segments.append(String(rest[..<dot]))
            }
        }
        for segment in segments {
            properties.append(
                (
                    segment,
                    .object([
                        ("type", .string("object")),
                        ("properties", .object(group(prefix: prefix + segment + ".", depth: depth + 1))),
                        ("additionalProperties", .bool(false)),
                    ])
                ))
        }
        return properties.sorted { $0.0 < $1.0 }
    }
}

extension RecipeKey {
    var owner: String {
        switch vocabulary {
        case .photoroom: "Photoroom"
        case .removeBG: "remove.bg"
        case .backdrop: "Backdrop"
        }
    }

    var schema: SchemaNode {
        var fields: [(String, SchemaNode)] = [("description", .string("\(owner): \(summary)"))]
        switch kind {
        case .color, .path: fields.append(("type", .string("string")))
        case .boolean: fields.append(("enum", .array([.bool(true), .bool(false), .string("true"), .string("false")])))
        case .length, .text: fields.append(("type", .array([.string("string"), .string("number")])))
        case .choice(let values): fields.append(("enum", .array(values.map { .string($0) })))
        case .number(let lo, let hi):
            fields += [
                ("type", .array([.string("number"), .string("string")])), ("minimum", .number("\(lo)")),
                ("maximum", .number("\(hi)")),
            ]
        case .integer(let lo, let hi):
            fields += [
                ("type", .array([.string("integer"), .string("string")])), ("minimum", .number("\(lo)")),
                ("maximum", .number("\(hi)")),
            ]
        }
        return .object(fields)
    }
}

/// A JSON value written with a fixed layout (two-space indentation, keys in the given order), so the generated
/// schema is byte-stable across platforms.
indirect enum SchemaNode: Sendable {
    case object([(String, SchemaNode)])
    case array([SchemaNode])
    case string(String)
    case number(String)
    case bool(Bool)

    func rendered(indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let body = fields.map { "\(pad)\(SchemaNode.quoted($0.0)): \($0.1.rendered(indent: indent + 1))" }
            return "{\n" + body.joined(separator: ",\n") + "\n\(end)}"
        case .array(let items): return "[" + items.map { $0.rendered(indent: indent + 1) }.joined(separator: ", ") + "]"
        case .string(let s): return SchemaNode.quoted(s)
        case .number(let n): return n.hasSuffix(".0") ? String(n.dropLast(2)) : n
        case .bool(let b): return b ? "true" : "false"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
