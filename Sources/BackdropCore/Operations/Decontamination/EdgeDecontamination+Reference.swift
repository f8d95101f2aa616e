// Blur-fusion per pixel: the foreground update from the box means, and the 8-bit conversion.
// SPDX-License-Identifier: Apache-2.0

extension EdgeDecontamination {
    /// One blur-fusion update: from the photo pixel `p` (colour, α in `w`) and the box means of `(F·α, α)`
    /// and `(B·(1−α), 1−α)`, the new foreground (clamped to 0…1, α kept) and background estimates.
    @inline(__always)
    static func update(_ p: SIMD4<Float>, meanF: SIMD4<Float>, meanB: SIMD4<Float>)
        -> (foreground: SIMD4<Float>, background: SIMD4<Float>)
    {
        let epsilon: Float = 1e-5
        let a = p.w
        let fHat = SIMD3(meanF.x, meanF.y, meanF.z) / (meanF.w + epsilon)
        let bHat = SIMD3(meanB.x, meanB.y, meanB.z) / (meanB.w + epsilon)
        let residual = SIMD3(p.x, p.y, p.z) - a * fHat - (1 - a) * bHat
        var f = fHat + a * residual
        f.clamp(lowerBound: .zero, upperBound: SIMD3(repeating: 1))
        return (SIMD4(f.x, f.y, f.z, a), SIMD4(bHat.x, bHat.y, bHat.z, a))
    }

    /// `round(255 · v)` clamped to a byte.
    @inline(__always)
    static func byte(_ v: Float) -> UInt8 { UInt8(min(255, max(0, (v * 255).rounded()))) }
}
