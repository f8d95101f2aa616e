// The sRGB check on real profiles: every sRGB variant is sRGB, each wide-gamut, gray and CMYK profile is named.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Foundation
import Testing

/// One row of `TestImages/inputs/color/MANIFEST.tsv`.
struct ColorFixture: CustomTestStringConvertible, Sendable {
    var file: String
    var colorClass: String
    var source: String
    var verdict: String
    var reference: String?
    var testDescription: String { file }

    var path: String { "inputs/color/\(file)" }

    static let all: [ColorFixture] = {
        guard let text = try? String(contentsOf: Fixtures.url("inputs/color/MANIFEST.tsv"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t").map(String.init)
            return ColorFixture(
                file: f[0], colorClass: f[1], source: f[2], verdict: f[3], reference: f[4] == "-" ? nil : f[4])
        }
    }()
}

@Suite struct ICCClassificationTests {
    @Test func theManifestListsEveryClass() {
        let classes = Set(ColorFixture.all.map(\.colorClass))
        #expect(
            classes == [
                "srgb", "display-p3", "adobe-rgb", "prophoto", "rec2020", "other-rgb", "gray", "cmyk", "untagged",
                "malformed",
            ])
        #expect(ColorFixture.all.filter { $0.colorClass == "srgb" && $0.source == "icc" }.count >= 6)
    }

    @Test(arguments: ColorFixture.all) func eachFixtureIsClassified(_ fixture: ColorFixture) throws {
        let meta = try ImageDecoder.metadata(of: Fixtures.bytes(fixture.path))
        let assessment = meta.colorAssessment
        #expect(assessment.colorClass.rawValue == fixture.colorClass)
        #expect(assessment.source.rawValue == fixture.source)
        #expect(assessment.verdict.name == fixture.verdict)
    }

    /// Profiles as files: sRGB variants by several makers and versions, and one of each other class.
    @Test(arguments: Fixtures.files(in: "inputs/color/profiles", withExtension: "icc"))
    func eachProfileFileIsClassified(_ path: String) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let expected: ColorClass =
            switch name.split(whereSeparator: { $0 == "-" || $0 == "." }).first ?? "" {
            case "srgb": .sRGB
            case "display": .displayP3
            case "adobe": .adobeRGB
            case "prophoto": .proPhoto
            case "rec2020": .rec2020
            case "gray": .gray
            default: .otherRGB
            }
        let assessment = ColorInfo.assess(icc: try Fixtures.bytes(path))
        #expect(assessment.colorClass == expected, "\(name): \(assessment.verdict)")
        #expect((assessment.verdict == .sRGB) == (expected == .sRGB))
        #expect(assessment.profileDescription != nil)
    }

    /// The description never decides: Display P3 colorants under an "sRGB" description are still Display P3.
    @Test func theDescriptionDoesNotDecide() throws {
        var p3 = try Fixtures.bytes("inputs/color/profiles/display-p3.icc")
        let profile = try ICCProfile(p3)
        let desc = try #require(profile.tags["desc"])
        // The mluc text starts 28 bytes into the tag: "Display P3" in UTF-16BE becomes "sRGB IEC61"
        let fake = Array("sRGB IEC61".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        p3.replaceSubrange((desc.lowerBound + 28)..<(desc.lowerBound + 28 + fake.count), with: fake)
        let assessment = ColorInfo.assess(icc: p3)
        #expect(assessment.profileDescription == "sRGB IEC61")
        #expect(assessment.colorClass == .displayP3)
        #expect(assessment.verdict != .sRGB)
    }

    @Test func theCompactProfileBackdropWritesIsSRGB() throws {
        let profile = try ICCProfile(SRGBProfile.bytes)
        #expect(profile.size == SRGBProfile.bytes.count)
        #expect(profile.colorSpace == "RGB ")
        #expect(profile.version.major == 2)
        #expect(profile.profileDescription == SRGBProfile.name)
        let assessment = ColorInfo(iccProfile: SRGBProfile.bytes).assessment()
        #expect(assessment.verdict == .sRGB)
        #expect(assessment.colorClass == .sRGB)
        #expect(SRGBProfile.bytes.count < 1_100)
    }

    @Test func curvesEvaluateEveryParametricType() {
        // Each para type at a point on either side of its break, against the formula by hand.
        let x = 0.5
        #expect(abs(ToneCurve.parametric(function: 0, [2.2])(x) - 0.217_637_640_824) < 1e-9)
        #expect(abs(ToneCurve.parametric(function: 1, [2, 2, -0.5])(x) - 0.25) < 1e-12)
        #expect(ToneCurve.parametric(function: 1, [2, 2, -0.5])(0.2) == 0)
        #expect(abs(ToneCurve.parametric(function: 2, [2, 2, -0.5, 0.1])(x) - 0.35) < 1e-12)
        #expect(abs(ToneCurve.parametric(function: 2, [2, 2, -0.5, 0.1])(0.2) - 0.1) < 1e-12)
        let srgb = ToneCurve.parametric(function: 3, [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.040_45])
        #expect(abs(srgb(0.02) - 0.02 / 12.92) < 1e-12)
        #expect(abs(srgb(x) - 0.214_041_140_482) < 1e-9)
        let four = ToneCurve.parametric(function: 4, [1, 1, 0, 0.5, 0.25, 0.1, 0.01])
        #expect(abs(four(0.5) - 0.6) < 1e-12)
        #expect(abs(four(0.1) - 0.06) < 1e-12)
        #expect(ToneCurve.table([0, 65535])(0.25) == 0.25)
        #expect(ToneCurve.gamma(1)(0.3) == 0.3)
    }

    @Test func pngChunkTolerance() {
        func verdict(_ gamma: UInt32?, _ chrm: [UInt32]? = nil) -> ColorVerdict {
            ColorInfo(pngGamma: gamma, pngChromaticities: chrm).assessment().verdict
        }
        #expect(verdict(45455) == .sRGB)
        #expect(verdict(45455 - 500) == .sRGB)
        #expect(verdict(45455 + 500) == .sRGB)
        #expect(verdict(45455 + 501) != .sRGB)
        #expect(verdict(100_000) != .sRGB)
        #expect(verdict(nil, [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000]) == .sRGB)
        #expect(verdict(nil, [31270, 32900, 68000, 32000, 26500, 69000, 15000, 6000]) != .sRGB)
        #expect(ColorInfo(pngSRGBIntent: 0, pngGamma: 100_000).assessment().verdict == .sRGB)
    }

    @Test func nclxCodes() {
        func assess(_ p: UInt16, _ t: UInt16) -> ColorAssessment {
            ColorInfo(
                nclx: .init(colourPrimaries: p, transferCharacteristics: t, matrixCoefficients: 6, fullRange: true)
            )
            .assessment()
        }
        #expect(assess(1, 13).verdict == .sRGB)
        #expect(assess(1, 2).verdict == .sRGB)
        #expect(assess(2, 2).verdict == .untaggedAssumedSRGB)
        #expect(assess(12, 13).colorClass == .displayP3)
        #expect(assess(12, 13).rgbDescription?.primaries == [0.680, 0.320, 0.265, 0.690, 0.150, 0.060])
        #expect(assess(9, 14).colorClass == .rec2020)
        #expect(assess(9, 14).rgbDescription?.transfer == .bt709)
        #expect(assess(1, 1).colorClass == .otherRGB)
        #expect(assess(1, 1).verdict != .sRGB)
        // PQ has no conversion: not sRGB and nothing to build a profile from.
        #expect(assess(9, 16).rgbDescription == nil)
        #expect(assess(9, 16).verdict != .sRGB)
    }
}
