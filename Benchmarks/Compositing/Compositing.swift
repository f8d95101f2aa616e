// Benchmarks of the compositing kernels against a plain copy of the same buffers (the bandwidth yardstick).
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import Benchmark

/// A 25-megapixel photo-like RGBA8 image and a soft matte, deterministic.
func makeInputs(width: Int, height: Int, edgeWidth: Double = 128) throws -> (PixelBuffer<RGBA8>, PixelBuffer<Gray8>) {
    var image = try PixelBuffer<RGBA8>(width: width, height: height)
    var matte = try PixelBuffer<Gray8>(width: width, height: height)
    let imageStride = image.rowStride, matteStride = matte.rowStride
    image.withUnsafeMutableBytes { raw in
        for y in 0..<height {
            for x in 0..<width {
                let o = y * imageStride + x * 4
                raw[o] = UInt8(truncatingIfNeeded: x &* 7 &+ y)
                raw[o + 1] = UInt8(truncatingIfNeeded: x ^ y)
                raw[o + 2] = UInt8(truncatingIfNeeded: y &* 3)
                raw[o + 3] = 255
            }
        }
    }
    matte.withUnsafeMutableBytes { raw in
        for y in 0..<height {
            for x in 0..<width {
                // A disc with a soft edge (128 pixels wide by default): 0 outside, 255 inside, ramps between.
                let dx = x - width / 2, dy = y - height / 2
                let d = Double(dx * dx + dy * dy).squareRoot() - Double(min(width, height)) * 0.35
                raw[y * matteStride + x] = UInt8(max(0, min(255, 128 - d * 255 / edgeWidth)))
            }
        }
    }
    return (image, matte)
}

/// The plane of the blur benchmarks: a soft disc (a shadow-like matte) over a fine ramp texture; peers.py builds
/// the same bytes.
func makeBlurPlane(width: Int, height: Int) throws -> PixelBuffer<Gray8> {
    var plane = try PixelBuffer<Gray8>(width: width, height: height)
    let stride = plane.rowStride
    plane.withUnsafeMutableBytes { raw in
        for y in 0..<height {
            for x in 0..<width {
                let dx = x - width / 2, dy = y - height / 2
                let inside = dx * dx + dy * dy < (height / 3) * (height / 3)
                raw[y * stride + x] = UInt8(truncatingIfNeeded: (inside ? 200 : 30) + (x &* 7 &+ y &* 13) % 17)
            }
        }
    }
    return plane
}

let benchmarks: @Sendable () -> Void = {
    let side = 5000
    let label = "\(side)x\(side) RGBA8"
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal], timeUnits: .microseconds,
        scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 40)

    // The yardstick: copying the same input buffers (image and matte) into preallocated outputs, which moves
    // at least as many bytes as the fused kernel reads and writes.
    Benchmark("copy \(label) + matte (yardstick)", configuration: config) { benchmark, inputs in
        let (image, matte) = inputs
        var imageCopy = try PixelBuffer<RGBA8>(width: side, height: side)
        var matteCopy = try PixelBuffer<Gray8>(width: side, height: side)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            image.withUnsafeBytes { src in
                imageCopy.withUnsafeMutableBytes { dst in dst.copyMemory(from: src) }
            }
            matte.withUnsafeBytes { src in
                matteCopy.withUnsafeMutableBytes { dst in dst.copyMemory(from: src) }
            }
            blackHole(imageCopy)
            blackHole(matteCopy)
        }
    } setup: {
        try makeInputs(width: side, height: side)
    }

    for threads in [1, 2] {
        let scheduler = RowScheduler(maxConcurrency: threads)
        Benchmark("matte + flatten \(label) \(threads) thread\(threads == 1 ? "" : "s")", configuration: config) {
            benchmark, inputs in
            let (image, matte) = inputs
            var output = try PixelBuffer<RGBA8>(width: side, height: side)
            let fill = BackgroundFill(color: .white)
            let cutout = Cutout(image: image, matte: matte)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                try fill.apply(to: cutout, into: &output, scheduler: scheduler)
                blackHole(output)
            }
        } setup: {
            try makeInputs(width: side, height: side)
        }
    }

    // The worst case for the kernel: every matte value fractional (no uniform blocks to take shortcuts on).
    Benchmark("matte + flatten, all-edge matte \(label) 1 thread", configuration: config) { benchmark, inputs in
        let (image, matte) = inputs
        var output = try PixelBuffer<RGBA8>(width: side, height: side)
        let fill = BackgroundFill(color: .white)
        let cutout = Cutout(image: image, matte: matte)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try fill.apply(to: cutout, into: &output, scheduler: .serial)
            blackHole(output)
        }
    } setup: { () throws -> (PixelBuffer<RGBA8>, PixelBuffer<Gray8>) in
        let (image, _) = try makeInputs(width: side, height: side)
        let ramp = (0..<(side * side)).map { UInt8(1 + ($0 % 253)) }
        return (image, try PixelBuffer<Gray8>(width: side, height: side, packed: ramp))
    }

    Benchmark("matte + flatten, new output \(label) 1 thread", configuration: config) { benchmark, inputs in
        let (image, matte) = inputs
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try image.flattened(over: .white, matte: matte, scheduler: .serial))
        }
    } setup: {
        try makeInputs(width: side, height: side)
    }

    // The matte comes at a quarter of the photo's size (a preview or a 1024-pixel model) and is resized first.
    Benchmark("matte ×4 resize + flatten \(label) all threads", configuration: config) { benchmark, inputs in
        let (image, matte) = inputs
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let scaled = try matte.resampled(to: image.size)
            blackHole(try image.flattened(over: .white, matte: scaled))
        }
    } setup: { () throws -> (PixelBuffer<RGBA8>, PixelBuffer<Gray8>) in
        let (image, matte) = try makeInputs(width: side, height: side)
        return (image, try matte.resampled(to: PixelSize(width: side / 4, height: side / 4), filter: .box))
    }

    Benchmark("composite over a background image \(label) 1 thread", configuration: config) { benchmark, inputs in
        let (image, matte, back) = inputs
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try image.composited(over: back, matte: matte, scheduler: .serial))
        }
    } setup: { () throws -> (PixelBuffer<RGBA8>, PixelBuffer<Gray8>, PixelBuffer<RGBA8>) in
        let (image, matte) = try makeInputs(width: side, height: side)
        let back = try PixelBuffer<RGBA8>(width: side, height: side, repeating: SIMD4(200, 210, 220, 255))
        return (image, matte, back)
    }

    // Gray8 plane kernels: the blur behind feather and shadows (issue 8's sizes: a 6000 × 4000 plane at sigma 5,
    // 20 and 80; Benchmarks/peers/peers.py times libvips gaussblur and Pillow on the same plane), and matte shaping.
    let plane = "5000x5000 Gray8"
    for sigma in [5.0, 20.0, 80.0] {
        for threads in [1, 2] {
            let scheduler = RowScheduler(maxConcurrency: threads)
            Benchmark(
                "gaussian blur σ=\(Int(sigma)) 6000x4000 Gray8 \(threads) thread\(threads == 1 ? "" : "s")",
                configuration: config
            ) { benchmark, plane in
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations { blackHole(try plane.blurred(sigma: sigma, scheduler: scheduler)) }
            } setup: {
                try makeBlurPlane(width: 6000, height: 4000)
            }
        }
    }
    Benchmark("matte shaping levels + choke 1.5 + feather 1 \(plane) 1 thread", configuration: config) {
        benchmark, inputs in
        let (_, matte) = inputs
        let shaping = MatteShaping(floor: 10, ceiling: 245, choke: 1.5, feather: 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try matte.shaped(shaping, scheduler: .serial)) }
    } setup: {
        try makeInputs(width: side, height: side)
    }

    // Decontamination (matte applied, edge colours estimated) against "matte + flatten, new output" above: the
    // issue's bar is 4x. The default matte's 128-pixel soft edge is a hard case (1.4 M edge pixels); real
    // segmentation mattes have edges a few pixels wide, as in the second case.
    for (edge, threads) in [(128.0, 1), (128.0, 2), (16.0, 1), (4.0, 1), (4.0, 2)] {
        let scheduler = RowScheduler(maxConcurrency: threads)
        Benchmark(
            "decontaminate \(label), \(Int(edge)) px edge, \(threads) thread\(threads == 1 ? "" : "s")",
            configuration: config
        ) { benchmark, inputs in
            let (image, matte) = inputs
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try Cutout(image: image, matte: matte).decontaminated(scheduler: scheduler))
            }
        } setup: {
            try makeInputs(width: side, height: side, edgeWidth: edge)
        }
    }

    Benchmark("premultiply \(label) 1 thread", configuration: config) { benchmark, inputs in
        let (image, _) = inputs
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(image.premultiplied(scheduler: .serial)) }
    } setup: {
        try makeInputs(width: side, height: side)
    }

    // Layout: the subject box scan of the disc matte (box ≈ 3628², so each row skips its inside), and a whole
    // layout compose of a 25-megapixel cutout into a 2000 × 2000 marketplace canvas (scan, one Lanczos3 pass
    // straight into the canvas, unpremultiply, flatten over white).
    for threads in [1, RowScheduler.availableCores] {
        let scheduler = threads == 1 ? RowScheduler.serial : RowScheduler.default
        let suffix = "\(threads) thread\(threads == 1 ? "" : "s")"
        Benchmark("subject box 5000x5000 Gray8 \(suffix)", configuration: config) { benchmark, inputs in
            let (_, matte) = inputs
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try SubjectBox().apply(to: matte.view, scheduler: scheduler))
            }
        } setup: {
            try makeInputs(width: side, height: side)
        }
        Benchmark("layout compose \(label) cutout into 2000x2000 (10% padding) \(suffix)", configuration: config) {
            benchmark, cutout in
            let layout = try PhotoroomLayout(parameters: ["outputSize": "2000x2000", "padding": "10%"])
            let recipe = Recipe(
                background: .white, scheduler: scheduler, decontamination: 0, layout: .photoroom(layout))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try recipe.render(cutout).pixels) }
        } setup: { () throws -> Image in
            let (image, matte) = try makeInputs(width: side, height: side)
            let pixels = try image.replacingAlpha(with: matte)
            let metadata = ImageMetadata(
                format: .png, width: side, height: side, bitDepth: 8, channels: 4, hasAlpha: true, colorModel: "rgba")
            return Image(pixels: .rgba8(pixels), metadata: metadata)
        }
    }
}
