// Recipe+Plan: what processing an input will do, decided from its header and matte before the photo is decoded.
// SPDX-License-Identifier: Apache-2.0

/// What ``Recipe/process(_:mask:format:)-([UInt8],_,_)`` will do with one input, decided from the photo's header
/// and its matte before any of the photo's pixels are decoded.
///
/// The plan chooses JPEG decode-time reduction (DCT scaling by 1/2, 1/4 or 1/8) when the layout shrinks the photo
/// at least twofold: the largest factor that still leaves the read rectangle at least as large as the rectangle the
/// single resampling pass writes, so the reduction loses no output detail. It applies only when the subject box
/// can be found from the separate matte alone (a JPEG photo with a matte, a layout, and matte shaping without
/// pixel-sized choke or feather, which would change meaning at another resolution).
public struct ProcessingPlan: Sendable, Hashable {
    /// The photo's format, from its bytes.
    public var inputFormat: ImageFormat
    /// The photo's size after orientation.
    public var inputSize: PixelSize
    /// The JPEG decode-time reduction: 1 (none), 2, 4 or 8.
    public var decodeScale: Int
    /// The photo's size as decoded: each side `ceil(side / decodeScale)`.
    public var decodedSize: PixelSize
    /// The layout solved from the matte, in full-size input pixels; `nil` without a layout, or when the subject box
    /// needs the photo's own alpha (a cutout), so it is found after decoding.
    public var layout: LayoutReport?
    /// The input rectangle read by the resampling pass (full-size pixels, rounded outwards); `nil` without
    /// ``layout``.
    public var crop: PixelRect?
    /// The rectangle of the canvas the one resampling pass writes; `nil` without ``layout``.
    public var resampledTo: PixelRect?
    /// The output's size when known before decoding.
    public var outputSize: PixelSize?
    /// The stages, in order.
    public var stages: [String]
    /// An upper bound of the bytes of buffers alive at once: every buffer the pipeline allocates for this input
    /// counted as alive together (encoded input, decoded photo and matte, the matte at the photo's size, the
    /// decontaminated copy, canvas layers, shadow and outline planes, output, flattened copy, encoded output).
    public var estimatedPeakBytes: Int
}

extension Recipe {
    /// The plan for `input` (and `mask`): reads the photo's header and decodes only the matte.
    ///
    /// - Throws: decoding errors of the header or the matte, and the layout's errors (``ParameterError``).
    public func plan(_ input: [UInt8], mask: [UInt8]? = nil) throws -> ProcessingPlan {
        var input = input, mask = mask
        if SegmentationArchive.isArchive(input) {
            guard mask == nil else {
                throw ParameterError.invalidValue(
                    name: "mask", value: "a separate mask", expected: "none: the zip archive holds its own alpha image")
            }
            (input, mask) = try SegmentationArchive.read(input, limits: limits)
        }
        let maskImage = try mask.map { try ImageDecoder.decode($0, options: maskDecodingOptions) }
        return try plan(input, header: ImageDecoder.metadata(of: input, options: decodingOptions), mask: maskImage)
    }

    /// The plan from the photo's `header`; solves the layout from `mask` when that is possible (see
    /// ``ProcessingPlan``).
    func plan(_ input: [UInt8], header: ImageMetadata, mask: Image?) throws -> ProcessingPlan {
        let size = PixelSize(width: header.width, height: header.height)
        var solved: LayoutReport?
        if let layout, let mask, !header.hasAlpha, backgroundBlur == nil, matteShaping.choke == 0,
            matteShaping.feather == 0
        {
            var matte = try Recipe.matte(from: mask, scheduler: scheduler)
            if matte.size != size { matte = try Recipe.scaled(matte, to: size, scheduler: scheduler) }
            if !matteShaping.isIdentity { matte = try matte.shaped(matteShaping, scheduler: scheduler) }
            let box = try SubjectBox(threshold: subjectThreshold).apply(
                to: matte.view, in: try layout.searchRegion(in: size), scheduler: scheduler)
            solved = try layout.solve(imageSize: size, subjectBox: box, threshold: Int(subjectThreshold))
        }
        var scale = 1
        var crop: PixelRect?, destination: PixelRect?
        if let drawing = solved?.drawing {
            destination = drawing.destination
            let source = drawing.source
            let x0 = Int(source.x.rounded(.down)), y0 = Int(source.y.rounded(.down))
            crop = PixelRect(
                x: x0, y: y0, width: Int((source.x + source.width).rounded(.up)) - x0,
                height: Int((source.y + source.height).rounded(.up)) - y0)
            let ratio = min(
                source.width / Double(drawing.destination.width), source.height / Double(drawing.destination.height))
            if header.format == .jpeg {
                scale = [8, 4, 2].first { Double($0) <= ratio } ?? 1
            }
        }
        let decoded = PixelSize(
            width: (size.width + scale - 1) / scale, height: (size.height + scale - 1) / scale)

        // Stages and the buffers each allocates.
        var stages = [String](), bytes = input.count
        let pixels = decoded.width * decoded.height
        if let mask {
            stages.append("decode matte \(mask.size)")
            bytes += mask.width * mask.height * (mask.pixels.isGray ? 1 : 4)
        }
        stages.append(
            "decode \(header.format) \(size)" + (scale > 1 ? " at 1/\(scale) (DCT scaling) → \(decoded)" : ""))
        bytes += pixels * 4
        if let mask {
            if mask.size != decoded { stages.append("resample matte \(mask.size) → \(decoded)") }
            bytes += pixels
            if !matteShaping.isIdentity { stages.append("shape matte") }
            if decontamination > 0 {
                stages.append("decontaminate edges")
                bytes += pixels * 4
            }
        }
        var canvas: PixelSize? = layout == nil ? decoded : solved?.canvas
        if layout != nil {
            stages.append(solved == nil ? "find subject box (after decoding)" : "subject box from the matte")
            if let destination, let crop {
                stages.append(
                    "resample once (Lanczos3) \(crop) → \(destination.width)x\(destination.height) at "
                        + "\(destination.x),\(destination.y)")
            } else {
                stages.append("resample once (Lanczos3) onto the canvas")
            }
        }
        if layout == nil && scale == 1 { canvas = size }
        let canvasPixels = (canvas ?? size).width * (canvas ?? size).height
        if layout != nil { bytes += canvasPixels * (mask == nil ? 8 : 9) }
        if let shadow, shadow.mode != .none {
            stages.append("\(shadow.mode.rawValue) shadow")
            bytes += canvasPixels * 5
        }
        if outline != nil {
            stages.append("outline")
            bytes += canvasPixels * 5
        }
        if backgroundImage != nil {
            stages.append("scale background image to the canvas")
            bytes += canvasPixels * 4
        }
        stages.append(
            backgroundImage != nil || backgroundBlur != nil ? "composite over the background" : "composite over colour")
        bytes += canvasPixels * 4
        let format = outputFormat
        if format == nil || format.map(Recipe.formatsWithoutAlpha.contains) == true {
            bytes += canvasPixels * 4  // flattened copy for a format without alpha
        }
        stages.append("encode \(format?.rawValue ?? "png or jpeg (by transparency)")")
        bytes += canvasPixels * (format == .png || format == nil ? 4 : 1)
        return ProcessingPlan(
            inputFormat: header.format, inputSize: size, decodeScale: scale, decodedSize: decoded, layout: solved,
            crop: crop, resampledTo: destination, outputSize: canvas, stages: stages, estimatedPeakBytes: bytes)
    }
}

extension ImagePixels {
    var isGray: Bool {
        if case .gray8 = self { return true }
        return false
    }
}
