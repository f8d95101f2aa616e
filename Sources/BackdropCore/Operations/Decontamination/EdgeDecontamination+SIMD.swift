// Sparse blur-fusion: the coarse level on a grid of pixel blocks, the fine level only around edge pixels.
// SPDX-License-Identifier: Apache-2.0

/// The coarse level's geometry: a grid of `block × block` pixel blocks and a box of `2·radius + 1` blocks.
///
/// The coarse box mean of blur-fusion (radius 90 by default) is a very smooth field, so it is computed from
/// per-block sums and interpolated bilinearly between block centres. The block size is chosen so the box of
/// whole blocks is within 3 % of the requested `2r + 1` pixels (else as close as possible), with at least 11 blocks across
/// (`block ≤ (2r + 1) / 11`), and the grid never exceeds 2^22 blocks. When blocks of 8 pixels or more are
/// allowed, only multiples of 8 are considered, so a block's row is whole `SIMD8<UInt32>` loads.
struct CoarseGrid: Equatable {
    let block: Int
    let radius: Int
    let columns: Int
    let rows: Int

    init(coarseRadius r: Int, width: Int, height: Int) {
        let target = 2 * r + 1
        var smallest = max(1, target / 31)
        var largest = max(1, target / 11)
        // Keep the grid small: at most 2^22 blocks, whatever the radius.
        let pixels = Double(width) * Double(height)
        let minimum = Int((pixels / Double(1 << 22)).squareRoot().rounded(.up))
        smallest = max(smallest, minimum)
        largest = max(largest, smallest)
        // Largest block whose box is within 3 % of the requested width (fewer blocks: less memory and work),
        // else the closest width.
        var best = (block: smallest, across: 1, error: Int.max)
        let multiples = Array(stride(from: (smallest + 7) / 8 * 8, through: largest, by: 8))
        let candidates = multiples.isEmpty ? Array(smallest...largest) : multiples
        let good = max(2, target * 3 / 100)
        for s in candidates {
            let exact = Double(target) / Double(s)
            var across = max(1, Int(exact.rounded()))
            if across % 2 == 0 { across += exact > Double(across) ? 1 : -1 }
            across = max(1, across)
            let error = abs(across * s - target)
            if error <= good || error < best.error, best.error > good || error <= good {
                best = (s, across, error)
            }
        }
        block = best.block
        radius = (best.across - 1) / 2
        columns = (width + block - 1) / block
        rows = (height + block - 1) / block
    }
}

/// Block sums of the coarse level, in 8-bit units: `fa = (Σα·R, Σα·G, Σα·B, Σα)`, `all = (ΣR, ΣG, ΣB, n)`.
struct BlockSums {
    var fa: SIMD4<Double>
    var all: SIMD4<Double>
    static let zero = BlockSums(fa: .zero, all: .zero)

    mutating func add(_ other: BlockSums) {
        fa += other.fa
        all += other.all
    }

    mutating func subtract(_ other: BlockSums) {
        fa -= other.fa
        all -= other.all
    }
}

/// The sparse decontamination of one image, lent pointers for one call.
///
/// Phases, each finished before the next starts:
/// 1. find the 32 × 32 cells that hold edge pixels (0 < α < 255), reading the output's alpha;
/// 2. sum the blocks the coarse level needs, box-filter the block grid, and turn the sums into the coarse
///    foreground and background estimates at block centres;
/// 3. for each run of edge cells in a row of cells, compute the coarse level's result per pixel (interpolated
///    estimates and the blur-fusion update), the fine level's exact box means over the run plus its apron,
///    and write the decontaminated colour of the run's edge pixels.
/// Phase 3 reads only the photo and the matte and writes only its own rows of the output, so rows of cells
/// run at once.
@safe struct SparseBlurFusion {
    let width: Int
    let height: Int
    let photo: UnsafeRawPointer
    let photoStride: Int
    let matte: UnsafeRawPointer?
    let matteStride: Int
    let output: UnsafeMutableRawPointer
    let outputStride: Int
    let fineRadius: Int
    let strength: Float
    let grid: CoarseGrid

    static let cell = 32
    /// The most cells refined together (see ``refine(edges:estimates:scheduler:)``).
    static let maximumRun = 8
    static let epsilon: Float = 1e-5

    // MARK: - Phase 1: edge cells

    /// One byte per 32 × 32 cell: 1 when the cell holds a pixel whose alpha is neither 0 nor 255.
    ///
    /// With a matte, this pass also writes the output's pixels (the photo with its alpha multiplied by the
    /// matte, as ``AlphaMatte``), testing each row while it is still in the cache; without one, the output
    /// already holds the photo and is only read.
    func edgeCells(applyingMatte: Bool, scheduler: RowScheduler) -> [UInt8] {
        let cell = Self.cell
        let cellsX = (width + cell - 1) / cell, cellsY = (height + cell - 1) / cell
        var edges = [UInt8](repeating: 0, count: cellsX * cellsY)
        unsafe edges.withUnsafeMutableBufferPointer { flags in
            let flags = unsafe UncheckedSendable(flags)
            scheduler.run(rows: cellsY, bytesPerRow: width * 4 * cell) { band in
                for cy in band {
                    for y in (cy * cell)..<min(height, cy * cell + cell) {
                        // SAFETY: y < height: a row of the photo, the matte and the output (this band's own).
                        let src = unsafe photo + y * photoStride
                        let row = unsafe output + y * outputStride
                        if applyingMatte, let matte = unsafe matte {
                            // SAFETY: as above, for the matte's row.
                            unsafe AlphaMatte.rows(
                                RowJob(
                                    source: src, sourceStride: 0, auxiliary: matte + y * matteStride,
                                    auxiliaryStride: 0, destination: row, destinationStride: 0, width: width,
                                    height: 1), 0..<1)
                        }
                        for cx in 0..<cellsX where unsafe flags.value[cy * cellsX + cx] == 0 {
                            let x0 = cx * cell, x1 = min(width, x0 + cell)
                            // (a + 1) & 0xFE is 0 exactly for a = 0 and a = 255 (9-bit lanes), so OR-ing it
                            // over the cell is a branch-free test for an edge pixel.
                            var any = SIMD8<UInt32>.zero
                            var x = x0
                            while x + 8 <= x1 {
                                // SAFETY: x + 8 ≤ x1 ≤ width pixels of 4 bytes.
                                let v = unsafe row.loadUnaligned(fromByteOffset: x * 4, as: SIMD8<UInt32>.self)
                                any |= ((v &>> 24) &+ 1) & 0xFE
                                x += 8
                            }
                            var tail: UInt32 = 0
                            while x < x1 {
                                // SAFETY: x < width.
                                let a = UInt32(unsafe row.load(fromByteOffset: x * 4 + 3, as: UInt8.self))
                                tail |= (a &+ 1) & 0xFE
                                x += 1
                            }
                            // SAFETY: the cell (cx, cy) belongs to this band's row of cells.
                            if any != .zero || tail != 0 { unsafe flags.value[cy * cellsX + cx] = 1 }
                        }
                    }
                }
            }
        }
        return edges
    }

    // MARK: - Phase 2: the coarse level on the block grid

    /// The coarse estimates at block centres: `(F̂.rgb, 0, B̂.rgb, 0)` in 0…1, for the blocks whose estimates
    /// some edge cell's apron interpolates (others stay zero).
    func coarseEstimates(edges: [UInt8], scheduler: RowScheduler) -> [SIMD8<Float>] {
        let cell = Self.cell, s = grid.block
        let cellsX = (width + cell - 1) / cell, cellsY = (height + cell - 1) / cell
        let bw = grid.columns, bh = grid.rows
        // Blocks whose estimate is interpolated: within the fine radius plus one block of an edge cell.
        var needed = [UInt8](repeating: 0, count: bw * bh)
        for cy in 0..<cellsY {
            for cx in 0..<cellsX where edges[cy * cellsX + cx] != 0 {
                let margin = fineRadius + s
                let bx0 = max(0, cx * cell - margin) / s, bx1 = min(width - 1, cx * cell + cell + margin) / s
                let by0 = max(0, cy * cell - margin) / s, by1 = min(height - 1, cy * cell + cell + margin) / s
                for by in by0...by1 { for bx in bx0...bx1 { needed[by * bw + bx] = 1 } }
            }
        }
        // Blocks whose sums those estimates read: the same, dilated by the box radius.
        let summed = Self.dilated(needed, columns: bw, rows: bh, radius: grid.radius)
        var sums = [BlockSums](repeating: .zero, count: bw * bh)
        unsafe sums.withUnsafeMutableBufferPointer { sums in
            let sums = unsafe UncheckedSendable(sums)
            scheduler.run(rows: bh, bytesPerRow: width * 4 * s) { band in
                for by in band {
                    for y in (by * s)..<min(height, by * s + s) {
                        // SAFETY: y < height; phase 2 only reads the output.
                        let row = unsafe UnsafeRawPointer(output + y * outputStride)
                        for bx in 0..<bw where summed[by * bw + bx] != 0 {
                            let x0 = bx * s, x1 = min(width, bx * s + s)
                            var fa = SIMD4<UInt32>.zero, all = SIMD4<UInt32>.zero
                            var x = x0
                            #if !BACKDROP_NO_SIMD
                                // Eight pixels per step, one channel per vector; per row of a block each lane
                                // sums at most block / 8 products of 65 025, far below 2^32.
                                var sr = SIMD8<UInt32>.zero, sg = sr, sb = sr, sa = sr, sar = sr, sag = sr, sab = sr
                                while x + 8 <= x1 {
                                    // SAFETY: x + 8 ≤ x1 ≤ width: 32 bytes inside the row.
                                    let v = unsafe row.loadUnaligned(fromByteOffset: x * 4, as: SIMD8<UInt32>.self)
                                    let r = v & 0xFF, g = (v &>> 8) & 0xFF, b = (v &>> 16) & 0xFF, a = v &>> 24
                                    sr &+= r
                                    sg &+= g
                                    sb &+= b
                                    sa &+= a
                                    sar &+= r &* a
                                    sag &+= g &* a
                                    sab &+= b &* a
                                    x += 8
                                }
                                fa = SIMD4(sar.wrappedSum(), sag.wrappedSum(), sab.wrappedSum(), sa.wrappedSum())
                                all = SIMD4(sr.wrappedSum(), sg.wrappedSum(), sb.wrappedSum(), UInt32(x - x0))
                            #endif
                            // Per row of a block: Σ α·c ≤ block · 65025 < 2^32 for blocks up to 66 000 pixels.
                            while x < x1 {
                                // SAFETY: x < width.
                                var p = unsafe Self.widened(row + x * 4)
                                let a = p.w
                                p.w = 1
                                fa &+= p &* a
                                all &+= p
                                x += 1
                            }
                            // SAFETY: block (bx, by) belongs to this band's row of blocks.
                            unsafe sums.value[by * bw + bx].fa += SIMD4<Double>(fa)
                            unsafe sums.value[by * bw + bx].all += SIMD4<Double>(all)
                        }
                    }
                }
            }
        }
        return Self.estimates(sums, summed: summed, needed: needed, columns: bw, rows: bh, radius: grid.radius)
    }

    /// A mask dilated by `radius` cells in both directions (Chebyshev distance).
    static func dilated(_ mask: [UInt8], columns: Int, rows: Int, radius: Int) -> [UInt8] {
        var horizontal = [UInt8](repeating: 0, count: mask.count)
        for y in 0..<rows {
            var last = Int.min / 2  // the last set column seen
            var nextSet = [Int](repeating: Int.max / 2, count: columns)
            var next = Int.max / 2
            for x in stride(from: columns - 1, through: 0, by: -1) {
                if mask[y * columns + x] != 0 { next = x }
                nextSet[x] = next
            }
            for x in 0..<columns {
                if mask[y * columns + x] != 0 { last = x }
                if x - last <= radius || nextSet[x] - x <= radius { horizontal[y * columns + x] = 1 }
            }
        }
        var result = [UInt8](repeating: 0, count: mask.count)
        for x in 0..<columns {
            var last = Int.min / 2
            var nextSet = [Int](repeating: Int.max / 2, count: rows)
            var next = Int.max / 2
            for y in stride(from: rows - 1, through: 0, by: -1) {
                if horizontal[y * columns + x] != 0 { next = y }
                nextSet[y] = next
            }
            for y in 0..<rows {
                if horizontal[y * columns + x] != 0 { last = y }
                if y - last <= radius || nextSet[y] - y <= radius { result[y * columns + x] = 1 }
            }
        }
        return result
    }

    /// The coarse estimates `(F̂.rgb, 0, B̂.rgb, 0)` (0…1) at the blocks marked in `needed`, from sums over
    /// `(2·radius + 1)²` blocks clipped to the grid; other blocks stay zero. Rows without a summed block and
    /// columns without a needed one are skipped.
    static func estimates(
        _ sums: [BlockSums], summed: [UInt8], needed: [UInt8], columns: Int, rows: Int, radius r: Int
    ) -> [SIMD8<Float>] {
        var horizontal = [BlockSums](repeating: .zero, count: sums.count)
        var estimates = [SIMD8<Float>](repeating: .zero, count: sums.count)
        let e = Double(Self.epsilon)
        unsafe sums.withUnsafeBufferPointer { sums in
            unsafe horizontal.withUnsafeMutableBufferPointer { horizontal in
                for y in 0..<rows where summed[(y * columns)..<(y * columns + columns)].contains(1) {
                    let row = y * columns
                    var run = BlockSums.zero
                    // SAFETY (this loop): every index is row + x with 0 ≤ x < columns.
                    for x in 0..<min(columns, r + 1) { unsafe run.add(sums[row + x]) }
                    for x in 0..<columns {
                        unsafe horizontal[row + x] = run
                        if x + r + 1 < columns { unsafe run.add(sums[row + x + r + 1]) }
                        if x - r >= 0 { unsafe run.subtract(sums[row + x - r]) }
                    }
                }
                let neededColumns = (0..<columns).filter { x in (0..<rows).contains { needed[$0 * columns + x] != 0 } }
                unsafe estimates.withUnsafeMutableBufferPointer { estimates in
                    for x in neededColumns {
                        var run = BlockSums.zero
                        // SAFETY (this loop): every index is y * columns + x with 0 ≤ y < rows.
                        for y in 0..<min(rows, r + 1) { unsafe run.add(horizontal[y * columns + x]) }
                        for y in 0..<rows {
                            if needed[y * columns + x] != 0 {
                                // In 0…1 units: Σα·I = fa.rgb / 65025, Σα = fa.w / 255, ΣI = all.rgb / 255.
                                let n = run.all.w
                                let sumA = run.fa.w / 255
                                let sumAI = SIMD3(run.fa.x, run.fa.y, run.fa.z) / 65025
                                let sumI = SIMD3(run.all.x, run.all.y, run.all.z) / 255
                                let f = sumAI / (sumA + e * n)
                                let b = (sumI - sumAI) / ((n - sumA) + e * n)
                                unsafe estimates[y * columns + x] = SIMD8(
                                    Float(f.x), Float(f.y), Float(f.z), 0, Float(b.x), Float(b.y), Float(b.z), 0)
                            }
                            if y + r + 1 < rows { unsafe run.add(horizontal[(y + r + 1) * columns + x]) }
                            if y - r >= 0 { unsafe run.subtract(horizontal[(y - r) * columns + x]) }
                        }
                    }
                }
            }
        }
        return estimates
    }

    /// Four bytes widened to 32-bit lanes (lane loads become one `vpmovzxbd`).
    @inline(__always)
    static func widened(_ pointer: UnsafeRawPointer) -> SIMD4<UInt32> {
        // SAFETY: the caller guarantees four readable bytes.
        unsafe SIMD4(
            UInt32(pointer.load(fromByteOffset: 0, as: UInt8.self)),
            UInt32(pointer.load(fromByteOffset: 1, as: UInt8.self)),
            UInt32(pointer.load(fromByteOffset: 2, as: UInt8.self)),
            UInt32(pointer.load(fromByteOffset: 3, as: UInt8.self)))
    }

    // MARK: - Phase 3: the fine level around edge cells

    /// Decontaminates every edge pixel, a row of cells per band.
    func refine(edges: [UInt8], estimates: [SIMD8<Float>], scheduler: RowScheduler) {
        let cell = Self.cell, r = fineRadius
        let cellsX = (width + cell - 1) / cell, cellsY = (height + cell - 1) / cell
        let apronWidth = width + 2 * r, apronHeight = cell + 2 * r
        unsafe estimates.withUnsafeBufferPointer { estimates in
            let estimates = unsafe UncheckedSendable(estimates)
            scheduler.run(rows: cellsY, bytesPerRow: width * 4 * cell) { band in
                // Working rows for one run of cells, allocated once per band (not per pixel or row).
                let products = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: apronWidth * apronHeight)
                let horizontal = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: width * apronHeight)
                let column = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: width)
                let coarseRow = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: grid.columns)
                let columnBlock = UnsafeMutablePointer<Int32>.allocate(capacity: width)
                let columnWeight = UnsafeMutablePointer<Float>.allocate(capacity: width)
                defer {
                    unsafe columnBlock.deallocate()
                    unsafe columnWeight.deallocate()
                    // SAFETY: allocated above, freed once.
                    unsafe products.deallocate()
                    unsafe horizontal.deallocate()
                    unsafe column.deallocate()
                    unsafe coarseRow.deallocate()
                }
                let scratch = unsafe Scratch(
                    products: products, horizontal: horizontal, column: column, coarseRow: coarseRow,
                    columnBlock: columnBlock, columnWeight: columnWeight)
                for cy in band {
                    var cx = 0
                    while cx < cellsX {
                        guard edges[cy * cellsX + cx] != 0 else {
                            cx += 1
                            continue
                        }
                        // Runs of at most 8 cells (256 columns), so the working rows of a run (about 44 rows of
                        // 280 products, 32 bytes each) stay in the L2 cache between the passes.
                        var end = cx + 1
                        while end < cellsX && end - cx < Self.maximumRun && edges[cy * cellsX + end] != 0 { end += 1 }
                        unsafe refineRun(
                            x0: cx * cell, x1: min(width, end * cell), y0: cy * cell,
                            y1: min(height, cy * cell + cell), estimates: estimates.value, scratch: scratch)
                        cx = end
                    }
                }
            }
        }
    }

    /// Working memory of one band.
    @safe struct Scratch {
        let products: UnsafeMutablePointer<SIMD8<Float>>
        let horizontal: UnsafeMutablePointer<SIMD8<Float>>
        let column: UnsafeMutablePointer<SIMD8<Float>>
        let coarseRow: UnsafeMutablePointer<SIMD8<Float>>
        let columnBlock: UnsafeMutablePointer<Int32>
        let columnWeight: UnsafeMutablePointer<Float>
    }

    /// The photo's colour (0…1) and the effective alpha (0…255) at (x, y), as ``AlphaMatte`` computes it.
    @inline(__always)
    func pixel(_ x: Int, _ y: Int) -> (color: SIMD4<Float>, alpha: UInt8) {
        // SAFETY: callers pass x < width, y < height.
        let p = unsafe photo.loadUnaligned(fromByteOffset: y * photoStride + x * 4, as: SIMD4<UInt8>.self)
        var a = p.w
        if let matte = unsafe matte {
            // SAFETY: as above, for the matte's row.
            a = multiplyRounded(a, unsafe matte.load(fromByteOffset: y * matteStride + x, as: UInt8.self))
        }
        return (SIMD4<Float>(Float(p.x), Float(p.y), Float(p.z), 0) * (1 / 255), a)
    }

    /// The blur-fusion update `clamp(F̂ + α·(I − α·F̂ − (1 − α)·B̂), 0, 1)`.
    @inline(__always)
    static func updated(_ color: SIMD4<Float>, alpha a: Float, f: SIMD4<Float>, b: SIMD4<Float>) -> SIMD4<Float> {
        let residual = color - a * f - (1 - a) * b
        let next = f + a * residual
        // Lane-wise selects rather than `clamp`, which stayed an out-of-line generic call here.
        return next.replacing(with: 0, where: next .< 0).replacing(with: 1, where: next .> 1)
    }

    /// `round(255 · v)` per lane, clamped to a byte: the float-to-integer bias trick (adding 1.5 · 2^23 leaves
    /// the rounded value in the low mantissa bits), which avoids the stdlib's out-of-line vector conversion.
    @inline(__always)
    static func bytes(_ v: SIMD4<Float>, alpha: UInt8) -> SIMD4<UInt8> {
        let biased = v * 255 + 12_582_912
        let rounded = (unsafe unsafeBitCast(biased, to: SIMD4<Int32>.self) &- 0x4B40_0000).clamped(
            lowerBound: .zero, upperBound: SIMD4(repeating: 255))
        return SIMD4(
            UInt8(truncatingIfNeeded: rounded.x), UInt8(truncatingIfNeeded: rounded.y),
            UInt8(truncatingIfNeeded: rounded.z), alpha)
    }

    /// One run of edge cells: columns `x0..<x1`, rows `y0..<y1`.
    func refineRun(
        x0: Int, x1: Int, y0: Int, y1: Int, estimates: UnsafeBufferPointer<SIMD8<Float>>, scratch: Scratch
    ) {
        let r = fineRadius, s = grid.block
        let ax0 = max(0, x0 - r), ax1 = min(width, x1 + r)
        let ay0 = max(0, y0 - r), ay1 = min(height, y1 + r)
        let aw = ax1 - ax0, runWidth = x1 - x0
        let invBlock = 1 / Float(s)
        let lastColumn = Float(grid.columns - 1), lastRow = Float(grid.rows - 1)
        // The block columns whose estimates this run interpolates.
        let bx0 = max(0, Int(((Float(ax0) + 0.5) * invBlock - 0.5).rounded(.down)))
        let bx1 = min(grid.columns - 1, Int(((Float(ax1 - 1) + 0.5) * invBlock - 0.5).rounded(.down)) + 1)

        // Where each column of the apron falls between block centres: the left block and the weight of the next.
        for x in ax0..<ax1 {
            let gx = min(lastColumn, max(0, (Float(x) + 0.5) * invBlock - 0.5))
            // SAFETY: x − ax0 < aw ≤ width: inside the column tables.
            unsafe scratch.columnBlock[x - ax0] = Int32(gx)
            unsafe scratch.columnWeight[x - ax0] = gx - Float(Int(gx))
        }
        let lastBlock = grid.columns - 1
        // Products (F₁·α, α, B₁·(1 − α), 1 − α) over the run and its apron, from the coarse level's result.
        for y in ay0..<ay1 {
            let gy = min(lastRow, max(0, (Float(y) + 0.5) * invBlock - 0.5))
            let j0 = Int(gy), j1 = min(grid.rows - 1, Int(gy) + 1)
            let fy = gy - Float(j0)
            for i in bx0...bx1 {
                // SAFETY: i < columns and j0, j1 < rows: inside the estimate grid and the coarse row.
                unsafe scratch.coarseRow[i] =
                    estimates[j0 * grid.columns + i] + fy
                    * (estimates[j1 * grid.columns + i] - estimates[j0 * grid.columns + i])
            }
            // SAFETY: row y − ay0 < apronHeight of the products.
            let out = unsafe scratch.products + (y - ay0) * aw
            for x in ax0..<ax1 {
                let (color, alpha) = pixel(x, y)
                let value: SIMD8<Float>
                if alpha == 255 {
                    // F₁ = clamp(I) = I and (1 − α) = 0: the coarse estimate is not needed.
                    value = SIMD8(color.x, color.y, color.z, 1, 0, 0, 0, 0)
                } else {
                    // SAFETY: x − ax0 < aw; bx0 ≤ i0 ≤ i1 ≤ bx1 by the choice of bx0 and bx1.
                    let i0 = Int(unsafe scratch.columnBlock[x - ax0]), i1 = min(lastBlock, i0 + 1)
                    let w = unsafe scratch.columnWeight[x - ax0]
                    let c = unsafe scratch.coarseRow[i0] + w * (scratch.coarseRow[i1] - scratch.coarseRow[i0])
                    let b = c.highHalf
                    if alpha == 0 {
                        value = SIMD8(0, 0, 0, 0, b.x, b.y, b.z, 1)
                    } else {
                        let a = Float(alpha) * (1 / 255)
                        let f = Self.updated(color, alpha: a, f: c.lowHalf, b: b)
                        value = SIMD8(f.x * a, f.y * a, f.z * a, a, b.x * (1 - a), b.y * (1 - a), b.z * (1 - a), 1 - a)
                    }
                }
                // SAFETY: x − ax0 < aw.
                unsafe out[x - ax0] = value
            }
        }

        // Horizontal box sums of radius r at columns x0..<x1 (windows clipped to the image, which lies inside
        // the apron).
        for row in 0..<(ay1 - ay0) {
            // SAFETY: rows of the products and of the horizontal sums inside their allocations.
            let src = unsafe scratch.products + row * aw
            let dst = unsafe scratch.horizontal + row * runWidth
            var sum = SIMD8<Float>.zero
            for x in max(0, x0 - r)...min(width - 1, x0 + r) {
                // SAFETY: ax0 ≤ x < ax1.
                sum += unsafe src[x - ax0]
            }
            for x in x0..<x1 {
                // SAFETY: x − x0 < runWidth; the added and removed columns are checked against the image.
                unsafe dst[x - x0] = sum
                guard x + 1 < x1 else { break }
                if x + r + 1 < width { sum += unsafe src[x + r + 1 - ax0] }
                if x - r >= 0 { sum -= unsafe src[x - r - ax0] }
            }
        }

        // Vertical box sums at rows y0..<y1, then the fine update at edge pixels.
        let column = unsafe scratch.column
        for x in 0..<runWidth { unsafe column[x] = .zero }
        for y in max(0, y0 - r)...min(height - 1, y0 + r) {
            // SAFETY: ay0 ≤ y < ay1.
            let src = unsafe scratch.horizontal + (y - ay0) * runWidth
            for x in 0..<runWidth { unsafe column[x] += src[x] }
        }
        let e = Self.epsilon
        for y in y0..<y1 {
            let ny = Float(min(height - 1, y + r) - max(0, y - r) + 1)
            // SAFETY: y < height: this band's own row of the output.
            let dst = unsafe output + y * outputStride
            for x in x0..<x1 {
                let (color, alpha) = pixel(x, y)
                guard alpha != 0, alpha != 255 else { continue }
                let n = Float(min(width - 1, x + r) - max(0, x - r) + 1) * ny
                // SAFETY: x − x0 < runWidth.
                let sums = unsafe column[x - x0]
                let fs = sums.lowHalf, bs = sums.highHalf
                let f = fs / (fs.w + e * n), b = bs / (bs.w + e * n)
                let a = Float(alpha) * (1 / 255)
                let estimate = Self.updated(color, alpha: a, f: f, b: b)
                let bytes = Self.bytes(color + strength * (estimate - color), alpha: alpha)
                // SAFETY: x < width in this band's row.
                unsafe dst.storeBytes(of: bytes, toByteOffset: x * 4, as: SIMD4<UInt8>.self)
            }
            // Slide the vertical window down one row.
            guard y + 1 < y1 else { break }
            if y + r + 1 < height {
                // SAFETY: row y + r + 1 < ay1.
                let add = unsafe scratch.horizontal + (y + r + 1 - ay0) * runWidth
                for x in 0..<runWidth { unsafe column[x] += add[x] }
            }
            if y - r >= 0 {
                // SAFETY: row y − r ≥ ay0.
                let remove = unsafe scratch.horizontal + (y - r - ay0) * runWidth
                for x in 0..<runWidth { unsafe column[x] -= remove[x] }
            }
        }
    }
}
