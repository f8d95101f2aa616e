// PNG encoding: round trips at several compression levels, colour type choice, chunks written, invalid options.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import BackdropPNG
import BackdropTestSupport
import Testing

/// Deterministic test content: gradients with noise, and an alpha ramp with fully transparent and opaque pixels.
enum PNGTestImages {
    static func rgba(width: Int, height: Int, opaque: Bool = false, seed: UInt64 = 1) throws -> PixelBuffer<RGBA8> {
        var state = seed
        var bytes = [UInt8]()
        bytes.reserveCapacity(width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let noise = Int(state >> 60)
                bytes += [
                    UInt8((x * 255 / max(width - 1, 1) + noise) & 0xFF), UInt8((y * 255 / max(height - 1, 1)) & 0xFF),
                    UInt8((x * y + noise) & 0xFF), opaque ? 255 : UInt8((x * 37 + y * 11) % 256),
                ]
            }
        }
        return try PixelBuffer<RGBA8>(width: width, height: height, packed: bytes)
    }

    static func gray(width: Int, height: Int) throws -> PixelBuffer<Gray8> {
        let bytes = (0..<(width * height)).map { UInt8(($0 * 7 + $0 / width * 13) % 256) }
        return try PixelBuffer<Gray8>(width: width, height: height, packed: bytes)
    }
}

@Suite("PNG encoding")
struct PNGEncodeTests {
    @Test(arguments: [0, 1, 6, 9])
    func rgbaRoundTrip(level: Int) throws {
        let image = try PNGTestImages.rgba(width: 33, height: 17)
        let file = try PNG.encode(image, options: PNGEncodingOptions(compressionLevel: level))
        let (header, pixels) = try PNG.decode(file)
        #expect(header.colorType == .rgba && header.bitDepth == 8 && !header.interlaced)
        #expect(pixels == .rgba8(image))
    }

    @Test(arguments: [0, 3, 9])
    func grayRoundTrip(level: Int) throws {
        let image = try PNGTestImages.gray(width: 61, height: 5)
        let file = try PNG.encode(image, options: PNGEncodingOptions(compressionLevel: level))
        let (header, pixels) = try PNG.decode(file)
        #expect(header.colorType == .gray && header.bitDepth == 8)
        #expect(pixels == .gray8(image))
    }

    /// Widths around the 64-byte row alignment, and a single pixel.
    @Test(arguments: [(1, 1), (7, 3), (15, 2), (16, 2), (17, 2), (63, 1), (64, 1), (65, 2)])
    func oddSizesRoundTrip(width: Int, height: Int) throws {
        let rgba = try PNGTestImages.rgba(width: width, height: height, seed: UInt64(width))
        #expect(try PNG.decode(PNG.encode(rgba)).pixels == .rgba8(rgba))
        let gray = try PNGTestImages.gray(width: width, height: height)
        #expect(try PNG.decode(PNG.encode(gray)).pixels == .gray8(gray))
    }

    @Test func opaqueRGBAIsWrittenAsRGB() throws {
        let image = try PNGTestImages.rgba(width: 20, height: 9, opaque: true)
        let file = try PNG.encode(image)
        let (header, pixels) = try PNG.decode(file)
        #expect(header.colorType == .rgb)
        #expect(pixels == .rgba8(image))
        let translucent = try PNGTestImages.rgba(width: 20, height: 9)
        #expect(try PNG.readHeader(PNG.encode(translucent)).colorType == .rgba)
    }

    @Test func higherLevelsAreNotLarger() throws {
        let image = try PNGTestImages.gray(width: 64, height: 32)
        let stored = try PNG.encode(image, options: PNGEncodingOptions(compressionLevel: 0))
        let best = try PNG.encode(image, options: PNGEncodingOptions(compressionLevel: 9))
        #expect(best.count < stored.count)
    }

    @Test func chunksAreWritten() throws {
        let image = try PNGTestImages.rgba(width: 4, height: 4)
        let srgb = try PNG.readHeader(
            PNG.encode(image, options: PNGEncodingOptions(sRGBIntent: 1, density: PixelDensity(x: 3780, y: 2835))))
        #expect(srgb.colorInfo.pngSRGBIntent == 1)
        #expect(srgb.colorInfo.iccProfile == nil)
        #expect(srgb.physicalPixelsPerMeter == PixelDensity(x: 3780, y: 2835))

        let plain = try PNG.readHeader(PNG.encode(image))
        #expect(plain.colorInfo == .untagged)
        #expect(plain.physicalPixelsPerMeter == nil)
    }

    @Test func iccProfileRoundTrips() throws {
        let profile = try #require(
            try PNG.readHeader(Fixtures.bytes("inputs/png/suite/rgb8-icc-pillow-33x17.png")).colorInfo.iccProfile)
        let image = try PNGTestImages.rgba(width: 5, height: 5)
        let header = try PNG.readHeader(
            PNG.encode(image, options: PNGEncodingOptions(iccProfile: profile, sRGBIntent: 0)))
        #expect(header.colorInfo.iccProfile == profile)
        #expect(header.colorInfo.pngSRGBIntent == nil)  // the ICC profile wins
    }

    @Test func invalidICCProfileFailsWithEncodingError() throws {
        let image = try PNGTestImages.rgba(width: 2, height: 2)
        let junk = (0..<200).map { UInt8($0 % 251) }
        #expect(
            pngErrorCategory { _ = try PNG.encode(image, options: PNGEncodingOptions(iccProfile: junk)) } == .encoding)
    }

    @Test(arguments: [-1, 10, 100])
    func invalidCompressionLevel(level: Int) throws {
        let image = try PNGTestImages.gray(width: 2, height: 2)
        #expect(throws: ParameterError.self) {
            try PNG.encode(image, options: PNGEncodingOptions(compressionLevel: level))
        }
    }

    @Test func invalidOptions() throws {
        let image = try PNGTestImages.rgba(width: 2, height: 2)
        #expect(throws: ParameterError.self) { try PNG.encode(image, options: PNGEncodingOptions(sRGBIntent: 4)) }
        #expect(throws: ParameterError.self) {
            try PNG.encode(image, options: PNGEncodingOptions(density: PixelDensity(x: 0, y: 100)))
        }
    }
}
