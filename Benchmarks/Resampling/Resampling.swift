// Benchmarks of resampling on the jobs of issue 4; Benchmarks/peers/peers.py times Pillow and libvips on the same inputs.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import Benchmark

/// A photo-like RGBA8 image with a soft disc as alpha, deterministic (peers.py builds the same pixels).
func makeCutout(width: Int, height: Int) throws -> PixelBuffer<RGBA8> {
    var image = try PixelBuffer<RGBA8>(width: width, height: height)
    let stride = image.rowStride
    image.withUnsafeMutableBytes { raw in
        for y in 0..<height {
            for x in 0..<width {
                let o = y * stride + x * 4
                let dx = x - width / 2, dy = y - height / 2
                let d = Double(dx * dx + dy * dy).squareRoot() - Double(min(width, height)) * 0.35
                raw[o] = UInt8(truncatingIfNeeded: x &* 7 &+ y)
                raw[o + 1] = UInt8(truncatingIfNeeded: x ^ y)
                raw[o + 2] = UInt8(truncatingIfNeeded: y &* 3)
                raw[o + 3] = UInt8(max(0, min(255, 128 - d * 2)))
            }
        }
    }
    return image
}

/// A Gray8 matte: the same soft disc.
func makeMatte(width: Int, height: Int) throws -> PixelBuffer<Gray8> {
    var matte = try PixelBuffer<Gray8>(width: width, height: height)
    let stride = matte.rowStride
    matte.withUnsafeMutableBytes { raw in
        for y in 0..<height {
            for x in 0..<width {
                let dx = x - width / 2, dy = y - height / 2
                let d = Double(dx * dx + dy * dy).squareRoot() - Double(min(width, height)) * 0.35
                raw[y * stride + x] = UInt8(max(0, min(255, 128 - d * 2)))
            }
        }
    }
    return matte
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds,
        scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 40)

    for threads in [1, 2] {
        let scheduler = RowScheduler(maxConcurrency: threads)
        let suffix = "\(threads) thread\(threads == 1 ? "" : "s")"

        // Straight RGBA8 in and out, as Pillow's Image.resize and the libvips peer (premultiply, resize,
        // unpremultiply): includes premultiplying the source and unpremultiplying the result.
        Benchmark("resample lanczos3 4000x3000 to 1000x750 RGBA8 \(suffix)", configuration: config) {
            benchmark, image in
            let op = Resample(to: PixelSize(width: 1000, height: 750), filter: .lanczos3)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try op.apply(to: image.view, scheduler: scheduler)) }
        } setup: {
            try makeCutout(width: 4000, height: 3000)
        }

        Benchmark("resample lanczos3 4000x3000 to 1000x750 PremultipliedRGBA8 \(suffix)", configuration: config) {
            benchmark, image in
            let op = Resample(to: PixelSize(width: 1000, height: 750), filter: .lanczos3)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try op.apply(to: image.view, scheduler: scheduler)) }
        } setup: {
            try makeCutout(width: 4000, height: 3000).premultiplied()
        }

        Benchmark("resample fit 6000x4000 into 2000x2000 RGBA8 \(suffix)", configuration: config) {
            benchmark, image in
            let op = try Resample(
                fitting: image.size, into: PixelSize(width: 2000, height: 2000), fit: .contain, filter: .lanczos3)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try op.apply(to: image.view, scheduler: scheduler)) }
        } setup: {
            try makeCutout(width: 6000, height: 4000)
        }

        Benchmark("resample lanczos3 1024x768 to 4000x3000 Gray8 \(suffix)", configuration: config) {
            benchmark, matte in
            let op = Resample(to: PixelSize(width: 4000, height: 3000), filter: .lanczos3)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try op.apply(to: matte.view, scheduler: scheduler)) }
        } setup: {
            try makeMatte(width: 1024, height: 768)
        }
    }
}
