// The planner: JPEG decode-time reduction only when the layout shrinks enough, never below the resampled size, and
// an output close to the full-size decode's; stages and the memory estimate.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

@Suite struct PlanTests {
    /// A 256 × 192 textured JPEG photo and a soft elliptical matte of the same size.
    static func pair() throws -> (photo: [UInt8], matte: [UInt8]) {
        var photo = try PixelBuffer<RGBA8>(width: 256, height: 192)
        var matte = try PixelBuffer<Gray8>(width: 256, height: 192)
        for y in 0..<192 {
            for x in 0..<256 {
                let stripe = (x / 6 + y / 9) % 2 == 0 ? 40 : 0
                photo[x, y] = RGBA8.Pixel(UInt8(x * 200 / 256 + stripe), UInt8(y + stripe), UInt8(120), 255)
                let d = pow((Double(x) - 140) / 70, 2) + pow((Double(y) - 100) / 60, 2)
                matte[x, y] = UInt8(max(0, min(255, (1.1 - d) * 600)))
            }
        }
        var options = EncodingOptions()
        options.quality = 95
        return (
            try ImageEncoder.encode(.rgba8(photo), as: .jpeg, options: options),
            try ImageEncoder.encode(.gray8(matte), as: .png)
        )
    }

    func recipe(_ json: String) throws -> Recipe { try recipeFile(json).recipe() }

    @Test func reducesAJPEGOnlyAsFarAsTheResampledSize() throws {
        let (photo, matte) = try Self.pair()
        let small = try recipe(#"{"background.color": "white", "outputSize": "40x40", "export.format": "png"}"#)
        let plan = try small.plan(photo, mask: matte)
        // The subject box (141 × 121) goes into 40 × 40: a ratio of 3.5, so 1/2 (1/4 would read fewer pixels than
        // the pass writes).
        let crop = try #require(plan.crop), destination = try #require(plan.resampledTo)
        #expect(plan.decodeScale == 2)
        #expect(plan.decodedSize == PixelSize(width: 128, height: 96))
        #expect(crop.width / plan.decodeScale >= destination.width)
        #expect(crop.height / plan.decodeScale >= destination.height)
        #expect(plan.outputSize == PixelSize(width: 40, height: 40))
        #expect(plan.stages.contains { $0.contains("at 1/2 (DCT scaling)") })
        #expect(plan.estimatedPeakBytes > 128 * 96 * 4)
        let tiny = try recipe(#"{"background.color": "white", "outputSize": "16x16"}"#).plan(photo, mask: matte)
        #expect(tiny.decodeScale == 8)
        // No reduction: an enlargement, a PNG photo, pixel-sized feathering.
        #expect(try recipe(#"{"outputSize": "400x400"}"#).plan(photo, mask: matte).decodeScale == 1)
        let png = try ImageEncoder.encode(ImageDecoder.decode(photo).pixels, as: .png)
        #expect(try small.plan(png, mask: matte).decodeScale == 1)
        let feathered = try recipe(#"{"outputSize": "40x40", "backdrop.matte.feather": 2}"#)
        #expect(try feathered.plan(photo, mask: matte).decodeScale == 1)
    }

    @Test func reducedOutputMatchesTheFullDecode() throws {
        let (photo, matte) = try Self.pair()
        let small = try recipe(#"{"background.color": "white", "outputSize": "40x40", "export.format": "png"}"#)
        let reduced = try small.process(photo, mask: matte)
        #expect(reduced.report.decodeScale == 2)
        #expect(reduced.report.inputSize == PixelSize(width: 256, height: 192))
        // The full-size path: decode whole, render.
        let (full, layout) = try small.render(
            ImageDecoder.decode(photo, options: small.decodingOptions),
            mask: ImageDecoder.decode(matte, options: small.maskDecodingOptions))
        #expect(layout == reduced.report.layout)
        let pixels = try ImageDecoder.decode(reduced.bytes).pixels.rgba8()
        #expect(pixels.size == full.size)
        var total = 0, worst = 0
        for y in 0..<full.height {
            for x in 0..<full.width {
                let a = SIMD4<Int>(truncatingIfNeeded: pixels[x, y]), b = SIMD4<Int>(truncatingIfNeeded: full[x, y])
                let d = (a &- b).replacing(with: 0 &- (a &- b), where: a .< b)
                total += d.wrappedSum()
                worst = max(worst, d.max())
            }
        }
        // DCT scaling by 2 then Lanczos3 by ~1.7 against Lanczos3 by ~3.5 from the full decode of a photo with
        // sharp 6-pixel stripes: measured mean 0.99 and worst 12 levels; the bounds leave a margin.
        let mean = Double(total) / Double(full.width * full.height * 4)
        #expect(mean < 2, "mean \(mean)")
        #expect(worst <= 24, "worst \(worst)")
    }
}
