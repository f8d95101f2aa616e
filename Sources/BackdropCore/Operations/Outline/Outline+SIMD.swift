// Outline kernels: the Felzenszwalb–Huttenlocher distance transform (column pass, row envelope) and the copy out.
// SPDX-License-Identifier: Apache-2.0
//
// The lower envelope of parabolas is a sequential scan per line with data-dependent branches, so these kernels
// are scalar; they parallelise over columns, then rows. Arithmetic is in Float: distances that matter are at most
// the stroke width plus one pixel, far inside Float's exact integer range.

extension Outline {
    /// Writes the stroke coverage of `region` into `plane` (region-sized): subject pixels are matte ≥ 128 inside
    /// `subject`.
    static func strokeCoverage(
        _ matte: PixelBuffer<Gray8>, subject: PixelRect, region: PixelRect, stroke: Double,
        into plane: inout PixelBuffer<Gray8>, scheduler: RowScheduler
    ) throws {
        let w = region.width, h = region.height
        let (count, overflow) = w.multipliedReportingOverflow(by: h)
        guard !overflow else {
            throw LimitError.dimensionsExceedLimit(width: w, height: h, limit: "addressable memory")
        }
        var squared = [Float](repeating: 0, count: count)
        // Per column: the row of the nearest subject pixel seen so far in the scan (−1: none yet).
        var nearest = [Int32](repeating: -1, count: w)
        let matteStride = matte.rowStride
        // Column pass, row-major within each band of columns: squared distance to the nearest subject pixel in the
        // same column, scanning down then up.
        unsafe matte.withUnsafeBytes { m in
            unsafe squared.withUnsafeMutableBufferPointer { g in
                unsafe nearest.withUnsafeMutableBufferPointer { n in
                    let mb = m.baseAddress!, gb = g.baseAddress!, nb = n.baseAddress!
                    scheduler.run(rows: w, bytesPerRow: h * 4) { columns in
                        // SAFETY: columns ⊂ 0..<w; rows < h: inside the w × h plane and the w-entry scratch; matte
                        // reads are at canvas pixels inside `subject`, which lies inside the canvas.
                        unsafe columnPass(
                            columns: columns, matte: mb, matteStride: matteStride, subject: subject, region: region,
                            g: gb, nearest: nb)
                    }
                }
            }
        }
        // Row pass: lower envelope of the parabolas g(q) + (x − q)² along each row, then coverage.
        let bands = scheduler.bands(rows: h, bytesPerRow: w * 4)
        var vertices = [Int32](repeating: 0, count: bands.count * w)
        var bounds = [Float](repeating: 0, count: bands.count * (w + 1))
        let planeStride = plane.rowStride
        let s = Float(stroke)
        unsafe squared.withUnsafeBufferPointer { g in
            unsafe vertices.withUnsafeMutableBufferPointer { v in
                unsafe bounds.withUnsafeMutableBufferPointer { z in
                    unsafe plane.withUnsafeMutableBytes { p in
                        let gb = g.baseAddress!, vb = v.baseAddress!, zb = z.baseAddress!, pb = p.baseAddress!
                        scheduler.run(rows: h, bytesPerRow: w * 4) { rows in
                            // Each band owns one row of scratch: its index among the scheduler's bands.
                            let band = bands.firstIndex { $0.lowerBound == rows.lowerBound } ?? 0
                            for y in rows {
                                // SAFETY: y < h; band < bands.count so the scratch rows are inside their arrays.
                                unsafe rowPass(
                                    g: gb + y * w, width: w, v: vb + band * w, z: zb + band * (w + 1),
                                    out: pb + y * planeStride, stroke: s)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Columns `columns`: downward then upward scans for the nearest subject pixel, a row at a time.
    static func columnPass(
        columns: Range<Int>, matte: UnsafeRawPointer, matteStride: Int, subject: PixelRect, region: PixelRect,
        g: UnsafeMutablePointer<Float>, nearest: UnsafeMutablePointer<Int32>
    ) {
        let w = region.width, h = region.height
        // The band's columns that lie inside the subject box, as region columns.
        let s0 = max(columns.lowerBound, subject.x - region.x)
        let s1 = min(columns.upperBound, subject.x + subject.width - region.x)
        for c in columns {
            // SAFETY: c < w.
            unsafe nearest[c] = -1
        }
        for r in 0..<h {
            let y = region.y + r
            if y >= subject.y, y < subject.y + subject.height, s1 > s0 {
                // SAFETY: (region.x + c, y) inside `subject`, inside the canvas, for c in s0..<s1.
                let row = unsafe matte + y * matteStride + region.x
                for c in s0..<s1 where unsafe row.load(fromByteOffset: c, as: UInt8.self) >= 128 {
                    unsafe nearest[c] = Int32(r)
                }
            }
            for c in columns {
                // SAFETY: r < h, c < w.
                let last = unsafe nearest[c]
                let d = Float(r - Int(last))
                unsafe g[r * w + c] = last < 0 ? .infinity : d * d
            }
        }
        for c in columns {
            // SAFETY: c < w.
            unsafe nearest[c] = -1
        }
        for r in stride(from: h - 1, through: 0, by: -1) {
            let y = region.y + r
            if y >= subject.y, y < subject.y + subject.height, s1 > s0 {
                // SAFETY: as above.
                let row = unsafe matte + y * matteStride + region.x
                for c in s0..<s1 where unsafe row.load(fromByteOffset: c, as: UInt8.self) >= 128 {
                    unsafe nearest[c] = Int32(r)
                }
            }
            for c in columns {
                // SAFETY: r < h, c < w.
                let next = unsafe nearest[c]
                guard next >= 0 else { continue }
                let d = Float(Int(next) - r)
                unsafe g[r * w + c] = min(unsafe g[r * w + c], d * d)
            }
        }
    }

    /// One row: Felzenszwalb–Huttenlocher's lower envelope over the finite samples of `g`, then coverage.
    static func rowPass(
        g: UnsafePointer<Float>, width n: Int, v: UnsafeMutablePointer<Int32>, z: UnsafeMutablePointer<Float>,
        out: UnsafeMutableRawPointer, stroke: Float
    ) {
        var k = -1
        for q in 0..<n {
            // SAFETY: q < n, k < n: inside the row and the scratch (z holds n + 1).
            let fq = unsafe g[q]
            guard fq.isFinite else { continue }
            // Inside a run of subject pixels (0) only the run's ends can be nearest to a pixel outside it; the pixels
            // of the run are at distance 0 themselves (handled below), so the inner parabolas are skipped.
            if fq == 0, q > 0, q + 1 < n, unsafe g[q - 1] == 0, unsafe g[q + 1] == 0 { continue }
            let qf = Float(q)
            if k < 0 {
                k = 0
                unsafe v[0] = Int32(q)
                unsafe z[0] = -.infinity
                unsafe z[1] = .infinity
                continue
            }
            // z[0] = −∞, so the loop stops at k = 0 at the latest.
            var s: Float = 0
            while true {
                let p = Int(unsafe v[k])
                let pf = Float(p)
                let gp = unsafe g[p]
                s = ((fq + qf * qf) - (gp + pf * pf)) / (2 * qf - 2 * pf)
                let zk = unsafe z[k]
                if s <= zk { k -= 1 } else { break }
            }
            k += 1
            unsafe v[k] = Int32(q)
            unsafe z[k] = s
            unsafe z[k + 1] = .infinity
        }
        guard k >= 0 else {
            for q in 0..<n {
                // SAFETY: q < n bytes of the output row.
                unsafe out.storeBytes(of: 0, toByteOffset: q, as: UInt8.self)
            }
            return
        }
        let inside = coverage(squaredDistance: 0, stroke: stroke)
        var j = 0
        for q in 0..<n {
            // SAFETY: q < n.
            if unsafe g[q] == 0 {
                unsafe out.storeBytes(of: inside, toByteOffset: q, as: UInt8.self)
                continue
            }
            let qf = Float(q)
            // SAFETY: j ≤ k < n; z has k + 2 ≤ n + 1 valid entries.
            while (unsafe z[j + 1]) < qf { j += 1 }
            let p = Int(unsafe v[j])
            let d = qf - Float(p)
            let gp = unsafe g[p]
            let d2 = d * d + gp
            unsafe out.storeBytes(of: coverage(squaredDistance: d2, stroke: stroke), toByteOffset: q, as: UInt8.self)
        }
    }

    /// Copies `plane` into `output` at `region` (inside the canvas).
    static func copy(
        _ plane: PixelBuffer<Gray8>, into output: inout PixelBuffer<Gray8>, at region: PixelRect,
        scheduler: RowScheduler
    ) {
        let planeStride = plane.rowStride, outStride = output.rowStride
        unsafe plane.withUnsafeBytes { src in
            unsafe output.withUnsafeMutableBytes { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                scheduler.run(rows: region.height, bytesPerRow: region.width) { rows in
                    for y in rows {
                        // SAFETY: region lies inside the canvas; y < region height; width bytes per row.
                        unsafe (d + (region.y + y) * outStride + region.x).copyMemory(
                            from: s + y * planeStride, byteCount: region.width)
                    }
                }
            }
        }
    }
}
