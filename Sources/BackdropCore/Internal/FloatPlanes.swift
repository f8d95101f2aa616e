// FloatPlanes: exact full-resolution blur-fusion on Float planes, the oracle for the sparse decontamination.
// SPDX-License-Identifier: Apache-2.0

/// The working planes of ``EdgeDecontamination``, one SIMD4<Float> (colour in 0…1, α in `w`) per pixel.
///
/// Allocated once per call and released by ``deallocate()``; every pass splits rows (or column strips) over
/// the scheduler, and each band touches only its own rows or columns of the destination plane.
@safe struct FloatPlanes {
    let width: Int
    let height: Int
    let photo: UnsafeMutablePointer<SIMD4<Float>>
    let foreground: UnsafeMutablePointer<SIMD4<Float>>
    let background: UnsafeMutablePointer<SIMD4<Float>>
    let meanF: UnsafeMutablePointer<SIMD4<Float>>
    let meanB: UnsafeMutablePointer<SIMD4<Float>>
    let scratch: UnsafeMutablePointer<SIMD4<Float>>
    /// Running column sums for the vertical box pass, in Double so long windows do not drift.
    let columnSums: UnsafeMutablePointer<SIMD4<Double>>

    static let strip = 64

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        let count = width * height  // the image of this size exists, so the product does not overflow
        func plane() -> UnsafeMutablePointer<SIMD4<Float>> {
            // SAFETY: a fresh allocation, initialised before use by load() and freed by deallocate().
            let p = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: count)
            unsafe p.initialize(repeating: .zero, count: count)
            return unsafe p
        }
        unsafe photo = plane()
        unsafe foreground = plane()
        unsafe background = plane()
        unsafe meanF = plane()
        unsafe meanB = plane()
        unsafe scratch = plane()
        // SAFETY: one Double accumulator per column, freed by deallocate().
        unsafe columnSums = UnsafeMutablePointer<SIMD4<Double>>.allocate(capacity: width)
        unsafe columnSums.initialize(repeating: .zero, count: width)
    }

    func deallocate() {
        // SAFETY: allocated in init, released once.
        unsafe photo.deallocate()
        unsafe foreground.deallocate()
        unsafe background.deallocate()
        unsafe meanF.deallocate()
        unsafe meanB.deallocate()
        unsafe scratch.deallocate()
        unsafe columnSums.deallocate()
    }

    /// The image's pixels in 0…1; the estimates start as the photo.
    func load(_ image: PixelBuffer<RGBA8>, scheduler: RowScheduler) {
        let w = width
        let stride = image.rowStride
        unsafe image.withUnsafeBytes { raw in
            scheduler.run(rows: height, bytesPerRow: w * 48) { rows in
                for y in rows {
                    for x in 0..<w {
                        // SAFETY: x < width, y < height: inside the image block and the planes.
                        let p = unsafe raw.baseAddress!.loadUnaligned(
                            fromByteOffset: y * stride + x * 4, as: SIMD4<UInt8>.self)
                        let v = SIMD4<Float>(Float(p.x), Float(p.y), Float(p.z), Float(p.w)) / 255
                        let i = y * w + x
                        unsafe photo[i] = v
                        unsafe foreground[i] = v
                        unsafe background[i] = v
                    }
                }
            }
        }
    }

    /// One blur-fusion level with box radius `radius`.
    func estimate(radius: Int, scheduler: RowScheduler) {
        let w = width
        scheduler.run(rows: height, bytesPerRow: w * 32) { rows in
            for i in (rows.lowerBound * w)..<(rows.upperBound * w) {
                // SAFETY: i indexes the rows of this band.
                let a = unsafe photo[i].w
                let f = unsafe foreground[i], b = unsafe background[i]
                unsafe meanF[i] = SIMD4(f.x * a, f.y * a, f.z * a, a)
                unsafe meanB[i] = SIMD4(b.x * (1 - a), b.y * (1 - a), b.z * (1 - a), 1 - a)
            }
        }
        unsafe boxMean(meanF, radius: radius, scheduler: scheduler)
        unsafe boxMean(meanB, radius: radius, scheduler: scheduler)
        scheduler.run(rows: height, bytesPerRow: w * 48) { rows in
            for i in (rows.lowerBound * w)..<(rows.upperBound * w) {
                // SAFETY: i indexes the rows of this band.
                let next = unsafe EdgeDecontamination.update(photo[i], meanF: meanF[i], meanB: meanB[i])
                unsafe foreground[i] = next.foreground
                unsafe background[i] = next.background
            }
        }
    }

    /// Replaces `plane` by its mean over a (2r+1)² box, averaging only pixels inside the image.
    func boxMean(_ plane: UnsafeMutablePointer<SIMD4<Float>>, radius r: Int, scheduler: RowScheduler) {
        let w = width, h = height
        scheduler.run(rows: h, bytesPerRow: w * 32) { rows in
            for y in rows {
                let row = unsafe plane + y * w
                let out = unsafe scratch + y * w
                var sum = SIMD4<Double>.zero
                var count = 0.0
                for x in 0..<min(w, r + 1) {
                    // SAFETY: x < w.
                    sum += SIMD4<Double>(unsafe row[x])
                    count += 1
                }
                for x in 0..<w {
                    // SAFETY: x < w; x + r + 1 and x − r are checked against the row.
                    unsafe out[x] = SIMD4<Float>(sum / count)
                    if x + r + 1 < w {
                        sum += SIMD4<Double>(unsafe row[x + r + 1])
                        count += 1
                    }
                    if x - r >= 0 {
                        sum -= SIMD4<Double>(unsafe row[x - r])
                        count -= 1
                    }
                }
            }
        }
        let strips = (w + Self.strip - 1) / Self.strip
        scheduler.run(rows: strips, bytesPerRow: h * Self.strip * 32) { stripRange in
            for s in stripRange {
                let x0 = s * Self.strip, x1 = min(w, x0 + Self.strip)
                // SAFETY: the sums of columns x0..<x1 belong to this strip only.
                let sums = unsafe columnSums
                for x in x0..<x1 { unsafe sums[x] = .zero }
                var count = 0.0
                for y in 0..<min(h, r + 1) {
                    for x in x0..<x1 { unsafe sums[x] += SIMD4<Double>(scratch[y * w + x]) }
                    count += 1
                }
                for y in 0..<h {
                    for x in x0..<x1 { unsafe plane[y * w + x] = SIMD4<Float>(sums[x] / count) }
                    if y + r + 1 < h {
                        for x in x0..<x1 { unsafe sums[x] += SIMD4<Double>(scratch[(y + r + 1) * w + x]) }
                        count += 1
                    }
                    if y - r >= 0 {
                        for x in x0..<x1 { unsafe sums[x] -= SIMD4<Double>(scratch[(y - r) * w + x]) }
                        count -= 1
                    }
                }
            }
        }
    }

    /// Writes the estimate into the edge pixels of `output` (alpha strictly between 0 and 255), blended with
    /// the photo by `strength`.
    func store(into output: inout PixelBuffer<RGBA8>, strength: Float, scheduler: RowScheduler) {
        let w = width, h = height
        let stride = output.rowStride
        unsafe output.withUnsafeMutableBytes { raw in
            scheduler.run(rows: h, bytesPerRow: w * 4) { rows in
                for y in rows {
                    for x in 0..<w {
                        let offset = y * stride + x * 4
                        // SAFETY: x < w, y < h: inside the output block and the planes.
                        let alpha = unsafe raw[offset + 3]
                        guard alpha != 0, alpha != 255 else { continue }
                        let i = y * w + x
                        let p = unsafe photo[i]
                        let mixed = p + strength * (unsafe foreground[i] - p)
                        let bytes = SIMD4(
                            EdgeDecontamination.byte(mixed.x), EdgeDecontamination.byte(mixed.y),
                            EdgeDecontamination.byte(mixed.z), alpha)
                        unsafe raw.baseAddress!.storeBytes(of: bytes, toByteOffset: offset, as: SIMD4<UInt8>.self)
                    }
                }
            }
        }
    }
}
