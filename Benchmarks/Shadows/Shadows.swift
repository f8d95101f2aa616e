// Benchmarks of shadow and outline generation on a 25-megapixel canvas, one thread, each mode.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import Benchmark

/// A canvas-sized matte of a bottle-like subject standing in the middle (2 000 × 3 600 pixels), soft 3-pixel edges.
func makeBottle(side: Int) throws -> PlacedMatte {
    var matte = try PixelBuffer<Gray8>(width: side, height: side)
    let stride = matte.rowStride
    let x0 = side / 2 - 1000, y0 = side / 2 - 1800, w = 2000, h = 3600
    matte.withUnsafeMutableBytes { raw in
        for y in y0..<(y0 + h) {
            let v = Double(y - y0) / Double(h)
            // Neck, shoulder, body: half-width as a fraction of w.
            let half = v < 0.35 ? 0.17 : v < 0.45 ? 0.17 + (v - 0.35) / 0.1 * 0.33 : 0.5
            for x in x0..<(x0 + w) {
                let d = half * Double(w) - abs(Double(x - x0) + 0.5 - Double(w) / 2)
                raw[y * stride + x] = UInt8(max(0, min(255, 128 + d * 85)))
            }
        }
    }
    return PlacedMatte(matte: matte, subject: PixelRect(x: x0, y: y0, width: w, height: h))
}

/// A white canvas and the floating shadow of ``makeBottle(side:)``: the input of the shadow's compositing step.
func makeWhiteWithShadow(side: Int) throws -> ColorOver.Input {
    let placed = try makeBottle(side: side)
    let image = try PixelBuffer<RGBA8>(width: side, height: side, repeating: SIMD4(255, 255, 255, 255))
    return ColorOver.Input(
        image: image, coverage: try DropShadow(mode: .floating).apply(to: placed, scheduler: .serial).alpha)
}

let benchmarks: @Sendable () -> Void = {
    let side = 5000
    let label = "\(side)x\(side) Gray8"
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal], timeUnits: .milliseconds,
        scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 20)
    let serial = RowScheduler.serial

    for mode in [ShadowMode.soft, .hard, .floating] {
        Benchmark("shadow \(mode.rawValue) (defaults) \(label) 1 thread", configuration: config) { benchmark, input in
            let shadow = DropShadow(mode: mode)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try shadow.apply(to: input, scheduler: serial)) }
        } setup: {
            try makeBottle(side: side)
        }
    }
    Benchmark("shadow hard softness 1 \(label) 1 thread", configuration: config) { benchmark, input in
        let shadow = DropShadow(mode: .hard, softness: 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try shadow.apply(to: input, scheduler: serial)) }
    } setup: {
        try makeBottle(side: side)
    }
    Benchmark("outline width 0.03 \(label) 1 thread", configuration: config) { benchmark, input in
        let outline = Outline()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try outline.apply(to: input, scheduler: serial)) }
    } setup: {
        try makeBottle(side: side)
    }
    Benchmark("shadow colour over 5000x5000 RGBA8 1 thread", configuration: config) { benchmark, input in
        let over = ColorOver(color: .black)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try over.apply(to: input, scheduler: serial)) }
    } setup: {
        try makeWhiteWithShadow(side: side)
    }
}
