// SIMD kernels against their scalar references at every width up to two vectors and a tail, odd strides.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

/// Runs `kernel` on raw rows with the given byte strides and returns the destination rows (packed).
/// With `streaming`, the destination is 64-byte aligned and `destinationStride` must be a multiple of 16, as
/// the operations guarantee before they enable non-temporal stores.
private func runKernel(
    width: Int, height: Int, sourceStride: Int, matteStride: Int, destinationStride: Int, seed: UInt64,
    streaming: Bool = false, _ kernel: (RowJob, Range<Int>) -> Void
) -> (source: [UInt8], matte: [UInt8], output: [UInt8]) {
    precondition(!streaming || destinationStride % 16 == 0)
    let source = pseudoRandomBytes(sourceStride * height, seed: seed)
    let matte = pseudoRandomBytes(matteStride * height, seed: seed &+ 1)
    let count = destinationStride * height
    let destination = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 64)
    defer { destination.deallocate() }
    destination.initializeMemory(as: UInt8.self, repeating: 0xEE, count: count)
    source.withUnsafeBytes { src in
        matte.withUnsafeBytes { m in
            let job = unsafe RowJob(
                source: src.baseAddress!, sourceStride: sourceStride, auxiliary: m.baseAddress!,
                auxiliaryStride: matteStride, destination: destination, destinationStride: destinationStride,
                width: width, height: height, streaming: streaming)
            kernel(job, 0..<height)
            finishStreamingStores()
        }
    }
    return (source, matte, Array(UnsafeRawBufferPointer(start: destination, count: count)))
}

@Suite struct KernelEquivalenceTests {
    static let widths = Array(1...19)  // 2 × 8 lanes + 3

    @Test(arguments: widths, [false, true])
    func premultiplyMatchesReference(width: Int, streaming: Bool) {
        let stride = width * 4 + 3  // odd source stride: rows start unaligned
        let dstStride = streaming ? (width * 4 + 15) / 16 * 16 + 16 : stride + 2
        let r = runKernel(
            width: width, height: 3, sourceStride: stride, matteStride: width, destinationStride: dstStride, seed: 21,
            streaming: streaming
        ) {
            Premultiply.rows($0, $1)
        }
        for y in 0..<3 {
            for x in 0..<width {
                let s = y * stride + x * 4, d = y * dstStride + x * 4
                let a = r.source[s + 3]
                #expect(r.output[d + 0] == Premultiply.reference(r.source[s + 0], alpha: a))
                #expect(r.output[d + 2] == Premultiply.reference(r.source[s + 2], alpha: a))
                #expect(r.output[d + 3] == a)
            }
            // Bytes past the row's pixels are untouched.
            #expect(r.output[y * dstStride + width * 4] == 0xEE)
        }
    }

    @Test(arguments: widths, [false, true])
    func matteMatchesReference(width: Int, streaming: Bool) {
        let stride = streaming ? (width * 4 + 15) / 16 * 16 : width * 4 + 5
        let r = runKernel(
            width: width, height: 2, sourceStride: stride, matteStride: width + 1, destinationStride: stride, seed: 5,
            streaming: streaming
        ) {
            AlphaMatte.rows($0, $1)
        }
        for y in 0..<2 {
            for x in 0..<width {
                let s = y * stride + x * 4
                #expect(r.output[s + 1] == r.source[s + 1])
                #expect(r.output[s + 3] == multiplyRounded(r.source[s + 3], r.matte[y * (width + 1) + x]))
            }
        }
    }

    @Test(arguments: widths, [false, true])
    func opaqueFillMatchesReference(width: Int, streaming: Bool) {
        let colour = RGBAColor(red: 7, green: 250, blue: 129)
        let stride = streaming ? (width * 4 + 15) / 16 * 16 : width * 4 + 1
        for withMatte in [false, true] {
            let r = runKernel(
                width: width, height: 2, sourceStride: stride, matteStride: width + 3, destinationStride: stride,
                seed: 8,
                streaming: streaming
            ) { job, rows in
                var j = job
                if !withMatte {
                    j = unsafe RowJob(
                        source: job.source, sourceStride: job.sourceStride, auxiliary: nil, auxiliaryStride: 0,
                        destination: job.destination, destinationStride: job.destinationStride, width: job.width,
                        height: job.height, streaming: job.streaming)
                }
                BackgroundFill.opaqueRows(j, rows, color: colour)
            }
            for y in 0..<2 {
                for x in 0..<width {
                    let s = y * stride + x * 4
                    let a0 = r.source[s + 3]
                    let a = withMatte ? multiplyRounded(a0, r.matte[y * (width + 3) + x]) : a0
                    #expect(r.output[s + 0] == BackgroundFill.reference(r.source[s], over: colour.red, alpha: a))
                    #expect(r.output[s + 1] == BackgroundFill.reference(r.source[s + 1], over: colour.green, alpha: a))
                    #expect(r.output[s + 2] == BackgroundFill.reference(r.source[s + 2], over: colour.blue, alpha: a))
                    #expect(r.output[s + 3] == 255)
                }
            }
        }
    }
}
