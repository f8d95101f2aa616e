// SubjectBox: SIMD scans against the scalar reference, bands against one thread, regions, thresholds.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

@Suite struct SubjectBoxTests {
    /// The box by brute force over every pixel.
    func bruteForce(_ values: (Int, Int) -> UInt8, width: Int, height: Int, threshold: UInt8, region: PixelRect)
        -> PixelRect?
    {
        var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
        for y in region.y..<(region.y + region.height) {
            for x in region.x..<(region.x + region.width) where values(x, y) >= threshold {
                minX = min(minX, x)
                maxX = max(maxX, x)
                minY = min(minY, y)
                maxY = max(maxY, y)
            }
        }
        return minX <= maxX ? PixelRect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1) : nil
    }

    @Test func grayMatchesBruteForceAtEveryWidth() throws {
        var seed: UInt64 = 1
        // Widths 1 … 2 × 16 lanes + 3, views of a wider buffer so strides are odd relative to the width.
        for width in 1...35 {
            for trial in 0..<6 {
                seed &+= 1
                let height = 1 + trial % 4 * 3
                var matte = try PixelBuffer<Gray8>(width: width + 7, height: height)
                // Sparse hits at random places, some below the threshold.
                let noise = pseudoRandomBytes(width * height, seed: seed)
                for y in 0..<height {
                    for x in 0..<width {
                        let v = noise[y * width + x]
                        matte[x + 3, y] = v > 250 ? v : (v < 8 ? 15 : 0)
                    }
                }
                let view = matte.view.view(of: PixelRect(x: 3, y: 0, width: width, height: height))
                for threshold: UInt8 in [1, 16, 251] {
                    let expected = bruteForce(
                        { x, y in matte[x + 3, y] }, width: width, height: height, threshold: threshold,
                        region: PixelRect(x: 0, y: 0, width: width, height: height))
                    for scheduler in [RowScheduler.serial, RowScheduler(maxConcurrency: 3, minimumBytesPerBand: 1)] {
                        let found = try SubjectBox(threshold: threshold).apply(to: view, scheduler: scheduler)
                        #expect(found == expected, "width \(width) trial \(trial) threshold \(threshold)")
                    }
                }
            }
        }
    }

    @Test func rgbaReadsOnlyAlpha() throws {
        var seed: UInt64 = 100
        for width in 1...11 {
            for trial in 0..<8 {
                seed &+= 1
                let height = 1 + trial % 3
                var image = try PixelBuffer<RGBA8>(width: width, height: height)
                let noise = pseudoRandomBytes(width * height, seed: seed)
                for y in 0..<height {
                    for x in 0..<width {
                        let a = noise[y * width + x] > 240 ? UInt8(200) : 0
                        // Colour channels are 255 everywhere: only alpha may count.
                        image[x, y] = SIMD4<UInt8>(255, 255, 255, a)
                    }
                }
                let expected = bruteForce(
                    { x, y in image[x, y][3] }, width: width, height: height, threshold: 16,
                    region: PixelRect(x: 0, y: 0, width: width, height: height))
                let serial = try SubjectBox().apply(to: image.view, scheduler: .serial)
                let banded = try SubjectBox().apply(
                    to: image.view, scheduler: RowScheduler(maxConcurrency: 2, minimumBytesPerBand: 1))
                #expect(serial == expected && banded == expected, "width \(width) trial \(trial)")
            }
        }
    }

    @Test func regionAndEmptyMatte() throws {
        var matte = try PixelBuffer<Gray8>(width: 64, height: 48)
        #expect(try SubjectBox().apply(to: matte.view) == nil)
        matte[5, 5] = 255
        matte[40, 30] = 200
        #expect(try SubjectBox().apply(to: matte.view) == PixelRect(x: 5, y: 5, width: 36, height: 26))
        let region = PixelRect(x: 20, y: 10, width: 44, height: 38)
        #expect(try SubjectBox().apply(to: matte.view, in: region) == PixelRect(x: 40, y: 30, width: 1, height: 1))
        #expect(throws: ParameterError.self) {
            _ = try SubjectBox().apply(to: matte.view, in: PixelRect(x: 60, y: 0, width: 10, height: 4))
        }
        #expect(throws: ParameterError.self) { _ = try SubjectBox(threshold: 0).apply(to: matte.view) }
    }
}
