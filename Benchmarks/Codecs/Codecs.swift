// Benchmarks of the codecs on the bundled sample photo: PNG decode and encode.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import Benchmark
import Foundation

/// The bundled 1600×1200 sample, found from this source file's location.
func sampleBytes(_ name: String) throws -> [UInt8] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return [UInt8](try Data(contentsOf: root.appendingPathComponent("TestImages/inputs/sample/\(name)")))
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds,
        maxDuration: .seconds(5), maxIterations: 50)

    Benchmark("PNG decode 1600x1200 RGB photo", configuration: config) { benchmark, bytes in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try ImageDecoder.decode(bytes)) }
    } setup: {
        try sampleBytes("product.png")
    }

    Benchmark("PNG decode 1600x1200 RGBA cutout", configuration: config) { benchmark, bytes in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try ImageDecoder.decode(bytes)) }
    } setup: {
        try sampleBytes("product.cutout.png")
    }

    for level in [1, 6] {
        Benchmark("PNG encode 1600x1200 RGBA8 level \(level)", configuration: config) { benchmark, pixels in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try ImageEncoder.encode(pixels, as: .png, options: .init(pngCompressionLevel: level)))
            }
        } setup: {
            try ImageDecoder.decode(try sampleBytes("product.cutout.png")).pixels
        }
    }
}
