// Blur-fusion in Float: box means of weighted colours, the foreground update, and 8-bit conversion.
// SPDX-License-Identifier: Apache-2.0

extension EdgeDecontamination {
    /// One blur-fusion level: updates `foreground` and `background` from `photo` with box radius `radius`.
    static func estimate(
        photo: [SIMD4<Float>], foreground: inout [SIMD4<Float>], background: inout [SIMD4<Float>],
        blurredF: inout [SIMD4<Float>], blurredB: inout [SIMD4<Float>], scratch: inout [SIMD4<Float>],
        width: Int, height: Int, radius: Int
    ) {
        // Weighted planes: (F·α, α) and (B·(1−α), 1−α).
        for i in 0..<photo.count {
            let a = photo[i].w
            let f = foreground[i], b = background[i]
            blurredF[i] = SIMD4(f.x * a, f.y * a, f.z * a, a)
            blurredB[i] = SIMD4(b.x * (1 - a), b.y * (1 - a), b.z * (1 - a), 1 - a)
        }
        boxMean(&blurredF, scratch: &scratch, width: width, height: height, radius: radius)
        boxMean(&blurredB, scratch: &scratch, width: width, height: height, radius: radius)
        let epsilon: Float = 1e-5
        for i in 0..<photo.count {
            let p = photo[i]
            let a = p.w
            let meanF = blurredF[i], meanB = blurredB[i]
            let fHat = SIMD3(meanF.x, meanF.y, meanF.z) / (meanF.w + epsilon)
            let bHat = SIMD3(meanB.x, meanB.y, meanB.z) / (meanB.w + epsilon)
            let residual = SIMD3(p.x, p.y, p.z) - a * fHat - (1 - a) * bHat
            var f = fHat + a * residual
            f.clamp(lowerBound: .zero, upperBound: SIMD3(repeating: 1))
            foreground[i] = SIMD4(f.x, f.y, f.z, a)
            background[i] = SIMD4(bHat.x, bHat.y, bHat.z, a)
        }
    }

    /// Replaces `plane` by its mean over a (2r+1)² box, averaging only the pixels inside the image (no border
    /// bias). Horizontal then vertical running sums.
    static func boxMean(
        _ plane: inout [SIMD4<Float>], scratch: inout [SIMD4<Float>], width: Int, height: Int, radius: Int
    ) {
        let r = radius
        for y in 0..<height {
            let row = y * width
            var sum = SIMD4<Double>.zero
            var count: Double = 0
            for x in 0..<min(width, r + 1) {
                sum += SIMD4<Double>(plane[row + x])
                count += 1
            }
            for x in 0..<width {
                scratch[row + x] = SIMD4<Float>(sum / count)
                if x + r + 1 < width {
                    sum += SIMD4<Double>(plane[row + x + r + 1])
                    count += 1
                }
                if x - r >= 0 {
                    sum -= SIMD4<Double>(plane[row + x - r])
                    count -= 1
                }
            }
        }
        var sums = [SIMD4<Double>](repeating: .zero, count: width)
        var count: Double = 0
        for y in 0..<min(height, r + 1) {
            for x in 0..<width { sums[x] += SIMD4<Double>(scratch[y * width + x]) }
            count += 1
        }
        for y in 0..<height {
            for x in 0..<width { plane[y * width + x] = SIMD4<Float>(sums[x] / count) }
            if y + r + 1 < height {
                for x in 0..<width { sums[x] += SIMD4<Double>(scratch[(y + r + 1) * width + x]) }
                count += 1
            }
            if y - r >= 0 {
                for x in 0..<width { sums[x] -= SIMD4<Double>(scratch[(y - r) * width + x]) }
                count -= 1
            }
        }
    }

    /// The image's pixels as Float in 0…1, alpha in `w`.
    static func load(_ image: PixelBuffer<RGBA8>, into plane: inout [SIMD4<Float>]) {
        let w = image.width
        for y in 0..<image.height {
            for x in 0..<w {
                let p = image[x, y]
                plane[y * w + x] = SIMD4<Float>(Float(p.x), Float(p.y), Float(p.z), Float(p.w)) / 255
            }
        }
    }

    /// Edge pixels take the estimate (blended by `strength`); pixels with alpha 0 or 255 keep their colour.
    static func store(
        _ foreground: [SIMD4<Float>], photo: [SIMD4<Float>], strength: Float, like image: PixelBuffer<RGBA8>
    )
        throws -> PixelBuffer<RGBA8>
    {
        var out = image
        let w = image.width
        for y in 0..<image.height {
            for x in 0..<w {
                let p = image[x, y]
                guard p.w != 0, p.w != 255 else { continue }
                let i = y * w + x
                let mixed = photo[i] + strength * (foreground[i] - photo[i])
                func byte(_ v: Float) -> UInt8 { UInt8(min(255, max(0, (v * 255).rounded()))) }
                out[x, y] = SIMD4(byte(mixed.x), byte(mixed.y), byte(mixed.z), p.w)
            }
        }
        return out
    }
}
