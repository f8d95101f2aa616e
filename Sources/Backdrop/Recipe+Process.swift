// Recipe+Process: the library's entry points from bytes, files or decoded images to an encoded result and a report.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// An encoded result of ``Recipe/process(_:mask:format:)-(Image,_,_)`` and what was done to get it.
public struct ProcessedImage: Sendable {
    /// The encoded output.
    public var bytes: [UInt8]
    /// The format of ``bytes``.
    public var format: ImageFormat
    /// What the pipeline did.
    public var report: ProcessReport
}

/// What processing one image did.
public struct ProcessReport: Sendable, Hashable {
    /// The format the input was decoded from.
    public var inputFormat: ImageFormat
    /// The input's size after orientation (before any decode-time reduction).
    public var inputSize: PixelSize
    /// The output's size.
    public var outputSize: PixelSize
    /// The layout that placed the subject, `nil` without one.
    public var layout: LayoutReport?
    /// The JPEG decode-time reduction used: 1 (none), 2, 4 or 8.
    public var decodeScale: Int
}

/// A file the library could not read.
public struct FileAccessError: BackdropError, Hashable {
    public var path: String
    public var reason: String
    public var category: ErrorCategory { .io }
    public var description: String { "\(path): \(reason)" }
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

extension Recipe {
    // MARK: - Synchronous

    /// Decodes `input` (and `mask`), composites it as the recipe says, and encodes the result.
    ///
    /// `input` may be a photo, a cutout with alpha, or remove.bg's `format=zip` archive (its colour image is the photo
    /// and its alpha image the mask; a separate `mask` is then refused). The output format is `format`, else
    /// ``outputFormat``, else PNG when the result has transparency and JPEG when it has none. A format without alpha
    /// gets the result flattened over ``background`` (white when that is not opaque).
    ///
    /// - Parameters:
    ///   - input: the encoded photo, cutout or zip archive; the format is sniffed from the bytes.
    ///   - mask: an optional encoded matte (see ``Recipe/matte(from:scheduler:)``).
    ///   - format: the output format; `nil` lets the recipe decide.
    /// - Returns: the encoded bytes and the ``ProcessReport``.
    /// - Throws: decoding errors of either input (``DecodingError``, ``LimitError``, ``ColorSpaceError``), the
    ///   errors of ``render(_:mask:)`` (``ParameterError``), and ``EncodingError``.
    /// - Complexity: O(input pixels + output pixels); at most the decoded input, its matte, the canvas-sized layers
    ///   and the encoded output are alive at once.
    public func process(_ input: [UInt8], mask: [UInt8]? = nil, format: ImageFormat? = nil) throws -> ProcessedImage {
        try run(input, mask: mask, format: format, checkpoint: {})
    }

    /// As ``process(_:mask:format:)-([UInt8],_,_)`` for `Data`.
    public func process(_ input: Data, mask: Data? = nil, format: ImageFormat? = nil) throws -> ProcessedImage {
        try run([UInt8](input), mask: mask.map { [UInt8]($0) }, format: format, checkpoint: {})
    }

    /// As ``process(_:mask:format:)-([UInt8],_,_)`` for the files at `input` and `mask`, read after checking
    /// their sizes against ``limits``.
    ///
    /// - Throws: also ``FileAccessError`` when a file cannot be read.
    public func process(contentsOf input: URL, mask: URL? = nil, format: ImageFormat? = nil) throws -> ProcessedImage {
        try run(read(input), mask: mask.map(read), format: format, checkpoint: {})
    }

    /// Composites an already decoded `image` (and `mask`) and encodes the result, as
    /// ``process(_:mask:format:)-([UInt8],_,_)`` does after decoding.
    public func process(_ image: Image, mask: Image? = nil, format: ImageFormat? = nil) throws -> ProcessedImage {
        try run(image, mask: mask, format: format, decodeScale: 1, checkpoint: {})
    }

    // MARK: - Swift concurrency

    /// As ``process(_:mask:format:)-([UInt8],_,_)``, checking for cancellation between the stages (unpacking,
    /// decoding the photo, decoding the matte, compositing, encoding).
    ///
    /// The pixel work of a stage runs on the calling task's thread (and the recipe's ``scheduler``'s threads); run
    /// several images concurrently with a task group of as many tasks as cores, each with a
    /// ``RowScheduler/serial`` recipe.
    ///
    /// - Throws: `CancellationError` when the task is cancelled, else as the synchronous form.
    public func process(_ input: [UInt8], mask: [UInt8]? = nil, format: ImageFormat? = nil) async throws
        -> ProcessedImage
    {
        try Task.checkCancellation()
        return try run(input, mask: mask, format: format, checkpoint: { try Task.checkCancellation() })
    }

    /// As the `[UInt8]` form, for `Data`.
    public func process(_ input: Data, mask: Data? = nil, format: ImageFormat? = nil) async throws -> ProcessedImage {
        try Task.checkCancellation()
        return try run(
            [UInt8](input), mask: mask.map { [UInt8]($0) }, format: format, checkpoint: { try Task.checkCancellation() }
        )
    }

    /// As the `[UInt8]` form, for files.
    public func process(contentsOf input: URL, mask: URL? = nil, format: ImageFormat? = nil) async throws
        -> ProcessedImage
    {
        try Task.checkCancellation()
        let bytes = try read(input)
        let maskBytes = try mask.map(read)
        return try run(bytes, mask: maskBytes, format: format, checkpoint: { try Task.checkCancellation() })
    }

    /// As the synchronous form for decoded images, checking for cancellation before compositing and encoding.
    public func process(_ image: Image, mask: Image? = nil, format: ImageFormat? = nil) async throws
        -> ProcessedImage
    {
        try Task.checkCancellation()
        return try run(image, mask: mask, format: format, decodeScale: 1, checkpoint: { try Task.checkCancellation() })
    }

    // MARK: - Pipeline

    func read(_ url: URL) throws -> [UInt8] {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? NSNumber { try limits.check(byteCount: size.intValue) }
            return [UInt8](try Data(contentsOf: url))
        } catch let error as any BackdropError {
            throw error
        } catch {
            throw FileAccessError(path: url.path, reason: "cannot read: \((error as NSError).localizedDescription)")
        }
    }

    func run(_ input: [UInt8], mask: [UInt8]?, format: ImageFormat?, checkpoint: () throws -> Void) throws
        -> ProcessedImage
    {
        var input = input, mask = mask
        if SegmentationArchive.isArchive(input) {
            guard mask == nil else {
                throw ParameterError.invalidValue(
                    name: "mask", value: "a separate mask", expected: "none: the zip archive holds its own alpha image")
            }
            (input, mask) = try SegmentationArchive.read(input, limits: limits)
            try checkpoint()
        }
        let maskImage = try mask.map { try ImageDecoder.decode($0, options: maskDecodingOptions) }
        try checkpoint()
        // A JPEG photo with a matte and a layout may be decoded reduced (see ProcessingPlan); the plan's layout,
        // solved on the full-size matte, is then used as is.
        var plan: ProcessingPlan?
        if ImageFormat.sniff(input) == .jpeg, layout != nil, maskImage != nil {
            plan = try self.plan(
                input, header: ImageDecoder.metadata(of: input, options: decodingOptions), mask: maskImage)
        }
        var options = decodingOptions
        let scale = plan?.decodeScale ?? 1
        options.scale = DecodingScale(rawValue: scale) ?? .full
        let image = try ImageDecoder.decode(input, options: options)
        try checkpoint()
        var presolved: (report: LayoutReport, sourceScale: (x: Double, y: Double))?
        if let plan, let report = plan.layout, scale > 1 {
            presolved = (
                report,
                (
                    Double(image.width) / Double(plan.inputSize.width),
                    Double(image.height) / Double(plan.inputSize.height)
                )
            )
        }
        return try run(
            image, mask: maskImage, format: format, decodeScale: scale, presolved: presolved, checkpoint: checkpoint)
    }

    func run(
        _ image: Image, mask: Image?, format: ImageFormat?, decodeScale: Int,
        presolved: (report: LayoutReport, sourceScale: (x: Double, y: Double))? = nil, checkpoint: () throws -> Void
    ) throws -> ProcessedImage {
        let (pixels, layout) = try render(image, mask: mask, presolved: presolved)
        try checkpoint()
        let chosen = format ?? outputFormat ?? (pixels.hasTranslucentPixels() ? .png : .jpeg)
        let ready = try Recipe.prepared(.rgba8(pixels), for: chosen, scheduler: scheduler)
        let bytes = try ImageEncoder.encode(ready, as: chosen, options: encoding)
        let report = ProcessReport(
            inputFormat: image.metadata.format,
            inputSize: presolved?.report.imageSize ?? image.size,
            outputSize: pixels.size, layout: layout, decodeScale: decodeScale)
        return ProcessedImage(bytes: bytes, format: chosen, report: report)
    }
}
