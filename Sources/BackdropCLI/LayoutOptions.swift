// Layout options of `compose`: Photoroom's positioning names in kebab case, remove.bg's as a second vocabulary,
// and the layout report (JSON) written by --report and printed by --dry-run.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Backdrop
import Foundation

struct LayoutOptions: ParsableArguments {
    @Option(help: "Photoroom outputSize: auto, originalImage, croppedSubject or WxH.") var outputSize: String?
    @Option(help: "Largest output width (with auto, originalImage, croppedSubject).") var maxWidth: String?
    @Option(help: "Largest output height (with auto, originalImage, croppedSubject).") var maxHeight: String?
    @Option(help: "Padding on every side: a fraction 0–0.49, \"N%\" (0–49) or \"Npx\"; ignored on cropped sides.")
    var padding: String?
    @Option(help: "Top padding (overrides --padding).") var paddingTop: String?
    @Option(help: "Right padding (overrides --padding).") var paddingRight: String?
    @Option(help: "Bottom padding (overrides --padding).") var paddingBottom: String?
    @Option(help: "Left padding (overrides --padding).") var paddingLeft: String?
    @Option(help: "Margin on every side, same forms as --padding; never ignored.") var margin: String?
    @Option(help: "Top margin (overrides --margin).") var marginTop: String?
    @Option(help: "Right margin (overrides --margin).") var marginRight: String?
    @Option(help: "Bottom margin (overrides --margin).") var marginBottom: String?
    @Option(help: "Left margin (overrides --margin).") var marginLeft: String?
    @Option(help: "fit (default) or fill the target area.") var scaling: String?
    @Option(help: "left, center or right (turns off snapping horizontally).") var horizontalAlignment: String?
    @Option(help: "top, center or bottom (turns off snapping vertically).") var verticalAlignment: String?
    @Option(help: "subjectBox (default) or originalImage.") var referenceBox: String?
    @Option(help: "true (default) or false: no padding and snapping on sides where the subject is cut by the photo.")
    var ignorePaddingAndSnapOnCroppedSides: String?

    @Flag(help: "remove.bg crop: the canvas is the subject box (plus --crop-margin).") var crop = false
    @Option(help: "remove.bg crop_margin: 1, 2 or 4 values in px or % of the subject, e.g. \"10px 5%\".")
    var cropMargin: String?
    @Option(help: "remove.bg scale: \"10%\"–\"100%\" of the canvas, or original.") var scale: String?
    @Option(help: "remove.bg position: original, center, \"N%\" or \"H% V%\".") var position: String?
    @Option(help: "remove.bg roi: \"x1 y1 x2 y2\" in px or %; the subject is searched only there.") var roi: String?

    @Option(help: "Smallest matte value (1–255) counted as subject for the subject box.") var subjectThreshold: UInt8 =
        16
    @Option(help: "Write the layout report (JSON) to this file.") var report: String?
    @Flag(help: "Compute the layout and print its report without producing pixels.") var dryRun = false

    var photoroomParameters: [String: String] {
        let pairs: [(String, String?)] = [
            ("outputSize", outputSize), ("maxWidth", maxWidth), ("maxHeight", maxHeight), ("padding", padding),
            ("paddingTop", paddingTop), ("paddingRight", paddingRight), ("paddingBottom", paddingBottom),
            ("paddingLeft", paddingLeft), ("margin", margin), ("marginTop", marginTop), ("marginRight", marginRight),
            ("marginBottom", marginBottom), ("marginLeft", marginLeft), ("scaling", scaling),
            ("horizontalAlignment", horizontalAlignment), ("verticalAlignment", verticalAlignment),
            ("referenceBox", referenceBox),
            ("ignorePaddingAndSnapOnCroppedSides", ignorePaddingAndSnapOnCroppedSides),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { name, value in value.map { (name, $0) } })
    }

    var removeBGParameters: [String: String] {
        let pairs: [(String, String?)] = [
            ("crop", crop ? "true" : nil), ("crop_margin", cropMargin), ("scale", scale), ("position", position),
            ("roi", roi),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { name, value in value.map { (name, $0) } })
    }

    func validate() throws {
        let photoroom = photoroomParameters, removeBG = removeBGParameters
        if !photoroom.isEmpty && !removeBG.isEmpty {
            throw ValidationError(
                "use Photoroom's layout options (--\(photoroom.keys.sorted()[0].kebab)) or remove.bg's "
                    + "(--\(removeBG.keys.sorted()[0].kebab)), not both")
        }
        if subjectThreshold < 1 { throw ValidationError("--subject-threshold must be 1–255") }
    }

    /// The layout these options ask for, `nil` when none is given (``validate()`` refuses mixed vocabularies).
    ///
    /// - Throws: `ValidationError` when both vocabularies are mixed; ``ParameterError`` for invalid values.
    func layout() throws -> Layout? {
        let photoroom = photoroomParameters, removeBG = removeBGParameters
        switch (photoroom.isEmpty, removeBG.isEmpty) {
        case (true, true): return nil
        case (false, true): return .photoroom(try PhotoroomLayout(parameters: photoroom))
        case (true, false): return .removeBG(try RemoveBGLayout(parameters: removeBG))
        case (false, false): throw ValidationError("use Photoroom's layout options or remove.bg's, not both")
        }
    }
}

extension String {
    /// `paddingTop` → `padding-top`, `crop_margin` → `crop-margin`.
    var kebab: String {
        var out = ""
        for ch in self {
            if ch.isUppercase {
                out += "-" + ch.lowercased()
            } else {
                out.append(ch == "_" ? "-" : ch)
            }
        }
        return out
    }
}

/// The JSON form of a ``LayoutReport``; keys are part of the CLI's documented interface.
struct LayoutReportJSON: Encodable {
    struct Rect: Encodable {
        var x, y, width, height: Int
        init(_ r: PixelRect) { (x, y, width, height) = (r.x, r.y, r.width, r.height) }
    }
    struct Size: Encodable {
        var width, height: Int
        init(_ s: PixelSize) { (width, height) = (s.width, s.height) }
    }
    var input: Size
    var subjectBox: Rect?
    var subjectThreshold: Int
    var referenceBox: Rect
    var scale: Double
    var placed: Rect
    var canvas: Size
    var croppedSides: [String]
    /// Present only when a shadow was drawn (never on a dry run).
    var shadowClipped: Bool?
    /// Present only on a dry run: what processing the input will do (see ``PlanJSON``).
    var plan: PlanJSON?

    init(_ r: LayoutReport) {
        input = Size(r.imageSize)
        subjectBox = r.subjectBox.map(Rect.init)
        subjectThreshold = r.subjectThreshold
        referenceBox = Rect(r.referenceBox)
        // Six decimals: enough for any pixel position, stable across platforms.
        scale = (r.scale * 1_000_000).rounded() / 1_000_000
        placed = Rect(r.placed)
        canvas = Size(r.canvas)
        croppedSides = r.croppedSides.map(\.rawValue)
        shadowClipped = r.shadowClipped
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

/// The JSON form of a ``ProcessingPlan`` (the `plan` key of `compose --dry-run`); keys are part of the CLI's
/// documented interface.
struct PlanJSON: Encodable {
    var stages: [String]
    var inputFormat: String
    var input: LayoutReportJSON.Size
    var decodeScale: Int
    var decoded: LayoutReportJSON.Size
    var crop: LayoutReportJSON.Rect?
    var resampledTo: LayoutReportJSON.Rect?
    var output: LayoutReportJSON.Size?
    var estimatedPeakBytes: Int

    init(_ p: ProcessingPlan) {
        stages = p.stages
        inputFormat = p.inputFormat.rawValue
        input = .init(p.inputSize)
        decodeScale = p.decodeScale
        decoded = .init(p.decodedSize)
        crop = p.crop.map(LayoutReportJSON.Rect.init)
        resampledTo = p.resampledTo.map(LayoutReportJSON.Rect.init)
        output = p.outputSize.map(LayoutReportJSON.Size.init)
        estimatedPeakBytes = p.estimatedPeakBytes
    }
}
