// Benchmarks of the codecs: PNG on the bundled sample; JPEG, WebP and HEIC decode of a 12-megapixel photo.
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

    // 12-megapixel inputs made by Benchmarks/peers/codec_inputs.sh (cjpeg, cwebp, heif-enc); the same files are
    // decoded by the bare C libraries and their CLIs in Benchmarks/peers/codecs for the ratios in the README.
    let inputs = ProcessInfo.processInfo.environment["BACKDROP_BENCH_INPUTS"] ?? "/tmp/backdrop-bench"
    let photo = { (ext: String) in "\(inputs)/photo-12mp.\(ext)" }
    let big = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .milliseconds,
        maxDuration: .seconds(10), maxIterations: 15)
    let decodes: [(String, String, DecodingOptions)] = [
        ("JPEG decode 4000x3000 q90 RGBA8", "jpg", .init()),
        ("JPEG decode 4000x3000 q90 at 1/4 RGBA8", "jpg", .init(scale: .quarter)),
        ("WebP decode 4000x3000 q80 RGBA8", "webp", .init()),
        ("HEIC decode 4000x3000 q80 RGBA8", "heic", .init()),
    ]
    for (name, ext, options) in decodes where FileManager.default.fileExists(atPath: photo(ext)) {
        Benchmark(name, configuration: big) { benchmark, bytes in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try ImageDecoder.decode(bytes, options: options)) }
        } setup: {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: photo(ext))))
        }
    }

    for (format, name) in [
        (ImageFormat.jpeg, "JPEG encode 1600x1200 RGBA8 q90"), (.webp, "WebP encode 1600x1200 RGBA8 q90"),
    ] {
        Benchmark(name, configuration: config) { benchmark, pixels in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try ImageEncoder.encode(pixels, as: format)) }
        } setup: {
            try ImageDecoder.decode(try sampleBytes("product.png")).pixels
        }
    }
}
