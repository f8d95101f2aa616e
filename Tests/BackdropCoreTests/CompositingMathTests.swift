// Property tests of the alpha maths: premultiply, unpremultiply, matte and compositing over a colour.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

/// Every (value, alpha) pair as a 256 × 256 RGBA image: pixel (x, y) = (x, 255 − x, x ^ y, y).
func allPairsImage() throws -> PixelBuffer<RGBA8> {
    var bytes = [UInt8]()
    bytes.reserveCapacity(256 * 256 * 4)
    for y in 0..<256 {
        for x in 0..<256 { bytes += [UInt8(x), UInt8(255 - x), UInt8(x ^ y), UInt8(y)] }
    }
    return try PixelBuffer<RGBA8>(width: 256, height: 256, packed: bytes)
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
func pseudoRandomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state >> 24)
    }
}

func exactRound(_ numerator: Int, _ denominator: Int) -> Int { (2 * numerator + denominator) / (2 * denominator) }

@Suite struct CompositingMathTests {
    @Test func premultiplyIsExactForAllPairs() throws {
        let out = try allPairsImage().premultiplied(scheduler: .serial)
        for a in 0..<256 {
            for c in 0..<256 {
                let p = out[c, a]
                #expect(Int(p.x) == exactRound(c * a, 255))
                #expect(Int(p.w) == a)
            }
        }
    }

    @Test func unpremultiplyIsExactAndRoundTripsForAllPairs() throws {
        for a in 0..<256 {
            for p in 0...a {
                let c = Unpremultiply.reference(UInt8(p), alpha: UInt8(a))
                #expect(Int(c) == (a == 0 ? 0 : exactRound(p * 255, a)))
                #expect(Int(Premultiply.reference(c, alpha: UInt8(a))) == p, "p \(p) a \(a)")
            }
        }
        // The reciprocal table divides exactly over the whole range the kernel feeds it.
        for a in 1..<256 {
            for x in 0...(255 * 255 + 127) where (UInt64(x) * Unpremultiply.reciprocals[a]) >> 24 != UInt64(x / a) {
                Issue.record("reciprocal of \(a) is inexact at \(x)")
                return
            }
        }
        // The buffer path agrees with the scalar reference.
        let premultiplied = try allPairsImage().premultiplied(scheduler: .serial)
        let back = premultiplied.unpremultiplied()
        for a in stride(from: 0, to: 256, by: 17) {
            for c in 0..<256 {
                let p = premultiplied[c, a]
                #expect(back[c, a].x == Unpremultiply.reference(p.x, alpha: p.w))
            }
        }
    }

    @Test func overAlphaZeroIsBackgroundAndOverOpaqueIsForeground() throws {
        let colours = [RGBAColor.white, .black, RGBAColor(red: 12, green: 200, blue: 99)]
        for colour in colours {
            let out = try allPairsImage().flattened(over: colour, scheduler: .serial)
            for x in 0..<256 {
                #expect(out[x, 0] == SIMD4(colour.red, colour.green, colour.blue, 255))
                let f = try allPairsImage()[x, 255]
                #expect(out[x, 255] == SIMD4(f.x, f.y, f.z, 255))
            }
        }
    }

    @Test func flattenMatchesTheFormulaForAllPairs() throws {
        let colour = RGBAColor(red: 250, green: 3, blue: 128)
        let image = try allPairsImage()
        let out = try image.flattened(over: colour, scheduler: .serial)
        let back = [Int(colour.red), Int(colour.green), Int(colour.blue)]
        for a in 0..<256 {
            for x in 0..<256 {
                let f = image[x, a], o = out[x, a]
                for (ch, (fv, ov)) in zip([f.x, f.y, f.z], [o.x, o.y, o.z]).enumerated() {
                    let expected = exactRound(Int(fv) * a + back[ch] * (255 - a), 255)
                    #expect(abs(Int(ov) - expected) <= 0, "f \(fv) a \(a) ch \(ch)")
                }
                #expect(o.w == 255)
            }
        }
    }

    @Test func matteIsFusedExactlyAsApplyThenFlatten() throws {
        let image = try PixelBuffer<RGBA8>(width: 37, height: 11, packed: pseudoRandomBytes(37 * 11 * 4, seed: 7))
        let matte = try PixelBuffer<Gray8>(width: 37, height: 11, packed: pseudoRandomBytes(37 * 11, seed: 9))
        let fused = try image.flattened(over: .white, matte: matte, scheduler: .serial)
        let twoSteps = try image.applyingMatte(matte, scheduler: .serial).flattened(over: .white, scheduler: .serial)
        #expect(fused == twoSteps)
        let applied = try image.applyingMatte(matte)
        for y in 0..<11 {
            for x in 0..<37 {
                #expect(Int(applied[x, y].w) == exactRound(Int(image[x, y].w) * Int(matte[x, y]), 255))
                #expect(applied[x, y].x == image[x, y].x)
            }
        }
    }

    /// Blocks of eight pixels that are uniformly transparent, uniformly opaque or mixed, so the kernel's
    /// shortcuts for uniform blocks are taken and checked against the formula.
    @Test(arguments: [false, true])
    func uniformBlocksTakeShortcutsWithTheSameResult(withMatte: Bool) throws {
        let w = 83, h = 6
        var rgba = pseudoRandomBytes(w * h * 4, seed: 31)
        var matteBytes = pseudoRandomBytes(w * h, seed: 32)
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                switch (x / 8 + y) % 5 {
                case 0: matteBytes[i] = 0
                case 1: matteBytes[i] = 255; rgba[i * 4 + 3] = 255
                case 2: matteBytes[i] = 255
                case 3: rgba[i * 4 + 3] = 0
                default: break
                }
            }
        }
        let image = try PixelBuffer<RGBA8>(width: w, height: h, packed: rgba)
        let matte = withMatte ? try PixelBuffer<Gray8>(width: w, height: h, packed: matteBytes) : nil
        let colour = RGBAColor(red: 9, green: 99, blue: 199)
        let out = try image.flattened(over: colour, matte: matte, scheduler: .serial)
        for y in 0..<h {
            for x in 0..<w {
                let f = image[x, y]
                let a = matte.map { Int(multiplyRounded(f.w, $0[x, y])) } ?? Int(f.w)
                let expected = SIMD4(
                    UInt8(exactRound(Int(f.x) * a + 9 * (255 - a), 255)),
                    UInt8(exactRound(Int(f.y) * a + 99 * (255 - a), 255)),
                    UInt8(exactRound(Int(f.z) * a + 199 * (255 - a), 255)), 255)
                #expect(out[x, y] == expected, "pixel (\(x), \(y))")
            }
        }
    }

    @Test func transparentBackgroundKeepsTheCutout() throws {
        let image = try PixelBuffer<RGBA8>(width: 9, height: 4, packed: pseudoRandomBytes(9 * 4 * 4, seed: 3))
        #expect(try image.flattened(over: .transparent) == image)
        let matte = try PixelBuffer<Gray8>(width: 9, height: 4, packed: pseudoRandomBytes(36, seed: 4))
        #expect(try image.flattened(over: .transparent, matte: matte) == image.applyingMatte(matte))
    }

    @Test func translucentBackgroundFollowsStraightAlphaOver() throws {
        let colour = RGBAColor(red: 0, green: 0, blue: 255, alpha: 128)
        let image = try PixelBuffer<RGBA8>(width: 3, height: 1, packed: [255, 0, 0, 0, 255, 0, 0, 255, 255, 0, 0, 128])
        let out = try image.flattened(over: colour)
        #expect(out[0, 0] == SIMD4(0, 0, 255, 128))  // alpha 0: the background as it is
        #expect(out[1, 0] == SIMD4(255, 0, 0, 255))  // opaque: the foreground
        // a = 128, β = 128: A = 128 + 128·127/255 = 191.75; R = 255·128/191.75 = 170.2; B = 255·63.75/191.75 = 84.8
        #expect(out[2, 0] == SIMD4(170, 0, 85, 192))
    }

    @Test func mismatchedMatteIsATypedError() throws {
        let image = try PixelBuffer<RGBA8>(width: 4, height: 4)
        let matte = try PixelBuffer<Gray8>(width: 4, height: 5)
        #expect(throws: ParameterError.maskSizeMismatch(expected: image.size, actual: matte.size)) {
            try image.flattened(over: .white, matte: matte)
        }
        #expect(throws: ParameterError.self) { try image.applyingMatte(matte) }
    }

    @Test func parallelBandsEqualSerial() throws {
        let w = 301, h = 257
        let image = try PixelBuffer<RGBA8>(width: w, height: h, packed: pseudoRandomBytes(w * h * 4, seed: 11))
        let matte = try PixelBuffer<Gray8>(width: w, height: h, packed: pseudoRandomBytes(w * h, seed: 12))
        let many = RowScheduler(maxConcurrency: 4, minimumBytesPerBand: 1)
        #expect(
            try image.flattened(over: .white, matte: matte, scheduler: many)
                == image.flattened(over: .white, matte: matte, scheduler: .serial))
        #expect(image.premultiplied(scheduler: many) == image.premultiplied(scheduler: .serial))
    }
}
