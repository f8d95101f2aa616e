// ColorTransform: a LittleCMS 2 transform to sRGB, applied row-parallel, and the cache that builds each once.
// SPDX-License-Identifier: Apache-2.0

import BackdropColor
import BackdropCore
import Synchronization

/// The colour space pixels are converted from: an ICC profile, or chromaticities and a curve (PNG `cHRM`/`gAMA`,
/// HEIF nclx) from which a matrix/TRC profile is built.
public enum SourceColor: Hashable, Sendable {
    /// An ICC profile's bytes.
    case icc([UInt8])
    /// Chromaticities and a tone curve.
    case described(RGBColorDescription)
}

/// How the source pixels are laid out in memory; the profile's colour space must agree.
public enum SourceLayout: Hashable, Sendable {
    /// RGBA8, straight alpha: alpha is carried through unchanged.
    case rgba
    /// Gray stored as RGBA8 (R = G = B, as a gray + alpha PNG decodes): R is read, alpha kept.
    case grayInRGBA
    /// Gray8.
    case gray
    /// CMYK8 (0 = no ink).
    case cmyk
}

/// Rendering intent and black-point compensation of a conversion.
public struct ConversionSettings: Hashable, Sendable {
    /// Default ``RenderingIntent/relativeColorimetric``.
    public var intent: RenderingIntent
    /// Map the source's black to sRGB's black (Adobe's black-point compensation). Default `true`.
    public var blackPointCompensation: Bool
    /// Creates settings; the defaults are relative colorimetric with black-point compensation.
    public init(intent: RenderingIntent = .relativeColorimetric, blackPointCompensation: Bool = true) {
        self.intent = intent
        self.blackPointCompensation = blackPointCompensation
    }
}

/// A LittleCMS 2 transform from one source colour space to sRGB (LittleCMS's built-in sRGB profile), 8 bits
/// per channel.
///
/// Building one parses the profile and precomputes LittleCMS's optimised pipeline (a matrix-shaper or a
/// prelinearised 8-bit LUT), which costs far more than converting a small image: reuse transforms through
/// ``ColorTransformCache``. A transform is immutable after creation and LittleCMS allows `cmsDoTransform` on one
/// transform from several threads (each call copies the one-pixel cache into its own frame), so bands of an
/// image are converted concurrently on a ``RowScheduler``.
public final class ColorTransform: Sendable {
    /// The colour space converted from.
    public let source: SourceColor
    /// The pixel layout the transform reads.
    public let layout: SourceLayout
    /// Intent and black-point compensation.
    public let settings: ConversionSettings
    let handle: LCMSTransform

    /// Builds the transform.
    ///
    /// - Throws: ``ColorSpaceError/conversionFailed(detail:)`` when LittleCMS cannot read the profile, its colour
    ///   space does not match `layout`, or LittleCMS cannot build the pipeline.
    /// - Complexity: O(profile size + LUT grid); allocates LittleCMS's pipeline.
    public init(source: SourceColor, layout: SourceLayout, settings: ConversionSettings = .init())
        throws(ColorSpaceError)
    {
        self.source = source
        self.layout = layout
        self.settings = settings
        handle = try LCMSTransform(source: source, layout: layout, settings: settings)
    }

    /// Converts RGBA8 pixels (``SourceLayout/rgba`` or ``SourceLayout/grayInRGBA``) to sRGB in place; alpha is
    /// unchanged (straight alpha: colour and coverage are independent).
    ///
    /// - Complexity: O(width × height); allocates nothing (bands run on `scheduler`).
    public func apply(to buffer: inout PixelBuffer<RGBA8>, scheduler: RowScheduler = .default) {
        precondition(layout == .rgba || layout == .grayInRGBA, "an RGBA8 buffer needs an rgba or grayInRGBA transform")
        handle.transformInPlace(&buffer, scheduler: scheduler)
    }

    /// Converts Gray8 pixels (``SourceLayout/gray``) to opaque sRGB RGBA8.
    ///
    /// - Throws: ``LimitError`` when the output cannot be allocated.
    /// - Complexity: O(width × height); allocates the output buffer.
    public func converted(_ gray: PixelBuffer<Gray8>, scheduler: RowScheduler = .default) throws
        -> PixelBuffer<RGBA8>
    {
        precondition(layout == .gray, "a Gray8 buffer needs a gray transform")
        var output = try PixelBuffer<RGBA8>(width: gray.width, height: gray.height, repeating: [0, 0, 0, 255])
        handle.transform(gray, into: &output, scheduler: scheduler)
        return output
    }

    /// Converts CMYK8 pixels (``SourceLayout/cmyk``) to opaque sRGB RGBA8, reusing their memory.
    ///
    /// - Complexity: O(width × height); allocates nothing unless `cmyk` shares its storage.
    public func converted(_ cmyk: PixelBuffer<CMYK8>, scheduler: RowScheduler = .default) -> PixelBuffer<RGBA8> {
        precondition(layout == .cmyk, "a CMYK8 buffer needs a cmyk transform")
        var buffer = cmyk.reinterpreted(as: RGBA8.self)
        handle.transformInPlace(&buffer, scheduler: scheduler, opaque: true)
        return buffer
    }
}

/// Transforms to sRGB kept by source, layout and settings, so a batch of images with the same profile builds
/// its transform once.
///
/// Keys hold the profile bytes themselves (hashed, then compared in full), so two different profiles never share
/// a transform. The cache is thread-safe; at most ``capacity`` transforms are kept (the oldest is dropped).
public final class ColorTransformCache: Sendable {
    /// The cache decoding uses.
    public static let shared = ColorTransformCache()

    struct Key: Hashable {
        var source: SourceColor
        var layout: SourceLayout
        var settings: ConversionSettings
    }
    struct State {
        var transforms: [Key: ColorTransform] = [:]
        var order: [Key] = []
        var hits = 0
        var misses = 0
    }
    private let state = Mutex(State())
    /// The most transforms kept.
    public let capacity: Int

    /// Creates an empty cache keeping at most `capacity` transforms (at least 1).
    public init(capacity: Int = 16) { self.capacity = max(1, capacity) }

    /// How many lookups found a transform, and how many built one.
    public var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// The transform for `source` and `layout`, built on first use.
    ///
    /// - Throws: the errors of ``ColorTransform/init(source:layout:settings:)``.
    public func transform(
        for source: SourceColor, layout: SourceLayout, settings: ConversionSettings = .init()
    ) throws(ColorSpaceError) -> ColorTransform {
        let key = Key(source: source, layout: layout, settings: settings)
        let cached: ColorTransform? = state.withLock { state in
            guard let found = state.transforms[key] else { return nil }
            state.hits += 1
            return found
        }
        if let cached { return cached }
        // Built outside the lock: two threads may build the same transform once each; the first stored wins.
        let built = try ColorTransform(source: source, layout: layout, settings: settings)
        return state.withLock { state in
            state.misses += 1
            if let existing = state.transforms[key] { return existing }
            if state.order.count >= capacity {
                state.transforms[state.order.removeFirst()] = nil
            }
            state.transforms[key] = built
            state.order.append(key)
            return built
        }
    }
}
