// The `resize` subcommand: picks the target size from the options and calls the library's Resample.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Backdrop
import Foundation

extension ResampleFilter: ExpressibleByArgument {}
extension ResampleFit: ExpressibleByArgument {}

/// A `WxH` size on the command line.
struct SizeArgument: ExpressibleByArgument {
    var size: PixelSize
    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else { return nil }
        size = PixelSize(width: w, height: h)
    }
}

struct Resize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resize an image with an anti-aliased filter (Lanczos3 by default), alpha-correct.",
        discussion: """
            Give exactly one of --size, --width, --height or --scale. With --width or --height alone the aspect \
            ratio is kept. --fit applies to --size: fill stretches to exactly WxH, contain fits inside it keeping \
            the aspect ratio, cover fills it keeping the aspect ratio and crops the overflow evenly. Transparent \
            images are resampled premultiplied, so hidden colours never bleed into edges. Filters: \
            \(ResampleFilter.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @Argument(help: "Input image (format sniffed from its bytes).") var input: String
    @Option(name: .shortAndLong, help: "Output path; its extension picks the format.") var output: String
    @Option(help: "Target box as WxH, for example 2000x2000.") var size: SizeArgument?
    @Option(help: "Target width in pixels; the height follows the aspect ratio.") var width: Int?
    @Option(help: "Target height in pixels; the width follows the aspect ratio.") var height: Int?
    @Option(help: "Scale factor for both sides, for example 0.25.") var scale: Double?
    @Option(help: "How --size is filled: fill, contain or cover.") var fit: ResampleFit = .fill
    @Option(help: "Resampling filter.") var filter: ResampleFilter = .lanczos3
    @Flag(help: "Resample colour in linear light instead of sRGB-encoded values.") var linear = false
    @OptionGroup var colorOptions: ColorOptions
    @OptionGroup var limitOptions: LimitOptions

    func validate() throws {
        let given = [size != nil, width != nil, height != nil, scale != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --size, --width, --height or --scale") }
    }

    /// The operation for a source of `source` pixels.
    func operation(for source: PixelSize) throws -> Resample {
        if let size {
            return try Resample(fitting: source, into: size.size, fit: fit, filter: filter, linearLight: linear)
        }
        if let scale {
            return try Resample(scaling: source, by: scale, filter: filter, linearLight: linear)
        }
        // One side given: contain into an unbounded other side keeps the aspect ratio.
        let box = PixelSize(width: width ?? Int(Int32.max), height: height ?? Int(Int32.max))
        return try Resample(fitting: source, into: box, fit: .contain, filter: filter, linearLight: linear)
    }

    func run() throws {
        let format = try outputFormat(for: output)
        let bytes = try FileAccess.read(input, limits: limitOptions.limits)
        let image = try attributing(to: input) {
            try ImageDecoder.decode(bytes, options: colorOptions.applied(to: .init(limits: limitOptions.limits)))
        }
        let resized: ImagePixels = try attributing(to: input) {
            let source = PixelSize(width: image.pixels.width, height: image.pixels.height)
            let op = try operation(for: source)
            switch image.pixels {
            case .rgba8(let buffer): return .rgba8(try op.apply(to: buffer.view))
            case .gray8(let buffer): return .gray8(try op.apply(to: buffer.view))
            }
        }
        var encoding = EncodingOptions()
        encoding.tagsSRGB = !colorOptions.stripColorTag
        let encoded = try attributing(to: output) { try ImageEncoder.encode(resized, as: format, options: encoding) }
        try FileAccess.writeAtomically(encoded, to: output, inputs: [input])
    }
}
