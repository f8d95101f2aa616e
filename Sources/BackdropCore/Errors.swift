// The typed errors every Backdrop module throws, and the category the CLI maps to an exit code.
// SPDX-License-Identifier: Apache-2.0

/// The broad kind of a failure; the CLI maps each to a distinct exit code.
public enum ErrorCategory: String, Sendable, Hashable, CaseIterable {
    case decoding, encoding, parameter, limits, unsupported, io, color
}

/// An error Backdrop throws for bad input or a failed operation.
///
/// `description` is one lowercase clause without a trailing period, suitable after "file: ".
public protocol BackdropError: Error, Sendable, CustomStringConvertible {
    /// The broad kind of failure.
    var category: ErrorCategory { get }
}

/// The input could not be decoded.
public enum DecodingError: BackdropError, Hashable {
    /// The data ends before the image does.
    case truncated
    /// The data is damaged or not valid for its format; `detail` keeps the codec's own message.
    case corrupt(detail: String)
    /// The bytes are not in any format Backdrop reads.
    case unknownFormat
    /// The file uses a feature Backdrop does not decode.
    case unsupported(feature: String)

    public var category: ErrorCategory {
        switch self {
        case .unknownFormat, .unsupported: .unsupported
        case .truncated, .corrupt: .decoding
        }
    }
    public var description: String {
        switch self {
        case .truncated: "truncated image data"
        case .corrupt(let detail): "corrupt image data: \(detail)"
        case .unknownFormat: "not an image in a supported format (png, jpeg, webp, heic)"
        case .unsupported(let feature): "unsupported image feature: \(feature)"
        }
    }
}

/// An image could not be encoded.
public enum EncodingError: BackdropError, Hashable {
    /// The requested output format is not one Backdrop writes.
    case unsupportedFormat(String)
    /// The encoder failed; `detail` keeps its message.
    case failed(detail: String)

    public var category: ErrorCategory {
        switch self {
        case .unsupportedFormat: .unsupported
        case .failed: .encoding
        }
    }
    public var description: String {
        switch self {
        case .unsupportedFormat(let name): "cannot write format '\(name)' (supported: png, jpeg, webp)"
        case .failed(let detail): "encoding failed: \(detail)"
        }
    }
}

/// A parameter or a combination of inputs is invalid.
public enum ParameterError: BackdropError, Hashable {
    /// A value could not be parsed or is out of range.
    case invalidValue(name: String, value: String, expected: String)
    /// The matte does not have the size of the image it belongs to.
    case maskSizeMismatch(expected: PixelSize, actual: PixelSize)
    /// The matte's aspect ratio differs from the image's, so it cannot be scaled to fit it.
    case maskAspectMismatch(image: PixelSize, mask: PixelSize)
    /// A size or rectangle is empty or negative.
    case invalidDimensions(width: Int, height: Int)
    /// A layout needs the subject, but no matte value reaches the subject threshold.
    case emptySubject(threshold: Int)
    /// A parameter name that is not part of the vocabulary (a recipe key, for example); `expected` says where the
    /// known names are listed.
    case unknownParameter(name: String, expected: String)
    /// Parameters only a remote AI model can honour (Photoroom's `textRemoval`, `upscale`, prompts, background
    /// removal without a matte, ...): Backdrop works from a cutout or a matte and cannot do them locally.
    case requiresRemoteModel(names: [String])
    /// Parameters Backdrop will support but does not yet.
    case notSupportedYet(names: [String])
    /// Photoroom's names and remove.bg's names mixed in one set of parameters; one example of each.
    case mixedVocabularies(photoroom: String, removeBG: String)

    public var category: ErrorCategory { .parameter }
    public var description: String {
        switch self {
        case .invalidValue(let name, let value, let expected):
            "invalid \(name) '\(value)': expected \(expected)"
        case .maskSizeMismatch(let expected, let actual):
            "mask is \(actual) but the image is \(expected)"
        case .maskAspectMismatch(let image, let mask):
            "mask is \(mask), an aspect ratio that does not match the image's \(image)"
        case .invalidDimensions(let width, let height):
            "invalid dimensions \(width)x\(height)"
        case .emptySubject(let threshold):
            "no subject: no matte value reaches the subject threshold \(threshold)"
        case .unknownParameter(let name, let expected):
            "unknown parameter '\(name)': expected \(expected)"
        case .requiresRemoteModel(let names):
            "parameters only a remote AI model can honour, not done locally: \(names.joined(separator: ", "))"
        case .notSupportedYet(let names):
            "parameters not supported yet: \(names.joined(separator: ", "))"
        case .mixedVocabularies(let photoroom, let removeBG):
            "Photoroom's parameter names ('\(photoroom)') and remove.bg's ('\(removeBG)') mixed: use one vocabulary"
        }
    }
}

/// An input exceeds a configured limit; raised before anything of the claimed size is allocated.
public enum LimitError: BackdropError, Hashable {
    /// A side, or the pixel count, is above the limit.
    case dimensionsExceedLimit(width: Int, height: Int, limit: String)
    /// The encoded input is larger than the byte limit.
    case inputTooLarge(bytes: Int, limit: Int)

    public var category: ErrorCategory { .limits }
    public var description: String {
        switch self {
        case .dimensionsExceedLimit(let width, let height, let limit):
            "image dimensions \(width)x\(height) exceed the limit (\(limit))"
        case .inputTooLarge(let bytes, let limit):
            "input of \(bytes) bytes exceeds the limit of \(limit) bytes"
        }
    }
}
