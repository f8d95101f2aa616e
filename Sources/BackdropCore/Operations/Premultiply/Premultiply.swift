// Premultiply and Unpremultiply: the only crossings between straight and premultiplied alpha.
// SPDX-License-Identifier: Apache-2.0

/// Converts straight-alpha RGBA8 to premultiplied: `c' = round(c · a / 255)`, alpha unchanged.
///
/// Works on sRGB-encoded values (the convention the peers and services follow). Exact: every result is the
/// correctly rounded value.
///
/// - Complexity: O(width × height); allocates one output buffer.
public struct Premultiply: ImageOperation {
    public init() {}
    public func validate(_ input: PixelBuffer<RGBA8>) throws {}
    public func apply(to input: PixelBuffer<RGBA8>, scheduler: RowScheduler) throws -> PixelBuffer<PremultipliedRGBA8> {
        var output = try PixelBuffer<PremultipliedRGBA8>(uninitializedWidth: input.width, height: input.height)
        runRows(input, into: &output, auxiliary: PixelBuffer<Gray8>?.none, scheduler: scheduler) { job, rows in
            Self.rows(job, rows)
        }
        return output
    }
}

/// Converts premultiplied RGBA8 back to straight alpha: `c = round(c' · 255 / a)` (clamped to 255), and
/// `c = 0` where `a = 0`.
///
/// For every premultiplied value `c' ≤ a`, premultiplying the result gives `c'` back exactly.
///
/// - Complexity: O(width × height); allocates one output buffer.
public struct Unpremultiply: ImageOperation {
    public init() {}
    public func validate(_ input: PixelBuffer<PremultipliedRGBA8>) throws {}
    public func apply(to input: PixelBuffer<PremultipliedRGBA8>, scheduler: RowScheduler) throws -> PixelBuffer<RGBA8> {
        var output = try PixelBuffer<RGBA8>(uninitializedWidth: input.width, height: input.height)
        runRows(input, into: &output, auxiliary: PixelBuffer<Gray8>?.none, scheduler: scheduler) { job, rows in
            Self.rows(job, rows)
        }
        return output
    }
}

extension PixelBuffer where Format == RGBA8 {
    /// This image with colour premultiplied by alpha. See ``Premultiply``.
    public func premultiplied(scheduler: RowScheduler = .default) -> PixelBuffer<PremultipliedRGBA8> {
        // Same size as self, which was allocatable: cannot throw.
        guard let out = try? Premultiply().apply(to: self, scheduler: scheduler) else {
            preconditionFailure("an allocatable size stays allocatable")
        }
        return out
    }
}

extension PixelBuffer where Format == PremultipliedRGBA8 {
    /// This image with straight alpha. See ``Unpremultiply``.
    public func unpremultiplied(scheduler: RowScheduler = .default) -> PixelBuffer<RGBA8> {
        guard let out = try? Unpremultiply().apply(to: self, scheduler: scheduler) else {
            preconditionFailure("an allocatable size stays allocatable")
        }
        return out
    }
}
