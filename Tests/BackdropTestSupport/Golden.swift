// Golden-image harness: compare with committed expected images, write actual/expected/diff on failure.
// SPDX-License-Identifier: Apache-2.0

import Backdrop
import Foundation
import Testing

/// Compares images with committed goldens under `TestImages/golden/`.
///
/// On a mismatch it records a test issue and writes `<case>.actual.png`, `<case>.expected.png` and
/// `<case>.diff.png` to `.build/golden-failures/<suite>/`, printing their paths. A missing golden fails
/// unless `BACKDROP_RECORD_GOLDENS=1`, which writes it (commit it with a reason).
public enum Golden {
    /// How far an image may be from its golden.
    public enum Tolerance: Sendable, CustomStringConvertible {
        /// Every channel of every pixel equal.
        case exact
        /// Every channel within `n` levels.
        case channelDelta(Int)
        /// Alpha, and each colour channel premultiplied by alpha (`round(c · a / 255)`), within `n` levels: for
        /// translucent output, where the colour of a nearly transparent pixel carries almost no weight.
        case premultipliedDelta(Int)

        var maxDelta: Int {
            switch self {
            case .exact: 0
            case .channelDelta(let n), .premultipliedDelta(let n): n
            }
        }
        var premultiplied: Bool { if case .premultipliedDelta = self { true } else { false } }
        public var description: String {
            maxDelta == 0 ? "exact" : premultiplied ? "±\(maxDelta) premultiplied" : "±\(maxDelta)"
        }
    }

    /// The outcome of a comparison, for assertions and messages.
    public struct Comparison: Sendable {
        public var sizeMatches: Bool
        public var maxDelta: Int
        public var differingPixels: Int
    }

    /// The folder failure images go to: `.build/golden-failures/` in the package root.
    public static let failureFolder = Fixtures.packageRoot.appendingPathComponent(".build/golden-failures")

    /// Compares two RGBA8 images channel by channel.
    public static func compare(_ actual: PixelBuffer<RGBA8>, _ expected: PixelBuffer<RGBA8>, tolerance: Tolerance)
        -> Comparison
    {
        guard actual.size == expected.size else {
            return Comparison(sizeMatches: false, maxDelta: 255, differingPixels: -1)
        }
        let a = actual.packedBytes(), e = expected.packedBytes()
        var maxDelta = 0, differing = 0
        for i in stride(from: 0, to: a.count, by: 4) {
            var pixelDelta = 0
            for c in 0..<4 {
                var x = Int(a[i + c]), y = Int(e[i + c])
                if tolerance.premultiplied && c < 3 {
                    x = (x * Int(a[i + 3]) + 127) / 255
                    y = (y * Int(e[i + 3]) + 127) / 255
                }
                pixelDelta = max(pixelDelta, abs(x - y))
            }
            maxDelta = max(maxDelta, pixelDelta)
            if pixelDelta > tolerance.maxDelta { differing += 1 }
        }
        return Comparison(sizeMatches: true, maxDelta: maxDelta, differingPixels: differing)
    }

    /// Expects `image` to match the golden `TestImages/golden/<name>.png` within `tolerance`.
    ///
    /// - Parameter name: `<suite>/<case>`, for example `"compose/mug-on-white"`.
    @discardableResult
    public static func expect(
        _ image: PixelBuffer<RGBA8>, matches name: String, tolerance: Tolerance,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Comparison? {
        let goldenURL = Fixtures.url("golden/\(name).png")
        guard FileManager.default.fileExists(atPath: goldenURL.path) else {
            if ProcessInfo.processInfo.environment["BACKDROP_RECORD_GOLDENS"] == "1" {
                try FileManager.default.createDirectory(
                    at: goldenURL.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(try ImageEncoder.encode(.rgba8(image), as: .png, options: .init(pngCompressionLevel: 9)))
                    .write(to: goldenURL)
                print("recorded golden \(goldenURL.path)")
                return nil
            }
            let paths = try writeFailure(name: name, actual: image, expected: nil)
            Issue.record(
                "missing golden \(goldenURL.path); actual written to \(paths[0]) (set BACKDROP_RECORD_GOLDENS=1 to record)",
                sourceLocation: sourceLocation)
            return nil
        }
        let expected = try ImageDecoder.decode(Fixtures.bytes("golden/\(name).png")).pixels.rgba8()
        let result = compare(image, expected, tolerance: tolerance)
        if !result.sizeMatches || result.differingPixels > 0 {
            let paths = try writeFailure(name: name, actual: image, expected: expected)
            let what =
                result.sizeMatches
                ? "\(result.differingPixels) pixels differ by more than \(tolerance) (max delta \(result.maxDelta))"
                : "size \(image.size) differs from the golden's \(expected.size)"
            print("golden mismatch \(name):\n  " + paths.joined(separator: "\n  "))
            Issue.record(
                "golden \(name): \(what); see \(paths.joined(separator: ", "))", sourceLocation: sourceLocation)
        }
        return result
    }

    /// Writes actual, expected and diff images; returns their paths.
    static func writeFailure(name: String, actual: PixelBuffer<RGBA8>, expected: PixelBuffer<RGBA8>?) throws -> [String]
    {
        let base = failureFolder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: base.deletingLastPathComponent(), withIntermediateDirectories: true)
        var written = [String]()
        func write(_ buffer: PixelBuffer<RGBA8>, _ suffix: String) throws {
            let url = URL(fileURLWithPath: base.path + ".\(suffix).png")
            try Data(try ImageEncoder.encode(.rgba8(buffer), as: .png)).write(to: url)
            written.append(url.path)
        }
        try write(actual, "actual")
        if let expected {
            try write(expected, "expected")
            if expected.size == actual.size { try write(diff(actual, expected), "diff") }
        }
        return written
    }

    /// An opaque image showing where two images differ: black where equal, brighter the larger the delta
    /// (×16 per channel; alpha differences show in all three channels).
    public static func diff(_ a: PixelBuffer<RGBA8>, _ b: PixelBuffer<RGBA8>) -> PixelBuffer<RGBA8> {
        let pa = a.packedBytes(), pb = b.packedBytes()
        var out = [UInt8](repeating: 255, count: pa.count)
        for i in stride(from: 0, to: pa.count, by: 4) {
            let alpha = abs(Int(pa[i + 3]) - Int(pb[i + 3]))
            for c in 0..<3 { out[i + c] = UInt8(min(255, max(abs(Int(pa[i + c]) - Int(pb[i + c])), alpha) * 16)) }
        }
        guard let buffer = try? PixelBuffer<RGBA8>(width: a.width, height: a.height, packed: out) else {
            preconditionFailure("same size as an existing buffer")
        }
        return buffer
    }
}
