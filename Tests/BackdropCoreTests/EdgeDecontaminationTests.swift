// Tests of edge decontamination: the synthetic halo measurement, untouched interiors, identities, errors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

/// A red subject photographed on green: a disc with a soft 8-pixel edge, `I = α·F + (1 − α)·B`.
private func redOnGreen(size: Int = 96) throws -> (photo: PixelBuffer<RGBA8>, matte: PixelBuffer<Gray8>) {
    let subject = SIMD3<Double>(200, 30, 30), backdrop = SIMD3<Double>(30, 200, 30)
    var photo = [UInt8](), matte = [UInt8]()
    for y in 0..<size {
        for x in 0..<size {
            let dx = Double(x) + 0.5 - Double(size) / 2, dy = Double(y) + 0.5 - Double(size) / 2
            let a = min(1, max(0, (Double(size) * 0.3 - (dx * dx + dy * dy).squareRoot()) / 8 + 0.5))
            let aByte = UInt8((a * 255).rounded())
            let alpha = Double(aByte) / 255
            let c = subject * alpha + backdrop * (1 - alpha)
            photo += [UInt8(c.x.rounded()), UInt8(c.y.rounded()), UInt8(c.z.rounded()), 255]
            matte.append(aByte)
        }
    }
    return (
        try PixelBuffer<RGBA8>(width: size, height: size, packed: photo),
        try PixelBuffer<Gray8>(width: size, height: size, packed: matte)
    )
}

/// Mean of max(0, G − (R + B) / 2) over the edge band (0 < matte < 255).
private func greenExcess(_ image: PixelBuffer<RGBA8>, band matte: PixelBuffer<Gray8>) -> Double {
    var total = 0.0, count = 0
    for y in 0..<image.height {
        for x in 0..<image.width where matte[x, y] != 0 && matte[x, y] != 255 {
            let p = image[x, y]
            total += max(0, Double(p.y) - (Double(p.x) + Double(p.z)) / 2)
            count += 1
        }
    }
    return total / Double(max(count, 1))
}

@Suite struct EdgeDecontaminationTests {
    @Test func haloOnWhiteFallsByAtLeastEightyPercent() throws {
        let (photo, matte) = try redOnGreen()
        let plain = try photo.flattened(over: .white, matte: matte)
        let cleaned = try Cutout(image: photo, matte: matte).decontaminated().flattened(over: .white)
        let before = greenExcess(plain, band: matte), after = greenExcess(cleaned, band: matte)
        print("green excess in the edge band: plain \(before), decontaminated \(after)")
        #expect(before > 10)
        #expect(after <= before * 0.2, "plain \(before), decontaminated \(after)")
        // The interior (matte 255) and the outside (matte 0) are unchanged.
        for y in 0..<photo.height {
            for x in 0..<photo.width where matte[x, y] == 255 || matte[x, y] == 0 {
                #expect(cleaned[x, y] == plain[x, y])
            }
        }
    }

    @Test func strengthZeroIsPlainMatteApplication() throws {
        let (photo, matte) = try redOnGreen(size: 40)
        let cutout = Cutout(image: photo, matte: matte)
        #expect(try cutout.decontaminated(strength: 0) == photo.applyingMatte(matte))
        let half = try cutout.decontaminated(strength: 0.5), full = try cutout.decontaminated()
        let edge = (0..<40).first { matte[$0, 20] > 60 && matte[$0, 20] < 200 }!
        #expect(half[edge, 20].y > full[edge, 20].y)  // half strength keeps some green
        #expect(half[edge, 20].w == matte[edge, 20])
    }

    @Test func uniformPhotosAreUnchanged() throws {
        // Subject and backdrop the same colour: nothing to remove, the estimate is the colour itself.
        let photo = try PixelBuffer<RGBA8>(width: 30, height: 20, repeating: SIMD4(90, 140, 200, 255))
        let matte = try PixelBuffer<Gray8>(width: 30, height: 20, packed: (0..<600).map { UInt8($0 % 256) })
        let out = try Cutout(image: photo, matte: matte).decontaminated()
        for y in 0..<20 {
            for x in 0..<30 where out[x, y].w != 0 {
                #expect(abs(Int(out[x, y].x) - 90) <= 1 && abs(Int(out[x, y].z) - 200) <= 1)
            }
        }
    }

    @Test func badParametersAreTyped() throws {
        let (photo, matte) = try redOnGreen(size: 16)
        for op in [
            EdgeDecontamination(strength: -0.1), EdgeDecontamination(strength: .nan),
            EdgeDecontamination(coarseRadius: 0),
        ] {
            #expect(throws: ParameterError.self) { try op.apply(to: Cutout(image: photo, matte: matte)) }
        }
        let small = try PixelBuffer<Gray8>(width: 8, height: 8)
        #expect(throws: ParameterError.self) { try Cutout(image: photo, matte: small).decontaminated() }
    }
}
