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

    @Test(arguments: [0.8, 2.0, 3.0])
    func directPathMatchesNaiveConvolution(sigma: Double) throws {
        let p = try randomPlane(width: 41, height: 23, seed: 2)  // ≥ 16 columns: the SIMD column pass runs
        let k = GaussianBlur.kernel(sigma: sigma)
        let r = k.count - 1
        let expected = naiveSeparable(rows(p), radius: r) { v in
            var sum = Int(k[0]) * v[r]
            for i in 1...r { sum += Int(k[i]) * (v[r - i] + v[r + i]) }
            return UInt8(min(255, max(0, (sum + 8192) >> 14)))
        }
        #expect(rows(try p.blurred(sigma: sigma, scheduler: .serial)) == expected)
    }

    @Test(arguments: [4.0, 9.0])
    func boxPathMatchesNaiveBoxPasses(sigma: Double) throws {
        let p = try randomPlane(width: 45, height: 38, seed: 3)
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
        #expect(rows(try p.blurred(sigma: sigma, scheduler: .serial)) == expected)
        let many = RowScheduler(maxConcurrency: 3, minimumBytesPerBand: 1)
        #expect(try p.blurred(sigma: sigma, scheduler: many) == p.blurred(sigma: sigma, scheduler: .serial))
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
