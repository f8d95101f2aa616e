// WebP decoding against dwebp and exact source pixels, header facts, animation, orientation, and encoding.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import BackdropWebP
import Testing

/// One row of `TestImages/inputs/webp/suite/MANIFEST.tsv`, written by `scripts/webp_fixtures.py`.
struct WebPSuiteCase: CustomTestStringConvertible, Sendable {
    var file: String
    var width: Int
    var height: Int
    var coding: String
    var alpha: Bool
    var animated: Bool
    var frames: Int
    var tolerance: Int
    var extra: [String: String]

    var testDescription: String { file }
    var inputPath: String { "inputs/webp/suite/\(file)" }
    var referencePath: String { "reference/webp/suite/\(file).png" }

    static let all: [WebPSuiteCase] = {
        guard let bytes = try? Fixtures.bytes("inputs/webp/suite/MANIFEST.tsv") else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 8, let w = Int(f[1]), let h = Int(f[2]), let n = Int(f[6]), let t = Int(f[7]) else {
                return nil
            }
            var extra = [String: String]()
            if f.count > 8 {
                for pair in f[8].split(separator: ";") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { extra[kv[0]] = kv[1] }
                }
            }
            return WebPSuiteCase(
                file: f[0], width: w, height: h, coding: f[3], alpha: f[4] == "1", animated: f[5] == "1", frames: n,
                tolerance: t, extra: extra)
        }
    }()
}

@Suite("WebP")
struct WebPTests {
    @Test func manifestListsTheWholeSuite() {
        #expect(WebPSuiteCase.all.count >= 8)
        #expect(Fixtures.files(in: "inputs/webp/suite", withExtension: "webp").count == WebPSuiteCase.all.count)
    }

    /// Lossless files must equal their source pixels exactly (tolerance 0, RGB under alpha 0 included for the
    /// `-exact` file); lossy ones dwebp's decode within 2 levels (the same libwebp, so in practice 0).
    @Test(arguments: WebPSuiteCase.all)
    func decodesToReference(_ c: WebPSuiteCase) throws {
        let image = try ImageDecoder.decode(try Fixtures.bytes(c.inputPath))
        let reference = try referencePixels(c.referencePath, like: image.pixels)
        let delta = maxChannelDelta(image.pixels.rgba8().packedBytes(), reference)
        #expect(delta <= c.tolerance, "\(c.file): max channel delta \(delta)")
    }

    @Test(arguments: WebPSuiteCase.all)
    func headerMatchesGenerator(_ c: WebPSuiteCase) throws {
        let header = try WebP.readHeader(try Fixtures.bytes(c.inputPath))
        #expect(header.width == c.width && header.height == c.height)
        #expect(header.coding.rawValue == c.coding)
        #expect(header.hasAlpha == c.alpha)
        #expect(header.animated == c.animated)
        #expect(header.frameCount == c.frames)
        #expect(header.exifOrientation == c.extra["orientation"].flatMap(Int.init))
        if let icc = c.extra["icc"] {
            #expect(header.colorInfo.iccProfile == (try Fixtures.bytes("reference/webp/suite/\(icc)")))
        } else {
            #expect(header.colorInfo.iccProfile == nil)
        }
    }

    @Test func animatedFileSaysSoInTheMetadata() throws {
        let meta = try ImageDecoder.metadata(of: try Fixtures.bytes("inputs/webp/suite/img2webp-animated-3.webp"))
        #expect(meta.animated && meta.frameCount == 3)
    }

    @Test func lossyRoundTripWithinPSNR() throws {
        let image = try ImageDecoder.decode(try Fixtures.bytes("inputs/cutouts/mug-small.png")).pixels.rgba8()
        var options = EncodingOptions()
        options.quality = 95
        let bytes = try ImageEncoder.encode(.rgba8(image), as: .webp, options: options)
        let header = try WebP.readHeader(bytes)
        #expect(header.coding == .lossy && !header.hasAlpha)
        let decoded = try ImageDecoder.decode(bytes).pixels.rgba8()
        // q95 lossy WebP of a smooth photo: PSNR well above 35 dB (measured about 42).
        #expect(psnr(decoded.packedBytes(), image.packedBytes(), alpha: false) >= 35)
    }

    /// Lossless with `exact` keeps every byte, including the RGB under alpha 0.
    @Test func losslessExactRoundTripIsExact() throws {
        var pixels = [UInt8]()
        for i in 0..<(23 * 11) {
            pixels += [UInt8(i & 255), UInt8((i * 7) & 255), UInt8((i * 13) & 255), UInt8(i % 3 == 0 ? 0 : i & 255)]
        }
        let image = try PixelBuffer<RGBA8>(width: 23, height: 11, packed: pixels)
        var options = EncodingOptions()
        options.lossless = true
        options.exact = true
        let bytes = try ImageEncoder.encode(.rgba8(image), as: .webp, options: options)
        #expect(try WebP.readHeader(bytes).coding == .lossless)
        #expect(try ImageDecoder.decode(bytes).pixels.rgba8() == image)
    }

    @Test func lossyAlphaQualityKeepsAlpha() throws {
        let cutout = try ImageDecoder.decode(try Fixtures.bytes("inputs/cutouts/mug-small.cutout.png")).pixels.rgba8()
        var options = EncodingOptions()
        options.alphaQuality = 100
        let bytes = try ImageEncoder.encode(.rgba8(cutout), as: .webp, options: options)
        #expect(try WebP.readHeader(bytes).hasAlpha)
        let decoded = try ImageDecoder.decode(bytes).pixels.rgba8().packedBytes()
        let source = cutout.packedBytes()
        // Alpha quality 100 codes alpha losslessly (libwebp may still pre-process it by at most a level or two).
        var worst = 0
        for i in Swift.stride(from: 3, to: source.count, by: 4) {
            worst = max(worst, abs(Int(decoded[i]) - Int(source[i])))
        }
        #expect(worst <= 2)
    }

    /// An ICC profile written through libwebpmux is read back unchanged, and the pixels are untouched by it.
    @Test func iccProfileIsWritten() throws {
        let image = try ImageDecoder.decode(try Fixtures.bytes("inputs/cutouts/mug-small.cutout.png")).pixels
        let profile = try Fixtures.bytes("reference/webp/suite/webpmux-icc.icc")
        var options = EncodingOptions()
        options.lossless = true
        options.iccProfile = profile
        let bytes = try ImageEncoder.encode(image, as: .webp, options: options)
        let header = try WebP.readHeader(bytes)
        #expect(header.colorInfo.iccProfile == profile && header.hasAlpha)
        options.iccProfile = nil
        let plain = try ImageEncoder.encode(image, as: .webp, options: options)
        #expect(try ImageDecoder.decode(bytes).pixels == ImageDecoder.decode(plain).pixels)
    }

    @Test func invalidOptionsThrowTyped() throws {
        let image = try PixelBuffer<RGBA8>(width: 4, height: 4)
        var options = EncodingOptions()
        options.quality = 101
        #expect(throws: ParameterError.self) { try ImageEncoder.encode(.rgba8(image), as: .webp, options: options) }
    }
}
