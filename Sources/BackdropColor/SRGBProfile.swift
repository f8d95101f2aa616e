// A compact sRGB ICC profile, built here from the IEC 61966-2.1 definition, for tagging JPEG and WebP outputs.
// SPDX-License-Identifier: Apache-2.0

/// A small ICC v2.1 display profile for sRGB that Backdrop writes into its JPEG and WebP outputs.
///
/// It is computed, not copied: the colorants are sRGB's primaries and D65 white adapted to the D50 connection
/// space with Bradford (rounded to s15Fixed16), the white point is D50 (the colorants sum to it), and the three
/// tone curves share one 256-entry `curv` table of the IEC 61966-2.1 curve (linearly interpolated, it stays
/// within 0.0001 of the formula). Tags: `desc`, `cprt`, `wtpt`, `rXYZ`, `gXYZ`, `bXYZ`, `rTRC`, `gTRC`, `bTRC`.
/// Version 2 is chosen because every ICC-aware reader accepts it. About 1 KB.
public enum SRGBProfile {
    /// The profile bytes (built once).
    public static let bytes: [UInt8] = build()

    /// The description text in the `desc` tag.
    public static let name = "sRGB (Backdrop compact)"

    static func build() -> [UInt8] {
        var tags: [(signature: String, data: [UInt8])] = []
        var desc = ascii("desc") + [0, 0, 0, 0] + u32(UInt32(name.utf8.count + 1)) + Array(name.utf8) + [0]
        desc += [UInt8](repeating: 0, count: 4 + 4 + 2 + 1 + 67)
        tags.append(("desc", desc))
        tags.append(("cprt", ascii("text") + [0, 0, 0, 0] + Array("No copyright, use freely (CC0-1.0)".utf8) + [0]))
        tags.append(("wtpt", xyzTag(.d50)))
        let colorants = RGBSpace.sRGB.d50Colorants
        for (name, value) in zip(["rXYZ", "gXYZ", "bXYZ"], colorants) { tags.append((name, xyzTag(value))) }
        var curve = ascii("curv") + [0, 0, 0, 0] + u32(256)
        for i in 0..<256 {
            let x = Double(i) / 255
            let y = x <= 0.040_45 ? x / 12.92 : ToneCurve.power((x + 0.055) / 1.055, 2.4)
            curve += u16(UInt16((y * 65535).rounded()))
        }
        tags.append(("rTRC", curve))

        // Layout: header, tag table (the three TRC entries share one curve), then the data, 4-byte aligned.
        let entries = tags.count + 2
        var offset = 128 + 4 + entries * 12
        var table: [UInt8] = u32(UInt32(entries))
        var data: [UInt8] = []
        var curveEntry: [UInt8] = []
        for (signature, payload) in tags {
            let entry = u32(UInt32(offset)) + u32(UInt32(payload.count))
            table += ascii(signature) + entry
            if signature == "rTRC" { curveEntry = entry }
            data += payload
            offset += payload.count
            while offset % 4 != 0 {
                data.append(0)
                offset += 1
            }
        }
        table += ascii("gTRC") + curveEntry + ascii("bTRC") + curveEntry
        let size = 128 + table.count + data.count
        var header = u32(UInt32(size)) + [0, 0, 0, 0] + [0x02, 0x10, 0, 0] + ascii("mntr") + ascii("RGB ")
        header += ascii("XYZ ") + [0x07, 0xEA, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]  // 2026-01-01 00:00:00
        header += ascii("acsp") + [UInt8](repeating: 0, count: 4 + 4 + 4 + 4 + 8 + 4)
        header += fixed(XYZ.d50.x) + fixed(XYZ.d50.y) + fixed(XYZ.d50.z)
        header += [UInt8](repeating: 0, count: 128 - header.count)
        return header + table + data
    }

    static func xyzTag(_ v: XYZ) -> [UInt8] { ascii("XYZ ") + [0, 0, 0, 0] + fixed(v.x) + fixed(v.y) + fixed(v.z) }
    static func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }
    static func u32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }
    static func u16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    static func fixed(_ v: Double) -> [UInt8] { u32(UInt32(bitPattern: Int32((v * 65536).rounded()))) }
}
