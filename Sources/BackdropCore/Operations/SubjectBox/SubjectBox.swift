// SubjectBox: the bounding box of the pixels whose matte value reaches a threshold, found by a row scan.
// SPDX-License-Identifier: Apache-2.0

/// Finds the subject's bounding box: the smallest rectangle holding every pixel whose matte (a ``Gray8`` value or
/// an ``RGBA8`` alpha) is at least ``threshold``.
///
/// Each row is scanned from the left until the first such pixel and from the right until the last, 16 bytes per
/// step, so the inside of the subject is never read; rows are split into bands over the scheduler's threads.
/// The default threshold 16 (about 6 % coverage) ignores the faint noise segmentation mattes leave in the
/// background while keeping every visible part of a soft edge.
///
/// - Complexity: O(width × height) in the worst case (empty rows are read whole); allocates nothing but the
///   per-band results.
public struct SubjectBox: Hashable, Sendable {
    /// The smallest matte value counted as subject, 1…255. Default 16.
    public var threshold: UInt8

    public init(threshold: UInt8 = 16) { self.threshold = threshold }

    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` for a threshold of 0 (every pixel would
    ///   count), or a region not inside the image.
    public func validate(size: PixelSize, region: PixelRect?) throws {
        guard threshold >= 1 else {
            throw ParameterError.invalidValue(name: "subject threshold", value: "0", expected: "1–255")
        }
        if let region, !PixelRect(x: 0, y: 0, width: size.width, height: size.height).contains(region) {
            throw ParameterError.invalidValue(
                name: "subject region", value: region.description, expected: "a rectangle inside the \(size) image")
        }
    }

    /// The subject box of a matte, searched inside `region` (default: everywhere); `nil` when no value reaches the
    /// threshold.
    ///
    /// - Throws: as ``validate(size:region:)``.
    public func apply(
        to matte: PixelView<Gray8>, in region: PixelRect? = nil, scheduler: RowScheduler = .default
    ) throws -> PixelRect? {
        try validate(size: matte.size, region: region)
        return Self.scan(
            storage: matte, region: region ?? PixelRect(x: 0, y: 0, width: matte.width, height: matte.height),
            channels: 1, threshold: threshold, scheduler: scheduler)
    }

    /// The subject box of a straight-alpha image, from its alpha channel; `nil` when no alpha reaches the
    /// threshold.
    ///
    /// - Throws: as ``validate(size:region:)``.
    public func apply(
        to image: PixelView<RGBA8>, in region: PixelRect? = nil, scheduler: RowScheduler = .default
    ) throws -> PixelRect? {
        try validate(size: image.size, region: region)
        return Self.scan(
            storage: image, region: region ?? PixelRect(x: 0, y: 0, width: image.width, height: image.height),
            channels: 4, threshold: threshold, scheduler: scheduler)
    }

    /// Per-band result: the row range and column range holding subject pixels.
    struct Extent {
        var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min

        mutating func merge(_ other: Extent) {
            minX = min(minX, other.minX)
            maxX = max(maxX, other.maxX)
            minY = min(minY, other.minY)
            maxY = max(maxY, other.maxY)
        }

        var rect: PixelRect? {
            minX <= maxX ? PixelRect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1) : nil
        }
    }
}

extension SubjectBox: ImageOperation {
    /// - Throws: as ``validate(size:region:)``.
    public func validate(_ input: PixelBuffer<Gray8>) throws { try validate(size: input.size, region: nil) }

    /// The subject box of a whole matte. See ``apply(to:in:scheduler:)-(PixelView<Gray8>,_,_)``.
    public func apply(to input: PixelBuffer<Gray8>, scheduler: RowScheduler) throws -> PixelRect? {
        try apply(to: input.view, scheduler: scheduler)
    }
}
