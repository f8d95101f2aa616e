// ColorSpaceError: an input's colour space was refused, its profile is damaged, or it cannot be converted.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore

/// Why an image's colour could not be accepted as sRGB. Category ``ErrorCategory/color`` (exit code 9).
public enum ColorSpaceError: BackdropError, Hashable {
    /// The `reject` policy met an image that is not sRGB; `profile` names what it is (class and description).
    case notSRGB(profile: String)
    /// An embedded ICC profile could not be read; `detail` says which check failed.
    case malformedProfile(detail: String)
    /// The image's colour encoding is recognised but cannot be converted (for example an HDR transfer curve),
    /// or LittleCMS refused the profile.
    case conversionFailed(detail: String)

    public var category: ErrorCategory { .color }
    public var description: String {
        switch self {
        case .notSRGB(let profile): "colour space is not sRGB: \(profile)"
        case .malformedProfile(let detail): "malformed ICC profile: \(detail)"
        case .conversionFailed(let detail): "cannot convert to sRGB: \(detail)"
        }
    }
}

/// What decoding does with an image that is not sRGB. One setting for the library and the CLI (`--color-policy`).
public enum ColorPolicy: String, Sendable, Hashable, CaseIterable {
    /// Transform the pixels to sRGB with LittleCMS (the default). Images already sRGB, or untagged, are untouched.
    case convert
    /// Throw ``ColorSpaceError/notSRGB(profile:)`` for anything but sRGB or untagged (Photoroom's rule), and
    /// ``ColorSpaceError/malformedProfile(detail:)`` for a damaged profile.
    case reject
    /// Ignore every colour tag and treat the stored values as sRGB.
    case assumeSRGB = "assume-srgb"
}

/// The ICC rendering intent of a conversion to sRGB.
public enum RenderingIntent: String, Sendable, Hashable, CaseIterable {
    /// Colours inside sRGB keep their values; those outside are clipped to its gamut. The default, with black-point
    /// compensation.
    case relativeColorimetric = "relative"
    /// The profile's perceptual table compresses the gamut (matrix/TRC profiles have none: same as relative).
    case perceptual
}
