// Resampling: coefficient tables, exactness properties, parameter errors, SIMD kernels against the reference.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

/// A deterministic RGBA8 image with every alpha from 0 to 255 and unrelated colour (xorshift).
private func noiseRGBA(width: Int, height: Int, seed: UInt64) throws -> PixelBuffer<RGBA8> {
    try PixelBuffer<RGBA8>(width: width, height: height, packed: pseudoRandomBytes(width * height * 4, seed: seed))
}

@Suite struct ResampleTests {
    // MARK: - Coefficient tables

    @Test(arguments: ResampleFilter.allCases)
    func weightsSumToOneAndWindowsStayInside(_ filter: ResampleFilter) {
        for (source, origin, extent, target) in [
            (200, 0.0, 200.0, 47), (200, 3.25, 178.25, 57), (64, 20.5, 30.0, 157), (5, 0.0, 5.0, 1), (1, 0.0, 1.0, 9),
            (7, 0.5, 6.0, 7), (3000, 0.0, 3000.0, 750),
        ] {
            let axis = ResampleAxis(
                filter: filter, sourceSize: source, origin: origin, extent: extent, targetSize: target)
            #expect(axis.starts.count == target && axis.weights.count == target * axis.taps)
            for i in 0..<target {
                let start = Int(axis.starts[i])
                #expect(start >= 0 && start + axis.taps <= source)
                let sum = (0..<axis.taps).reduce(0) { $0 + Int(axis.weights[i * axis.taps + $1]) }
                // Exactly 1.0 in fixed point, so flat areas stay flat.
                #expect(sum == ResampleAxis.one)
            }
        }
    }

    @Test func lanczos3WeightsMatchTheFormula() {
        // 4× down: support 12 source pixels. Target 3's centre is at 14.0.
        let axis = ResampleAxis(filter: .lanczos3, sourceSize: 100, origin: 0, extent: 100, targetSize: 25)
        var exact = [Double]()
        let start = Int(axis.starts[3])
        for k in 0..<axis.taps { exact.append(ResampleFilter.lanczos3.weight(at: (Double(start + k) + 0.5 - 14) / 4)) }
        let total = exact.reduce(0, +)
        for k in 0..<axis.taps {
            // One fixed-point step (2^-14) of rounding, plus the residue given to the largest weight.
            #expect(abs(Double(axis.weights[3 * axis.taps + k]) / 16384 - exact[k] / total) <= 2.0 / 16384)
        }
        #expect(ResampleFilter.lanczos3.weight(at: 0) == 1)
        #expect(abs(ResampleFilter.lanczos3.weight(at: 1)) < 1e-12)
        #expect(ResampleFilter.bicubic.weight(at: 1) == 0 && ResampleFilter.bicubic.weight(at: 0) == 1)
        #expect(abs(ResampleFilter.mitchell.weight(at: 0) - 8.0 / 9.0) < 1e-12)
    }

    // MARK: - Exactness

    @Test(arguments: ResampleFilter.allCases)
    func identityIsBitExact(_ filter: ResampleFilter) throws {
        let image = try noiseRGBA(width: 37, height: 23, seed: 3)
        let size = PixelSize(width: 37, height: 23)
        #expect(try image.resampled(to: size, filter: filter) == image)
        let premultiplied = image.premultiplied()
        #expect(try premultiplied.resampled(to: size, filter: filter) == premultiplied)
        let gray = try PixelBuffer<Gray8>(width: 37, height: 23, packed: pseudoRandomBytes(37 * 23, seed: 9))
        #expect(try gray.resampled(to: size, filter: filter) == gray)
        // A whole-pixel crop at scale 1 is a copy of that rectangle.
        let crop = try image.resampled(
            to: PixelSize(width: 10, height: 7), from: SourceRect(x: 5, y: 3, width: 10, height: 7), filter: filter)
        #expect(crop == (try image.view(of: PixelRect(x: 5, y: 3, width: 10, height: 7))).copied())
    }

    @Test(arguments: ResampleFilter.allCases)
    func flatStaysFlat(_ filter: ResampleFilter) throws {
        let colour = SIMD4<UInt8>(200, 30, 77, 140)
        let image = try PixelBuffer<RGBA8>(width: 41, height: 29, repeating: colour)
        let premultiplied = image.premultiplied()
        for size in [PixelSize(width: 9, height: 13), PixelSize(width: 90, height: 31), PixelSize(width: 1, height: 1)]
        {
            let out = try premultiplied.resampled(to: size, from: SourceRect(x: 0.7, y: 1.3, width: 39, height: 26.5))
            // Weights sum to exactly 1.0, so every output pixel is the input pixel.
            #expect(
                out
                    == (try PixelBuffer<PremultipliedRGBA8>(
                        width: size.width, height: size.height, repeating: premultiplied[0, 0])))
            let straight = try image.resampled(to: size, filter: filter)
            // Premultiplying and unpremultiplying a flat colour comes back within one level (alpha 140).
            #expect(abs(Int(straight[0, 0].x) - 200) <= 1 && straight[size.width - 1, size.height - 1].w == 140)
        }
    }

    @Test func boxHalvesAreExactAverages() throws {
        let gray = try PixelBuffer<Gray8>(width: 4, height: 2, packed: [0, 2, 10, 21, 4, 6, 30, 40])
        let out = try gray.resampled(to: PixelSize(width: 2, height: 1), filter: .box)
        // (0+2+4+6)/4 = 3. Each pass rounds to 8 bits, as Pillow's: rows give 15.5 → 16 and 35, then 25.5 → 26.
        #expect(out[0, 0] == 3 && out[1, 0] == 26)
    }

    @Test func transparentPixelsDoNotBleed() throws {
        // Opaque red next to transparent pixels hiding green: halving mixes them, the colour must stay red.
        let image = try PixelBuffer<RGBA8>(
            width: 4, height: 1, packed: [255, 0, 0, 255, 255, 0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 0])
        for filter in ResampleFilter.allCases where filter != .nearest {
            let out = try image.resampled(to: PixelSize(width: 3, height: 1), filter: filter)
            for x in 0..<3 where out[x, 0].w > 0 { #expect(out[x, 0].y == 0, "\(filter) pixel \(x): \(out[x, 0])") }
        }
    }

    @Test func straightPathEqualsPremultiplyResampleUnpremultiply() throws {
        // The RGBA8 entry point premultiplies rows inside the horizontal pass (or the region first when the vertical
        // pass reads the source); either way it must equal the three public steps done separately.
        let image = try noiseRGBA(width: 53, height: 41, seed: 17)
        for filter in [ResampleFilter.box, .bilinear, .mitchell, .lanczos3] {
            for (size, rect) in [
                (PixelSize(width: 13, height: 9), nil), (PixelSize(width: 120, height: 17), nil),
                (PixelSize(width: 30, height: 70), SourceRect(x: 2.5, y: 3.25, width: 40, height: 31.5)),
                (PixelSize(width: 53, height: 20), nil),  // horizontal identity: vertical pass only
            ] as [(PixelSize, SourceRect?)] {
                let direct = try image.resampled(to: size, from: rect, filter: filter)
                let steps = try image.premultiplied().resampled(to: size, from: rect, filter: filter).unpremultiplied()
                #expect(direct == steps, "\(filter) \(size)")
            }
        }
    }

    @Test func linearLightAveragesLight() throws {
        // Black and white columns halved: sRGB-encoded averaging gives 128, linear light gives 188 (0.5 encoded).
        let image = try PixelBuffer<RGBA8>(
            width: 2, height: 1, packed: [0, 0, 0, 255, 255, 255, 255, 255])
        let encoded = try image.resampled(to: PixelSize(width: 1, height: 1), filter: .box)
        let linear = try image.resampled(to: PixelSize(width: 1, height: 1), filter: .box, linearLight: true)
        #expect(encoded[0, 0] == SIMD4(128, 128, 128, 255))
        #expect(linear[0, 0] == SIMD4(188, 188, 188, 255))
    }

    @Test func parallelBandsMatchOneThread() throws {
        let image = try noiseRGBA(width: 120, height: 90, seed: 11).premultiplied()
        for filter in [ResampleFilter.bilinear, .lanczos3] {
            for size in [PixelSize(width: 31, height: 77), PixelSize(width: 250, height: 40)] {
                let op = Resample(to: size, filter: filter)
                let serial = try op.apply(to: image.view, scheduler: .serial)
                let parallel = try op.apply(
                    to: image.view, scheduler: RowScheduler(maxConcurrency: 4, minimumBytesPerBand: 64))
                #expect(serial == parallel)
            }
        }
    }

    // MARK: - Parameters

    @Test func badParametersThrowBeforeAllocating() throws {
        let image = try PixelBuffer<Gray8>(width: 10, height: 8)
        let bad: [Resample] = [
            Resample(to: PixelSize(width: 0, height: 5)), Resample(to: PixelSize(width: 5, height: -1)),
            Resample(to: PixelSize(width: 5, height: 5), from: SourceRect(x: 0, y: 0, width: 0, height: 3)),
            Resample(to: PixelSize(width: 5, height: 5), from: SourceRect(x: 2, y: 0, width: 8.5, height: 3)),
            Resample(to: PixelSize(width: 5, height: 5), from: SourceRect(x: -0.5, y: 0, width: 2, height: 3)),
            Resample(to: PixelSize(width: 5, height: 5), from: SourceRect(x: .nan, y: 0, width: 2, height: 3)),
            Resample(to: PixelSize(width: 5, height: 5), from: SourceRect(x: 0, y: 0, width: .infinity, height: 3)),
        ]
        for op in bad {
            #expect(throws: ParameterError.self) { try op.apply(to: image.view) }
        }
        #expect(throws: ParameterError.self) {
            try Resample(fitting: PixelSize(width: 10, height: 8), into: PixelSize(width: 0, height: 3), fit: .contain)
        }
    }

    @Test func fitsKeepTheAspectRatio() throws {
        let source = PixelSize(width: 6000, height: 4000)
        let box = PixelSize(width: 2000, height: 2000)
        let contain = try Resample(fitting: source, into: box, fit: .contain)
        #expect(contain.size == PixelSize(width: 2000, height: 1333) && contain.sourceRect == nil)
        let cover = try Resample(fitting: source, into: box, fit: .cover)
        #expect(cover.size == box && cover.sourceRect == SourceRect(x: 1000, y: 0, width: 4000, height: 4000))
        let fill = try Resample(fitting: source, into: box, fit: .fill)
        #expect(fill.size == box && fill.sourceRect == nil)
    }

    // MARK: - SIMD kernels against the reference

    /// Runs a pass through the dispatching kernels and through the reference, on odd strides, and compares.
    /// `withTables: false` leaves out the RGBA pair table, which selects the two-pixels-per-vector kernel.
    private func compareHorizontal(
        targets: Int, sourceWidth: Int, channels: Int, filter: ResampleFilter, withTables: Bool = true
    ) {
        let axis = ResampleAxis(
            filter: filter, sourceSize: sourceWidth, origin: 0.3, extent: Double(sourceWidth) - 0.6, targetSize: targets
        )
        let rows = 3
        let srcStride = sourceWidth * channels + 3, dstStride = targets * channels + 5
        let source = pseudoRandomBytes(srcStride * rows, seed: UInt64(targets * 31 + sourceWidth))
        var simd = [UInt8](repeating: 0xEE, count: dstStride * rows), reference = simd
        let (padded, paddedTaps) = axis.paddedWeights()
        let (paired, pairs) = axis.pairWeights()
        func run(_ buffer: inout [UInt8], useReference: Bool) {
            buffer.withUnsafeMutableBytes { dst in
                source.withUnsafeBytes { src in
                    axis.starts.withUnsafeBufferPointer { starts in
                        axis.weights.withUnsafeBufferPointer { weights in
                            paired.withUnsafeBufferPointer { pairWeights in
                                padded.withUnsafeBufferPointer { paddedWeights in
                                    var pass = unsafe ResamplePass(
                                        source: src.baseAddress!, sourceStride: srcStride, sourceExtent: sourceWidth,
                                        destination: dst.baseAddress!, destinationStride: dstStride,
                                        starts: starts.baseAddress!, weights: weights.baseAddress!, taps: axis.taps,
                                        shift: 0, targetCount: targets, channels: channels)
                                    if channels == 1 {
                                        pass.paddedWeights = paddedWeights.baseAddress
                                        pass.paddedTaps = paddedTaps
                                    } else if withTables {
                                        pass.pairWeights = pairWeights.baseAddress
                                        pass.pairs = pairs
                                    }
                                    if useReference {
                                        for y in 0..<rows {
                                            Resample.referenceHorizontal(pass, row: y, from: 0, to: targets)
                                        }
                                    } else {
                                        Resample.horizontalRows(pass, 0..<rows, clampToAlpha: false)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        run(&simd, useReference: false)
        run(&reference, useReference: true)
        #expect(simd == reference, "\(filter) \(sourceWidth) → \(targets) × \(channels) tables \(withTables)")
    }

    @Test(arguments: Array(1...19))
    func horizontalKernelsMatchReference(targets: Int) {
        for channels in [1, 4] {
            // Box and bilinear exercise the few-taps Gray8 kernel (at most three taps).
            for filter in [ResampleFilter.lanczos3, .bilinear, .box, .nearest] {
                compareHorizontal(targets: targets, sourceWidth: targets * 3 + 1, channels: channels, filter: filter)
                compareHorizontal(
                    targets: targets, sourceWidth: max(1, targets / 2), channels: channels, filter: filter)
                compareHorizontal(targets: targets, sourceWidth: 23, channels: channels, filter: filter)
                // The two-pixels-per-vector RGBA kernel used when no pair table is given.
                compareHorizontal(
                    targets: targets, sourceWidth: targets * 2 + 5, channels: channels, filter: filter,
                    withTables: false)
            }
        }
    }

    @Test(arguments: Array(1...35))
    func verticalKernelMatchesReference(bytes: Int) {
        for (sourceRows, targets) in [(19, 5), (4, 9), (1, 3)] {
            let axis = ResampleAxis(
                filter: .lanczos3, sourceSize: sourceRows, origin: 0, extent: Double(sourceRows), targetSize: targets)
            let srcStride = bytes + 7, dstStride = bytes + 1
            let source = pseudoRandomBytes(srcStride * sourceRows, seed: UInt64(bytes))
            var simd = [UInt8](repeating: 0xEE, count: dstStride * targets), reference = simd
            source.withUnsafeBytes { src in
                axis.starts.withUnsafeBufferPointer { starts in
                    axis.weights.withUnsafeBufferPointer { weights in
                        func run(_ buffer: inout [UInt8], useReference: Bool) {
                            buffer.withUnsafeMutableBytes { dst in
                                let pass = unsafe ResamplePass(
                                    source: src.baseAddress!, sourceStride: srcStride, sourceExtent: sourceRows,
                                    destination: dst.baseAddress!, destinationStride: dstStride,
                                    starts: starts.baseAddress!, weights: weights.baseAddress!, taps: axis.taps,
                                    shift: 0, targetCount: bytes, channels: 1)
                                if useReference {
                                    for r in 0..<targets {
                                        Resample.referenceVertical(pass, row: r, from: 0, to: bytes)
                                    }
                                } else {
                                    Resample.verticalRows(pass, 0..<targets, clampToAlpha: false)
                                }
                            }
                        }
                        run(&simd, useReference: false)
                        run(&reference, useReference: true)
                    }
                }
            }
            #expect(simd == reference, "\(sourceRows) → \(targets) rows of \(bytes) bytes")
        }
    }

    @Test(arguments: Array(1...19))
    func clampToAlphaMatchesReference(width: Int) {
        var simd = pseudoRandomBytes(width * 4, seed: UInt64(width)), reference = simd
        simd.withUnsafeMutableBytes { Resample.clampRowToAlpha($0.baseAddress!, count: width) }
        reference.withUnsafeMutableBytes { Resample.referenceClampToAlpha($0.baseAddress!, from: 0, to: width) }
        #expect(simd == reference)
        for x in 0..<width { #expect(simd[x * 4] <= simd[x * 4 + 3] && simd[x * 4 + 2] <= simd[x * 4 + 3]) }
    }
}
