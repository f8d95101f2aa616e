// Tests of edge decontamination: the synthetic halo measurement, untouched interiors, identities, errors.
// SPDX-License-Identifier: Apache-2.0

import Foundation
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

/// A textured photo (two colour fields and deterministic noise) with a soft, irregular matte and, optionally,
/// some transparency of its own, at a size that is not a multiple of the cell or block sizes.
private func texturedCutout(width: Int, height: Int, photoAlpha: Bool) throws -> Cutout {
    var photo = [UInt8](), matte = [UInt8]()
    var seed: UInt32 = 12345
    func noise() -> Int {
        seed = seed &* 1_664_525 &+ 1_013_904_223
        return Int(seed >> 27) - 16
    }
    for y in 0..<height {
        for x in 0..<width {
            let dx = Double(x) - Double(width) * 0.45, dy = Double(y) - Double(height) * 0.55
            let wobble = 6 * sin(Double(x) / 7) + 4 * cos(Double(y) / 5)
            let d = (dx * dx / 1.4 + dy * dy).squareRoot() - Double(min(width, height)) * 0.3 + wobble
            let a = min(1, max(0, 0.5 - d / 9))
            let subject = SIMD3<Double>(40 + Double(x % 50), 90, 200 - Double(y % 70))
            let back = SIMD3<Double>(230, 200 - Double(x % 40), 60)
            let c = subject * a + back * (1 - a)
            photo += [c.x, c.y, c.z].map { UInt8(max(0, min(255, $0.rounded() + Double(noise())))) }
            photo.append(photoAlpha && x < width / 3 ? UInt8(truncatingIfNeeded: 128 + y) : 255)
            matte.append(UInt8((a * 255).rounded()))
        }
    }
    return Cutout(
        image: try PixelBuffer<RGBA8>(width: width, height: height, packed: photo),
        matte: try PixelBuffer<Gray8>(width: width, height: height, packed: matte))
}

@Suite struct SparseDecontaminationTests {
    /// The sparse version approximates only the coarse level (block sums, bilinear between block centres), so
    /// edge pixels may differ from the full-resolution algorithm by a few levels; the bound below is what the
    /// approximation allows (99.9 % within 2 levels, none beyond 6), and every other pixel must be identical.
    @Test(arguments: [
        (173, 141, false, 90, 6), (301, 257, true, 90, 6), (260, 190, false, 40, 3), (97, 80, false, 8, 2),
    ])
    func sparseMatchesTheFullResolutionAlgorithm(
        width: Int, height: Int, photoAlpha: Bool, coarse: Int, fine: Int
    ) throws {
        let cutout = try texturedCutout(width: width, height: height, photoAlpha: photoAlpha)
        let op = EdgeDecontamination(coarseRadius: coarse, fineRadius: fine)
        let sparse = try op.apply(to: cutout, scheduler: .serial)
        let exact = try op.applyExactly(to: cutout, scheduler: .serial)
        var deltas = [Int]()
        for y in 0..<height {
            for x in 0..<width {
                let s = sparse[x, y], e = exact[x, y]
                #expect(s.w == e.w)
                if e.w == 0 || e.w == 255 {
                    #expect(s == e)
                } else {
                    let d = SIMD4<Int>(truncatingIfNeeded: s) &- SIMD4<Int>(truncatingIfNeeded: e)
                    deltas.append(max(abs(d.x), abs(d.y), abs(d.z)))
                }
            }
        }
        deltas.sort()
        #expect(deltas.count > 200)
        let p999 = deltas[min(deltas.count - 1, deltas.count * 999 / 1000)]
        print("sparse vs exact \(width)x\(height) r=\(coarse)/\(fine): p99.9 \(p999), max \(deltas.last ?? 0)")
        #expect(p999 <= 2)
        #expect((deltas.last ?? 0) <= 6)
    }

    @Test func bandsGiveTheSameResultAsOneThread() throws {
        let cutout = try texturedCutout(width: 211, height: 333, photoAlpha: true)
        let op = EdgeDecontamination()
        let many = RowScheduler(maxConcurrency: 4, minimumBytesPerBand: 1)
        #expect(try op.apply(to: cutout, scheduler: .serial) == op.apply(to: cutout, scheduler: many))
    }

    @Test func aMatteWithoutEdgesChangesNothing() throws {
        let photo = try PixelBuffer<RGBA8>(width: 70, height: 50, repeating: SIMD4(10, 200, 30, 255))
        let matte = try PixelBuffer<Gray8>(
            width: 70, height: 50, packed: (0..<3500).map { $0 % 70 < 35 ? 0 : 255 })
        let cutout = Cutout(image: photo, matte: matte)
        #expect(try cutout.decontaminated() == photo.applyingMatte(matte))
    }

    @Test func coarseGridMatchesTheBoxWidth() {
        let grid = CoarseGrid(coarseRadius: 90, width: 5000, height: 5000)
        #expect(grid.block == 16 && grid.radius == 5)  // 11 blocks of 16 = 176 pixels for a 181-pixel box
        let huge = CoarseGrid(coarseRadius: 3, width: 30000, height: 30000)
        #expect(huge.columns * huge.rows <= 1 << 22)
    }
}

extension SparseDecontaminationTests {
    @Test func aCutoutWithoutMatteUsesItsOwnAlpha() throws {
        let textured = try texturedCutout(width: 150, height: 130, photoAlpha: false)
        // The matte moved into the photo's alpha: no separate matte.
        let cutout = Cutout(image: try textured.image.applyingMatte(textured.matte!))
        let sparse = try EdgeDecontamination().apply(to: cutout, scheduler: .serial)
        let exact = try EdgeDecontamination().applyExactly(to: cutout, scheduler: .serial)
        var worst = 0
        for y in 0..<130 {
            for x in 0..<150 {
                let d = SIMD4<Int>(truncatingIfNeeded: sparse[x, y]) &- SIMD4<Int>(truncatingIfNeeded: exact[x, y])
                worst = max(worst, abs(d.x), abs(d.y), abs(d.z), abs(d.w))
            }
        }
        #expect(worst <= 2)  // the coarse level's block approximation, as in the test above
        #expect(try sparse == Cutout(image: textured.image, matte: textured.matte).decontaminated(scheduler: .serial))
    }
}

extension SparseDecontaminationTests {
    @Test func blockMaskDilationMatchesBruteForce() {
        var seed: UInt64 = 7
        for (columns, rows, radius) in [(1, 1, 0), (7, 5, 1), (13, 9, 3), (20, 3, 7), (4, 17, 2)] {
            let mask = (0..<(columns * rows)).map { _ -> UInt8 in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return seed >> 60 == 0 ? 1 : 0
            }
            let dilated = SparseBlurFusion.dilated(mask, columns: columns, rows: rows, radius: radius)
            for y in 0..<rows {
                for x in 0..<columns {
                    var any: UInt8 = 0
                    for yy in max(0, y - radius)...min(rows - 1, y + radius) {
                        for xx in max(0, x - radius)...min(columns - 1, x + radius) where mask[yy * columns + xx] != 0 {
                            any = 1
                        }
                    }
                    #expect(dilated[y * columns + x] == any, "\(columns)x\(rows) r\(radius) at \(x),\(y)")
                }
            }
        }
    }
}
