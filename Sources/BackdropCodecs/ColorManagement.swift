// Colour management at decode time: the policy (convert, reject, assume sRGB) applied to the sRGB check's verdict.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import BackdropJPEG
import BackdropLCMS

extension ImageMetadata {
    /// The sRGB check's verdict on this file's colour facts (see ``ColorInfo/assessment()``).
    ///
    /// A CMYK or YCCK JPEG without a profile is ``ColorClass/cmyk`` from ``ColorSource/untagged`` and not sRGB.
    public var colorAssessment: ColorAssessment {
        if colorInfo.iccProfile == nil, format == .jpeg, colorModel.hasPrefix("cmyk") || colorModel.hasPrefix("ycck") {
            return ColorAssessment(
                colorClass: .cmyk, source: .untagged, verdict: .notSRGB(reason: "CMYK without an ICC profile"))
        }
        return colorInfo.assessment()
    }
}

/// Applies ``DecodingOptions/colorPolicy`` to decoded images. Codecs only report colour facts; this decides.
enum ColorManagement {
    /// Throws for `reject`, converts for `convert`, and records what happened in the metadata.
    ///
    /// - Throws: ``ColorSpaceError/notSRGB(profile:)`` or ``ColorSpaceError/malformedProfile(detail:)`` under
    ///   `reject`; ``ColorSpaceError/conversionFailed(detail:)`` under `convert` when no transform can be built.
    static func apply(to image: inout Image, options: DecodingOptions) throws {
        guard options.colorPolicy != .assumeSRGB else { return }
        let assessment = image.metadata.colorAssessment
        if assessment.isSRGB || image.metadata.convertedToSRGB { return }
        if options.colorPolicy == .reject { try reject(assessment) }
        // convert: a damaged profile is ignored as browsers ignore it; a CMYK JPEG without a profile has already
        // had the naive conversion.
        if assessment.colorClass == .malformed || assessment.source == .untagged { return }
        let source: SourceColor
        if let icc = image.metadata.colorInfo.iccProfile {
            source = .icc(icc)
        } else if let description = assessment.rgbDescription {
            source = .described(description)
        } else {
            throw ColorSpaceError.conversionFailed(detail: assessment.verdict.reasonText)
        }
        let cache = ColorTransformCache.shared
        switch image.pixels {
        case .rgba8(var buffer):
            let layout: SourceLayout
            switch assessment.colorClass {
            case .gray where image.metadata.channels <= 2: layout = .grayInRGBA
            case .sRGB, .displayP3, .adobeRGB, .proPhoto, .rec2020, .otherRGB:
                guard image.metadata.channels >= 3 else { return }  // an RGB profile on a gray image: ignored
                layout = .rgba
            default: return  // a profile for other pixels than these (e.g. CMYK on RGB): ignored
            }
            let transform = try cache.transform(for: source, layout: layout, settings: options.colorConversion)
            // Drop the image's reference so the conversion runs in place instead of copying the buffer.
            image.pixels = .gray8(try PixelBuffer<Gray8>(width: 1, height: 1))
            transform.apply(to: &buffer, scheduler: options.scheduler)
            image.pixels = .rgba8(buffer)
        case .gray8(let gray):
            guard assessment.colorClass == .gray else { return }
            let transform = try cache.transform(for: source, layout: .gray, settings: options.colorConversion)
            image.pixels = .rgba8(try transform.converted(gray, scheduler: options.scheduler))
        }
        image.metadata.convertedToSRGB = true
    }

    /// Converts a CMYK JPEG with a CMYK profile from its separations; `nil` when that path does not apply.
    static func decodeManagedCMYK(_ bytes: [UInt8], header: JPEGHeader, options: DecodingOptions) throws -> Image? {
        guard options.colorPolicy == .convert, header.colorSpace == .cmyk || header.colorSpace == .ycck,
            let icc = header.colorInfo.iccProfile, ColorInfo.assess(icc: icc).colorClass == .cmyk
        else { return nil }
        let transform = try ColorTransformCache.shared.transform(
            for: .icc(icc), layout: .cmyk, settings: options.colorConversion)
        let scale = JPEGScale(rawValue: options.scale.rawValue) ?? .full
        let (_, separations) = try JPEG.decodeSeparations(bytes, options: .init(limits: options.limits, scale: scale))
        var image = Image(
            pixels: .rgba8(transform.converted(separations, scheduler: options.scheduler)),
            metadata: ImageDecoder.metadata(header))
        image.metadata.convertedToSRGB = true
        return image
    }

    static func reject(_ assessment: ColorAssessment) throws -> Never {
        if assessment.colorClass == .malformed {
            throw ColorSpaceError.malformedProfile(detail: assessment.verdict.reasonText)
        }
        throw ColorSpaceError.notSRGB(profile: assessment.summary)
    }
}

extension ColorVerdict {
    /// The reason of a `notSRGB` verdict, or the verdict's name.
    var reasonText: String {
        if case .notSRGB(let reason) = self { return reason }
        return name
    }
}
