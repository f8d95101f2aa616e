// Scalar plane split and recombination for the background blur.
// SPDX-License-Identifier: Apache-2.0

extension BackgroundBlur {
    /// `round(c · w / 255)` for R, G, B and the weight `w = 255 − α` itself, as four Gray8 planes.
    static func weightedPlanes(_ photo: PixelBuffer<RGBA8>) throws -> [PixelBuffer<Gray8>] {
        var planes = try (0..<4).map { _ in try PixelBuffer<Gray8>(width: photo.width, height: photo.height) }
        for y in 0..<photo.height {
            for x in 0..<photo.width {
                let p = photo[x, y]
                let w = 255 - p.w
                planes[0][x, y] = multiplyRounded(p.x, w)
                planes[1][x, y] = multiplyRounded(p.y, w)
                planes[2][x, y] = multiplyRounded(p.z, w)
                planes[3][x, y] = w
            }
        }
        return planes
    }

    /// `round(255 · blur(c·w) / blur(w))` per channel, opaque; the photo's pixel where `blur(w)` is 0.
    static func normalised(
        _ photo: PixelBuffer<RGBA8>, red: PixelBuffer<Gray8>, green: PixelBuffer<Gray8>, blue: PixelBuffer<Gray8>,
        weight: PixelBuffer<Gray8>
    ) throws -> PixelBuffer<RGBA8> {
        var out = try PixelBuffer<RGBA8>(width: photo.width, height: photo.height)
        for y in 0..<photo.height {
            for x in 0..<photo.width {
                let w = Int(weight[x, y])
                guard w > 0 else {
                    var p = photo[x, y]
                    p.w = 255
                    out[x, y] = p
                    continue
                }
                func channel(_ plane: PixelBuffer<Gray8>) -> UInt8 {
                    UInt8(min(255, (Int(plane[x, y]) * 255 + w / 2) / w))
                }
                out[x, y] = SIMD4(channel(red), channel(green), channel(blue), 255)
            }
        }
        return out
    }
}
