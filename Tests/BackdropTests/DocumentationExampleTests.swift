// Runs the example of the ProcessingImages DocC article, so the documented code keeps compiling and working.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@Suite struct DocumentationExampleTests {
    @Test func processingImagesArticle() async throws {
        let recipe = try RecipeFile(
            json: Array(
                """
                {"background": {"color": "#FFFFFF"}, "outputSize": "1000x1000", "padding": "10%",
                 "export": {"format": "jpeg", "quality": 85}}
                """.utf8)
        ).recipe()
        // The article's 1600 × 1200 sample would be slow in a debug build: the small mug has the same layout path.
        let result = try await recipe.process(
            contentsOf: Fixtures.url("inputs/cutouts/mug-small.png"),
            mask: Fixtures.url("inputs/cutouts/mug-small.matte.png"))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("product-finished-\(UUID()).jpg")
        try Data(result.bytes).write(to: out)
        #expect(result.format == .jpeg)
        #expect(result.report.outputSize == PixelSize(width: 1000, height: 1000))
        #expect(try ImageDecoder.metadata(of: [UInt8](Data(contentsOf: out))).width == 1000)
        try? FileManager.default.removeItem(at: out)
    }
}
