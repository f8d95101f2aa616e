// End to end: a 12-megapixel JPEG photo and its matte to a 2000 x 2000 JPEG on white with padding and a soft shadow,
// one image on one thread, and a batch on two threads.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import Benchmark
import Dispatch
import Foundation

/// The inputs made by `Benchmarks/peers/endtoend_inputs.sh` (folder from `BACKDROP_ENDTOEND_DIR`, default
/// `.build-endtoend` in the package root), so the peers (`Benchmarks/peers/endtoend.py`) read the same bytes.
func endToEndInputs() -> (photo: [UInt8], matte: [UInt8], recipe: Recipe) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let folder =
        ProcessInfo.processInfo.environment["BACKDROP_ENDTOEND_DIR"].map { URL(fileURLWithPath: $0) }
        ?? root.appendingPathComponent(".build-endtoend")
    do {
        let photo = [UInt8](try Data(contentsOf: folder.appendingPathComponent("photo.jpg")))
        let matte = [UInt8](try Data(contentsOf: folder.appendingPathComponent("photo.mask.png")))
        let json = [UInt8](try Data(contentsOf: folder.appendingPathComponent("recipe.json")))
        return (photo, matte, try RecipeFile(json: json).recipe())
    } catch {
        fatalError("run Benchmarks/peers/endtoend_inputs.sh first (\(folder.path)): \(error)")
    }
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal], timeUnits: .milliseconds,
        scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 30)

    Benchmark("end-to-end 4000x3000 JPEG + matte -> 2000x2000 JPEG, 1 thread", configuration: config) { benchmark in
        let (photo, matte, base) = endToEndInputs()
        var recipe = base
        recipe.scheduler = .serial
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try recipe.process(photo, mask: matte))
        }
    }

    // A batch as `backdrop batch --jobs 2` runs it: two workers, each image on one thread.
    let batch = 8
    var batchConfig = config
    batchConfig.scalingFactor = .one
    Benchmark("end-to-end batch of \(batch) at 2 jobs", configuration: batchConfig) { benchmark in
        let (photo, matte, base) = endToEndInputs()
        var recipe = base
        recipe.scheduler = .serial
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                for _ in 0..<(batch / 2) { blackHole(try? recipe.process(photo, mask: matte)) }
            }
        }
    }
}
