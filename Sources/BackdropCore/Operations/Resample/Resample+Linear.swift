// Linear-light resampling of straight RGBA8: sRGB decode, premultiply and filter in Float, encode back.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Resample {
    /// sRGB-encoded 8-bit value → linear light in 0…1.
    static let srgbToLinear: [Float] = (0..<256).map { v in
        let c = Double(v) / 255
        return Float(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
    }

    /// Entries of the linear → sRGB table: linear light in steps of 1/65536 (the sRGB slope near black is 12.92,
    /// so a step moves the encoded value by at most 0.05 levels).
    static let encodeSteps = 65536
    static let linearToSRGB: [UInt8] = (0...encodeSteps).map { i in
        let l = Double(i) / Double(encodeSteps)
        let c = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1 / 2.4) - 0.055
        return UInt8(min(max((c * 255).rounded(), 0), 255))
    }

    /// Resizes the straight-alpha `region` (whose pixel (0, 0) is axis index `origin`) in linear light.
    ///
    /// Each pixel becomes premultiplied linear Float (`L(c) · a`, `a`), both passes run in Float with the same
    /// normalised weights as the 8-bit path, and the result is unpremultiplied and sRGB-encoded with rounding.
    /// Single-threaded scalar code: this path is about quality, not speed.
    static func linearLight(
        _ region: PixelView<RGBA8>, origin: (x: Int, y: Int), x: ResampleAxis, y: ResampleAxis,
        scheduler: RowScheduler
    ) throws -> PixelBuffer<RGBA8> {
        let w = region.width, h = region.height
        let outW = x.targetSize, outH = y.targetSize
        var output = try PixelBuffer<RGBA8>(uninitializedWidth: outW, height: outH)
        let scale = 1 / Float(ResampleAxis.one)
        var linear = [SIMD4<Float>](repeating: .zero, count: w * h)
        for r in 0..<h {
            for c in 0..<w {
                let p = region[c, r]
                let a = Float(p.w) / 255
                linear[r * w + c] = SIMD4(
                    srgbToLinear[Int(p.x)] * a, srgbToLinear[Int(p.y)] * a, srgbToLinear[Int(p.z)] * a, a)
            }
        }
        // Horizontal pass on the region's rows, then vertical.
        var tmp = [SIMD4<Float>](repeating: .zero, count: outW * h)
        for r in 0..<h {
            for i in 0..<outW {
                let s = Int(x.starts[i]) - origin.x
                var sum = SIMD4<Float>.zero
                for k in 0..<x.taps { sum += linear[r * w + s + k] * (Float(x.weights[i * x.taps + k]) * scale) }
                tmp[r * outW + i] = sum
            }
        }
        for r in 0..<outH {
            let s = Int(y.starts[r]) - origin.y
            for i in 0..<outW {
                var sum = SIMD4<Float>.zero
                for k in 0..<y.taps { sum += tmp[(s + k) * outW + i] * (Float(y.weights[r * y.taps + k]) * scale) }
                let a = min(max(sum.w, 0), 1)
                var pixel = SIMD4<UInt8>(0, 0, 0, UInt8((a * 255).rounded()))
                if pixel.w > 0 {
                    for ch in 0..<3 {
                        let l = min(max(sum[ch] / a, 0), 1)
                        pixel[ch] = linearToSRGB[Int((l * Float(encodeSteps)).rounded())]
                    }
                }
                output[i, r] = pixel
            }
        }
        return output
    }
}
