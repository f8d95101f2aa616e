// RGBAColor: an 8-bit sRGB colour with straight alpha, parsed from the forms the services accept.
// SPDX-License-Identifier: Apache-2.0

/// An sRGB-encoded colour with straight alpha, as used for backgrounds.
public struct RGBAColor: Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    /// Opacity: 0 transparent, 255 opaque.
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    public static let white = RGBAColor(red: 255, green: 255, blue: 255)
    public static let black = RGBAColor(red: 0, green: 0, blue: 0)
    public static let transparent = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)

    /// The channels as a vector in memory order R, G, B, A.
    public var simd: SIMD4<UInt8> { SIMD4(red, green, blue, alpha) }

    /// Parses `#RGB`, `#RGBA`, `#RRGGBB`, `#RRGGBBAA` (the `#` optional, hex digits in either case),
    /// `transparent`, or a basic CSS colour name (`white`, `black`, `red`, …, case-insensitive).
    ///
    /// These are the forms Photoroom's `background.color` and remove.bg's `bg_color` accept. Short forms
    /// repeat each digit: `#f80` is `#ff8800`.
    ///
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` for anything else.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingSpaces()
        let lower = trimmed.lowercased()
        if let named = Self.named[lower] {
            self = named
            return
        }
        var digits = Substring(lower)
        if digits.first == "#" { digits = digits.dropFirst() }
        var values = [UInt8]()
        for ch in digits {
            guard let v = ch.hexDigitValue else { throw Self.parseError(text) }
            values.append(UInt8(v))
        }
        switch values.count {
        case 3, 4:
            let c = values.map { $0 << 4 | $0 }
            self.init(red: c[0], green: c[1], blue: c[2], alpha: c.count == 4 ? c[3] : 255)
        case 6, 8:
            let c = stride(from: 0, to: values.count, by: 2).map { values[$0] << 4 | values[$0 + 1] }
            self.init(red: c[0], green: c[1], blue: c[2], alpha: c.count == 4 ? c[3] : 255)
        default:
            throw Self.parseError(text)
        }
    }

    private static func parseError(_ text: String) -> ParameterError {
        .invalidValue(
            name: "color", value: text,
            expected: "#RGB, #RGBA, #RRGGBB, #RRGGBBAA (hex, '#' optional), 'transparent' or a basic colour name")
    }

    /// The CSS basic colour keywords plus `transparent`.
    static let named: [String: RGBAColor] = [
        "transparent": .transparent,
        "white": .white, "black": .black,
        "red": RGBAColor(red: 255, green: 0, blue: 0), "lime": RGBAColor(red: 0, green: 255, blue: 0),
        "green": RGBAColor(red: 0, green: 128, blue: 0), "blue": RGBAColor(red: 0, green: 0, blue: 255),
        "yellow": RGBAColor(red: 255, green: 255, blue: 0), "cyan": RGBAColor(red: 0, green: 255, blue: 255),
        "aqua": RGBAColor(red: 0, green: 255, blue: 255), "magenta": RGBAColor(red: 255, green: 0, blue: 255),
        "fuchsia": RGBAColor(red: 255, green: 0, blue: 255), "silver": RGBAColor(red: 192, green: 192, blue: 192),
        "gray": RGBAColor(red: 128, green: 128, blue: 128), "grey": RGBAColor(red: 128, green: 128, blue: 128),
        "maroon": RGBAColor(red: 128, green: 0, blue: 0), "olive": RGBAColor(red: 128, green: 128, blue: 0),
        "purple": RGBAColor(red: 128, green: 0, blue: 128), "teal": RGBAColor(red: 0, green: 128, blue: 128),
        "navy": RGBAColor(red: 0, green: 0, blue: 128),
    ]

    /// `#rrggbbaa` in lowercase hex.
    public var description: String {
        let hex = Array("0123456789abcdef")
        return "#" + [red, green, blue, alpha].map { "\(hex[Int($0 >> 4)])\(hex[Int($0 & 15)])" }.joined()
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
