// The library's process entry points: bytes, Data, files and decoded images agree; async and cancellation; matte rules.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@Suite struct ProcessTests {
    let photo = "inputs/cutouts/mug-small.png"
    let matte = "inputs/cutouts/mug-small.matte.png"
    let cutout = "inputs/cutouts/mug-small.cutout.png"

    var recipe: Recipe {
        get throws {
            try recipeFile(#"{"background.color": "white", "outputSize": "120x120", "padding": "5%"}"#).recipe()
        }
    }

    /// The synchronous entry points (an async context would pick the async overloads).
    func synchronousResults(_ recipe: Recipe, _ photoBytes: [UInt8], _ matteBytes: [UInt8]) throws -> [ProcessedImage] {
        let fromBytes = try recipe.process(photoBytes, mask: matteBytes)
        let fromData = try recipe.process(Data(photoBytes), mask: Data(matteBytes))
        let fromFiles = try recipe.process(contentsOf: Fixtures.url(photo), mask: Fixtures.url(matte))
        let decoded = try recipe.process(
            ImageDecoder.decode(photoBytes, options: recipe.decodingOptions),
            mask: ImageDecoder.decode(matteBytes, options: recipe.maskDecodingOptions))
        return [fromBytes, fromData, fromFiles, decoded]
    }

    @Test func everyEntryPointGivesTheSameBytes() async throws {
        let recipe = try self.recipe
        let photoBytes = try Fixtures.bytes(photo), matteBytes = try Fixtures.bytes(matte)
        let sync = try synchronousResults(recipe, photoBytes, matteBytes)
        let fromBytes = sync[0]
        #expect(fromBytes.format == .jpeg)  // opaque result, no format given
        #expect(fromBytes.report.outputSize == PixelSize(width: 120, height: 120))
        #expect(fromBytes.report.layout?.canvas == PixelSize(width: 120, height: 120))
        #expect(ImageFormat.sniff(fromBytes.bytes) == .jpeg)
        let concurrent = try await recipe.process(photoBytes, mask: matteBytes)
        let concurrentData = try await recipe.process(Data(photoBytes), mask: Data(matteBytes))
        let concurrentFiles = try await recipe.process(contentsOf: Fixtures.url(photo), mask: Fixtures.url(matte))
        for other in sync.dropFirst() + [concurrent, concurrentData, concurrentFiles] {
            #expect(other.bytes == fromBytes.bytes)
        }
    }

    @Test func formatFollowsTransparencyUnlessGiven() throws {
        let transparent = try recipeFile("{}").recipe()
        let bytes = try Fixtures.bytes(cutout)
        #expect(try transparent.process(bytes).format == .png)
        #expect(try transparent.process(bytes, format: .webp).format == .webp)
        var opaque = transparent
        opaque.background = .white
        #expect(try opaque.process(bytes).format == .jpeg)
    }

    @Test func cancelledTaskStopsBetweenStages() async throws {
        let recipe = try self.recipe
        let photoBytes = try Fixtures.bytes(photo), matteBytes = try Fixtures.bytes(matte)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await recipe.process(photoBytes, mask: matteBytes)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func removeBackgroundNeedsAMatte() throws {
        let recipe = try self.recipe
        // An opaque photo with neither a matte nor alpha would need a remote model.
        #expect(throws: ParameterError.self) { try recipe.process(Fixtures.bytes(self.photo)) }
        do {
            _ = try recipe.process(Fixtures.bytes(photo))
        } catch let error as ParameterError {
            guard case .requiresRemoteModel(let names) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(names.first?.hasPrefix("removeBackground") == true)
        }
        // A cutout's alpha is its matte.
        _ = try recipe.process(Fixtures.bytes(cutout))
        // removeBackground=false: the photo is used whole, and a matte is refused.
        let whole = try recipeFile(#"{"removeBackground": false, "background.color": "white"}"#).recipe()
        let result = try whole.process(Fixtures.bytes(photo), format: .png)
        #expect(result.report.outputSize == PixelSize(width: 200, height: 150))
        #expect(throws: ParameterError.self) {
            try whole.process(Fixtures.bytes(self.photo), mask: Fixtures.bytes(self.matte))
        }
    }

    @Test func keepExistingAlphaNeverIgnoresTheInputsAlpha() throws {
        // Red, fully transparent, with an opaque matte: `auto` multiplies the two (white background shows),
        // `never` ignores the alpha (red shows).
        let red = try PixelBuffer<RGBA8>(width: 8, height: 6, repeating: RGBA8.Pixel(255, 0, 0, 0))
        let input = try ImageEncoder.encode(.rgba8(red), as: .png, options: EncodingOptions(pngCompressionLevel: 0))
        let opaque = try PixelBuffer<Gray8>(width: 8, height: 6, repeating: 255)
        let mask = try ImageEncoder.encode(.gray8(opaque), as: .png)
        let never = try recipeFile(#"{"keepExistingAlphaChannel": "never", "background.color": "white"}"#).recipe()
        let auto = try recipeFile(#"{"keepExistingAlphaChannel": "auto", "background.color": "white"}"#).recipe()
        #expect(throws: ParameterError.self) { try never.process(input) }
        let ignored = try ImageDecoder.decode(never.process(input, mask: mask, format: .png).bytes).pixels.rgba8()
        let kept = try ImageDecoder.decode(auto.process(input, mask: mask, format: .png).bytes).pixels.rgba8()
        #expect(ignored[3, 3] == RGBA8.Pixel(255, 0, 0, 255))
        #expect(kept[3, 3] == RGBA8.Pixel(255, 255, 255, 255))
    }
}
