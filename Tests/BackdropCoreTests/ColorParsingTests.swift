// Tests of RGBAColor parsing: every hex form, names, and clear errors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

@Suite struct ColorParsingTests {
    @Test(arguments: [
        ("#fff", RGBAColor(red: 255, green: 255, blue: 255)),
        ("FFF", RGBAColor(red: 255, green: 255, blue: 255)),
        ("#f80", RGBAColor(red: 255, green: 136, blue: 0)),
        ("#f808", RGBAColor(red: 255, green: 136, blue: 0, alpha: 136)),
        ("#81d4fa", RGBAColor(red: 0x81, green: 0xd4, blue: 0xfa)),
        ("81D4FA", RGBAColor(red: 0x81, green: 0xd4, blue: 0xfa)),
        ("#11223344", RGBAColor(red: 0x11, green: 0x22, blue: 0x33, alpha: 0x44)),
        ("11223380", RGBAColor(red: 0x11, green: 0x22, blue: 0x33, alpha: 0x80)),
        ("transparent", RGBAColor.transparent),
        ("Transparent", RGBAColor.transparent),
        ("white", RGBAColor.white),
        ("green", RGBAColor(red: 0, green: 128, blue: 0)),
        (" #000 ", RGBAColor.black),
    ])
    func parses(text: String, expected: RGBAColor) throws {
        #expect(try RGBAColor(parsing: text) == expected)
    }

    @Test(arguments: ["", "#", "#ff", "#fffff", "#1234567", "#gggggg", "rgb(1,2,3)", "notacolour", "#123456789"])
    func rejects(text: String) {
        #expect(throws: ParameterError.self) { try RGBAColor(parsing: text) }
    }

    @Test func describesAsHex() {
        #expect(RGBAColor(red: 1, green: 0xab, blue: 255, alpha: 16).description == "#01abff10")
    }
}
