// PixelView: a read-only rectangle of a PixelBuffer, sharing its storage.
// SPDX-License-Identifier: Apache-2.0

/// A read-only rectangle of a ``PixelBuffer``.
///
/// A view keeps the buffer's storage alive and sees the pixels as they were when it was made: mutating the
/// buffer afterwards copies the buffer's storage (copy-on-write), never the view's.
public struct PixelView<Format: PixelFormat>: Sendable {
    let storage: PixelStorage
    /// Byte offset of the view's top-left pixel in the storage.
    let offset: Int
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Distance in bytes between consecutive rows (the parent buffer's stride).
    public let rowStride: Int

    init(storage: PixelStorage, offset: Int, width: Int, height: Int, rowStride: Int) {
        precondition(width > 0 && height > 0 && offset >= 0)
        precondition(offset + (height - 1) * rowStride + width * Format.channelCount <= storage.byteCount)
        self.storage = storage
        self.offset = offset
        self.width = width
        self.height = height
        self.rowStride = rowStride
    }

    /// The size as a value.
    public var size: PixelSize { PixelSize(width: width, height: height) }

    /// The pixel at column `x`, row `y` of the view. Traps when out of bounds; not for hot loops.
    public subscript(_ x: Int, _ y: Int) -> Format.Pixel {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(size)")
        let start = offset + y * rowStride + x * Format.channelCount
        // SAFETY: the initializer checked that every pixel of the view lies inside the storage.
        return Format.pixel(
            from: (0..<Format.channelCount).map { unsafe storage.base.load(fromByteOffset: start + $0, as: UInt8.self) }
        )
    }

    /// Calls `body` with a pointer to the view's first pixel; rows are ``rowStride`` bytes apart and each
    /// holds `width × channelCount` readable bytes. The pointer must not escape `body`.
    public func withUnsafeBaseAddress<R, E: Error>(_ body: (UnsafeRawPointer) throws(E) -> R) throws(E) -> R {
        // SAFETY: storage is alive while self is; offset is inside it (checked in init).
        try unsafe body(UnsafeRawPointer(storage.base + offset))
    }

    /// Copies the view into a new, tightly strided buffer.
    /// - Complexity: O(width × height); allocates one buffer.
    public func copied() -> PixelBuffer<Format> {
        // Dimensions were valid when the view was made, so the allocation cannot fail on size.
        guard var out = try? PixelBuffer<Format>(uninitializedWidth: width, height: height) else {
            preconditionFailure("a view's size is always allocatable")
        }
        let rowBytes = width * Format.channelCount
        let dstStride = out.rowStride
        unsafe withUnsafeBaseAddress { src in
            unsafe out.withUnsafeMutableBytes { dst in
                for y in 0..<height {
                    // SAFETY: row y of both is in bounds; rowBytes ≤ each stride; the blocks differ.
                    unsafe dst.baseAddress!.advanced(by: y * dstStride)
                        .copyMemory(from: src.advanced(by: y * rowStride), byteCount: rowBytes)
                }
            }
        }
        return out
    }
}

extension PixelView: Equatable {
    /// Views are equal when they have the same size and the same pixel bytes.
    public static func == (lhs: PixelView, rhs: PixelView) -> Bool {
        guard lhs.width == rhs.width, lhs.height == rhs.height else { return false }
        let rowBytes = lhs.width * Format.channelCount
        return unsafe lhs.withUnsafeBaseAddress { a in
            unsafe rhs.withUnsafeBaseAddress { b in
                for y in 0..<lhs.height {
                    // SAFETY: rowBytes readable bytes per row in both views (same width and format).
                    let rowA = unsafe UnsafeRawBufferPointer(start: a + y * lhs.rowStride, count: rowBytes)
                    let rowB = unsafe UnsafeRawBufferPointer(start: b + y * rhs.rowStride, count: rowBytes)
                    if unsafe !rowA.elementsEqual(rowB) { return false }
                }
                return true
            }
        }
    }
}
