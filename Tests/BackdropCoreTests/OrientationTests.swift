// EXIF orientation: the eight transforms against their definitions, and the EXIF tag reader on hostile blocks.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore
import Testing

@Suite("Orientation")
struct OrientationTests {
    /// Where displayed pixel (x, y) comes from in a w × h stored image, straight from the EXIF definitions.
    static func source(_ o: ImageOrientation, x: Int, y: Int, w: Int, h: Int) -> (Int, Int) {
        switch o {
        case .up: (x, y)
        case .mirrored: (w - 1 - x, y)
        case .rotate180: (w - 1 - x, h - 1 - y)
        case .mirroredVertically: (x, h - 1 - y)
        case .transposed: (y, x)
        case .rotate90: (y, h - 1 - x)
        case .transversed: (w - 1 - y, h - 1 - x)
        case .rotate270: (w - 1 - y, x)
        }
    }

    /// Every orientation at sizes around the 64-pixel tile edge, RGBA8 and Gray8, moves every pixel exactly.
    @Test(arguments: ImageOrientation.allCases)
    func transformMatchesDefinition(_ o: ImageOrientation) throws {
        for (w, h) in [(1, 1), (3, 2), (65, 7), (70, 130)] {
            var rgba = [UInt8]()
            var gray = [UInt8]()
            for y in 0..<h {
                for x in 0..<w {
                    rgba += [UInt8(x & 255), UInt8(y & 255), UInt8((x + y) & 255), UInt8((x * y) & 255)]
                    gray.append(UInt8((x * 3 + y * 5) & 255))
                }
            }
            let a = try PixelBuffer<RGBA8>(width: w, height: h, packed: rgba).oriented(o)
            let g = try PixelBuffer<Gray8>(width: w, height: h, packed: gray).oriented(o)
            let size = o.orientedSize(width: w, height: h)
            #expect(a.size == size && g.size == size)
            var mismatches = 0
            for y in 0..<size.height {
                for x in 0..<size.width {
                    let (sx, sy) = Self.source(o, x: x, y: y, w: w, h: h)
                    let i = sy * w + sx
                    if a[x, y] != SIMD4(rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]) {
                        mismatches += 1
                    }
                    if g[x, y] != gray[i] { mismatches += 1 }
                }
            }
            #expect(mismatches == 0, "\(o) at \(w)x\(h)")
        }
    }

    @Test func exifReaderRejectsMalformedBlocks() {
        let good: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]
        #expect(ImageOrientation.exifValue(in: good) == 6)
        #expect(ImageOrientation.exifValue(in: [UInt8]()) == nil)
        // The value ends at byte 20: every shorter prefix has no readable orientation.
        for cut in 0..<20 { #expect(ImageOrientation.exifValue(in: good[0..<cut]) == nil) }
        var nine = good
        nine[19] = 9
        #expect(ImageOrientation.exifValue(in: nine) == nil)
        var farIFD = good
        farIFD[4] = 0x7F
        #expect(ImageOrientation.exifValue(in: farIFD) == nil)
        var noEntries = good
        noEntries[9] = 0
        #expect(ImageOrientation.exifValue(in: noEntries) == nil)
        var wrongType = good
        wrongType[13] = 4
        #expect(ImageOrientation.exifValue(in: wrongType) == nil)
    }
}
