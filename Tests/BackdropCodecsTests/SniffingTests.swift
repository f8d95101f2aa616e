// Format sniffing from magic bytes, and the typed errors for formats Backdrop does not decode yet.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Testing

@Suite struct SniffingTests {
    static let cases: [(name: String, bytes: [UInt8], format: ImageFormat?)] = [
        ("png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], .png),
        ("png prefix", [0x89, 0x50, 0x4E], .png),
        ("jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8), .jpeg),
        ("webp", Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8), .webp),
        ("heic", [0, 0, 0, 24] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8), .heif),
        ("heif via mif1", [0, 0, 0, 20] + Array("ftypmif1".utf8) + [0, 0, 0, 0] + Array("mif1".utf8), .heif),
        ("avif", [0, 0, 0, 28] + Array("ftypavif".utf8) + [0, 0, 0, 0] + Array("avifmif1miaf".utf8), .avif),
        ("gif", Array("GIF89a".utf8) + [1, 0, 1, 0], .gif),
        ("tiff", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff),
        ("text", Array("hello world, this is not an image".utf8), nil),
        ("empty", [], nil),
        ("mp4", [0, 0, 0, 24] + Array("ftypisom".utf8) + [0, 0, 0, 0] + Array("isomavc1".utf8), nil),
    ]

    @Test(arguments: cases.indices)
    func sniffs(_ index: Int) {
        let c = Self.cases[index]
        #expect(ImageFormat.sniff(c.bytes) == c.format, "\(c.name)")
    }

    @Test func sniffingIgnoresTheFileName() throws {
        // A PNG's bytes are a PNG whatever the name says; the extension only picks an output format.
        let bytes = try Fixtures.bytes("inputs/cutouts/mug-small.png")
        #expect(ImageFormat.sniff(bytes) == .png)
        #expect(ImageFormat(fileExtension: "JPG") == .jpeg)
        #expect(ImageFormat(fileExtension: "heic") == .heif)
        #expect(ImageFormat(fileExtension: "txt") == nil)
    }

    @Test func formatsNotYetDecodedAreUnsupported() {
        for c in Self.cases where c.format != nil && !ImageFormat.decodable.contains(c.format!) {
            #expect(throws: DecodingError.unsupported(feature: "\(c.format!) decoding")) {
                try ImageDecoder.decode(c.bytes)
            }
        }
        #expect(throws: DecodingError.unknownFormat) { try ImageDecoder.decode(Array("text".utf8)) }
        #expect((DecodingError.unknownFormat as any BackdropError).category == .unsupported)
    }

    @Test func encodingAnUnsupportedFormatIsTyped() throws {
        let pixels = ImagePixels.gray8(try PixelBuffer<Gray8>(width: 2, height: 2))
        #expect(throws: EncodingError.unsupportedFormat("gif")) { try ImageEncoder.encode(pixels, as: .gif) }
    }

    @Test func limitsApplyToTheByteCountFirst() throws {
        let bytes = try Fixtures.bytes("inputs/cutouts/mug-small.png")
        let options = DecodingOptions(limits: DecodingLimits(maxBytes: bytes.count - 1))
        #expect(throws: LimitError.inputTooLarge(bytes: bytes.count, limit: bytes.count - 1)) {
            try ImageDecoder.decode(bytes, options: options)
        }
        #expect(throws: LimitError.self) { try ImageDecoder.metadata(of: bytes, options: options) }
    }
}
