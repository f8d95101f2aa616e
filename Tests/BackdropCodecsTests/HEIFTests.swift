// HEIF decoding against heif-convert and exact source pixels: alpha, odd sizes, 10/12-bit rounding, ICC.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropHEIF
import BackdropTestSupport
import Testing

/// One row of `TestImages/inputs/heif/suite/MANIFEST.tsv`, written by `scripts/heif_fixtures.py`.
struct HEIFSuiteCase: CustomTestStringConvertible, Sendable {
    var file: String
    var width: Int
    var height: Int
    var bits: Int
    var alpha: Bool
    var tolerance: Int
    var extra: [String: String]

    var testDescription: String { file }
    var inputPath: String { "inputs/heif/suite/\(file)" }
    var referencePath: String { "reference/heif/suite/\(file).png" }

    static let all: [HEIFSuiteCase] = {
        guard let bytes = try? Fixtures.bytes("inputs/heif/suite/MANIFEST.tsv") else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 6, let w = Int(f[1]), let h = Int(f[2]), let b = Int(f[3]), let t = Int(f[5]) else {
                return nil
            }
            var extra = [String: String]()
            if f.count > 6 {
                for pair in f[6].split(separator: ";") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { extra[kv[0]] = kv[1] }
                }
            }
            return HEIFSuiteCase(
                file: f[0], width: w, height: h, bits: b, alpha: f[4] == "1", tolerance: t, extra: extra)
        }
    }()
}

@Suite("HEIF")
struct HEIFTests {
    @Test func manifestListsTheWholeSuite() {
        #expect(HEIFSuiteCase.all.count >= 7)
        let files =
            Fixtures.files(in: "inputs/heif/suite", withExtension: "heic")
            + Fixtures.files(in: "inputs/heif/suite", withExtension: "avif")
        #expect(files.count == HEIFSuiteCase.all.count)
    }

    /// Lossy files within 2 levels of heif-convert's decode (same libheif + libde265, so in practice exact); the
    /// 10/12-bit references are heif-convert's 16-bit output reduced by numpy to round(v · 255 / (2^bits − 1)),
    /// which pins Backdrop's rounding; the lossless GBR file equals its source exactly. The colour policy is
    /// `assume-srgb`: heif-convert does not colour-convert (the nclx Display P3 file's conversion is tested in
    /// BackdropColorTests).
    @Test(arguments: HEIFSuiteCase.all)
    func decodesToReference(_ c: HEIFSuiteCase) throws {
        let image = try ImageDecoder.decode(try Fixtures.bytes(c.inputPath), options: .init(colorPolicy: .assumeSRGB))
        #expect(image.width == c.width && image.height == c.height)
        #expect(image.metadata.format == (c.extra["format"] == "avif" ? .avif : .heif))
        let reference = try referencePixels(c.referencePath, like: image.pixels)
        let delta = maxChannelDelta(image.pixels.rgba8().packedBytes(), reference)
        #expect(delta <= c.tolerance, "\(c.file): max channel delta \(delta)")
    }

    @Test(arguments: HEIFSuiteCase.all)
    func headerMatchesGenerator(_ c: HEIFSuiteCase) throws {
        let header = try HEIF.readHeader(try Fixtures.bytes(c.inputPath))
        #expect(header.width == c.width && header.height == c.height)
        #expect(header.bitDepth == c.bits)
        #expect(header.hasAlpha == c.alpha)
        #expect(header.imageCount == Int(c.extra["images"] ?? "1"))
        #expect(header.premultipliedAlpha == (c.extra["premultiplied"] == "1"))
        if let nclx = c.extra["nclx"] {
            let v = nclx.split(separator: ",").compactMap { UInt16($0) }
            #expect(
                header.colorInfo.nclx
                    == ColorInfo.NCLX(
                        colourPrimaries: v[0], transferCharacteristics: v[1], matrixCoefficients: v[2],
                        fullRange: v[3] == 1))
        } else {
            #expect(header.colorInfo.nclx == nil)
        }
        if let icc = c.extra["icc"] {
            #expect(header.colorInfo.iccProfile == (try Fixtures.bytes("reference/heif/suite/\(icc)")))
        } else {
            #expect(header.colorInfo.iccProfile == nil)
        }
    }

    @Test func metadataReportsHEIF() throws {
        let meta = try ImageDecoder.metadata(of: try Fixtures.bytes("inputs/heif/suite/heifenc-alpha.heic"))
        #expect(meta.format == .heif && meta.hasAlpha && meta.channels == 4)
    }
}
