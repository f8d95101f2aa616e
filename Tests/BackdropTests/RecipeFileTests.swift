// Recipe files: both vocabularies, dotted and nested keys, refused keys, values, and the committed JSON Schema.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@testable import Backdrop

func recipeFile(_ json: String) throws -> RecipeFile { try RecipeFile(json: Array(json.utf8)) }

func parameterError(_ json: String) -> ParameterError? {
    do {
        _ = try recipeFile(json)
        return nil
    } catch {
        return error as? ParameterError
    }
}

@Suite struct RecipeFileTests {
    @Test func dottedAndNestedKeysAreTheSameRecipe() throws {
        let dotted = try recipeFile(
            """
            {"background.color": "#F0F0F0", "background.scaling": "fit", "export.format": "jpeg",
             "export.quality": 80, "export.dpi": 300, "outputSize": "1000x1000", "padding": 0.1,
             "paddingTop": "20px", "horizontalAlignment": "left", "backdrop.matte.feather": 1.5}
            """)
        let nested = try recipeFile(
            """
            {"$schema": "recipe.schema.json", "background": {"color": "#F0F0F0", "scaling": "fit"},
             "export": {"format": "jpeg", "quality": 80, "dpi": 300}, "outputSize": "1000x1000",
             "padding": "10%", "paddingTop": "20px", "horizontalAlignment": "left",
             "backdrop": {"matte": {"feather": 1.5}}}
            """)
        #expect(dotted.vocabulary == .photoroom)
        #expect(nested.vocabulary == .photoroom)
        let a = try dotted.recipe(), b = try nested.recipe()
        #expect(a.background == RGBAColor(red: 0xF0, green: 0xF0, blue: 0xF0, alpha: 255))
        #expect(a.backgroundScaling == .fit)
        #expect(a.outputFormat == .jpeg && b.outputFormat == .jpeg)
        #expect(a.encoding.quality == 80 && a.encoding.dpi == ImageMetadata.Resolution(x: 300, y: 300))
        #expect(a.matteShaping.feather == 1.5)
        #expect(a.removeBackground == true)
        // "10%" and 0.1 are the same padding.
        #expect(a.layout == b.layout)
        guard case .photoroom(let layout) = a.layout else {
            Issue.record("expected a Photoroom layout")
            return
        }
        #expect(layout.outputSize == .size(PixelSize(width: 1000, height: 1000)))
        #expect(layout.padding.top == .pixels(20) && layout.padding.left == .fraction(0.1))
        #expect(layout.horizontalAlignment == .left)
    }

    @Test func removeBGVocabulary() throws {
        let file = try recipeFile(
            """
            {"bg_color": "81d4fa", "crop": true, "crop_margin": "10px 5%", "format": "jpg", "size": "full",
             "add_shadow": false, "backdrop.decontamination": 0}
            """)
        #expect(file.vocabulary == .removeBG)
        let recipe = try file.recipe()
        #expect(recipe.background == RGBAColor(red: 0x81, green: 0xD4, blue: 0xFA, alpha: 255))
        #expect(recipe.outputFormat == .jpeg)
        #expect(recipe.decontamination == 0)
        guard case .removeBG(let layout) = recipe.layout else {
            Issue.record("expected a remove.bg layout")
            return
        }
        #expect(layout.crop)
        #expect(layout.cropMargin == [.pixels(10), .percent(5), .pixels(10), .percent(5)])
        // format=auto leaves the choice to the result.
        #expect(try recipeFile(#"{"format": "auto", "scale": "80%"}"#).outputFormat == nil)
    }

    @Test func remoteOnlyParametersAreListed() {
        let error = parameterError(
            """
            {"textRemoval.mode": "ai.all", "upscale": {"mode": "ai.fast"}, "background.prompt": "a beach",
             "lighting.mode": "ai.auto", "background.color": "white"}
            """)
        #expect(
            error
                == .requiresRemoteModel(names: [
                    "background.prompt", "lighting.mode", "textRemoval.mode", "upscale.mode",
                ])
        )
        #expect(parameterError(#"{"type": "product", "crop": true}"#) == .requiresRemoteModel(names: ["type"]))
        #expect(error?.description.contains("textRemoval.mode") == true)
    }

    @Test func shadowsAndOutlines() throws {
        let photoroom = try recipeFile(
            """
            {"shadow": {"mode": "ai.hard", "direction": "down-right", "intensity": 0.4},
             "outline.color": "black", "outline.width": 0.05}
            """
        ).recipe()
        #expect(photoroom.shadow == DropShadow(mode: .hard, direction: 45, intensity: 0.4))
        #expect(photoroom.outline == Outline(color: .black, width: 0.05))
        let removeBG = try recipeFile(#"{"add_shadow": true, "shadow_opacity": 30, "crop": true}"#).recipe()
        #expect(removeBG.shadow == DropShadow(mode: .soft, intensity: 0.3))
        #expect(removeBG.outline == nil)
        #expect(try recipeFile(#"{"shadow.mode": "none"}"#).recipe().shadow == nil)
        #expect(try recipeFile(#"{"add_shadow": false}"#).recipe().shadow == nil)
        func name(_ json: String) -> String? {
            if case .invalidValue(let name, _, _) = parameterError(json) { return name }
            return nil
        }
        #expect(name(#"{"shadow.intensity": 0.5}"#) == "shadow.intensity")  // an override without a mode
        #expect(name(#"{"shadow.mode": "soft", "shadow.intensity": 2}"#) == "shadow.intensity")
        #expect(name(#"{"shadow.mode": "ai.giant"}"#) == "shadow.mode")
        #expect(name(#"{"outline.width": 0.5}"#) == "outline.width")
        #expect(name(#"{"shadow_opacity": 50}"#) == "shadow_opacity")
        #expect(parameterError(#"{"shadow_type": "car"}"#) == .notSupportedYet(names: ["shadow_type"]))
        guard case .unknownParameter(let unknown, _) = parameterError(#"{"shadow.blur": 3}"#) else {
            Issue.record("expected an unknown-parameter error")
            return
        }
        #expect(unknown == "shadow.blur")
    }

    @Test func unknownKeysAreNamed() {
        guard case .unknownParameter(let name, _) = parameterError(#"{"background": {"colour": "white"}}"#) else {
            Issue.record("expected an unknown-parameter error")
            return
        }
        #expect(name == "background.colour")
        guard case .unknownParameter(let other, _) = parameterError(#"{"bgcolor": "white"}"#) else {
            Issue.record("expected an unknown-parameter error")
            return
        }
        #expect(other == "bgcolor")
    }

    @Test func mixedVocabulariesAreRefused() {
        #expect(
            parameterError(#"{"background.color": "white", "crop": true}"#)
                == .mixedVocabularies(photoroom: "background.color", removeBG: "crop"))
        // Backdrop's extras go with either vocabulary.
        #expect(parameterError(#"{"crop": true, "backdrop.linear": true}"#) == nil)
    }

    @Test func invalidValuesNameTheParameter() {
        func name(_ json: String) -> String? {
            if case .invalidValue(let name, _, _) = parameterError(json) { return name }
            return nil
        }
        #expect(name(#"{"export.quality": 0}"#) == "export.quality")
        #expect(name(#"{"export.format": "gif"}"#) == "export.format")
        #expect(name(#"{"padding": "60%"}"#) == "padding")
        #expect(name(#"{"background.color": "not-a-colour"}"#) == "background.color")
        #expect(name(#"{"background.blur.mode": "bokeh"}"#) == "background.blur.mode")
        #expect(name(#"{"background.imageUrl": "https://example.com/a.png"}"#) == "background.imageUrl")
        #expect(name(#"{"format": "zip"}"#) == "format")
        #expect(name(#"{"background.color": "white", "background": {"color": "black"}}"#) == "background.color")
        #expect(name(#"{"crop": [1, 2]}"#) == "crop")
        #expect(name("[1, 2]") == "recipe")
    }

    @Test func encodingRoundTrips() throws {
        let file = try recipeFile(#"{"background": {"blur": {"mode": "gaussian"}}, "maxWidth": 1200}"#)
        let encoded = try JSONEncoder().encode(file)
        let again = try JSONDecoder().decode(RecipeFile.self, from: encoded)
        #expect(again == file)
        #expect(try file.recipe().backgroundBlur == 0.01)
    }

    @Test func backgroundImageIsNamedAndPassedIn() throws {
        let file = try recipeFile(#"{"background": {"imageUrl": "file:///tmp/bg.png", "scaling": "fill"}}"#)
        #expect(file.backgroundImagePath == "/tmp/bg.png")
        #expect(throws: ParameterError.self) { try file.recipe() }
    }

    /// The committed schema must be what the key table generates; `BACKDROP_RECORD_SCHEMA=1` rewrites it.
    @Test func committedSchemaIsCurrent() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("Schemas/recipe.schema.json")
        let generated = RecipeFile.jsonSchema
        if ProcessInfo.processInfo.environment["BACKDROP_RECORD_SCHEMA"] == "1" {
            try Data(generated.utf8).write(to: url)
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == generated, "Schemas/recipe.schema.json is stale: run with BACKDROP_RECORD_SCHEMA=1")
        // It is JSON, closed to unknown keys, and names every key of both vocabularies, flat and nested.
        let object = try JSONSerialization.jsonObject(with: Data(generated.utf8)) as? [String: Any]
        let properties = object?["properties"] as? [String: Any] ?? [:]
        #expect(object?["additionalProperties"] as? Bool == false)
        for key in ["background.color", "bg_color", "paddingTop", "export.format", "backdrop.matte.gamma"] {
            #expect(properties[key] != nil, "\(key)")
        }
        let background = properties["background"] as? [String: Any]
        let nested = background?["properties"] as? [String: Any]
        #expect(nested?["color"] != nil && nested?["blur"] != nil)
    }
}
