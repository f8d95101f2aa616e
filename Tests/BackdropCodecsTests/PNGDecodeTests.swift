// PNG decoding against references made without libpng (pypng + numpy), header facts, and exact sample rules.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import BackdropPNG
import BackdropTestSupport
import Testing

/// One row of `TestImages/inputs/png/suite/MANIFEST.tsv`, written by `scripts/png_fixtures.py`.
struct PNGSuiteCase: CustomTestStringConvertible, Sendable {
    var file: String
    var width: Int
    var height: Int
    var bitDepth: Int
    var colorType: String
    var interlaced: Bool
    var hasTRNS: Bool
    var output: String
    var extra: [String: String]

    var testDescription: String { file }
    var inputPath: String { "inputs/png/suite/\(file)" }
    var referencePath: String { "reference/png/suite/\(file).png" }

    static let all: [PNGSuiteCase] = {
        guard let bytes = try? Fixtures.bytes("inputs/png/suite/MANIFEST.tsv") else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 8, let w = Int(f[1]), let h = Int(f[2]), let d = Int(f[3]) else { return nil }
            var extra = [String: String]()
            if f.count > 8 {
                for pair in f[8].split(separator: ";") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { extra[kv[0]] = kv[1] }
                }
            }
            return PNGSuiteCase(
                file: f[0], width: w, height: h, bitDepth: d, colorType: f[4], interlaced: f[5] == "1",
                hasTRNS: f[6] == "1", output: f[7], extra: extra)
        }
    }()
}

@Suite("PNG decoding")
struct PNGDecodeTests {
    @Test func manifestListsTheWholeSuite() {
        #expect(PNGSuiteCase.all.count >= 40)
        let files = Fixtures.files(in: "inputs/png/suite", withExtension: "png")
        #expect(files.count == PNGSuiteCase.all.count)
    }

    @Test(arguments: PNGSuiteCase.all)
    func decodesToReference(_ c: PNGSuiteCase) throws {
        let (_, pixels) = try PNG.decode(try Fixtures.bytes(c.inputPath))
        let (_, reference) = try PNG.decode(try Fixtures.bytes(c.referencePath))
        #expect(pixels.size == reference.size)
        switch (pixels, reference) {
        case (.gray8(let got), .gray8(let want)):
            #expect(c.output == "gray8")
            expectSamePNGPixels(got.packedBytes(), want.packedBytes(), channels: 1, width: c.width, file: c.file)
        case (.rgba8(let got), .rgba8(let want)):
            #expect(c.output == "rgba8")
            expectSamePNGPixels(got.packedBytes(), want.packedBytes(), channels: 4, width: c.width, file: c.file)
        default:
            Issue.record("\(c.file): decoded \(pixels.channelCount) channels, reference has \(reference.channelCount)")
        }
    }

    @Test(arguments: PNGSuiteCase.all)
    func headerMatchesGenerator(_ c: PNGSuiteCase) throws {
        let bytes = try Fixtures.bytes(c.inputPath)
        let header = try PNG.readHeader(bytes)
        #expect(header.width == c.width)
        #expect(header.height == c.height)
        #expect(header.bitDepth == c.bitDepth)
        #expect(header.colorType.rawValue == c.colorType)
        #expect(header.interlaced == c.interlaced)
        #expect(header.hasTransparencyChunk == c.hasTRNS)
        let expectedChannels = ["gray": 1, "gray-alpha": 2, "rgb": 3, "palette": 3, "rgba": 4][c.colorType]
        #expect(header.channelCount == expectedChannels)
        #expect(header.hasAlpha == (c.hasTRNS || c.colorType == "gray-alpha" || c.colorType == "rgba"))
        let (decodedHeader, _) = try PNG.decode(bytes)
        #expect(decodedHeader == header)
    }

    @Test(arguments: PNGSuiteCase.all.filter { !$0.extra.isEmpty })
    func ancillaryChunksAreReported(_ c: PNGSuiteCase) throws {
        let header = try PNG.readHeader(try Fixtures.bytes(c.inputPath))
        let color = header.colorInfo
        if c.extra["icc"] != nil {
            let profile = try #require(color.iccProfile)
            #expect(profile.count >= 132)
            let declared = profile.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            #expect(declared == profile.count)
            #expect(Array(profile[36..<40]) == Array("acsp".utf8))
        }
        if let orientation = c.extra["orientation"] { #expect(header.exifOrientation == Int(orientation)) }
        if let ppm = c.extra["ppm"].flatMap(Int.init) {
            #expect(header.physicalPixelsPerMeter == PixelDensity(x: ppm, y: ppm))
        }
        if let intent = c.extra["srgb"] { #expect(color.pngSRGBIntent == UInt8(intent)) }
        if let gamma = c.extra["gamma"] { #expect(color.pngGamma == UInt32(gamma)) }
        if let chrm = c.extra["chrm"] {
            #expect(color.pngChromaticities == chrm.split(separator: ",").compactMap { UInt32($0) })
        }
        // Only what the file stores: an sRGB chunk does not make gAMA/cHRM appear and vice versa.
        if c.extra["chrm"] == nil { #expect(color.pngChromaticities == nil) }
        if c.extra["srgb"] == nil { #expect(color.pngSRGBIntent == nil) }
    }

    @Test func untaggedFileHasNoColorInfo() throws {
        let header = try PNG.readHeader(try Fixtures.bytes("inputs/png/suite/rgb8-pillow-33x17.png"))
        #expect(header.colorInfo == .untagged)
        #expect(header.exifOrientation == nil)
        #expect(header.physicalPixelsPerMeter == nil)
    }

    // MARK: - Exact sample rules on hand-built files (stored deflate blocks, no encoder involved)

    /// Every 16-bit value decodes to round(v · 255 / 65535), the nearest 8-bit value.
    @Test func sixteenBitRoundsToNearest() throws {
        var rows = [[UInt8]]()
        for y in 0..<256 {
            rows.append((0..<256).flatMap { x -> [UInt8] in [UInt8(y), UInt8(x)] })  // v = y·256 + x
        }
        let file = HandPNG.make(width: 256, height: 256, bitDepth: 16, colorType: 0, rows: rows)
        let (_, pixels) = try PNG.decode(file)
        guard case .gray8(let gray) = pixels else { Issue.record("expected gray8"); return }
        let got = gray.packedBytes()
        var mismatches = 0
        for v in 0..<65536 where Int(got[v]) != (v * 255 + 32767) / 65535 { mismatches += 1 }
        #expect(mismatches == 0)
    }

    /// 1-, 2- and 4-bit gray scale exactly: v · 255 / (2^b − 1).
    @Test(arguments: [1, 2, 4])
    func lowBitDepthsScaleExactly(_ depth: Int) throws {
        let levels = 1 << depth
        // One row holding every level once, packed MSB first.
        var row = [UInt8](repeating: 0, count: (levels * depth + 7) / 8)
        for v in 0..<levels {
            let bit = v * depth
            row[bit / 8] |= UInt8(v << (8 - depth - bit % 8))
        }
        let file = HandPNG.make(width: levels, height: 1, bitDepth: depth, colorType: 0, rows: [row])
        let (_, pixels) = try PNG.decode(file)
        guard case .gray8(let gray) = pixels else { Issue.record("expected gray8"); return }
        #expect(gray.packedBytes() == (0..<levels).map { UInt8($0 * 255 / (levels - 1)) })
    }

    /// sBIT and gAMA never change sample values.
    @Test func sBITAndGammaAreIgnored() throws {
        let values: [UInt8] = [0, 1, 17, 100, 128, 200, 254, 255]
        let file = HandPNG.make(
            width: values.count, height: 1, bitDepth: 8, colorType: 0, rows: [values],
            chunks: [("sBIT", [4]), ("gAMA", [0, 1, 0x86, 0xA0])])
        let (header, pixels) = try PNG.decode(file)
        #expect(header.colorInfo.pngGamma == 100_000)
        guard case .gray8(let gray) = pixels else { Issue.record("expected gray8"); return }
        #expect(gray.packedBytes() == values)
    }

    /// A gray tRNS key makes exactly the matching samples transparent; the output is RGBA.
    @Test func grayKeyBecomesAlpha() throws {
        let file = HandPNG.make(
            width: 4, height: 1, bitDepth: 8, colorType: 0, rows: [[9, 10, 11, 10]], chunks: [("tRNS", [0, 10])])
        let (header, pixels) = try PNG.decode(file)
        #expect(header.hasTransparencyChunk && header.hasAlpha)
        guard case .rgba8(let rgba) = pixels else { Issue.record("expected rgba8"); return }
        #expect(rgba.packedBytes() == [9, 9, 9, 255, 10, 10, 10, 0, 11, 11, 11, 255, 10, 10, 10, 0])
    }

    @Test func eXIfOrientationBigAndLittleEndian() throws {
        for (exif, expected) in [
            ([0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0], 8),
            ([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0], 3),
            ([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0], nil),
            ([0x49, 0x49, 42, 0, 0xFF, 0xFF, 0, 0], nil),
        ] as [([UInt8], Int?)] {
            let file = HandPNG.make(
                width: 1, height: 1, bitDepth: 8, colorType: 0, rows: [[0]], chunks: [("eXIf", exif)])
            #expect(try PNG.readHeader(file).exifOrientation == expected)
        }
    }

    @Test func signature() {
        #expect(PNG.signature == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(PNG.hasSignature(PNG.signature + [0]))
        #expect(!PNG.hasSignature(Array(PNG.signature.prefix(7))))
        #expect(!PNG.hasSignature(Array("GIF89a..".utf8)))
    }
}

/// Reports the first differing pixel instead of two long arrays.
func expectSamePNGPixels(_ got: [UInt8], _ want: [UInt8], channels: Int, width: Int, file: String) {
    guard got != want else { return }
    guard got.count == want.count else {
        Issue.record("\(file): \(got.count) bytes decoded, reference has \(want.count)")
        return
    }
    let differing = (0..<got.count).filter { got[$0] != want[$0] }
    let first = differing[0] / channels
    let p = first * channels
    Issue.record(
        """
        \(file): \(differing.count) samples differ; first at (\(first % width), \(first / width)): \
        got \(Array(got[p..<p + channels])), reference \(Array(want[p..<p + channels]))
        """)
}

/// Builds PNG files by hand with stored (uncompressed) deflate blocks, independently of libpng's encoder.
enum HandPNG {
    static func make(
        width: Int, height: Int, bitDepth: Int, colorType: Int, rows: [[UInt8]], chunks: [(String, [UInt8])] = []
    ) -> [UInt8] {
        var raw = [UInt8]()
        for row in rows { raw += [0] + row }  // filter type None
        var file = PNG.signature
        file += chunk("IHDR", be32(width) + be32(height) + [UInt8(bitDepth), UInt8(colorType), 0, 0, 0])
        for (type, data) in chunks { file += chunk(type, data) }
        file += chunk("IDAT", zlibStored(raw))
        file += chunk("IEND", [])
        return file
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body)))
    }

    static func be32(_ v: Int) -> [UInt8] {
        [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65535, data.count - offset)
            let last: UInt8 = offset + n == data.count ? 1 : 0
            out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8 & 0xFF)]
            out += data[offset..<offset + n]
            offset += n
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be32(Int(b << 16 | a))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }
}
