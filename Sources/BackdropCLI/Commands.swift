// The `convert`, `inspect` and `compose` subcommands: thin layers that build a Recipe and call the library.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Backdrop
import Foundation

/// Options every command that decodes shares.
struct LimitOptions: ParsableArguments {
    @Option(help: "Largest accepted width or height in pixels.")
    var maxSide: Int = DecodingLimits.default.maxSide
    @Option(help: "Largest accepted width × height.")
    var maxPixels: Int = DecodingLimits.default.maxPixels
    @Option(help: "Largest accepted input file in bytes.")
    var maxBytes: Int = DecodingLimits.default.maxBytes

    var limits: DecodingLimits { DecodingLimits(maxSide: maxSide, maxPixels: maxPixels, maxBytes: maxBytes) }
}

extension BackgroundScaling: ExpressibleByArgument {}
extension ColorPolicy: ExpressibleByArgument {}
extension RenderingIntent: ExpressibleByArgument {}

/// Colour options every command that decodes and writes an image shares (see the README's *Colour*).
struct ColorOptions: ParsableArguments {
    @Option(help: "What to do with an input that is not sRGB: convert (to sRGB), reject (exit 9) or assume-srgb.")
    var colorPolicy: ColorPolicy = .convert
    @Option(help: "Rendering intent of a conversion to sRGB: relative (with black-point compensation) or perceptual.")
    var renderingIntent: RenderingIntent = .relativeColorimetric
    @Flag(help: "Write an untagged output: no PNG sRGB chunk, no embedded sRGB profile in JPEG or WebP.")
    var stripColorTag = false

    /// `options` with this colour policy and intent.
    func applied(to options: DecodingOptions) -> DecodingOptions {
        var options = options
        options.colorPolicy = colorPolicy
        options.colorConversion = ConversionSettings(intent: renderingIntent)
        return options
    }
}

/// Matte shaping options of `compose`; the defaults leave the matte unchanged.
struct MatteOptions: ParsableArguments {
    @Option(help: "Matte values at or below this become transparent (0–254).") var matteFloor: UInt8 = 0
    @Option(help: "Matte values at or above this become opaque (1–255).") var matteCeiling: UInt8 = 255
    @Option(help: "Gamma applied to the matte after levels (0.1–10; above 1 thickens soft edges).")
    var matteGamma: Double = 1
    @Option(help: "Shrink the matte by this many pixels, fractions allowed; negative grows it.") var choke: Double = 0
    @Option(help: "Soften the matte edge with a Gaussian of this many pixels (standard deviation).")
    var feather: Double = 0
    @Option(help: "Edge colour decontamination strength for a photo plus --mask, 0 (off) to 1 (default).")
    var decontaminate: Double = 1
    @Flag(help: "Composite in linear light instead of on sRGB-encoded values (the default, as the services do).")
    var linear = false

    var shaping: MatteShaping {
        MatteShaping(floor: matteFloor, ceiling: matteCeiling, gamma: matteGamma, choke: choke, feather: feather)
    }
}

/// The output format for a path, from its extension.
func outputFormat(for path: String) throws -> ImageFormat {
    let ext = URL(fileURLWithPath: path).pathExtension
    guard let format = ImageFormat(fileExtension: ext) else {
        throw ValidationError("cannot tell the output format from '\(path)': use a .png extension")
    }
    guard ImageFormat.encodable.contains(format) else {
        throw FileError(path: path, underlying: EncodingError.unsupportedFormat(format.rawValue))
    }
    return format
}

/// Runs `body`, attributing any library error to `path`.
func attributing<T>(to path: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as FileError { throw error } catch let error as ValidationError {
        throw error  // a usage mistake, not something about the file
    } catch {
        throw FileError(path: path, underlying: error)
    }
}

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode an image and re-encode it in the format of the output's extension.")

    @Argument(help: "Input image (format sniffed from its bytes).") var input: String
    @Option(name: .shortAndLong, help: "Output path; its extension picks the format (png).") var output: String
    @Option(help: "PNG compression level, 0 (fastest) to 9 (smallest).") var compressionLevel: Int = 6
    @OptionGroup var codecOptions: CodecOptions
    @OptionGroup var colorOptions: ColorOptions
    @OptionGroup var limitOptions: LimitOptions

    func run() throws {
        let format = try outputFormat(for: output)
        let bytes = try FileAccess.read(input, limits: limitOptions.limits)
        let image = try attributing(to: input) {
            try ImageDecoder.decode(
                bytes, options: colorOptions.applied(to: codecOptions.decoding(limitOptions.limits)))
        }
        var encoding = try codecOptions.encoding(keeping: image.metadata)
        encoding.tagsSRGB = !colorOptions.stripColorTag
        encoding.pngCompressionLevel = compressionLevel
        let encoded = try attributing(to: output) {
            try ImageEncoder.encode(Recipe.prepared(image.pixels, for: format), as: format, options: encoding)
        }
        try FileAccess.writeAtomically(encoded, to: output, inputs: [input])
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an image's format, size, bit depth, channels, alpha and colour tags.")

    @Argument(help: "Input image.") var input: String
    @Flag(help: "Print one JSON object with stable keys (see the README).") var json = false
    @Flag(help: "Report pixels as stored: do not apply the EXIF orientation.") var noOrientation = false
    @Option(help: "Smallest alpha (or gray value, for a matte) counted as subject, 1–255.")
    var subjectThreshold: UInt8 = 16
    @OptionGroup var limitOptions: LimitOptions

    func run() throws {
        guard subjectThreshold >= 1 else { throw ValidationError("--subject-threshold must be 1–255") }
        let bytes = try FileAccess.read(input, limits: limitOptions.limits)
        let options = DecodingOptions(limits: limitOptions.limits, applyOrientation: !noOrientation)
        let meta = try attributing(to: input) { try ImageDecoder.metadata(of: bytes, options: options) }
        var report = InspectReport(file: input, metadata: meta)
        // A cutout (alpha) or a matte (gray): decode it and report the subject box.
        if meta.hasAlpha || meta.channels == 1 {
            let image = try attributing(to: input) { try ImageDecoder.decode(bytes, options: options) }
            let finder = SubjectBox(threshold: subjectThreshold)
            let box = try attributing(to: input) {
                switch image.pixels {
                case .gray8(let gray): try finder.apply(to: gray.view)
                case .rgba8(let rgba): try finder.apply(to: rgba.view)
                }
            }
            report.subjectBox = box.map { [$0.x, $0.y, $0.width, $0.height] }
            report.subjectThreshold = Int(subjectThreshold)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
    }
}

/// The fields `inspect` prints; the JSON keys are part of the CLI's documented interface.
struct InspectReport: Encodable {
    var file: String
    var format: String
    var width: Int
    var height: Int
    var bitDepth: Int
    var channels: Int
    var hasAlpha: Bool
    var colorModel: String
    var interlaced: Bool
    var iccProfile: Bool
    var colorChunks: [String]
    var exifOrientation: Int?
    var dpi: [Double]?
    var appliedOrientation: Int
    var animated: Bool
    var frameCount: Int
    /// `[x, y, width, height]` of the pixels whose alpha (gray value for a matte) reaches `subjectThreshold`;
    /// only for images with alpha and gray mattes, absent when nothing reaches it.
    var subjectBox: [Int]?
    var subjectThreshold: Int?
    /// The colour space class (`srgb`, `display-p3`, `adobe-rgb`, `prophoto`, `rec2020`, `other-rgb`, `gray`,
    /// `cmyk`, `other`, `untagged`, `malformed`).
    var colorClass: String
    /// Where the colour facts came from: `icc`, `png-chunks`, `nclx` or `untagged`.
    var colorSource: String
    /// The ICC profile's description, when there is one.
    var colorProfile: String?
    /// `srgb`, `untagged-assumed-srgb` or `not-srgb`.
    var colorVerdict: String
    /// Why the verdict is `not-srgb`.
    var colorReason: String?

    init(file: String, metadata m: ImageMetadata) {
        let assessment = m.colorAssessment
        colorClass = assessment.colorClass.rawValue
        colorSource = assessment.source.rawValue
        colorProfile = assessment.profileDescription
        colorVerdict = assessment.verdict.name
        if case .notSRGB(let reason) = assessment.verdict { colorReason = reason }
        self.file = file
        format = m.format.rawValue
        width = m.width
        height = m.height
        bitDepth = m.bitDepth
        channels = m.channels
        hasAlpha = m.hasAlpha
        colorModel = m.colorModel
        interlaced = m.interlaced
        iccProfile = m.colorInfo.iccProfile != nil
        colorChunks = [
            m.colorInfo.pngSRGBIntent != nil ? "sRGB" : nil, m.colorInfo.pngGamma != nil ? "gAMA" : nil,
            m.colorInfo.pngChromaticities != nil ? "cHRM" : nil, m.colorInfo.iccProfile != nil ? "iCCP" : nil,
        ].compactMap { $0 }
        exifOrientation = m.exifOrientation
        appliedOrientation = m.appliedOrientation ?? 1
        animated = m.animated
        frameCount = m.frameCount
        dpi = m.dpi.map { [($0.x * 100).rounded() / 100, ($0.y * 100).rounded() / 100] }
    }

    var text: String {
        var lines = [
            "file: \(file)", "format: \(format)", "width: \(width)", "height: \(height)", "bit depth: \(bitDepth)",
            "channels: \(channels)", "has alpha: \(hasAlpha)", "colour model: \(colorModel)",
            "interlaced: \(interlaced)",
            "icc profile: \(iccProfile)",
            "colour chunks: \(colorChunks.isEmpty ? "none" : colorChunks.joined(separator: ", "))",
        ]
        var colour = "colour space: \(colorClass) from \(colorSource)"
        if let colorProfile { colour += " ('\(colorProfile)')" }
        lines.append(colour + ", \(colorVerdict)" + (colorReason.map { ": \($0)" } ?? ""))
        if let exifOrientation { lines.append("exif orientation: \(exifOrientation)") }
        lines.append("applied orientation: \(appliedOrientation)")
        if animated { lines.append("animated: \(frameCount) frames (decodes the first)") }
        if let dpi { lines.append("dpi: \(dpi[0])x\(dpi[1])") }
        if let subjectThreshold {
            let box = subjectBox.map { "\($0[2])x\($0[3])+\($0[0])+\($0[1])" } ?? "none"
            lines.append("subject box (alpha ≥ \(subjectThreshold)): \(box)")
        }
        return lines.joined(separator: "\n")
    }
}

struct Compose: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Composite a cutout (alpha in the input) or a photo plus a separate matte over a colour.",
        discussion: """
            Without --background-color the result keeps its transparency. A mask is a grayscale image \
            (its values are the matte), a colour image with transparency (its alpha) or an opaque colour \
            image (its luma); a mask of another size with the same aspect ratio is resized to the input.
            """)

    @Argument(help: "Cutout with alpha, the original photo when --mask is given, or remove.bg's zip result.")
    var input: String
    @Option(name: .shortAndLong, help: "Separate matte (remove.bg channels=alpha, Adobe mode=mask).") var mask: String?
    @Option(
        name: [.customLong("background-color"), .customLong("bg-color")],
        help: "#RGB, #RGBA, #RRGGBB, #RRGGBBAA ('#' optional), a basic colour name, or 'transparent'.")
    var backgroundColor: RGBAColor = .transparent
    @Option(help: "An image to composite onto, scaled to the canvas (see --background-scaling).")
    var backgroundImage: String?
    @Option(help: "How the background image covers the canvas: fill (crop to cover, default) or fit (letterbox).")
    var backgroundScaling: BackgroundScaling = .fill
    @Option(
        help: "Blur the photo's own background instead: standard deviation as a fraction of the longer side, (0, 0.05]."
    )
    var backgroundBlur: Double?
    @Option(name: .shortAndLong, help: "Output path (.png, .jpg, .webp); not needed with --dry-run.")
    var output: String?
    @OptionGroup var matteOptions: MatteOptions
    @OptionGroup(title: "Layout (Photoroom's positioning, or remove.bg's crop/scale/position)")
    var layoutOptions: LayoutOptions
    @OptionGroup var colorOptions: ColorOptions
    @OptionGroup(title: "Shadow and outline (Photoroom's shadow.* and outline.*, remove.bg's add_shadow)")
    var shadowOptions: ShadowOptions
    @OptionGroup var limitOptions: LimitOptions

    func validate() throws {
        if output == nil && !layoutOptions.dryRun { throw ValidationError("missing -o/--output (or --dry-run)") }
    }

    func run() throws {
        let format = try output.map { try outputFormat(for: $0) }
        var recipe = Recipe(
            background: backgroundColor, limits: limitOptions.limits, matteShaping: matteOptions.shaping,
            decontamination: matteOptions.decontaminate, backgroundScaling: backgroundScaling,
            backgroundBlur: backgroundBlur, linearLight: matteOptions.linear)
        recipe.colorPolicy = colorOptions.colorPolicy
        recipe.colorConversion = ConversionSettings(intent: colorOptions.renderingIntent)
        recipe.encoding.tagsSRGB = !colorOptions.stripColorTag
        var inputs = [input] + (mask.map { [$0] } ?? [])
        if let backgroundImage {
            let bytes = try FileAccess.read(backgroundImage, limits: recipe.limits)
            recipe.backgroundImage = try attributing(to: backgroundImage) {
                try ImageDecoder.decode(bytes, options: recipe.decodingOptions)
            }
            inputs.append(backgroundImage)
        }
        try attributing(to: input) { try recipe.validateBackground() }
        recipe.layout = try attributing(to: input) { try layoutOptions.layout() }
        recipe.subjectThreshold = layoutOptions.subjectThreshold
        recipe.shadow = try attributing(to: input) { try shadowOptions.dropShadow() }
        recipe.outline = try attributing(to: input) { try shadowOptions.outline() }
        let report = try compose(
            recipe: recipe, input: input, mask: mask, output: layoutOptions.dryRun ? nil : output, format: format,
            protecting: inputs, reporting: layoutOptions.report != nil || layoutOptions.dryRun)
        if let report {
            var object = LayoutReportJSON(report)
            if layoutOptions.dryRun {
                // The plan reads the photo's header and decodes the matte only.
                let bytes = try FileAccess.read(input, limits: recipe.limits)
                let maskBytes = try mask.map { try FileAccess.read($0, limits: recipe.limits) }
                var planRecipe = recipe
                planRecipe.outputFormat = format
                object.plan = try attributing(to: input) { PlanJSON(try planRecipe.plan(bytes, mask: maskBytes)) }
            }
            let json = try object.encoded()
            if let path = layoutOptions.report {
                try FileAccess.writeAtomically([UInt8](json) + [0x0A], to: path, inputs: inputs)
            }
            if layoutOptions.dryRun { print(String(decoding: json, as: UTF8.self)) }
        }
    }
}

/// Reads, composites and writes one image; errors name the file they concern.
///
/// Without `output` nothing is composited or written (a dry run). With `reporting`, returns the layout report:
/// the recipe's layout, or the identity layout (subject box only) when it has none.
@discardableResult
func compose(
    recipe: Recipe, input: String, mask: String?, output: String?, format: ImageFormat?,
    protecting extra: [String] = [], reporting: Bool = false
) throws -> LayoutReport? {
    let options = recipe.decodingOptions
    var bytes = try FileAccess.read(input, limits: recipe.limits)
    var maskBytes = try mask.map { try FileAccess.read($0, limits: recipe.limits) }
    if SegmentationArchive.isArchive(bytes) {
        // remove.bg format=zip: the archive's colour image is the photo and its alpha image the mask.
        if mask != nil {
            throw ValidationError("\(input) is a zip archive holding its own alpha image: drop --mask")
        }
        (bytes, maskBytes) = try attributing(to: input) { try SegmentationArchive.read(bytes, limits: recipe.limits) }
    }
    let image = try attributing(to: input) { try ImageDecoder.decode(bytes, options: options) }
    let maskImage = try maskBytes.map { maskData in
        try attributing(to: mask ?? input) { try ImageDecoder.decode(maskData, options: recipe.maskDecodingOptions) }
    }
    var reportRecipe = recipe
    if reportRecipe.layout == nil { reportRecipe.layout = .removeBG(RemoveBGLayout()) }
    guard let output, let format else {
        return try attributing(to: mask ?? input) { try reportRecipe.layoutReport(image, mask: maskImage) }
    }
    let (result, laidOut) = try attributing(to: mask ?? input) { try recipe.render(image, mask: maskImage) }
    var report = laidOut
    if reporting && report == nil {
        report = try attributing(to: mask ?? input) { try reportRecipe.layoutReport(image, mask: maskImage) }
    }
    let encoded = try attributing(to: output) {
        let ready = try Recipe.prepared(.rgba8(result), for: format, scheduler: recipe.scheduler)
        return try ImageEncoder.encode(ready, as: format, options: recipe.encoding)
    }
    try FileAccess.writeAtomically(encoded, to: output, inputs: [input] + (mask.map { [$0] } ?? []) + extra)
    return report
}

/// Decoding and encoding options of `convert`: orientation, JPEG scaling, quality and the WebP/JPEG knobs.
struct CodecOptions: ParsableArguments {
    @Flag(help: "Keep pixels as stored: do not apply the EXIF orientation.") var noOrientation = false
    @Option(help: "JPEG decode-time reduction: 1, 2, 4 or 8 (DCT scaling; other formats ignore it).")
    var scale: Int = 1
    @Option(help: "JPEG / lossy WebP quality, 1 to 100.") var quality: Int = 90
    @Option(help: "JPEG chroma subsampling: 4:4:4, 4:2:2, 4:2:0, 4:4:0 or 4:1:1.") var subsampling = "4:2:0"
    @Flag(help: "Write a progressive JPEG.") var progressive = false
    @Flag(help: "Write a lossless WebP.") var lossless = false
    @Option(help: "Lossy WebP alpha quality, 0 to 100.") var alphaQuality: Int = 100
    @Flag(help: "WebP: keep the RGB values under fully transparent pixels.") var exact = false
    @Flag(help: "Carry the input's ICC profile into the output (PNG, JPEG, WebP) unless the pixels were converted.")
    var keepIcc = false
    @Option(help: "Resolution to record in the output, in dots per inch (72 to 1200 typical).") var dpi: Double?

    func decoding(_ limits: DecodingLimits) throws -> DecodingOptions {
        guard let decodingScale = DecodingScale(rawValue: scale) else {
            throw ValidationError("--scale must be 1, 2, 4 or 8")
        }
        return DecodingOptions(limits: limits, applyOrientation: !noOrientation, scale: decodingScale)
    }

    func encoding(keeping metadata: ImageMetadata) throws -> EncodingOptions {
        guard let chroma = ChromaSubsampling(rawValue: subsampling) else {
            throw ValidationError("--subsampling must be one of 4:4:4, 4:2:2, 4:2:0, 4:4:0, 4:1:1")
        }
        var options = EncodingOptions()
        options.quality = quality
        options.chromaSubsampling = chroma
        options.progressive = progressive
        options.lossless = lossless
        options.alphaQuality = alphaQuality
        options.exact = exact
        // The input's profile describes the pixels only while they are unconverted: after a conversion to sRGB the
        // output is tagged sRGB instead (keep-icc matters with --color-policy assume-srgb, or an sRGB input).
        if keepIcc && !metadata.convertedToSRGB { options.iccProfile = metadata.colorInfo.iccProfile }
        if let dpi {
            guard dpi >= 1, dpi <= 65_535 else { throw ValidationError("--dpi must be between 1 and 65535") }
            options.dpi = ImageMetadata.Resolution(x: dpi, y: dpi)
        }
        return options
    }
}
