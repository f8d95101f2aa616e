// JPEG decoding against references made by djpeg and ImageMagick, header facts, orientation, scaling, encoding.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropJPEG
import BackdropTestSupport
import Foundation
import Testing

/// One row of `TestImages/inputs/jpeg/suite/MANIFEST.tsv`, written by `scripts/jpeg_fixtures.py`.
struct JPEGSuiteCase: CustomTestStringConvertible, Sendable {
    var file: String
    var width: Int
    var height: Int
    var colorSpace: String
    var subsampling: String
    var progressive: Bool
    var output: String
    var tolerance: Int
    var extra: [String: String]

    var testDescription: String { file }
    var inputPath: String { "inputs/jpeg/suite/\(file)" }
    var referencePath: String { "reference/jpeg/suite/\(file).png" }

    static let all: [JPEGSuiteCase] = {
        guard let bytes = try? Fixtures.bytes("inputs/jpeg/suite/MANIFEST.tsv") else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 8, let w = Int(f[1]), let h = Int(f[2]), let t = Int(f[7]) else { return nil }
            var extra = [String: String]()
            if f.count > 8 {
                for pair in f[8].split(separator: ";") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { extra[kv[0]] = kv[1] }
                }
            }
            return JPEGSuiteCase(
                file: f[0], width: w, height: h, colorSpace: f[3], subsampling: f[4], progressive: f[5] == "1",
                output: f[6], tolerance: t, extra: extra)
        }
    }()
}

/// The largest absolute difference between two equally long byte arrays (`Int.max` when the lengths differ).
func maxChannelDelta(_ a: [UInt8], _ b: [UInt8]) -> Int {
    guard a.count == b.count else { return Int.max }
    var worst = 0
    for i in a.indices { worst = max(worst, abs(Int(a[i]) - Int(b[i]))) }
    return worst
}

/// The pixels as packed bytes in their own layout (4 or 1 bytes per pixel).
func packed(_ pixels: ImagePixels) -> [UInt8] {
    switch pixels {
    case .rgba8(let buffer): buffer.packedBytes()
    case .gray8(let buffer): buffer.packedBytes()
    }
}

/// Decodes a reference PNG (made by another tool) to the channel layout of `pixels`.
func referencePixels(_ path: String, like pixels: ImagePixels) throws -> [UInt8] {
    let reference = try ImageDecoder.decode(try Fixtures.bytes(path)).pixels
    switch pixels {
    case .rgba8: return reference.rgba8().packedBytes()
    case .gray8:
        guard case .gray8(let gray) = reference else { return [] }
        return gray.packedBytes()
    }
}

@Suite("JPEG decoding")
struct JPEGDecodeTests {
    @Test func manifestListsTheWholeSuite() {
        #expect(JPEGSuiteCase.all.count >= 20)
        #expect(Fixtures.files(in: "inputs/jpeg/suite", withExtension: "jpg").count == JPEGSuiteCase.all.count)
    }

    /// Every fixture decodes (orientation applied) to the other tool's decode within the manifest's tolerance:
    /// 2 levels per channel, because IDCT and CMYK rounding may differ by a level between implementations.
    @Test(arguments: JPEGSuiteCase.all)
    func decodesToReference(_ c: JPEGSuiteCase) throws {
        let image = try ImageDecoder.decode(try Fixtures.bytes(c.inputPath))
        let reference = try referencePixels(c.referencePath, like: image.pixels)
        #expect(image.pixels.channelCount == (c.output == "gray8" ? 1 : 4))
        let delta = maxChannelDelta(packed(image.pixels), reference)
        #expect(delta <= c.tolerance, "\(c.file): max channel delta \(delta)")
    }

    @Test(arguments: JPEGSuiteCase.all)
    func headerMatchesGenerator(_ c: JPEGSuiteCase) throws {
        let header = try JPEG.readHeader(try Fixtures.bytes(c.inputPath))
        #expect(header.width == c.width && header.height == c.height)
        #expect(header.colorSpace.rawValue == c.colorSpace)
        #expect(header.subsampling?.rawValue == c.subsampling)
        #expect(header.progressive == c.progressive)
        #expect(header.exifOrientation == c.extra["orientation"].flatMap(Int.init))
        if let dpi = c.extra["dpi"].flatMap(Int.init) {
            #expect(header.density == JPEGDensity(x: dpi, y: dpi, unit: .inch))
        }
        if let icc = c.extra["icc"] {
            #expect(header.colorInfo.iccProfile == (try Fixtures.bytes("reference/jpeg/suite/\(icc)")))
        } else {
            #expect(header.colorInfo.iccProfile == nil)
        }
    }

    @Test func orientationSixComesOutUprightAndCanBeTurnedOff() throws {
        let bytes = try Fixtures.bytes("inputs/jpeg/suite/exif-orientation-6.jpg")
        let upright = try ImageDecoder.decode(bytes)
        #expect(upright.width == 72 && upright.height == 96)
        #expect(upright.metadata.appliedOrientation == 6)
        let stored = try ImageDecoder.decode(bytes, options: .init(applyOrientation: false))
        #expect(stored.width == 96 && stored.height == 72)
        #expect(stored.metadata.appliedOrientation == nil)
        #expect(stored.metadata.exifOrientation == 6)
        #expect(try ImageDecoder.metadata(of: bytes).appliedOrientation == 6)
    }

    /// DCT scaling gives djpeg -scale's output exactly: the same library path, no resampling of our own.
    @Test(arguments: [(DecodingScale.half, 2), (.quarter, 4), (.eighth, 8)])
    func scaledDecodeMatchesDjpeg(_ scale: DecodingScale, _ factor: Int) throws {
        let bytes = try Fixtures.bytes("inputs/jpeg/suite/cjpeg-420.jpg")
        let image = try ImageDecoder.decode(bytes, options: .init(scale: scale))
        #expect(image.width == (96 + factor - 1) / factor && image.height == (72 + factor - 1) / factor)
        let reference = try referencePixels("reference/jpeg/suite/cjpeg-420.scale-\(factor).png", like: image.pixels)
        // Tolerance 0: djpeg runs the same scaled IDCT.
        #expect(maxChannelDelta(image.pixels.rgba8().packedBytes(), reference) == 0)
    }

    /// PNG `eXIf` orientation is applied the same way: the pypng reference (stored pixels) turned by the
    /// independent core transform equals the default decode.
    @Test func pngExifOrientationIsApplied() throws {
        let bytes = try Fixtures.bytes("inputs/png/suite/rgb8-exif-phys-pillow-7x5.png")
        let image = try ImageDecoder.decode(bytes)
        #expect(image.metadata.appliedOrientation == 6)
        #expect(image.width == 5 && image.height == 7)
        let stored = try ImageDecoder.decode(
            try Fixtures.bytes("reference/png/suite/rgb8-exif-phys-pillow-7x5.png.png"))
        #expect(image.pixels == stored.pixels.oriented(.rotate90))
    }

    @Test func cmykUsesAdobeInversion() throws {
        let header = try JPEG.readHeader(try Fixtures.bytes("inputs/jpeg/suite/magick-ycck-adobe.jpg"))
        #expect(header.hasAdobeMarker)
        #expect(header.componentCount == 4)
    }
}

@Suite("JPEG encoding")
struct JPEGEncodeTests {
    func sample() throws -> PixelBuffer<RGBA8> {
        try ImageDecoder.decode(try Fixtures.bytes("inputs/cutouts/mug-small.png")).pixels.rgba8()
    }

    /// q95 4:4:4 of a smooth photo stays within a few levels; PSNR is the tolerance the issue names (≥ 35 dB here
    /// for the encoder's own loss at q95, measured 40+).
    @Test(arguments: [ChromaSubsampling.s444, .s422, .s420, .s440, .s411])
    func roundTripKeepsSubsamplingAndQuality(_ chroma: ChromaSubsampling) throws {
        let image = try sample()
        var options = EncodingOptions()
        options.quality = 95
        options.chromaSubsampling = chroma
        let bytes = try ImageEncoder.encode(.rgba8(image), as: .jpeg, options: options)
        let header = try JPEG.readHeader(bytes)
        #expect(header.subsampling?.rawValue == chroma.rawValue)
        #expect(!header.progressive)
        let decoded = try ImageDecoder.decode(bytes).pixels.rgba8()
        #expect(psnr(decoded.packedBytes(), image.packedBytes(), alpha: false) >= 35)
    }

    @Test func progressiveICCAndDPIAreWritten() throws {
        var options = EncodingOptions()
        options.progressive = true
        let profile = (0..<140_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        options.iccProfile = profile
        options.dpi = .init(x: 300, y: 150)
        let bytes = try ImageEncoder.encode(.rgba8(try sample()), as: .jpeg, options: options)
        let meta = try ImageDecoder.metadata(of: bytes)
        #expect(meta.interlaced)
        #expect(meta.colorInfo.iccProfile == profile)
        #expect(meta.dpi == .init(x: 300, y: 150))
        #expect(try ImageDecoder.decode(bytes).size == PixelSize(width: 200, height: 150))
    }

    @Test func grayEncodesGray() throws {
        let gray = try PixelBuffer<Gray8>(width: 17, height: 9, repeating: 200)
        let bytes = try ImageEncoder.encode(.gray8(gray), as: .jpeg)
        guard case .gray8(let decoded) = try ImageDecoder.decode(bytes).pixels else {
            Issue.record("expected gray8")
            return
        }
        // A flat field survives JPEG exactly or within one level.
        #expect(decoded.packedBytes().allSatisfy { abs(Int($0) - 200) <= 1 })
    }

    @Test func invalidOptionsThrowTyped() throws {
        var options = EncodingOptions()
        options.quality = 0
        #expect(throws: ParameterError.self) {
            try ImageEncoder.encode(.rgba8(try sample()), as: .jpeg, options: options)
        }
        options.quality = 90
        options.dpi = .init(x: 0, y: 72)
        #expect(throws: ParameterError.self) {
            try ImageEncoder.encode(.rgba8(try sample()), as: .jpeg, options: options)
        }
    }
}

/// Peak signal-to-noise ratio in dB over the colour channels (and alpha when asked) of two RGBA8 byte arrays.
func psnr(_ a: [UInt8], _ b: [UInt8], alpha: Bool) -> Double {
    guard a.count == b.count, !a.isEmpty else { return 0 }
    var sum = 0.0
    var n = 0
    for i in a.indices where alpha || i % 4 != 3 {
        let d = Double(Int(a[i]) - Int(b[i]))
        sum += d * d
        n += 1
    }
    if sum == 0 { return .infinity }
    return 10 * log10((255.0 * 255.0) / (sum / Double(n)))
}
