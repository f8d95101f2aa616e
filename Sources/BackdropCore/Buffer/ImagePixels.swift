// ImagePixels: a decoded image's pixels in whichever buffer format fits it.
// SPDX-License-Identifier: Apache-2.0

/// The pixels of a decoded image: grayscale without alpha stays one channel, everything else is RGBA8.
public enum ImagePixels: Sendable, Equatable {
    case rgba8(PixelBuffer<RGBA8>)
    case gray8(PixelBuffer<Gray8>)

    public var width: Int {
        switch self {
        case .rgba8(let b): b.width
        case .gray8(let b): b.width
        }
    }
    public var height: Int {
        switch self {
        case .rgba8(let b): b.height
        case .gray8(let b): b.height
        }
    }
    public var size: PixelSize { PixelSize(width: width, height: height) }

    /// Channels per pixel: 4 or 1.
    public var channelCount: Int {
        switch self {
        case .rgba8: 4
        case .gray8: 1
        }
    }

    /// The pixels as straight RGBA8; gray expands to `(g, g, g, 255)`.
    /// - Complexity: O(1) for RGBA8; O(width × height) with one allocation for gray.
    public func rgba8(scheduler: RowScheduler = .default) -> PixelBuffer<RGBA8> {
        switch self {
        case .rgba8(let buffer): return buffer
        case .gray8(let buffer): return buffer.expandedToRGBA8(scheduler: scheduler)
        }
    }
}

extension PixelBuffer where Format == Gray8 {
    /// Each gray value `g` as the opaque pixel `(g, g, g, 255)`.
    /// - Complexity: O(width × height); allocates one output buffer.
    public func expandedToRGBA8(scheduler: RowScheduler = .default) -> PixelBuffer<RGBA8> {
        guard var out = try? PixelBuffer<RGBA8>(uninitializedWidth: width, height: height) else {
            preconditionFailure("an allocatable size stays allocatable")
        }
        runRows(self, into: &out, auxiliary: PixelBuffer<Gray8>?.none, scheduler: scheduler) { job, rows in
            for y in rows {
                let src = unsafe job.sourceRow(y)
                let dst = unsafe job.destinationRow(y)
                for x in 0..<job.width {
                    // SAFETY: x < width: one gray byte in, four bytes out, inside their rows.
                    let g = UInt32(unsafe src.load(fromByteOffset: x, as: UInt8.self))
                    unsafe dst.storeBytes(of: g &* 0x0001_0101 | 0xFF00_0000, toByteOffset: x * 4, as: UInt32.self)
                }
            }
        }
        return out
    }
}
