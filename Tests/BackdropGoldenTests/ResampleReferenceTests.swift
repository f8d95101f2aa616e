// Resampling against Pillow (and a numpy model of the same maths for filters Pillow lacks), and the halo test.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Testing

struct ResampleCase: Sendable, CustomStringConvertible {
    var input: String
    var name: String
    var size: PixelSize
    var rect: SourceRect?
    var filter: ResampleFilter
    var description: String { "\(input).\(name).\(filter)" }

    /// The cases of TestImages/scripts/resample_references.py (keep in step with its CASES).
    static let geometries: [(String, PixelSize, SourceRect?)] = [
        ("down", PixelSize(width: 47, height: 35), nil),
        ("mild", PixelSize(width: 130, height: 112), nil),
        ("up", PixelSize(width: 157, height: 131), SourceRect(x: 20.5, y: 30.25, width: 64, height: 48.5)),
        ("boxdown", PixelSize(width: 57, height: 43), SourceRect(x: 3.25, y: 5.75, width: 178.25, height: 133.25)),
    ]
    static let all: [ResampleCase] = ["photo", "stripes"].flatMap { input in
        geometries.flatMap { g in
            ResampleFilter.allCases.map { ResampleCase(input: input, name: g.0, size: g.1, rect: g.2, filter: $0) }
        }
    }
}

/// Per-channel absolute differences of two same-sized images, sorted.
func sortedDeltas(_ a: PixelBuffer<RGBA8>, _ b: PixelBuffer<RGBA8>) -> [Int] {
    zip(a.packedBytes(), b.packedBytes()).map { abs(Int($0) - Int($1)) }.sorted()
}

@Suite struct ResampleReferenceTests {
    @Test(arguments: ResampleCase.all)
    func agreesWithPeer(_ c: ResampleCase) throws {
        let input = try ImageDecoder.decode(Fixtures.bytes("inputs/resample/\(c.input).png")).pixels.rgba8()
        // The references hold premultiplied bytes (see the script), so compare before unpremultiplying.
        let output = try Resample(to: c.size, from: c.rect, filter: c.filter)
            .apply(to: input.premultiplied().view, scheduler: .serial)
        let reference = try ImageDecoder.decode(Fixtures.bytes("reference/resample/\(c.description).png")).pixels
            .rgba8()
        try #require(output.size == reference.size)
        let actual = try PixelBuffer<RGBA8>(width: c.size.width, height: c.size.height, packed: output.packedBytes())
        // Backdrop clamps premultiplied colour to alpha (the format's invariant) where ringing broke it; Pillow
        // leaves such pixels, and its unpremultiply clips them later. Apply the same clamp to the reference.
        var clamped = reference
        for y in 0..<clamped.height {
            for x in 0..<clamped.width {
                let p = clamped[x, y]
                clamped[x, y] = SIMD4(min(p.x, p.w), min(p.y, p.w), min(p.z, p.w), p.w)
            }
        }
        let deltas = sortedDeltas(actual, clamped)
        let p999 = deltas[(deltas.count - 1) * 999 / 1000]
        // Issue 4's bound: within 2 levels per channel at the 99.9th percentile. Differences come from 14-bit
        // instead of 22-bit weights, the pass order chosen by cost (Pillow always goes horizontal first) and
        // clamping premultiplied colour to alpha after Lanczos/cubic ringing.
        #expect(p999 <= 2, "p99.9 delta \(p999), max \(deltas.last ?? 0)")
        // Nearest and box pick or average the same pixels with weights that are exact in 14 bits.
        if c.filter == .nearest { #expect(deltas.last == 0) }
    }

    /// A cutout shrunk 4× and composited over white must show no dark or coloured fringe.
    ///
    /// Compositing over white is linear in premultiplied colour (`c' + 255 − a`), and so is resampling, so shrinking
    /// the cutout and then compositing must give the same picture as compositing at full size and then shrinking
    /// the opaque result: any halo would show up as a difference at the edge. Resizing straight alpha (colour
    /// averaged without alpha weights) fails this badly on the stripes fixture, whose transparent background
    /// hides saturated green; the test checks that too, to show it can see a fringe.
    @Test(arguments: ["photo", "stripes"], [ResampleFilter.box, .bilinear, .mitchell, .lanczos3])
    func shrunkCutoutHasNoFringe(_ name: String, filter: ResampleFilter) throws {
        let input = try ImageDecoder.decode(Fixtures.bytes("inputs/resample/\(name).png")).pixels.rgba8()
        let size = PixelSize(width: input.width / 4, height: input.height / 4)
        func overWhite(_ image: PixelBuffer<RGBA8>) throws -> PixelBuffer<RGBA8> {
            try BackgroundFill(color: .white).apply(to: Cutout(image: image), scheduler: .serial)
        }
        let shrunkThenComposited = try overWhite(input.resampled(to: size, filter: filter, scheduler: .serial))
        let compositedThenShrunk = try overWhite(input).resampled(to: size, filter: filter, scheduler: .serial)
        let fringe = sortedDeltas(shrunkThenComposited, compositedThenShrunk).last ?? 0
        // Box and bilinear never ring: both orders then differ only by rounding (two 8-bit passes, plus half a level
        // of unpremultiplying that compositing scales back by a / 255), so 3 levels. Filters with negative lobes
        // ring at the hard alpha edge, and clipping alpha to 0…255 there is not linear: measured 5 levels for
        // Mitchell (small lobes) and 22–28 for Lanczos3 (its overshoot at a 255-level edge), so the bounds are
        // 6 and 30. The straight-alpha mistake measures 30–60 on these fixtures for every filter.
        let bound = [.box, .bilinear].contains(filter) ? 3 : filter == .mitchell ? 6 : 30
        #expect(fringe <= bound, "edge differs by \(fringe) levels from compositing before shrinking")

        // The mistake this guards against: colour resampled without alpha weights (alpha resampled on its own).
        var opaqueColour = input
        for y in 0..<input.height {
            for x in 0..<input.width { opaqueColour[x, y].w = 255 }
        }
        let colour = try opaqueColour.resampled(to: size, filter: filter, scheduler: .serial)
        var straight = try input.resampled(to: size, filter: filter, scheduler: .serial)
        for y in 0..<size.height {
            for x in 0..<size.width {
                let a = straight[x, y].w
                straight[x, y] = colour[x, y]
                straight[x, y].w = a
            }
        }
        let straightFringe = sortedDeltas(try overWhite(straight), compositedThenShrunk).last ?? 0
        if name == "stripes" { #expect(straightFringe > 50, "straight-alpha resizing shows \(straightFringe)") }
    }
}
