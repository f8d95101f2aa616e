// SIMD kernels against their scalar references at every width up to two vectors and a tail, odd strides.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

/// Runs `kernel` on raw rows with the given byte strides and returns the destination rows (packed).
private func runKernel(
    width: Int, height: Int, sourceStride: Int, matteStride: Int, destinationStride: Int, seed: UInt64,
    _ kernel: (RowJob, Range<Int>) -> Void
) -> (source: [UInt8], matte: [UInt8], output: [UInt8]) {
    let source = pseudoRandomBytes(sourceStride * height, seed: seed)
    let matte = pseudoRandomBytes(matteStride * height, seed: seed &+ 1)
    var output = [UInt8](repeating: 0xEE, count: destinationStride * height)
    source.withUnsafeBytes { src in
        matte.withUnsafeBytes { m in
            output.withUnsafeMutableBytes { dst in
                let job = unsafe RowJob(
                    source: src.baseAddress!, sourceStride: sourceStride, auxiliary: m.baseAddress!,
                    auxiliaryStride: matteStride, destination: dst.baseAddress!, destinationStride: destinationStride,
                    width: width, height: height)
                unsafe kernel(job, 0..<height)
            }
        }
    }
    return (source, matte, output)
}

@Suite struct KernelEquivalenceTests {
    static let widths = Array(1...19)  // 2 × 8 lanes + 3

    @Test(arguments: widths)
    func premultiplyMatchesReference(width: Int) {
        let stride = width * 4 + 3  // odd stride: rows start unaligned
        let r = runKernel(width: width, height: 3, sourceStride: stride, matteStride: width, destinationStride: stride + 2, seed: 21) {
            unsafe Premultiply.rows($0, $1)
        }
        for y in 0..<3 {
            for x in 0..<width {
                let s = y * stride + x * 4, d = y * (stride + 2) + x * 4
                let a = r.source[s + 3]
                #expect(r.output[d + 0] == Premultiply.reference(r.source[s + 0], alpha: a))
                #expect(r.output[d + 2] == Premultiply.reference(r.source[s + 2], alpha: a))
                #expect(r.output[d + 3] == a)
            }
            // Bytes past the row's pixels are untouched.
            #expect(r.output[y * (stride + 2) + width * 4] == 0xEE)
        }
    }

    @Test(arguments: widths)
    func matteMatchesReference(width: Int) {
        let stride = width * 4 + 5
        let r = runKernel(width: width, height: 2, sourceStride: stride, matteStride: width + 1, destinationStride: stride, seed: 5) {
            unsafe AlphaMatte.rows($0, $1)
        }
        for y in 0..<2 {
            for x in 0..<width {
                let s = y * stride + x * 4
                #expect(r.output[s + 1] == r.source[s + 1])
                #expect(r.output[s + 3] == multiplyRounded(r.source[s + 3], r.matte[y * (width + 1) + x]))
            }
        }
    }

    @Test(arguments: widths)
    func opaqueFillMatchesReference(width: Int) {
        let colour = RGBAColor(red: 7, green: 250, blue: 129)
        let stride = width * 4 + 1
        for withMatte in [false, true] {
            let r = runKernel(width: width, height: 2, sourceStride: stride, matteStride: width + 3, destinationStride: stride, seed: 8) { job, rows in
                let j = unsafe withMatte ? job : RowJob(
                    source: job.source, sourceStride: job.sourceStride, auxiliary: nil, auxiliaryStride: 0,
                    destination: job.destination, destinationStride: job.destinationStride, width: job.width, height: job.height)
                unsafe BackgroundFill.opaqueRows(j, rows, color: colour)
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
