// Resampling straight into a region of a canvas (the layout pass) against resampling into a new buffer and pasting.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

@Suite struct ResampleIntoTests {
    @Test(arguments: [ResampleFilter.lanczos3, .bilinear, .box])
    func regionEqualsNewBufferPasted(_ filter: ResampleFilter) throws {
        let source = try PixelBuffer<RGBA8>(width: 37, height: 29, packed: pseudoRandomBytes(37 * 29 * 4, seed: 7))
        let matte = try PixelBuffer<Gray8>(width: 37, height: 29, packed: pseudoRandomBytes(37 * 29, seed: 8))
        for (size, rect) in [
            (PixelSize(width: 13, height: 11), SourceRect(x: 3.25, y: 2.5, width: 30, height: 20.75)),
            (PixelSize(width: 40, height: 9), SourceRect(x: 0, y: 0, width: 37, height: 29)),
            (PixelSize(width: 20, height: 17), SourceRect(x: 10, y: 5, width: 20, height: 17)),  // identity
            (PixelSize(width: 20, height: 30), SourceRect(x: 10, y: 5, width: 20, height: 10)),  // one axis copied
        ] {
            let pass = Resample(to: size, from: rect, filter: filter)
            let origin = (x: 5, y: 3)
            // Canvas pixels outside the target keep their marker value.
            var canvas = try PixelBuffer<PremultipliedRGBA8>(
                width: size.width + 9, height: size.height + 6, repeating: SIMD4<UInt8>(1, 2, 3, 200))
            try pass.apply(to: source.view, into: &canvas, at: origin, scheduler: .serial)
            let expected = try pass.apply(to: source.premultiplied().view)
            var planes = try PixelBuffer<Gray8>(width: size.width + 9, height: size.height + 6, repeating: 77)
            try pass.apply(
                to: matte.view, into: &planes, at: origin,
                scheduler: RowScheduler(maxConcurrency: 3, minimumBytesPerBand: 1))
            let expectedMatte = try pass.apply(to: matte.view)
            for y in 0..<canvas.height {
                for x in 0..<canvas.width {
                    let inside =
                        x >= origin.x && y >= origin.y && x < origin.x + size.width && y < origin.y + size.height
                    if inside {
                        #expect(canvas[x, y] == expected[x - origin.x, y - origin.y], "\(size) \(x),\(y)")
                        #expect(planes[x, y] == expectedMatte[x - origin.x, y - origin.y])
                    } else {
                        #expect(canvas[x, y] == SIMD4<UInt8>(1, 2, 3, 200) && planes[x, y] == 77)
                    }
                }
            }
        }
    }

    @Test func targetOutsideTheCanvasIsAnError() throws {
        let source = try PixelBuffer<RGBA8>(width: 8, height: 8)
        var canvas = try PixelBuffer<PremultipliedRGBA8>(width: 10, height: 10)
        #expect(throws: ParameterError.self) {
            try Resample(to: PixelSize(width: 6, height: 6)).apply(to: source.view, into: &canvas, at: (5, 0))
        }
    }
}
