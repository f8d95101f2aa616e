// Damaged ICC data: each defect is a typed error, and thousands of seeded mutants never crash the check.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Testing

/// xorshift64*: a fixed seed gives the same mutants on every run and platform.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}

@Suite struct ICCMalformedTests {
    static func put32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
    }

    static func get32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[offset + $1]) }
    }

    /// Hand-made defects, each with the check that must catch it.
    @Test func eachDefectIsATypedError() throws {
        let good = SRGBProfile.bytes
        var cases: [(String, [UInt8])] = []
        cases.append(("empty", []))
        cases.append(("header cut", Array(good.prefix(100))))
        var size = good
        Self.put32(&size, 0, UInt32(good.count + 1))
        cases.append(("declared size beyond the data", size))
        var acsp = good
        acsp[36] = 0x41
        cases.append(("no acsp", acsp))
        var count = good
        Self.put32(&count, 128, 0xFFFF_FFFF)
        cases.append(("tag count", count))
        var offset = good
        Self.put32(&offset, 132 + 4, 0xFFFF_FFF0)
        cases.append(("tag offset", offset))
        var length = good
        Self.put32(&length, 132 + 8, 0xFFFF_FFFF)
        cases.append(("tag length", length))
        for (name, bytes) in cases {
            #expect(throws: ColorSpaceError.self, "\(name)") { try ICCProfile(bytes) }
            #expect(ColorInfo.assess(icc: bytes).colorClass == .malformed, "\(name)")
        }
        // A curve tag whose entry count exceeds the tag: the profile parses, the curve does not.
        let profile = try ICCProfile(good)
        let curve = try #require(profile.tags["rTRC"])
        var long = good
        Self.put32(&long, curve.lowerBound + 8, 100_000)
        #expect(throws: ColorSpaceError.self) { try ICCProfile(long).toneCurve("rTRC") }
        #expect(ColorInfo.assess(icc: long).colorClass == .malformed)
        var para = good
        para.replaceSubrange(
            curve.lowerBound..<(curve.lowerBound + 12), with: Array("para".utf8) + [0, 0, 0, 0, 0, 9, 0, 0])
        #expect(throws: ColorSpaceError.self) { try ICCProfile(para).toneCurve("rTRC") }
    }

    /// 4 000 mutants of real profiles (byte flips, tag-table rewrites, truncations, splices): the check returns a
    /// verdict or a typed error for each, and LittleCMS is only handed what the check accepts as RGB.
    @Test func seededMutantsNeverCrash() throws {
        var bases = [SRGBProfile.bytes]
        for path in Fixtures.files(in: "inputs/color/profiles", withExtension: "icc") {
            bases.append(try Fixtures.bytes(path))
        }
        var rng = SeededGenerator(state: 0x0BAC_0D0F_C010_0001)
        var outcomes: [ColorClass: Int] = [:]
        for _ in 0..<4_000 {
            var bytes = bases[Int.random(in: 0..<bases.count, using: &rng)]
            switch Int.random(in: 0..<5, using: &rng) {
            case 0:  // flip bytes anywhere
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                }
            case 1:  // rewrite one tag-table field (signature, offset or size) with a random or boundary value
                let tags = max(1, min(Int(Self.get32(bytes, 128)), (bytes.count - 132) / 12))
                let field = 132 + Int.random(in: 0..<tags, using: &rng) * 12 + 4 * Int.random(in: 0..<3, using: &rng)
                let value: UInt32 = [
                    0, 7, 8, UInt32(bytes.count), 0xFFFF_FFFF, UInt32.random(in: 0...UInt32.max, using: &rng),
                ][
                    Int.random(in: 0..<6, using: &rng)]
                if field + 4 <= bytes.count { Self.put32(&bytes, field, value) }
            case 2:  // truncate (the header's size field still claims the whole)
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            case 3:  // corrupt inside a tag's data (counts, parameters, text lengths)
                if let profile = try? ICCProfile(bytes), let range = profile.tags.values.randomElement(using: &rng) {
                    let at = range.lowerBound + Int.random(in: 0..<min(range.count, 16), using: &rng)
                    bytes[at] =
                        [0, 0xFF, 0x80, UInt8.random(in: 0...255, using: &rng)][Int.random(in: 0..<4, using: &rng)]
                }
            default:  // header fields: size, version, class, colour space, tag count
                let field = [0, 8, 12, 16, 20, 128][Int.random(in: 0..<6, using: &rng)]
                Self.put32(&bytes, field, UInt32.random(in: 0...UInt32.max, using: &rng))
            }
            let assessment = ColorInfo.assess(icc: bytes)
            outcomes[assessment.colorClass, default: 0] += 1
            if assessment.colorClass != .malformed, assessment.colorClass != .other, assessment.colorClass != .cmyk {
                let layout: SourceLayout = assessment.colorClass == .gray ? .gray : .rgba
                _ = try? ColorTransform(source: .icc(bytes), layout: layout)
            }
        }
        // The mutations reach both sides: many mutants still parse, many are refused.
        #expect(outcomes[.malformed, default: 0] > 400)
        #expect(outcomes.filter { $0.key != .malformed }.values.reduce(0, +) > 400)
    }
}
