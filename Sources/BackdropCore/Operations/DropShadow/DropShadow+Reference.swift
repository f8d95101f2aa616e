// Scalar DropShadow: the per-pixel oracle of the projection kernels and their tail handlers.
// SPDX-License-Identifier: Apache-2.0

extension DropShadow {
    /// A floor band value: `sum · scale` rounded to nearest (ties to even) in `Float`, clamped to 255.
    @inline(__always)
    static func bandValue(_ sum: UInt32, _ scale: Float) -> UInt8 {
        UInt8(min(255, (Float(sum) * scale).rounded(.toNearestOrEven)))
    }

    /// `round(v · gain / 65536)` for v ≤ 255, gain ≤ 65536.
    @inline(__always)
    static func scaled(_ v: UInt32, gain: UInt32) -> UInt8 {
        UInt8(truncatingIfNeeded: (v &* gain &+ 32768) &>> 16)
    }

    /// The unblurred region plane computed pixel by pixel from the model's definition (tests compare the kernels
    /// with it).
    static func referencePlane(_ matte: PixelBuffer<Gray8>, _ plan: ShadowPlan) throws -> PixelBuffer<Gray8> {
        let region = plan.region, source = plan.source
        var plane = try PixelBuffer<Gray8>(width: region.width, height: region.height)
        func m(_ x: Int, _ y: Int) -> UInt32 {
            guard x >= source.x, x < source.x + source.width, y >= source.y, y < source.y + source.height else {
                return 0
            }
            return UInt32(matte[x, y])
        }
        for ry in 0..<region.height {
            let y = region.y + ry
            for rx in 0..<region.width {
                let x = region.x + rx
                switch plan.kind {
                case .shift(let dx, let dy):
                    plane[rx, ry] = UInt8(m(x - dx, y - dy))
                case .band(let top, let count, let fade, let shift, let lean):
                    let j = y - top
                    guard j >= 0, j < count else { continue }
                    let sx = x - shift - ShadowPlan.leanShift(j, lean)
                    guard sx >= source.x, sx < source.x + source.width else { continue }
                    let h = plan.subject.height, base = plan.subject.y + plan.subject.height
                    var sum: UInt32 = 0, n = 0
                    for k in 0..<h where k * count / h == j {
                        sum += m(sx, base - 1 - k)
                        n += 1
                    }
                    let scale = Float((fade ? ShadowPlan.fade(j, rows: count) : 1) / Double(n))
                    plane[rx, ry] = bandValue(sum, scale)
                }
            }
        }
        return plane
    }
}
