// RecipeFile: a job's parameters as JSON, in Photoroom's /v2/edit names or remove.bg's, turned into a Recipe.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// One parameter value of a recipe file: what a form field of the services' APIs holds.
public enum RecipeValue: Codable, Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            throw ParameterError.invalidValue(
                name: decoder.codingPath.dottedName, value: "a list, an object or null",
                expected: "a string, a number or a boolean")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .number(let n): try container.encode(n)
        case .bool(let b): try container.encode(b)
        }
    }

    /// The value as the text of a form field: integral numbers without a fraction (`2000`, not `2000.0`).
    public var description: String {
        switch self {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .number(let n):
            if n.rounded() == n, abs(n) < 1e15 { "\(Int(n))" } else { "\(n)" }
        }
    }
}

/// The parameters of a job read from JSON: Photoroom's `/v2/edit` names, or remove.bg's as a second vocabulary,
/// plus Backdrop's own `backdrop.*` extras.
///
/// Keys are Photoroom's form-field names with their dots (`"background.color": "#FFFFFF"`), or the same as nested
/// objects (`{"background": {"color": "#FFFFFF"}}`); both forms may be mixed, but a key given twice is an error.
/// Values are strings, numbers or booleans, in the forms the services accept (`"padding": "10%"` or
/// `"padding": 0.1`). A `"$schema"` key is ignored, so editors can validate against `Schemas/recipe.schema.json`.
///
/// Reading refuses, with a ``ParameterError``:
/// - a key Backdrop does not know: ``ParameterError/unknownParameter(name:expected:)`` naming it;
/// - parameters only a remote AI model can honour (`textRemoval`, `upscale`, `expand`, `lighting`, prompts,
///   remove.bg's `type`, ...): ``ParameterError/requiresRemoteModel(names:)`` listing them all;
/// - parameters not supported yet (remove.bg's `shadow_type`): ``ParameterError/notSupportedYet(names:)``;
/// - Photoroom's and remove.bg's names together: ``ParameterError/mixedVocabularies(photoroom:removeBG:)``;
/// - a value out of range: ``ParameterError/invalidValue(name:value:expected:)``.
///
/// Encoding writes the flat, dotted form with sorted keys.
public struct RecipeFile: Codable, Sendable, Hashable {
    /// Which service's parameter names a recipe uses.
    public enum Vocabulary: String, Sendable, Hashable, Codable {
        case photoroom
        case removeBG = "remove.bg"
    }

    /// The parameters by dotted name, as read (nested objects flattened).
    public private(set) var parameters: [String: RecipeValue]
    /// The vocabulary of the parameters; Photoroom's when only Backdrop's extras (or nothing) are given.
    public let vocabulary: Vocabulary
    /// The typed settings, checked when the recipe is read.
    let settings: Settings

    /// Reads and checks `parameters` (dotted names).
    ///
    /// - Throws: the ``ParameterError`` cases listed on the type.
    public init(parameters: [String: RecipeValue]) throws {
        var parameters = parameters
        parameters.removeValue(forKey: "$schema")
        self.parameters = parameters
        vocabulary = try RecipeFile.classify(parameters.keys)
        settings = try Settings(parameters, vocabulary: vocabulary)
    }

    /// Reads a recipe from JSON text.
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming `recipe` for text that is not a JSON
    ///   object; otherwise as ``init(parameters:)``.
    public init(json: some Collection<UInt8>) throws {
        do {
            self = try JSONDecoder().decode(RecipeFile.self, from: Data(json))
        } catch let error as ParameterError {
            throw error
        } catch {
            throw ParameterError.invalidValue(
                name: "recipe", value: "the JSON text", expected: "a JSON object of parameters (\(error))")
        }
    }

    public init(from decoder: any Decoder) throws {
        var flat = [String: RecipeValue]()
        try RecipeFile.flatten(try decoder.container(keyedBy: AnyKey.self), prefix: "", into: &flat)
        try self.init(parameters: flat)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for (name, value) in parameters { try container.encode(value, forKey: AnyKey(name)) }
    }

    public static func == (a: RecipeFile, b: RecipeFile) -> Bool { a.parameters == b.parameters }
    public func hash(into hasher: inout Hasher) { hasher.combine(parameters) }

    /// The local path (or `file://` URL) of the background image (`background.imageUrl`/`background.imageFile`,
    /// remove.bg's `bg_image_url`/`bg_image_file`), if any. The caller decodes it and passes it to
    /// ``recipe(base:backgroundImage:)``, so a batch decodes it once.
    public var backgroundImagePath: String? { settings.backgroundImagePath }

    /// The output format the recipe asks for (`export.format`, remove.bg's `format`); `nil` when it leaves the
    /// choice to the result (remove.bg's `auto`, or nothing given): PNG with transparency, JPEG without.
    public var outputFormat: ImageFormat? { settings.outputFormat }

    /// `base` with this recipe's settings applied.
    ///
    /// - Parameters:
    ///   - base: the settings the recipe does not mention (limits, scheduler) come from here.
    ///   - backgroundImage: the decoded ``backgroundImagePath``; required when the recipe names one.
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` when a background image is named but not
    ///   given, or given but not named.
    public func recipe(base: Recipe = Recipe(), backgroundImage: Image? = nil) throws -> Recipe {
        guard (backgroundImage != nil) == (settings.backgroundImagePath != nil) else {
            throw ParameterError.invalidValue(
                name: "background image", value: backgroundImage == nil ? "missing" : "given",
                expected: "a decoded image exactly when the recipe names one")
        }
        var recipe = base
        settings.apply(to: &recipe)
        recipe.backgroundImage = backgroundImage
        return recipe
    }

    // MARK: - Reading

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func flatten(
        _ container: KeyedDecodingContainer<AnyKey>, prefix: String, into flat: inout [String: RecipeValue]
    ) throws {
        for key in container.allKeys {
            let name = prefix + key.stringValue
            if let nested = try? container.nestedContainer(keyedBy: AnyKey.self, forKey: key) {
                try flatten(nested, prefix: name + ".", into: &flat)
                continue
            }
            let value = try container.decode(RecipeValue.self, forKey: key)
            guard flat.updateValue(value, forKey: name) == nil else {
                throw ParameterError.invalidValue(
                    name: name, value: "given twice", expected: "each parameter once (dotted or nested)")
            }
        }
    }

    /// The vocabulary of `names`, after refusing unknown, remote-only, unsupported and mixed names.
    static func classify(_ names: some Sequence<String>) throws -> Vocabulary {
        var photoroom = [String](), removeBG = [String](), remote = [String](), later = [String]()
        for name in names.sorted() {
            if let key = RecipeKey.byName[name] {
                switch key.vocabulary {
                case .photoroom: photoroom.append(name)
                case .removeBG: removeBG.append(name)
                case .backdrop: break
                }
            } else if RecipeKey.remoteOnly.contains(where: { name == $0 || name.hasPrefix($0 + ".") }) {
                remote.append(name)
            } else if RecipeKey.notYet.contains(where: { name == $0 || name.hasPrefix($0 + ".") }) {
                later.append(name)
            } else {
                throw ParameterError.unknownParameter(
                    name: name,
                    expected: "a Photoroom /v2/edit or remove.bg parameter Backdrop does locally, or a backdrop.* "
                        + "extra (see Schemas/recipe.schema.json)")
            }
        }
        if let p = photoroom.first, let r = removeBG.first {
            throw ParameterError.mixedVocabularies(photoroom: p, removeBG: r)
        }
        if !remote.isEmpty { throw ParameterError.requiresRemoteModel(names: remote) }
        if !later.isEmpty { throw ParameterError.notSupportedYet(names: later) }
        return removeBG.isEmpty ? .photoroom : .removeBG
    }
}

extension [any CodingKey] {
    var dottedName: String { map(\.stringValue).joined(separator: ".") }
}

// MARK: - Settings

extension RecipeFile {
    /// The recipe's parameters, parsed and range-checked.
    struct Settings: Sendable, Hashable {
        var background: RGBAColor?
        var backgroundImagePath: String?
        var backgroundScaling: BackgroundScaling?
        var backgroundBlur: Double?
        var removeBackground = true
        var keepExistingAlpha = true
        var layout: Layout?
        var outputFormat: ImageFormat?
        var quality: Int?
        var dpi: Double?
        var decontamination: Double?
        var matteShaping = MatteShaping()
        var linearLight: Bool?
        var colorPolicy: ColorPolicy?
        var renderingIntent: RenderingIntent?
        var subjectThreshold: UInt8?
        var subsampling: ChromaSubsampling?
        var progressive: Bool?
        var lossless: Bool?
        var stripColorTag: Bool?
        var pngCompressionLevel: Int?
        var shadow: DropShadow?
        var outline: Outline?

        init(_ p: [String: RecipeValue], vocabulary: Vocabulary) throws {
            func text(_ name: String) -> String? { p[name]?.description }
            func bool(_ name: String) throws -> Bool? {
                guard let v = p[name] else { return nil }
                switch v {
                case .bool(let b): return b
                case .string("true"): return true
                case .string("false"): return false
                default: throw ParameterError.invalidValue(name: name, value: v.description, expected: "true or false")
                }
            }
            func number(_ name: String, _ range: ClosedRange<Double>) throws -> Double? {
                guard let v = p[name] else { return nil }
                guard let n = Double(v.description), n.isFinite, range.contains(n) else {
                    throw ParameterError.invalidValue(
                        name: name, value: v.description, expected: "a number \(range.lowerBound)–\(range.upperBound)")
                }
                return n
            }
            func integer(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
                guard let v = p[name] else { return nil }
                guard let n = Int(v.description), range.contains(n) else {
                    throw ParameterError.invalidValue(
                        name: name, value: v.description, expected: "an integer \(range.lowerBound)–\(range.upperBound)"
                    )
                }
                return n
            }
            func choice<T: RawRepresentable<String>>(_ name: String, _ values: [String: T]) throws -> T? {
                guard let v = p[name] else { return nil }
                guard let t = values[v.description] else {
                    throw ParameterError.invalidValue(
                        name: name, value: v.description,
                        expected: "one of \(values.keys.sorted().joined(separator: ", "))")
                }
                return t
            }
            func color(_ name: String) throws -> RGBAColor? {
                guard let v = text(name) else { return nil }
                do { return try RGBAColor(parsing: v) } catch {
                    throw ParameterError.invalidValue(
                        name: name, value: v,
                        expected: "a hex colour (#RGB, #RRGGBB, #RRGGBBAA), a colour name or transparent")
                }
            }
            func path(_ names: String...) throws -> String? {
                let given = names.filter { p[$0] != nil }
                guard let name = given.first else { return nil }
                if given.count > 1 {
                    throw ParameterError.invalidValue(name: name, value: "with \(given[1])", expected: "one of them")
                }
                let value = text(name) ?? ""
                if value.hasPrefix("http://") || value.hasPrefix("https://") {
                    throw ParameterError.invalidValue(
                        name: name, value: value,
                        expected: "a local file path or file:// URL (Backdrop fetches nothing)")
                }
                return value.hasPrefix("file://") ? URL(string: value)?.path ?? value : value
            }
            let formats: [String: ImageFormat] = ["png": .png, "jpeg": .jpeg, "jpg": .jpeg, "webp": .webp]

            switch vocabulary {
            case .photoroom:
                background = try color("background.color")
                backgroundImagePath = try path("background.imageUrl", "background.imageFile")
                backgroundScaling = try choice("background.scaling", ["fit": .fit, "fill": .fill])
                if let mode = p["background.blur.mode"], mode.description != "gaussian" {
                    throw ParameterError.invalidValue(
                        name: "background.blur.mode", value: mode.description,
                        expected: "gaussian (the bokeh lens blur is not done locally)")
                }
                backgroundBlur = try number("background.blur.radius", 0...0.05)
                if backgroundBlur == 0 {
                    throw ParameterError.invalidValue(
                        name: "background.blur.radius", value: "0", expected: "a fraction in (0, 0.05]")
                }
                if backgroundBlur == nil, p["background.blur.mode"] != nil { backgroundBlur = 0.01 }
                removeBackground = try bool("removeBackground") ?? true
                let keep: [String: RecipeFile.KeepAlpha] = ["auto": .auto, "never": .never]
                keepExistingAlpha = try choice("keepExistingAlphaChannel", keep) != .never
                let layoutParameters = p.filter { PhotoroomLayout.names.contains($0.key) }.mapValues(\.description)
                if !layoutParameters.isEmpty { layout = .photoroom(try PhotoroomLayout(parameters: layoutParameters)) }
                let shadowOverrides = ["direction", "intensity", "softness", "spread", "color"].map { "shadow." + $0 }
                if let mode = try p["shadow.mode"].map({ try ShadowMode(parsing: $0.description) }), mode != .none {
                    shadow = DropShadow(
                        mode: mode,
                        direction: try text("shadow.direction").map { try DropShadow.direction(parsing: $0) },
                        intensity: try number("shadow.intensity", 0...1),
                        softness: try number("shadow.softness", 0...1),
                        spread: try number("shadow.spread", 0...1), color: try color("shadow.color") ?? .black)
                } else if let given = shadowOverrides.first(where: { p[$0] != nil }) {
                    throw ParameterError.invalidValue(
                        name: given, value: p[given]?.description ?? "",
                        expected: "a shadow.mode (soft, hard or floating) with it")
                }
                if ["outline.color", "outline.width", "outline.blurRadius"].contains(where: { p[$0] != nil }) {
                    outline = Outline(
                        color: try color("outline.color") ?? .white,
                        width: try number("outline.width", 0...0.1) ?? 0.03,
                        blurRadius: try number("outline.blurRadius", 0...0.025) ?? 0)
                }
                outputFormat = try choice("export.format", formats)
                quality = try integer("export.quality", 1...100)
                dpi = try number("export.dpi", 72...1200)
            case .removeBG:
                background = try color("bg_color")
                backgroundImagePath = try path("bg_image_url", "bg_image_file")
                let layoutNames: Set<String> = ["crop", "crop_margin", "scale", "position", "roi"]
                let layoutParameters = p.filter { layoutNames.contains($0.key) }.mapValues(\.description)
                if !layoutParameters.isEmpty { layout = .removeBG(try RemoveBGLayout(parameters: layoutParameters)) }
                if let f = p["format"], f.description != "auto" {
                    guard let format = formats[f.description] else {
                        throw ParameterError.invalidValue(
                            name: "format", value: f.description,
                            expected: "auto, png, jpg or webp (zip holds a colour image and a matte, not a result)")
                    }
                    outputFormat = format
                }
                if let size = p["size"], !["auto", "full"].contains(size.description) {
                    throw ParameterError.invalidValue(
                        name: "size", value: size.description,
                        expected: "auto or full (Backdrop keeps the input's resolution; use scale or crop for layout)")
                }
                if let channels = p["channels"], channels.description != "rgba" {
                    throw ParameterError.invalidValue(
                        name: "channels", value: channels.description, expected: "rgba (the composited image)")
                }
                let opacity = try integer("shadow_opacity", 0...100)
                if try bool("add_shadow") == true {
                    shadow = DropShadow(mode: .soft, intensity: opacity.map { Double($0) / 100 })
                } else if opacity != nil {
                    throw ParameterError.invalidValue(
                        name: "shadow_opacity", value: "\(opacity ?? 0)", expected: "add_shadow=true with it")
                }
            }
            decontamination = try number("backdrop.decontamination", 0...1)
            matteShaping = MatteShaping(
                floor: UInt8(try integer("backdrop.matte.floor", 0...254) ?? 0),
                ceiling: UInt8(try integer("backdrop.matte.ceiling", 1...255) ?? 255),
                gamma: try number("backdrop.matte.gamma", 0.1...10) ?? 1,
                choke: try number("backdrop.matte.choke", -100...100) ?? 0,
                feather: try number("backdrop.matte.feather", 0...100) ?? 0)
            linearLight = try bool("backdrop.linear")
            colorPolicy = try choice(
                "backdrop.colorPolicy", Dictionary(uniqueKeysWithValues: ColorPolicy.allCases.map { ($0.rawValue, $0) })
            )
            renderingIntent = try choice(
                "backdrop.renderingIntent",
                Dictionary(uniqueKeysWithValues: RenderingIntent.allCases.map { ($0.rawValue, $0) }))
            subjectThreshold = try integer("backdrop.subjectThreshold", 1...255).map(UInt8.init)
            subsampling = try choice(
                "backdrop.export.subsampling",
                Dictionary(uniqueKeysWithValues: ChromaSubsampling.allCases.map { ($0.rawValue, $0) }))
            progressive = try bool("backdrop.export.progressive")
            lossless = try bool("backdrop.export.lossless")
            stripColorTag = try bool("backdrop.export.stripColorTag")
            pngCompressionLevel = try integer("backdrop.export.pngCompressionLevel", 0...9)
            try matteShaping.validate(PixelBuffer<Gray8>(width: 1, height: 1))
            if backgroundBlur != nil, backgroundImagePath != nil {
                throw ParameterError.invalidValue(
                    name: "background", value: "an image and a blur", expected: "one of a colour, an image or a blur")
            }
        }

        func apply(to recipe: inout Recipe) {
            if let background { recipe.background = background }
            if let backgroundScaling { recipe.backgroundScaling = backgroundScaling }
            recipe.backgroundBlur = backgroundBlur
            recipe.removeBackground = removeBackground
            recipe.keepsExistingAlpha = keepExistingAlpha
            recipe.layout = layout
            recipe.outputFormat = outputFormat
            if let quality { recipe.encoding.quality = quality }
            if let dpi { recipe.encoding.dpi = ImageMetadata.Resolution(x: dpi, y: dpi) }
            if let decontamination { recipe.decontamination = decontamination }
            recipe.matteShaping = matteShaping
            if let linearLight { recipe.linearLight = linearLight }
            if let colorPolicy { recipe.colorPolicy = colorPolicy }
            if let renderingIntent { recipe.colorConversion = ConversionSettings(intent: renderingIntent) }
            if let subjectThreshold { recipe.subjectThreshold = subjectThreshold }
            if let subsampling { recipe.encoding.chromaSubsampling = subsampling }
            if let progressive { recipe.encoding.progressive = progressive }
            if let lossless { recipe.encoding.lossless = lossless }
            if let stripColorTag { recipe.encoding.tagsSRGB = !stripColorTag }
            if let pngCompressionLevel { recipe.encoding.pngCompressionLevel = pngCompressionLevel }
            recipe.shadow = shadow
            recipe.outline = outline
        }
    }

    enum KeepAlpha: String { case auto, never }
}
