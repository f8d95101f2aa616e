// Tests of Composite (over a background image) and BackgroundBlur.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

@Suite struct CompositeTests {
    /// Foreground with blocks of opaque, transparent and mixed alpha over a background with opaque and
    /// translucent blocks, so every kernel branch runs; checked pixel by pixel against the scalar reference.
    @Test(arguments: [false, true])
    func everyBranchMatchesTheReference(withMatte: Bool) throws {
        let w = 77, h = 5
        var fg = pseudoRandomBytes(w * h * 4, seed: 41)
        var bg = pseudoRandomBytes(w * h * 4, seed: 42)
        for y in 0..<h {
            for x in 0..<w {
                let i = (y * w + x) * 4
                switch (x / 8 + y) % 4 {
                case 0: fg[i + 3] = 255; bg[i + 3] = 255
                case 1: fg[i + 3] = 0; bg[i + 3] = 255
                case 2: bg[i + 3] = 255
                default: break  // translucent background too
                }
            }
        }
        let image = try PixelBuffer<RGBA8>(width: w, height: h, packed: fg)
        let back = try PixelBuffer<RGBA8>(width: w, height: h, packed: bg)
        let matte =
            withMatte ? try PixelBuffer<Gray8>(width: w, height: h, packed: pseudoRandomBytes(w * h, seed: 43)) : nil
        let out = try image.composited(over: back, matte: matte, scheduler: .serial)
        let applied = try matte.map { try image.applyingMatte($0) } ?? image
        for y in 0..<h {
            for x in 0..<w {
                #expect(out[x, y] == Composite.reference(applied[x, y], over: back[x, y]), "(\(x), \(y))")
                if applied[x, y].w == 0 { #expect(out[x, y] == back[x, y]) }
                if applied[x, y].w == 255 { #expect(out[x, y] == applied[x, y]) }
            }
        }
    }

    @Test func backgroundOfAnotherSizeIsATypedError() throws {
        let image = try PixelBuffer<RGBA8>(width: 4, height: 4)
        #expect(throws: ParameterError.self) { try image.composited(over: try PixelBuffer<RGBA8>(width: 5, height: 4)) }
    }
}

@Suite struct BackgroundBlurTests {
    @Test func theSubjectDoesNotBleedIntoTheBlurredBackground() throws {
        // A red disc (the subject, matte 255) on a blue background.
        let size = 64
        var photo = [UInt8](), matte = [UInt8]()
        for y in 0..<size {
            for x in 0..<size {
                let inside = (x - 32) * (x - 32) + (y - 32) * (y - 32) < 15 * 15
                photo += inside ? [220, 20, 20, 255] : [20, 40, 200, 255]
                matte.append(inside ? 255 : 0)
            }
        }
        let cutout = Cutout(
            image: try PixelBuffer<RGBA8>(width: size, height: size, packed: photo),
            matte: try PixelBuffer<Gray8>(width: size, height: size, packed: matte))
        let blurred = try BackgroundBlur(sigma: 6).apply(to: cutout)
        // Just outside the disc the background stays blue: no red glow.
        for (x, y) in [(32, 15), (48, 32), (12, 32), (32, 49), (5, 5)] {
            let p = blurred[x, y]
            #expect(abs(Int(p.x) - 20) <= 2 && abs(Int(p.z) - 200) <= 2, "(\(x), \(y)) \(p)")
        }
        // A plain blur of the same photo does bleed, which is what the weighting prevents.
        #expect(try cutout.image.alphaPlane().blurred(sigma: 0) == cutout.image.alphaPlane())
    }

    @Test func badSigmaIsTyped() throws {
        let cutout = Cutout(image: try PixelBuffer<RGBA8>(width: 4, height: 4))
        #expect(throws: ParameterError.self) { try BackgroundBlur(sigma: -1).apply(to: cutout) }
    }
}
