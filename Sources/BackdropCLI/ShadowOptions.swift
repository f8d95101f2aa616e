// Shadow and outline options of `compose`: Photoroom's shadow.* and outline.* in kebab case, remove.bg's add_shadow.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Backdrop

struct ShadowOptions: ParsableArguments {
    @Option(help: "Shadow mode: soft, hard, floating or none (ai.soft, ai.hard, ai.floating accepted).")
    var shadow: String?
    @Flag(help: "remove.bg add_shadow: the same as --shadow soft.") var addShadow = false
    @Option(help: "Where the shadow falls: degrees (0 down, 90 right, 180 up, 270 left) or down, down-right, … .")
    var shadowDirection: String?
    @Option(help: "Shadow opacity, 0–1 (mode default: soft 0.7, hard 0.5, floating 0.45).")
    var shadowIntensity: Double?
    @Option(help: "Shadow blur, 0–1: σ = softness × 0.08 × the subject's size (soft 0.25, hard 0.15, floating 0.6).")
    var shadowSoftness: Double?
    @Option(
        name: [.customLong("shadow-spread"), .customLong("shadow-distance")],
        help: "0–1: hard/floating offset (× subject size), soft floor length (× subject height); 0.12, 0.04, 0.06.")
    var shadowSpread: Double?
    @Option(help: "Shadow colour (default black); its alpha scales the shadow.") var shadowColor: RGBAColor?
    @Option(help: "Outline colour (default white); any outline option draws an outline.") var outlineColor: RGBAColor?
    @Option(help: "Outline width, 0–0.1 of the subject's longer side (default 0.03).") var outlineWidth: Double?
    @Option(
        name: [.customLong("outline-blur-radius"), .customLong("outline-blur")],
        help: "Outline blur σ, 0–0.025 of the subject's longer side (default 0).")
    var outlineBlurRadius: Double?

    func validate() throws {
        if addShadow, let shadow, shadow != "soft", shadow != "ai.soft" {
            throw ValidationError("--add-shadow means --shadow soft; it conflicts with --shadow \(shadow)")
        }
        let overrides = [
            ("direction", shadowDirection != nil), ("intensity", shadowIntensity != nil),
            ("softness", shadowSoftness != nil), ("spread", shadowSpread != nil), ("color", shadowColor != nil),
        ]
        if shadow == nil && !addShadow, let given = overrides.first(where: { $0.1 }) {
            throw ValidationError("--shadow-\(given.0) needs --shadow soft|hard|floating (or --add-shadow)")
        }
    }

    /// The shadow these options ask for, `nil` for none.
    ///
    /// - Throws: ``ParameterError`` for an unknown mode or direction, or a value out of range.
    func dropShadow() throws -> DropShadow? {
        let mode = try shadow.map { try ShadowMode(parsing: $0) } ?? (addShadow ? .soft : ShadowMode.none)
        guard mode != .none else { return nil }
        let shadow = DropShadow(
            mode: mode, direction: try shadowDirection.map { try DropShadow.direction(parsing: $0) },
            intensity: shadowIntensity, softness: shadowSoftness, spread: shadowSpread, color: shadowColor ?? .black)
        try shadow.validateParameters()
        return shadow
    }

    /// The outline these options ask for, `nil` when no outline option is given.
    ///
    /// - Throws: ``ParameterError`` for a width or blur radius out of range.
    func outline() throws -> Outline? {
        guard outlineColor != nil || outlineWidth != nil || outlineBlurRadius != nil else { return nil }
        let outline = Outline(
            color: outlineColor ?? .white, width: outlineWidth ?? 0.03, blurRadius: outlineBlurRadius ?? 0)
        try outline.validateParameters()
        return outline
    }
}
