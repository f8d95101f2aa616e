// Benchmarks of colour conversion to sRGB with LittleCMS: a 12-megapixel Display P3 image, 1 and 2 threads.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import Benchmark

/// A 4000 × 3000 (12-megapixel) photo-like RGBA8 image with a varied alpha, deterministic.
func makeImage(width: Int, height: Int) throws -> PixelBuffer<RGBA8> {
    var image = try PixelBuffer<RGBA8>(width: width, height: height)
    let stride = image.rowStride
    image.withUnsafeMutableBytes { raw in
        for y in 0..<height {
            for x in 0..<width {
                let o = y * stride + x * 4
                raw[o] = UInt8(truncatingIfNeeded: x &* 7 &+ y)
                raw[o + 1] = UInt8(truncatingIfNeeded: x ^ y)
                raw[o + 2] = UInt8(truncatingIfNeeded: y &* 3)
                raw[o + 3] = UInt8(truncatingIfNeeded: x &+ y)
            }
        }
    }
    return image
}

/// Display P3 as HEIF nclx describes it (primaries 12, sRGB curve); LittleCMS builds a matrix/TRC profile from it.
let displayP3 = SourceColor.described(
    RGBColorDescription(
        white: [0.3127, 0.3290], primaries: [0.680, 0.320, 0.265, 0.690, 0.150, 0.060], transfer: .sRGB))

let benchmarks: @Sendable () -> Void = {
    let (width, height) = (4000, 3000)
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .milliseconds,
        scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 30)

    // In place, as decoding converts: each iteration converts the previous result again (same work per pixel).
    for threads in [1, 2] {
        let scheduler = RowScheduler(maxConcurrency: threads)
        Benchmark(
            "Display P3 to sRGB \(width)x\(height) RGBA8 \(threads) thread\(threads == 1 ? "" : "s")",
            configuration: config
        ) { benchmark, image in
            var image = image
            let transform = try ColorTransform(source: displayP3, layout: .rgba)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                transform.apply(to: &image, scheduler: scheduler)
                blackHole(image)
            }
        } setup: {
            try makeImage(width: width, height: height)
        }
    }

    // What the cache saves per image of a batch: building the transform (LittleCMS optimises the pipeline).
    Benchmark("build Display P3 transform (cache miss)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ColorTransform(source: displayP3, layout: .rgba))
        }
    }
}
