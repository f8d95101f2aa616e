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

@Suite struct LinearLightCompositingTests {
    @Test func identitiesHoldAndMidtonesBlendInLinearLight() throws {
        // Black at alpha 0, 128 and 255 over white.
        let image = try PixelBuffer<RGBA8>(width: 3, height: 1, packed: [0, 0, 0, 0, 0, 0, 0, 128, 0, 0, 0, 255])
        let out = try BackgroundFill(color: .white, linearLight: true).apply(to: Cutout(image: image))
        #expect(out[0, 0] == SIMD4(255, 255, 255, 255))
        #expect(out[2, 0] == SIMD4(0, 0, 0, 255))
        // Linear light: (1 − 128/255) of white = 0.498 linear → sRGB 0.7318 → 187 (sRGB blending gives 127).
        #expect(out[1, 0].x == 187, "\(out[1, 0])")
        let srgb = try BackgroundFill(color: .white).apply(to: Cutout(image: image))
        #expect(srgb[1, 0].x == 127)
        // Over an image: alpha 0 gives the background pixel exactly, alpha 255 the foreground.
        let back = try PixelBuffer<RGBA8>(
            width: 3, height: 1, packed: [10, 20, 30, 255, 200, 100, 50, 255, 1, 2, 3, 255])
        let over = try Composite(linearLight: true).apply(to: .init(cutout: Cutout(image: image), background: back))
        #expect(over[0, 0] == back[0, 0] && over[2, 0] == image[2, 0])
    }
}
