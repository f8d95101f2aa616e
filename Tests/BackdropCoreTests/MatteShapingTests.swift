// Tests of GaussianBlur and MatteShaping: identities, exact agreement with naive oracles, edge movement.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import BackdropCore

/// A naive separable filter with clamped edges and rounding after each pass, written independently of the
/// kernels: `pass(values at clamped offsets) -> UInt8` applied along rows, then along columns.
private func naiveSeparable(
    _ plane: [[UInt8]], radius: Int, _ pass: ([Int]) -> UInt8
) -> [[UInt8]] {
    let h = plane.count, w = plane[0].count
    var horizontal = plane
    for y in 0..<h {
        for x in 0..<w {
            horizontal[y][x] = pass((-radius...radius).map { Int(plane[y][min(w - 1, max(0, x + $0))]) })
        }
    }
    var out = horizontal
    for y in 0..<h {
        for x in 0..<w {
            out[y][x] = pass((-radius...radius).map { Int(horizontal[min(h - 1, max(0, y + $0))][x]) })
        }
    }
    return out
}

private func rows(_ buffer: PixelBuffer<Gray8>) -> [[UInt8]] {
    (0..<buffer.height).map { y in (0..<buffer.width).map { x in buffer[x, y] } }
}

private func plane(_ rows: [[UInt8]]) throws -> PixelBuffer<Gray8> {
    try PixelBuffer<Gray8>(width: rows[0].count, height: rows.count, packed: rows.flatMap { $0 })
}

private func randomPlane(width: Int, height: Int, seed: UInt64) throws -> PixelBuffer<Gray8> {
    try PixelBuffer<Gray8>(width: width, height: height, packed: pseudoRandomBytes(width * height, seed: seed))
}

@Suite struct GaussianBlurTests {
    @Test(arguments: [0.6, 1.5, 3.0, 4.0, 12.5])
    func constantPlanesStayExactlyConstant(sigma: Double) throws {
        let flat = try PixelBuffer<Gray8>(width: 37, height: 29, repeating: 173)
        #expect(try flat.blurred(sigma: sigma, scheduler: .serial) == flat)
    }

    @Test func zeroSigmaIsIdentityAndBadSigmasAreTyped() throws {
        let p = try randomPlane(width: 9, height: 7, seed: 1)
        #expect(try p.blurred(sigma: 0) == p)
        for bad in [-1.0, .nan, .infinity, 1e9] {
            #expect(throws: ParameterError.self) { try p.blurred(sigma: bad) }
        }
    }

    @Test(arguments: [(0.8, 41), (2.0, 41), (3.0, 41), (3.0, 1), (2.0, 7), (3.0, 17), (3.0, 26), (1.0, 83)])
    func directPathMatchesNaiveConvolution(sigma: Double, width: Int) throws {
        // Widths around 2·radius + 8, where the SIMD row kernel starts to run, and beyond.
        let p = try randomPlane(width: width, height: 23, seed: 2)
        let k = GaussianBlur.kernel(sigma: sigma)
        let r = k.count - 1
        let expected = naiveSeparable(rows(p), radius: r) { v in
            var sum = Int(k[0]) * v[r]
            for i in 1...r { sum += Int(k[i]) * (v[r - i] + v[r + i]) }
            return UInt8(min(255, max(0, (sum + 8192) >> 14)))
        }
        #expect(rows(try p.blurred(sigma: sigma, scheduler: .serial)) == expected)
    }

    @Test(arguments: [(4.0, 45), (9.0, 45), (4.0, 150), (6.0, 7)])
    func boxPathMatchesNaiveBoxPasses(sigma: Double, width: Int) throws {
        // 150 columns: two 64-column sweeps of the vertical pass and a tail.
        let p = try randomPlane(width: width, height: 38, seed: 3)
        var expected = rows(p)
        let radii = GaussianBlur.boxRadii(sigma: sigma)
        let h = expected.count, w = expected[0].count
        func box(_ v: [Int], _ r: Int) -> UInt8 { UInt8((v.reduce(0, +) + (2 * r + 1) / 2) / (2 * r + 1)) }
        for r in radii {  // horizontal passes first, then vertical, as the operation does
            let src = expected
            for y in 0..<h {
                for x in 0..<w { expected[y][x] = box((-r...r).map { Int(src[y][min(w - 1, max(0, x + $0))]) }, r) }
            }
        }
        for r in radii {
            let src = expected
            for y in 0..<h {
                for x in 0..<w { expected[y][x] = box((-r...r).map { Int(src[min(h - 1, max(0, y + $0))][x]) }, r) }
            }
        }
        var boxes = GaussianBlur(sigma: sigma)
        boxes.reducesResolution = false  // the box passes alone
        #expect(rows(try boxes.apply(to: p, scheduler: .serial)) == expected)
        let many = RowScheduler(maxConcurrency: 3, minimumBytesPerBand: 1)
        #expect(try boxes.apply(to: p, scheduler: many) == boxes.apply(to: p, scheduler: .serial))
        #expect(try p.blurred(sigma: sigma, scheduler: many) == p.blurred(sigma: sigma, scheduler: .serial))
    }

    /// Large sigmas run at reduced resolution. Both that and the full-resolution box passes approximate a
    /// Gaussian (edges extended); against an exact one in double precision, on a plane with a hard-edged
    /// rectangle (210 levels of contrast), fine texture and its borders, the reduced result must be about as close
    /// as the box passes away from the border (measured: within 2.3 levels, where the box passes are 3.6–4.2 off;
    /// the test allows 3), and within 7 levels at the border.
    @Test(arguments: [5.0, 8.0, 12.0, 25.0, 40.0])
    func reducedResolutionStaysCloseToAnExactGaussian(sigma: Double) throws {
        let w = 331, h = 257
        var bytes = [UInt8]()
        for y in 0..<h {
            for x in 0..<w {
                let edge = x > 120 && x < 230 && y > 60 && y < 200 ? 230 : 20
                let texture = (x * 7 + y * 13) % 17 * 3
                bytes.append(UInt8(min(255, edge + texture)))
            }
        }
        let p = try PixelBuffer<Gray8>(width: w, height: h, packed: bytes)
        let reduced = try p.blurred(sigma: sigma, scheduler: .serial)
        var full = GaussianBlur(sigma: sigma)
        full.reducesResolution = false
        let boxes = try full.apply(to: p, scheduler: .serial)
        // The exact Gaussian, separable, taps to 4 sigma, edges extended.
        let radius = Int((4 * sigma).rounded(.up))
        let taps = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let norm = taps.reduce(0, +)
        var rowsPass = [Double](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                var sum = 0.0
                for (i, t) in taps.enumerated() { sum += t * Double(bytes[y * w + min(w - 1, max(0, x + i - radius))]) }
                rowsPass[y * w + x] = sum / norm
            }
        }
        var reducedWorst = 0.0, borderWorst = 0.0, boxWorst = 0.0
        for y in 0..<h {
            for x in 0..<w {
                var sum = 0.0
                for (i, t) in taps.enumerated() { sum += t * rowsPass[min(h - 1, max(0, y + i - radius)) * w + x] }
                let exact = sum / norm
                let error = abs(Double(reduced[x, y]) - exact)
                let band = 2 * max(2, Int(sigma / 3))  // twice the shrink factor
                if x >= band && y >= band && x < w - band && y < h - band {
                    reducedWorst = max(reducedWorst, error)
                } else {
                    borderWorst = max(borderWorst, error)
                }
                boxWorst = max(boxWorst, abs(Double(boxes[x, y]) - exact))
            }
        }
        print(
            "sigma \(sigma): reduced \(reducedWorst) (border \(borderWorst)), boxes \(boxWorst) from an exact Gaussian")
        #expect(reducedWorst <= 3 && reducedWorst <= boxWorst, "reduced \(reducedWorst), boxes \(boxWorst)")
        // At the border the shrink averages the textured edge pixels before the edge is extended.
        #expect(borderWorst <= 7, "border \(borderWorst)")
    }

    @Test func boxRadiiMatchTheRequestedVariance() {
        for sigma in [3.5, 5.0, 10.0, 40.0, 200.0] {
            let variance = GaussianBlur.boxRadii(sigma: sigma).map { r in Double((2 * r + 1) * (2 * r + 1) - 1) / 12 }
            #expect(abs(variance.reduce(0, +).squareRoot() - sigma) / sigma < 0.08, "sigma \(sigma)")
        }
    }

    @Test(arguments: [2.0, 8.0])
    func stepEdgeFollowsTheGaussianProfile(sigma: Double) throws {
        // A vertical step 0 | 255 blurred is 255·Φ(x/σ) across the edge.
        let w = 96
        let step = try PixelBuffer<Gray8>(
            width: w, height: 4, packed: (0..<4).flatMap { _ in (0..<w).map { $0 < w / 2 ? 0 : 255 } })
        let out = try step.blurred(sigma: sigma, scheduler: .serial)
        var worst = 0.0
        for x in 0..<w {
            let d = Double(x) + 0.5 - Double(w / 2)
            let expected = 255 * 0.5 * (1 + erf(d / (sigma * 2.0.squareRoot())))
            worst = max(worst, abs(Double(out[x, 1]) - expected))
        }
        // Tolerance: 2 levels for the sampled kernel, 4 for three box passes (a piecewise-quadratic Gaussian).
        #expect(worst <= (sigma <= GaussianBlur.directLimit ? 2 : 4), "max deviation \(worst)")
    }
}

@Suite struct MatteShapingTests {
    @Test func defaultsLeaveTheMatteUntouched() throws {
        let p = try randomPlane(width: 19, height: 5, seed: 4)
        let shaping = MatteShaping()
        #expect(shaping.isIdentity)
        let out = try p.shaped(shaping)
        #expect(out == p)
        #expect(out.storage === p.storage)  // not even copied
    }

    @Test func levelsSnapAndStretch() throws {
        let p = try PixelBuffer<Gray8>(width: 256, height: 1, packed: (0...255).map { UInt8($0) })
        let out = try p.shaped(MatteShaping(floor: 20, ceiling: 220))
        for v in 0...255 {
            let expected = v <= 20 ? 0 : v >= 220 ? 255 : Int((Double(v - 20) / 200 * 255).rounded())
            #expect(Int(out[v, 0]) == expected, "value \(v)")
        }
        let gamma = try p.shaped(MatteShaping(gamma: 2))
        #expect(gamma[64, 0] == UInt8((255 * (64.0 / 255).squareRoot()).rounded()))
        #expect(gamma[0, 0] == 0 && gamma[255, 0] == 255)
    }

    @Test func chokeMovesTheEdgeByWholeAndFractionalPixels() throws {
        // A 10 × 10 opaque square in a 20 × 20 matte.
        var square = [[UInt8]](repeating: [UInt8](repeating: 0, count: 20), count: 20)
        for y in 5..<15 { for x in 5..<15 { square[y][x] = 255 } }
        let matte = try plane(square)
        let choked = try matte.shaped(MatteShaping(choke: 1), scheduler: .serial)
        #expect(choked[5, 10] == 0 && choked[6, 10] == 255 && choked[13, 10] == 255 && choked[14, 10] == 0)
        let half = try matte.shaped(MatteShaping(choke: 0.5), scheduler: .serial)
        #expect(half[5, 10] == 128 && half[6, 10] == 255 && half[4, 10] == 0)
        let spread = try matte.shaped(MatteShaping(choke: -2), scheduler: .serial)
        #expect(spread[3, 10] == 255 && spread[2, 10] == 0 && spread[3, 3] == 255)
    }

    @Test(arguments: [1, 2, 5])
    func windowKernelsMatchNaiveMinAndMax(radius: Int) throws {
        for width in [1, 7, 16, 17, 33, 50] {
            let p = try randomPlane(width: width, height: 9, seed: UInt64(width * 31 + radius))
            for erode in [true, false] {
                let expected = naiveSeparable(rows(p), radius: radius) { UInt8(erode ? $0.min()! : $0.max()!) }
                let out = try MatteShaping.filter(p, radius: radius, erode: erode, scheduler: .serial)
                #expect(rows(out) == expected, "width \(width) radius \(radius) erode \(erode)")
            }
        }
    }

    @Test func featherIsTheGaussianBlur() throws {
        let p = try randomPlane(width: 30, height: 20, seed: 5)
        #expect(try p.shaped(MatteShaping(feather: 1.5)) == p.blurred(sigma: 1.5))
    }

    @Test func invalidSettingsAreTypedErrors() throws {
        let p = try randomPlane(width: 4, height: 4, seed: 6)
        for bad in [
            MatteShaping(floor: 200, ceiling: 100), MatteShaping(gamma: 0), MatteShaping(gamma: .nan),
            MatteShaping(choke: 101), MatteShaping(feather: -1), MatteShaping(feather: .infinity),
        ] {
            #expect(throws: ParameterError.self) { try p.shaped(bad) }
        }
    }
}
