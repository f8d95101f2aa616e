// Hostile input for every decoder: listed bad files, truncations and seeded byte mutations (typed error or image).
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import BackdropTestSupport
import Testing

/// One row of `TestImages/bad/<format>/EXPECTED.tsv`.
struct BadFileCase: CustomTestStringConvertible, Sendable {
    var format: String
    var file: String
    var category: ErrorCategory
    var testDescription: String { "\(format)/\(file)" }

    static func all(_ format: String) -> [BadFileCase] {
        guard let bytes = try? Fixtures.bytes("bad/\(format)/EXPECTED.tsv") else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t").map(String.init)
            guard f.count == 2, let category = ErrorCategory(rawValue: f[1]) else { return nil }
            return BadFileCase(format: format, file: f[0], category: category)
        }
    }
}

/// SplitMix64: a tiny deterministic generator, so every run mutates the same bytes.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What decoding `bytes` did: `nil` for an image, else the error's category; an untyped error is an issue.
func decodeOutcome(_ bytes: [UInt8], options: DecodingOptions = .init()) -> ErrorCategory? {
    do {
        let image = try ImageDecoder.decode(bytes, options: options)
        #expect(image.width > 0 && image.height > 0)
        return nil
    } catch let error as any BackdropError {
        return error.category
    } catch {
        Issue.record("untyped error \(error)")
        return .io
    }
}

@Suite("Hostile input")
struct HostileInputTests {
    /// Formats with a decoder, their valid fixtures for mutation, and their folder of bad files.
    static let formats: [(name: String, fixtures: [String])] = [
        (
            "jpeg",
            [
                "inputs/jpeg/suite/cjpeg-420.jpg", "inputs/jpeg/suite/cjpeg-progressive.jpg",
                "inputs/jpeg/suite/magick-ycck-adobe.jpg", "inputs/jpeg/suite/exif-orientation-6.jpg",
            ]
        ),
        (
            "webp",
            [
                "inputs/webp/suite/cwebp-lossy-alpha.webp", "inputs/webp/suite/cwebp-lossless.webp",
                "inputs/webp/suite/img2webp-animated-3.webp", "inputs/webp/suite/webpmux-exif-orientation-6.webp",
            ]
        ),
        (
            "heif",
            [
                "inputs/heif/suite/heifenc-q90.heic", "inputs/heif/suite/heifenc-alpha.heic",
                "inputs/heif/suite/heifenc-10bit.heic", "inputs/heif/suite/boxes-grid-2x2.heic",
            ]
        ),
    ]

    static let badFiles: [BadFileCase] = formats.flatMap { BadFileCase.all($0.name) }

    @Test(arguments: formats.map(\.name))
    func everyBadFileIsListed(_ format: String) {
        let listed = Set(BadFileCase.all(format).map(\.file))
        let files = Set(Fixtures.files(in: "bad/\(format)").map { String($0.split(separator: "/").last ?? "") })
        #expect(listed.count >= 8)
        #expect(files.subtracting(["EXPECTED.tsv"]) == listed)
    }

    @Test(arguments: badFiles)
    func badFileThrowsExpectedCategory(_ c: BadFileCase) throws {
        let bytes = try Fixtures.bytes("bad/\(c.format)/\(c.file)")
        #expect(decodeOutcome(bytes) == c.category)
    }

    /// Every proper prefix of a valid file throws a typed error (never returns a partly gray image).
    @Test(arguments: formats.map(\.name))
    func truncationsThrow(_ format: String) throws {
        let fixture = try #require(Self.formats.first { $0.name == format }?.fixtures.first)
        let bytes = try Fixtures.bytes(fixture)
        for cut in Swift.stride(from: 0, to: bytes.count, by: max(1, bytes.count / 64)) + [bytes.count - 1] {
            let outcome = decodeOutcome(Array(bytes[0..<cut]))
            #expect(outcome != nil, "\(fixture) cut at \(cut) of \(bytes.count) decoded")
        }
    }

    /// 1 000 seeded mutants per format (truncations, byte flips, overwritten runs): each gives a typed error or a
    /// valid image, never a crash. Limits are tight, as a service facing hostile uploads would set them.
    @Test(arguments: formats.map(\.name))
    func mutantsGiveTypedErrorsOrImages(_ format: String) throws {
        let fixtures = try #require(Self.formats.first { $0.name == format }?.fixtures).map { try Fixtures.bytes($0) }
        var rng = SplitMix64(state: 0x00C0_FFEE ^ UInt64(format.utf8.count))
        let options = DecodingOptions(limits: DecodingLimits(maxSide: 2048, maxPixels: 1 << 21, maxBytes: 1 << 22))
        var images = 0
        var errors = 0
        for index in 0..<1000 {
            var bytes = fixtures[index % fixtures.count]
            switch rng.next() % 4 {
            case 0:
                bytes.removeLast(Int(rng.next() % UInt64(bytes.count)))
            case 1:
                for _ in 0..<(1 + rng.next() % 4) {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    bytes[at] ^= UInt8(1 << (rng.next() % 8))
                }
            case 2:
                for _ in 0..<(1 + rng.next() % 8) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
            default:
                // Mostly in the headers, where lengths and sizes live.
                let at = Int(rng.next() % UInt64(min(bytes.count, 512)))
                let run = min(bytes.count - at, 1 + Int(rng.next() % 16))
                for i in at..<(at + run) { bytes[i] = [0x00, 0xFF, 0x7F, 0x80][Int(rng.next() % 4)] }
            }
            if decodeOutcome(bytes, options: options) == nil { images += 1 } else { errors += 1 }
        }
        #expect(images + errors == 1000)
        #expect(errors > 0)
    }
}
