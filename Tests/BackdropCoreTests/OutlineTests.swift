// Outline: the distance transform against brute force, the stroke width measured, and ColorOver's maths.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

@Suite struct OutlineTests {
    /// The Felzenszwalb–Huttenlocher transform gives the same coverage as brute-force nearest points.
    @Test(arguments: [1, 2, 5, 11])
    func distanceTransformMatchesBruteForce(seed: Int) throws {
        // Sparse random blobs: a random matte thresholded high, so there are gaps and isolated pixels.
        let w = 23, h = 17
        let bytes = pseudoRandomBytes(w * h, seed: UInt64(seed)).map { $0 > 215 ? UInt8(255) : $0 / 2 }
        let matte = try PixelBuffer<Gray8>(width: w, height: h, packed: bytes)
        let subject = PixelRect(x: 2, y: 1, width: 18, height: 14)
        let region = PixelRect(x: 0, y: 0, width: w, height: h)
        for stroke in [0.7, 2.3, 5.0] {
            var plane = try PixelBuffer<Gray8>(width: w, height: h)
            try Outline.strokeCoverage(
                matte, subject: subject, region: region, stroke: stroke, into: &plane, scheduler: .serial)
            let expected = try Outline.referenceCoverage(matte, subject: subject, region: region, stroke: stroke)
            #expect(plane == expected, "stroke \(stroke)")
        }
    }

    /// Solid shapes (long runs of subject pixels, whose inner parabolas the row pass skips) against brute force.
    @Test func solidShapesMatchBruteForce() throws {
        let matte = try Shapes.matte(width: 48, height: 36) { x, y in
            ((x - 15) * (x - 15) + (y - 18) * (y - 18) < 100) || (x > 27 && x < 44 && y > 6 && y < 30 && x - y < 20)
        }
        let subject = PixelRect(x: 3, y: 4, width: 42, height: 28)
        let region = PixelRect(x: 0, y: 0, width: 48, height: 36)
        for stroke in [0.4, 1.5, 3.7, 9.0] {
            var plane = try PixelBuffer<Gray8>(width: 48, height: 36)
            try Outline.strokeCoverage(
                matte, subject: subject, region: region, stroke: stroke, into: &plane, scheduler: .serial)
            let expected = try Outline.referenceCoverage(matte, subject: subject, region: region, stroke: stroke)
            #expect(plane == expected, "stroke \(stroke)")
        }
    }

    /// Stroke width measured by distance: along rows through a disc's centre, the outline reaches `W` pixels
    /// past the subject's edge (coverage ≥ 128 up to W, < 128 beyond W + 1).
    @Test(arguments: [0.01, 0.03, 0.1])
    func widthIsMeasuredByDistance(width: Double) throws {
        let size = 100.0
        let matte = try Shapes.matte(width: 180, height: 180) { x, y in
            (x - 90) * (x - 90) + (y - 90) * (y - 90) <= 50 * 50
        }
        let subject = PixelRect(x: 40, y: 40, width: 100, height: 100)
        let coverage = try Outline(width: width).apply(to: PlacedMatte(matte: matte, subject: subject))
        let stroke = width * size
        // Subject edge along the centre row: last pixel with matte ≥ 128 going right.
        var edge = 90
        while matte[edge + 1, 90] >= 128 { edge += 1 }
        var reach = edge
        while reach + 1 < 180 && coverage[reach + 1, 90] >= 128 { reach += 1 }
        #expect(abs(Double(reach - edge) - stroke) <= 1, "stroke \(stroke): reach \(reach - edge)")
        // Inside the subject the outline is solid.
        #expect(coverage[90, 90] == 255)
    }

    /// Many small bands (each with its own scratch row in the row pass) give the one-thread result.
    @Test func bandsMatchOneThread() throws {
        let matte = DropShadowTests.shoe
        let subject = try #require(try SubjectBox().apply(to: matte.view))
        let bands = RowScheduler(maxConcurrency: 4, minimumBytesPerBand: 1)
        for outline in [Outline(width: 0.05), Outline(width: 0.02, blurRadius: 0.02)] {
            let one = try outline.apply(to: PlacedMatte(matte: matte, subject: subject), scheduler: .serial)
            #expect(one == (try outline.apply(to: PlacedMatte(matte: matte, subject: subject), scheduler: bands)))
        }
    }

    @Test func blurSoftensTheStroke() throws {
        let matte = try Shapes.matte(width: 120, height: 120) { x, y in abs(x - 60) < 30 && abs(y - 60) < 30 }
        let subject = PixelRect(x: 30, y: 30, width: 60, height: 60)
        let sharp = try Outline(width: 0.05).apply(to: PlacedMatte(matte: matte, subject: subject))
        let soft = try Outline(width: 0.05, blurRadius: 0.025).apply(to: PlacedMatte(matte: matte, subject: subject))
        // Beyond the sharp stroke (3 px) the blurred one still has coverage.
        #expect(sharp[60, 96] == 0)
        #expect(soft[60, 96] > 0)
    }

    @Test func parametersAreValidated() throws {
        for bad in [Outline(width: 0.2), Outline(width: -0.01), Outline(blurRadius: 0.03), Outline(width: .nan)] {
            #expect(throws: ParameterError.self) { try bad.validateParameters() }
        }
        try Outline(width: 0.1, blurRadius: 0.025).validateParameters()
    }
}

@Suite struct ColorOverTests {
    @Test(arguments: Array(1...19))
    func kernelMatchesReference(width: Int) throws {
        // Random pixels; every other row fully opaque so the packed path runs, the others translucent.
        var pixels = pseudoRandomBytes(width * 4 * 4, seed: UInt64(width))
        for y in [0, 2] { for x in 0..<width { pixels[(y * width + x) * 4 + 3] = 255 } }
        var coverage = pseudoRandomBytes(width * 4, seed: UInt64(width) + 99)
        for x in 0..<min(width, 8) { coverage[width + x] = 0 }  // a block of zero coverage
        let image = try PixelBuffer<RGBA8>(width: width, height: 4, packed: pixels)
        let plane = try PixelBuffer<Gray8>(width: width, height: 4, packed: coverage)
        let color = RGBAColor(red: 20, green: 40, blue: 200, alpha: 230)
        let out = try ColorOver(color: color).apply(to: .init(image: image, coverage: plane), scheduler: .serial)
        for y in 0..<4 {
            for x in 0..<width {
                #expect(out[x, y] == ColorOver.reference(color, coverage: plane[x, y], over: image[x, y]))
            }
        }
    }

    @Test func transparentCanvasTakesTheLayer() throws {
        let image = try PixelBuffer<RGBA8>(width: 9, height: 1, repeating: .zero)
        let plane = try PixelBuffer<Gray8>(width: 9, height: 1, packed: [0, 1, 2, 64, 128, 200, 254, 255, 77])
        let out = try image.underlaid(.black, coverage: plane, scheduler: .serial)
        for x in 0..<9 { #expect(out[x, 0] == SIMD4(0, 0, 0, plane[x, 0])) }
    }

    @Test func opaqueMathIsExact() throws {
        for a in stride(from: 0, through: 255, by: 5) {
            for b in stride(from: 0, through: 255, by: 15) {
                let p = ColorOver.reference(.black, coverage: UInt8(a), over: SIMD4(UInt8(b), UInt8(b), UInt8(b), 255))
                #expect(Int(p.x) == exactRound(b * (255 - a), 255))
                #expect(p.w == 255)
            }
        }
    }
}
