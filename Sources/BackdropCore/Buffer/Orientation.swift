// ImageOrientation: the eight EXIF orientations, the EXIF tag reader, and the transform that makes pixels upright.
// SPDX-License-Identifier: Apache-2.0

/// How stored pixels must be transformed to be displayed upright: the EXIF/TIFF `Orientation` tag (0x0112).
///
/// The raw value is the tag's value. The names say what the stored image's first row and first column become
/// when displayed: ``rotate90`` (6) turns the stored image a quarter turn clockwise.
public enum ImageOrientation: Int, Sendable, Hashable, CaseIterable {
    /// 1: stored upright.
    case up = 1
    /// 2: mirrored left to right.
    case mirrored = 2
    /// 3: turned half a turn.
    case rotate180 = 3
    /// 4: mirrored top to bottom.
    case mirroredVertically = 4
    /// 5: mirrored along the main diagonal (first row becomes first column).
    case transposed = 5
    /// 6: turned a quarter turn clockwise for display.
    case rotate90 = 6
    /// 7: mirrored along the anti-diagonal.
    case transversed = 7
    /// 8: turned a quarter turn counter-clockwise (three quarters clockwise) for display.
    case rotate270 = 8

    /// Whether the displayed image has width and height swapped (orientations 5–8).
    public var swapsDimensions: Bool { rawValue >= 5 }

    /// The displayed size of a `width × height` stored image.
    public func orientedSize(width: Int, height: Int) -> PixelSize {
        swapsDimensions ? PixelSize(width: height, height: width) : PixelSize(width: width, height: height)
    }

    /// The orientation in an EXIF block (a TIFF structure starting with `II*\0` or `MM\0*`), when IFD0 holds a
    /// valid Orientation tag: a SHORT with one value in 1…8.
    ///
    /// Every offset is bounds-checked; a malformed block returns `nil`.
    /// - Complexity: O(number of IFD0 entries); allocates nothing.
    public static func exifValue(in data: some RandomAccessCollection<UInt8>) -> Int? {
        let d = Array(data)
        guard d.count >= 8 else { return nil }
        let little: Bool
        if d[0] == 0x49, d[1] == 0x49, d[2] == 42, d[3] == 0 {
            little = true
        } else if d[0] == 0x4D, d[1] == 0x4D, d[2] == 0, d[3] == 42 {
            little = false
        } else {
            return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at <= d.count - 2 else { return nil }
            return little ? Int(d[at]) | Int(d[at + 1]) << 8 : Int(d[at]) << 8 | Int(d[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        for index in 0..<count {
            let entry = ifd + 2 + index * 12
            guard let tag = u16(entry), let type = u16(entry + 2), let n = u32(entry + 4) else { return nil }
            guard tag == 0x0112 else { continue }
            guard type == 3, n == 1, let value = u16(entry + 8), (1...8).contains(value) else { return nil }
            return value
        }
        return nil
    }
}

extension PixelBuffer {
    /// The pixels transformed for display under `orientation`: mirrored and/or turned so the result is upright.
    ///
    /// Pixels are moved, never resampled, so the result holds exactly the input's values; alpha mode and colour
    /// encoding are unchanged. Orientations 5–8 swap width and height.
    ///
    /// - Parameter orientation: The stored image's orientation (the EXIF value).
    /// - Returns: `self` for ``ImageOrientation/up``, else a new buffer.
    /// - Complexity: O(width × height); allocates one output buffer (none for `.up`).
    public func oriented(_ orientation: ImageOrientation) -> PixelBuffer {
        if orientation == .up { return self }
        let out = orientation.orientedSize(width: width, height: height)
        guard var result = try? PixelBuffer(uninitializedWidth: out.width, height: out.height) else {
            preconditionFailure("a transposed allocatable size stays allocatable")
        }
        let bpp = Format.channelCount
        let (w, h, srcStride, dstStride) = (width, height, rowStride, result.rowStride)
        // Source offset of output pixel (0, 0), the step per output column and per output row, in bytes.
        let (origin, stepX, stepY): (Int, Int, Int)
        switch orientation {
        case .up: (origin, stepX, stepY) = (0, bpp, srcStride)
        case .mirrored: (origin, stepX, stepY) = ((w - 1) * bpp, -bpp, srcStride)
        case .rotate180: (origin, stepX, stepY) = ((h - 1) * srcStride + (w - 1) * bpp, -bpp, -srcStride)
        case .mirroredVertically: (origin, stepX, stepY) = ((h - 1) * srcStride, bpp, -srcStride)
        case .transposed: (origin, stepX, stepY) = (0, srcStride, bpp)
        case .rotate90: (origin, stepX, stepY) = ((h - 1) * srcStride, -srcStride, bpp)
        case .transversed: (origin, stepX, stepY) = ((h - 1) * srcStride + (w - 1) * bpp, -srcStride, -bpp)
        case .rotate270: (origin, stepX, stepY) = ((w - 1) * bpp, srcStride, -bpp)
        }
        let tile = 64
        unsafe withUnsafeBytes { src in
            unsafe result.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for ty in Swift.stride(from: 0, to: out.height, by: tile) {
                    for tx in Swift.stride(from: 0, to: out.width, by: tile) {
                        let xEnd = min(tx + tile, out.width)
                        for y in ty..<min(ty + tile, out.height) {
                            var from = origin + y * stepY + tx * stepX
                            let row = y * dstStride
                            if bpp == 4 {
                                for x in tx..<xEnd {
                                    // SAFETY: (x, y) is inside the output, so `from` addresses a source pixel
                                    // inside the source block (the mapping is a bijection of the two grids)
                                    // and `row + 4x` a pixel inside output row y.
                                    let v = unsafe s.loadUnaligned(fromByteOffset: from, as: UInt32.self)
                                    unsafe d.storeBytes(of: v, toByteOffset: row + x * 4, as: UInt32.self)
                                    from += stepX
                                }
                            } else {
                                for x in tx..<xEnd {
                                    for c in 0..<bpp {
                                        // SAFETY: as above, byte c < bpp of the same two pixels.
                                        let v = unsafe s.load(fromByteOffset: from + c, as: UInt8.self)
                                        unsafe d.storeBytes(of: v, toByteOffset: row + x * bpp + c, as: UInt8.self)
                                    }
                                    from += stepX
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

extension ImagePixels {
    /// The pixels transformed for display under `orientation` (see ``PixelBuffer/oriented(_:)``).
    /// - Complexity: O(width × height); allocates one output buffer (none for `.up`).
    public func oriented(_ orientation: ImageOrientation) -> ImagePixels {
        switch self {
        case .rgba8(let buffer): .rgba8(buffer.oriented(orientation))
        case .gray8(let buffer): .gray8(buffer.oriented(orientation))
        }
    }
}
