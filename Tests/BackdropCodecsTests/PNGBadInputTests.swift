// PNG decoding of damaged, truncated, hostile and oversized input: every failure is a typed error, never a crash.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore
import BackdropPNG
import BackdropTestSupport
import Testing

/// One row of `TestImages/bad/png/EXPECTED.tsv`.
struct PNGBadCase: CustomTestStringConvertible, Sendable {
    var file: String
    var category: ErrorCategory
    var testDescription: String { file }

    static let all: [PNGBadCase] = {
        guard let bytes = try? Fixtures.bytes("bad/png/EXPECTED.tsv") else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t").map(String.init)
            guard f.count == 2, let category = ErrorCategory(rawValue: f[1]) else { return nil }
            return PNGBadCase(file: f[0], category: category)
        }
    }()
}

/// The category of the error `body` throws, `nil` when it succeeds; an error that is not a `BackdropError` is
/// recorded as an issue.
func pngErrorCategory(_ body: () throws -> Void) -> ErrorCategory? {
    do {
        try body()
        return nil
    } catch let error as any BackdropError {
        return error.category
    } catch {
        Issue.record("untyped error \(error)")
        return nil
    }
}

@Suite("PNG bad input")
struct PNGBadInputTests {
    @Test func everyBadFileIsListed() {
        let files = Fixtures.files(in: "bad/png", withExtension: "png").map { String($0.dropFirst("bad/png/".count)) }
        #expect(files.count >= 20)
        #expect(Set(files) == Set(PNGBadCase.all.map(\.file)))
    }

    @Test(arguments: PNGBadCase.all)
    func badFileThrowsExpectedCategory(_ c: PNGBadCase) throws {
        let bytes = try Fixtures.bytes("bad/png/\(c.file)")
        #expect(pngErrorCategory { _ = try PNG.decode(bytes) } == c.category, "\(c.file)")
    }

    @Test func specificErrors() throws {
        func decodeError(_ file: String) throws -> (any Error)? {
            let bytes = try Fixtures.bytes("bad/png/\(file)")
            do { _ = try PNG.decode(bytes) } catch { return error }
            return nil
        }
        #expect(try decodeError("truncated-in-idat.png") as? DecodingError == .truncated)
        #expect(try decodeError("missing-iend.png") as? DecodingError == .truncated)
        #expect(try decodeError("truncated-in-signature.png") as? DecodingError == .truncated)
        #expect(try decodeError("wrong-magic.png") as? DecodingError == .unknownFormat)
        #expect(try decodeError("empty.png") as? DecodingError == .unknownFormat)
        guard case .corrupt(let detail)? = try decodeError("bad-crc-idat.png") as? DecodingError else {
            Issue.record("bad IDAT CRC should be corrupt")
            return
        }
        #expect(detail.contains("CRC"))
        guard case .dimensionsExceedLimit(let w, let h, _)? = try decodeError("absurd-100000x100000.png") as? LimitError
        else {
            Issue.record("absurd dimensions should exceed the limits")
            return
        }
        #expect(w == 100_000 && h == 100_000)
    }

    /// The header of an absurd file is still readable: reading it allocates nothing of the claimed size.
    @Test func headerOfAbsurdFileIsReadable() throws {
        let header = try PNG.readHeader(try Fixtures.bytes("bad/png/absurd-100000x100000.png"))
        #expect(header.width == 100_000 && header.height == 100_000)
    }

    /// Every suite file cut at several offsets throws a decoding (or, for an empty prefix, unsupported) error.
    @Test(arguments: PNGSuiteCase.all)
    func truncatedSuiteFilesThrow(_ c: PNGSuiteCase) throws {
        let bytes = try Fixtures.bytes(c.inputPath)
        let n = bytes.count
        let offsets = Set(
            [0, 1, 7, 8, 16, 33, 40, n / 3, n / 2, n - 13, n - 12, n - 5, n - 1].filter { $0 >= 0 && $0 < n })
        for cut in offsets.sorted() {
            let category = pngErrorCategory { _ = try PNG.decode(Array(bytes.prefix(cut))) }
            #expect(category == (cut == 0 ? .unsupported : .decoding), "\(c.file) cut at \(cut)")
        }
    }

    /// Random byte damage never crashes: either a decode or a typed error.
    @Test(arguments: ["rgba8-magick-61x47.png", "palette4-trns-pypng-61x47.png", "gray16-pypng-interlaced-61x47.png"])
    func randomDamageNeverCrashes(_ file: String) throws {
        let original = try Fixtures.bytes("inputs/png/suite/\(file)")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<150 {
            var bytes = original
            for _ in 0..<(1 + next() % 4) {
                bytes[8 + next() % (bytes.count - 8)] = UInt8(truncatingIfNeeded: next())
            }
            _ = pngErrorCategory { _ = try PNG.decode(bytes) }
        }
    }

    @Test func limitsAreCheckedBeforeDecoding() throws {
        let bytes = try Fixtures.bytes("inputs/png/suite/rgb8-magick-64x64.png")
        #expect(throws: LimitError.self) { try PNG.decode(bytes, limits: DecodingLimits(maxSide: 4)) }
        #expect(throws: LimitError.self) { try PNG.decode(bytes, limits: DecodingLimits(maxPixels: 64 * 63)) }
        #expect(throws: LimitError.inputTooLarge(bytes: bytes.count, limit: 100)) {
            try PNG.decode(bytes, limits: DecodingLimits(maxBytes: 100))
        }
        // Exactly at the limits is fine.
        let exact = DecodingLimits(maxSide: 64, maxPixels: 64 * 64, maxBytes: bytes.count)
        #expect(try PNG.decode(bytes, limits: exact).pixels.size == PixelSize(width: 64, height: 64))
    }

    @Test func photoroomPresetRefusesTheBomb() throws {
        let bytes = try Fixtures.bytes("bad/png/bomb-30000x30000.png")
        #expect(throws: LimitError.self) { try PNG.decode(bytes, limits: .photoroom) }
        #expect(throws: LimitError.self) { try PNG.decode(bytes) }
    }
}
