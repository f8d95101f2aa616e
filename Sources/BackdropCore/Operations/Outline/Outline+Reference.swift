// Scalar Outline: brute-force distances, the oracle of the distance transform.
// SPDX-License-Identifier: Apache-2.0

extension Outline {
    /// Stroke coverage from a squared distance: `round(255 · clamp(stroke + ½ − √d², 0, 1))`.
    @inline(__always)
    static func coverage(squaredDistance d2: Float, stroke: Float) -> UInt8 {
        let c = min(1, max(0, stroke + 0.5 - d2.squareRoot()))
        return UInt8((c * 255).rounded(.toNearestOrAwayFromZero))
    }

    /// The stroke coverage of `region` by brute force: every pixel's nearest subject pixel found by scanning them
    /// all. O(region × subject): small test images only.
    static func referenceCoverage(
        _ matte: PixelBuffer<Gray8>, subject: PixelRect, region: PixelRect, stroke: Double
    ) throws -> PixelBuffer<Gray8> {
        var points: [(Int, Int)] = []
        for y in subject.y..<(subject.y + subject.height) {
            for x in subject.x..<(subject.x + subject.width) where matte[x, y] >= 128 { points.append((x, y)) }
        }
        var plane = try PixelBuffer<Gray8>(width: region.width, height: region.height)
        for ry in 0..<region.height {
            for rx in 0..<region.width {
                var best = Float.infinity
                for (px, py) in points {
                    let dx = Float(region.x + rx - px), dy = Float(region.y + ry - py)
                    best = min(best, dx * dx + dy * dy)
                }
                plane[rx, ry] = coverage(squaredDistance: best, stroke: Float(stroke))
            }
        }
        return plane
    }
}
