// DropShadow: kernels against the scalar model, and the measured properties the issue asks for.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

/// Synthetic subjects drawn analytically with 4×4 supersampled edges, so the same shape can be made at any scale.
enum Shapes {
    /// A bottle: a rounded body and a neck, `width` × `height` at (`x`, `y`), bottom flat.
    static func bottle(_ px: Double, _ py: Double, x: Double, y: Double, width: Double, height: Double) -> Bool {
        let u = (px - x) / width, v = (py - y) / height
        guard u >= 0, u <= 1, v >= 0, v <= 1 else { return false }
        if v < 0.35 { return abs(u - 0.5) < 0.17 }  // neck
        if v < 0.45 {  // shoulder
            let t = (v - 0.35) / 0.1
            return abs(u - 0.5) < 0.17 + t * 0.33
        }
        return true
    }

    /// A shoe: a long low sole with a higher heel part, `width` × `height`.
    static func shoe(_ px: Double, _ py: Double, x: Double, y: Double, width: Double, height: Double) -> Bool {
        let u = (px - x) / width, v = (py - y) / height
        guard u >= 0, u <= 1, v >= 0, v <= 1 else { return false }
        if v > 0.6 { return true }  // sole and toe box
        return u < 0.45 && v > 0.05  // ankle part
    }

    /// A canvas-sized matte of `shape` (4×4 samples per pixel).
    static func matte(
        width: Int, height: Int, _ shape: (Double, Double) -> Bool
    ) throws -> PixelBuffer<Gray8> {
        var m = try PixelBuffer<Gray8>(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                var n = 0
                for sy in 0..<4 {
                    for sx in 0..<4 where shape(Double(x) + (Double(sx) + 0.5) / 4, Double(y) + (Double(sy) + 0.5) / 4)
                    {
                        n += 1
                    }
                }
                m[x, y] = UInt8((n * 255 + 8) / 16)
            }
        }
        return m
    }
}

private func box(of matte: PixelBuffer<Gray8>) throws -> PixelRect {
    try #require(try SubjectBox().apply(to: matte.view, scheduler: .serial))
}

private func sum(_ p: PixelBuffer<Gray8>) -> Int {
    var s = 0
    for y in 0..<p.height { for x in 0..<p.width { s += Int(p[x, y]) } }
    return s
}

/// Centroid of a plane's values.
private func centroid(_ p: PixelBuffer<Gray8>) -> (x: Double, y: Double) {
    var s = 0.0, sx = 0.0, sy = 0.0
    for y in 0..<p.height {
        for x in 0..<p.width {
            let v = Double(p[x, y])
            s += v
            sx += v * Double(x)
            sy += v * Double(y)
        }
    }
    return (sx / s, sy / s)
}

@Suite struct DropShadowTests {
    static let bottle = {
        try! Shapes.matte(width: 160, height: 200) { Shapes.bottle($0, $1, x: 55, y: 20, width: 50, height: 130) }
    }()
    static let shoe = {
        try! Shapes.matte(width: 200, height: 140) { Shapes.shoe($0, $1, x: 30, y: 40, width: 140, height: 55) }
    }()

    static let planCases: [(String, DropShadow)] = [
        ("soft", DropShadow(mode: .soft, softness: 0)),
        ("soft-lean", DropShadow(mode: .soft, direction: 300, softness: 0, spread: 0.3)),
        ("soft-lean-right", DropShadow(mode: .soft, direction: 40, softness: 0, spread: 0.5)),
        ("hard", DropShadow(mode: .hard, direction: 135, softness: 0, spread: 0.2)),
        ("floating", DropShadow(mode: .floating, direction: 10, softness: 0)),
    ]

    @Test(arguments: 0..<5, [1, 2, 3, 5, 8, 9, 16, 17, 19])
    func projectionMatchesReference(caseIndex: Int, subjectWidth: Int) throws {
        let (_, shadow) = Self.planCases[caseIndex]
        // Random matte values, subject box partly past the bottom and left of the canvas.
        let canvas = PixelSize(width: 40, height: 30)
        let bytes = pseudoRandomBytes(canvas.width * canvas.height, seed: UInt64(subjectWidth * 7 + caseIndex))
        let matte = try PixelBuffer<Gray8>(width: canvas.width, height: canvas.height, packed: bytes)
        for subject in [
            PixelRect(x: 9, y: 3, width: subjectWidth, height: 17),
            PixelRect(x: -2, y: 20, width: subjectWidth, height: 14),
        ] {
            guard subject.x + subject.width > 0 else {
                // Entirely left of the canvas: nothing casts.
                #expect(ShadowPlan(shadow, subject: subject, canvas: canvas) == nil)
                continue
            }
            let plan = try #require(ShadowPlan(shadow, subject: subject, canvas: canvas))
            var plane = try PixelBuffer<Gray8>(width: plan.region.width, height: plan.region.height)
            DropShadow.project(matte, plan, into: &plane, scheduler: .serial)
            #expect(plane == (try DropShadow.referencePlane(matte, plan)), "\(subject)")
        }
    }

    /// Many small bands give the one-thread result, for each mode, full and reduced resolution.
    @Test(arguments: [ShadowMode.soft, .hard, .floating], [0.2, 1])
    func bandsMatchOneThread(mode: ShadowMode, softness: Double) throws {
        let input = PlacedMatte(matte: Self.bottle, subject: try box(of: Self.bottle))
        let shadow = DropShadow(mode: mode, softness: softness)
        let one = try shadow.apply(to: input, scheduler: .serial)
        let many = try shadow.apply(to: input, scheduler: RowScheduler(maxConcurrency: 4, minimumBytesPerBand: 1))
        #expect(one.alpha == many.alpha && one.clipped == many.clipped)
    }

    @Test func intensityZeroIsExactlyNothing() throws {
        for mode in [ShadowMode.soft, .hard, .floating] {
            let out = try DropShadow(mode: mode, intensity: 0).apply(
                to: PlacedMatte(matte: Self.bottle, subject: try box(of: Self.bottle)), scheduler: .serial)
            #expect(sum(out.alpha) == 0)
            #expect(!out.clipped)
        }
    }

    @Test func noneIsEmpty() throws {
        let out = try DropShadow(mode: .none).apply(
            to: PlacedMatte(matte: Self.bottle, subject: try box(of: Self.bottle)), scheduler: .serial)
        #expect(sum(out.alpha) == 0)
    }

    /// The issue: a soft shadow's darkest pixels sit within a few pixels below the subject's base.
    @Test(arguments: [0, 1])
    func softDarkestBelowBase(shapeIndex: Int) throws {
        let matte = shapeIndex == 0 ? Self.bottle : Self.shoe
        let subject = try box(of: matte)
        let out = try DropShadow(mode: .soft).apply(to: PlacedMatte(matte: matte, subject: subject), scheduler: .serial)
        let base = subject.y + subject.height
        var best = 0, bestRows: [Int] = []
        for y in 0..<out.alpha.height {
            for x in 0..<out.alpha.width {
                let v = Int(out.alpha[x, y])
                if v > best {
                    best = v
                    bestRows = [y]
                } else if v == best {
                    bestRows.append(y)
                }
            }
        }
        #expect(best > 60)
        for y in bestRows { #expect(y >= base - 1 && y <= base + 4, "darkest row \(y), base \(base)") }
    }

    /// The issue: `hard` moves with the direction.
    @Test func hardMovesWithDirection() throws {
        let subject = try box(of: Self.bottle)
        let size = Double(max(subject.width, subject.height))
        let spread = 0.1
        let reference = centroid(Self.bottle)
        for (direction, ex, ey) in [(0.0, 0.0, 1.0), (90, 1, 0), (180, 0, -1), (270, -1, 0), (45, 0.7071, 0.7071)] {
            let out = try DropShadow(mode: .hard, direction: direction, intensity: 1, softness: 0.1, spread: spread)
                .apply(to: PlacedMatte(matte: Self.bottle, subject: subject), scheduler: .serial)
            let c = centroid(out.alpha)
            // Rounded offsets and the clamped blur edge: within a pixel of the exact translation.
            #expect(abs(c.x - reference.x - ex * spread * size) < 1, "direction \(direction)")
            #expect(abs(c.y - reference.y - ey * spread * size) < 1, "direction \(direction)")
        }
    }

    /// The issue: softness changes the blur but not the shadow's mass (within 2 %).
    @Test(arguments: [ShadowMode.soft, .hard, .floating])
    func softnessKeepsMass(mode: ShadowMode) throws {
        let subject = try box(of: Self.shoe)
        var masses: [Int] = []
        var supports: [Int] = []
        for softness in [0.05, 0.3, 0.8] {
            let out = try DropShadow(mode: mode, softness: softness).apply(
                to: PlacedMatte(matte: Self.shoe, subject: subject), scheduler: .serial)
            #expect(!out.clipped)
            masses.append(sum(out.alpha))
            var support = 0
            for y in 0..<out.alpha.height { for x in 0..<out.alpha.width where out.alpha[x, y] > 0 { support += 1 } }
            supports.append(support)
        }
        for m in masses.dropFirst() { #expect(abs(Double(m - masses[0])) / Double(masses[0]) < 0.02, "\(masses)") }
        // More blur spreads the same mass over more pixels.
        #expect(supports[0] < supports[1] && supports[1] < supports[2], "\(supports)")
    }

    @Test func clippingIsReported() throws {
        // Subject resting on the bottom edge: a soft or hard shadow falls below the canvas.
        let matte = try Shapes.matte(width: 80, height: 60) { Shapes.shoe($0, $1, x: 10, y: 30, width: 60, height: 30) }
        let subject = try box(of: matte)
        #expect(try DropShadow(mode: .soft).apply(to: PlacedMatte(matte: matte, subject: subject)).clipped)
        #expect(
            try DropShadow(mode: .hard, direction: 0).apply(to: PlacedMatte(matte: matte, subject: subject)).clipped)
        // The same shadow with room below is not clipped.
        let roomy = try Shapes.matte(width: 80, height: 100) {
            Shapes.shoe($0, $1, x: 10, y: 30, width: 60, height: 30)
        }
        #expect(
            !(try DropShadow(mode: .soft).apply(to: PlacedMatte(matte: roomy, subject: try box(of: roomy))).clipped))
        // Cast upward off the top.
        #expect(
            try DropShadow(mode: .hard, direction: 180, spread: 1).apply(
                to: PlacedMatte(matte: roomy, subject: try box(of: roomy))
            ).clipped)
    }

    /// The reduced-resolution blur (σ ≥ 8) against the full-resolution one on the same full-contrast plane: within
    /// 4 levels (measured 4 at σ 8 and 13; the full-resolution box approximation itself is a few levels from a true
    /// Gaussian, so this bounds the extra error of the reduction, not the absolute accuracy).
    @Test(arguments: [8.0, 13.0, 21.0])
    func reducedResolutionBlurIsClose(sigma: Double) throws {
        // Sides multiples of k = 2, 3, 5, as ShadowPlan makes them.
        let matte = try Shapes.matte(width: 240, height: 180) {
            Shapes.shoe($0, $1, x: 60, y: 60, width: 120, height: 60)
        }
        #expect(DropShadow.reductionFactor(sigma: sigma) > 1)
        let fast = try DropShadow.blurred(matte, sigma: sigma, scheduler: .serial)
        let full = try matte.blurred(sigma: sigma, scheduler: .serial)
        var worst = 0
        for y in 0..<matte.height {
            for x in 0..<matte.width { worst = max(worst, abs(Int(fast[x, y]) - Int(full[x, y]))) }
        }
        #expect(worst <= 4, "max difference \(worst)")
    }

    /// The same subject placed at twice the size gets the same shadow at twice the size: the 2× plane, averaged
    /// 2×2, is within 1 level of the 1× plane on average and within 12 levels everywhere. The maximum is at the
    /// sharpest edge (the soft band at 1× has σ = 1.4 px): the band's row count and the offsets are rounded to whole
    /// pixels at each size (8 rows at 1×, 17 at 2×), which moves an edge by up to half a 1× pixel.
    @Test(arguments: [ShadowMode.soft, .hard, .floating])
    func resolutionIndependent(mode: ShadowMode) throws {
        func plane(_ k: Int) throws -> PixelBuffer<Gray8> {
            let s = Double(k)
            let matte = try Shapes.matte(width: 120 * k, height: 110 * k) {
                Shapes.bottle($0, $1, x: 40 * s, y: 10 * s, width: 40 * s, height: 70 * s)
            }
            return try DropShadow(mode: mode).apply(
                to: PlacedMatte(matte: matte, subject: try box(of: matte)), scheduler: .serial
            ).alpha
        }
        let one = try plane(1), two = try plane(2)
        var worst = 0, total = 0
        for y in 0..<one.height {
            for x in 0..<one.width {
                let a =
                    (Int(two[2 * x, 2 * y]) + Int(two[2 * x + 1, 2 * y]) + Int(two[2 * x, 2 * y + 1])
                        + Int(two[2 * x + 1, 2 * y + 1]) + 2) / 4
                let d = abs(a - Int(one[x, y]))
                worst = max(worst, d)
                total += d
            }
        }
        let mean = Double(total) / Double(one.width * one.height)
        #expect(worst <= 12, "max difference \(worst)")
        #expect(mean < 1, "mean difference \(mean)")
    }

    @Test func parametersAreValidated() throws {
        let input = PlacedMatte(matte: Self.bottle, subject: try box(of: Self.bottle))
        for bad in [
            DropShadow(intensity: 1.5), DropShadow(intensity: -0.1), DropShadow(softness: 2), DropShadow(spread: -1),
            DropShadow(direction: .infinity), DropShadow(softness: .nan),
        ] {
            #expect(throws: ParameterError.self) { try bad.apply(to: input, scheduler: .serial) }
        }
        #expect(throws: ParameterError.self) {
            try DropShadow().apply(
                to: PlacedMatte(matte: Self.bottle, subject: PixelRect(x: 0, y: 0, width: 0, height: 3)))
        }
    }

    @Test func modeNames() throws {
        #expect(try ShadowMode(parsing: "ai.soft") == .soft)
        #expect(try ShadowMode(parsing: "ai.hard") == .hard)
        #expect(try ShadowMode(parsing: "ai.floating") == .floating)
        #expect(try ShadowMode(parsing: "true") == .soft)
        #expect(try ShadowMode(parsing: "none") == ShadowMode.none)
        #expect(throws: ParameterError.self) { try ShadowMode(parsing: "ai.dramatic") }
    }
}
