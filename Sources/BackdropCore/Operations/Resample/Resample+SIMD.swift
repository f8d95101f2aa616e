// Resampling passes: the driver that orders and schedules the separable passes, and their SIMD row kernels.
// SPDX-License-Identifier: Apache-2.0

extension Resample {
    // MARK: - Driver

    /// Relative cost of one horizontal tap against one vertical tap (per target byte). The vertical kernel
    /// streams whole rows through wide vectors; the horizontal one gathers each window.
    static let horizontalTapCost = 2

    /// Resizes `source` (whose pixel (0, 0) is axis index `origin`) into `output` with the axis tables.
    ///
    /// Skips a pass whose axis is the identity, and otherwise runs the cheaper of horizontal-first and
    /// vertical-first, each pass split into row bands by `scheduler`. Allocates the intermediate plane (and, for
    /// Gray8, a padded weight table) before any kernel runs.
    static func run<In: PixelFormat, Out: PixelFormat>(
        _ source: PixelView<In>, origin: (x: Int, y: Int), into output: inout PixelBuffer<Out>,
        x: ResampleAxis, y: ResampleAxis, channels c: Int, clampToAlpha: Bool, premultiplySource: Bool = false,
        at destination: (x: Int, y: Int) = (0, 0), scheduler: RowScheduler
    ) throws {
        precondition(In.channelCount == c && Out.channelCount == c)
        precondition(
            destination.x >= 0 && destination.y >= 0 && destination.x + x.targetSize <= output.width
                && destination.y + y.targetSize <= output.height)
        let outW = x.targetSize, outH = y.targetSize
        let srcStride = source.rowStride, dstStride = output.rowStride
        let srcWidth = source.width, srcHeight = source.height
        // The intermediate plane, allocated (and its size checked) before any pointer is lent.
        let tapsH = x.identityOffset == nil ? x.taps : 0
        let tapsV = y.identityOffset == nil ? y.taps : 0
        let horizontalFirst: Bool
        var intermediate: PixelBuffer<Gray8>? = nil
        if tapsH > 0 && tapsV > 0 {
            let hFirst =
                outW * (y.endSource - y.firstSource) * tapsH * horizontalTapCost + outW * outH * tapsV
            let vFirst =
                (x.endSource - x.firstSource) * outH * tapsV + outW * outH * tapsH * horizontalTapCost
            // Filters with negative lobes ring, and the 8-bit intermediate clips the ringing to 0…255: then the
            // order changes the picture (by up to 26 levels on 1-pixel stripes). Those go horizontal first, as
            // Pillow does, so results stay comparable; the others take the cheaper order.
            horizontalFirst = x.rings || y.rings || hFirst <= vFirst
            intermediate =
                horizontalFirst
                ? try PixelBuffer<Gray8>(uninitializedWidth: outW * c, height: y.endSource - y.firstSource)
                : try PixelBuffer<Gray8>(uninitializedWidth: (x.endSource - x.firstSource) * c, height: outH)
        } else {
            horizontalFirst = true
        }
        let tmpStride = intermediate?.rowStride ?? 0
        // Straight RGBA8 source: the horizontal pass premultiplies each source row into a scratch row of its band
        // just before filtering it (no premultiplied copy of the source). When the vertical pass reads the source
        // instead, premultiply the region the windows read first.
        let horizontalReadsSource = tapsH > 0 && (tapsV == 0 || horizontalFirst)
        if premultiplySource && !horizontalReadsSource {
            let region = PixelRect(
                x: x.firstSource - origin.x, y: y.firstSource - origin.y, width: x.endSource - x.firstSource,
                height: y.endSource - y.firstSource)
            let straight = PixelView<RGBA8>(
                storage: source.storage, offset: source.offset, width: source.width, height: source.height,
                rowStride: source.rowStride)
            let premultiplied = Self.premultiplied(straight.view(of: region), scheduler: scheduler)
            try run(
                premultiplied.view, origin: (origin.x + region.x, origin.y + region.y), into: &output, x: x, y: y,
                channels: c, clampToAlpha: clampToAlpha, at: destination, scheduler: scheduler)
            return
        }
        let hRows = tapsV == 0 ? outH : y.endSource - y.firstSource
        let scratchBands = premultiplySource ? scheduler.bands(rows: hRows, bytesPerRow: outW * c * x.taps) : []
        var scratch = try PixelBuffer<Gray8>(
            uninitializedWidth: premultiplySource ? (x.endSource - x.firstSource) * 4 : 1,
            height: max(1, scratchBands.count))
        let scratchStride = scratch.rowStride
        // Gray8 rows are dot products of whole vectors: the horizontal weights padded to 8 taps per vector.
        let (padded, paddedTaps) = c == 1 && x.identityOffset == nil ? x.paddedWeights() : ([], 0)
        let (paired, pairs) = c == 4 && x.identityOffset == nil ? x.pairWeights() : ([], 0)
        unsafe scratch.withUnsafeMutableBytes { scratchBytes in
            unsafe paired.withUnsafeBufferPointer { pairWeights in
                unsafe padded.withUnsafeBufferPointer { paddedWeights in
                    unsafe x.starts.withUnsafeBufferPointer { xStarts in
                        unsafe x.weights.withUnsafeBufferPointer { xWeights in
                            unsafe y.starts.withUnsafeBufferPointer { yStarts in
                                unsafe y.weights.withUnsafeBufferPointer { yWeights in
                                    unsafe source.withUnsafeBaseAddress { src in
                                        unsafe output.withUnsafeMutableBytes { dstBytes in
                                            // SAFETY: the target rectangle at destination lies inside the output
                                            // (precondition above).
                                            let dst =
                                                unsafe dstBytes.baseAddress! + destination.y * dstStride
                                                + destination.x * c
                                            // SAFETY (all passes below): window starts are inside the source axis
                                            // (ResampleAxis), and the views cover the region those windows read, which
                                            // begins at axis index origin; every pointer offset is a whole row or pixel of
                                            // a plane that stays alive for this call.
                                            func horizontal(
                                                _ from: UnsafeRawPointer, _ fromStride: Int, extent: Int, shift: Int,
                                                _ to: UnsafeMutableRawPointer, _ toStride: Int, rows: Int, clamp: Bool,
                                                readsSource: Bool
                                            ) {
                                                var pass = unsafe ResamplePass(
                                                    source: from, sourceStride: fromStride, sourceExtent: extent,
                                                    destination: to, destinationStride: toStride,
                                                    starts: xStarts.baseAddress!,
                                                    weights: xWeights.baseAddress!, taps: x.taps, shift: shift,
                                                    targetCount: outW, channels: c)
                                                unsafe pass.paddedWeights = paddedWeights.baseAddress
                                                pass.paddedTaps = paddedTaps
                                                unsafe pass.pairWeights = pairWeights.baseAddress
                                                pass.pairs = pairs
                                                let premultiply = premultiplySource && readsSource
                                                scheduler.run(rows: rows, bytesPerRow: outW * c * x.taps) { band in
                                                    guard premultiply else {
                                                        return horizontalRows(pass, band, clampToAlpha: clamp)
                                                    }
                                                    // The bands are the ones computed above: distinct lower bounds.
                                                    let index =
                                                        scratchBands.firstIndex { $0.lowerBound == band.lowerBound }
                                                        ?? 0
                                                    unsafe horizontalRowsPremultiplying(
                                                        pass, band, first: x.firstSource, end: x.endSource,
                                                        scratch: scratchBytes.baseAddress! + index * scratchStride,
                                                        clampToAlpha: clamp)
                                                }
                                            }
                                            func vertical(
                                                _ from: UnsafeRawPointer, _ fromStride: Int, extent: Int, shift: Int,
                                                _ to: UnsafeMutableRawPointer, _ toStride: Int, bytesPerRow: Int,
                                                clamp: Bool
                                            ) {
                                                let pass = unsafe ResamplePass(
                                                    source: from, sourceStride: fromStride, sourceExtent: extent,
                                                    destination: to, destinationStride: toStride,
                                                    starts: yStarts.baseAddress!,
                                                    weights: yWeights.baseAddress!, taps: y.taps, shift: shift,
                                                    targetCount: bytesPerRow, channels: c)
                                                scheduler.run(rows: outH, bytesPerRow: bytesPerRow * y.taps) { band in
                                                    verticalRows(pass, band, clampToAlpha: clamp)
                                                }
                                            }
                                            switch (x.identityOffset, y.identityOffset) {
                                            case (let ox?, let oy?):
                                                let rowBytes = outW * c
                                                let first =
                                                    unsafe src + (oy - origin.y) * srcStride + (ox - origin.x) * c
                                                scheduler.run(rows: outH, bytesPerRow: rowBytes) { band in
                                                    for r in band {
                                                        unsafe (dst + r * dstStride).copyMemory(
                                                            from: first + r * srcStride, byteCount: rowBytes)
                                                    }
                                                }
                                            case (let ox?, nil):
                                                unsafe vertical(
                                                    src + (ox - origin.x) * c, srcStride, extent: srcHeight,
                                                    shift: origin.y,
                                                    dst, dstStride, bytesPerRow: outW * c, clamp: clampToAlpha)
                                            case (nil, let oy?):
                                                unsafe horizontal(
                                                    src + (oy - origin.y) * srcStride, srcStride, extent: srcWidth,
                                                    shift: origin.x, dst, dstStride, rows: outH, clamp: clampToAlpha,
                                                    readsSource: true)
                                            case (nil, nil):
                                                unsafe intermediate!.withUnsafeMutableBytes { tmpBytes in
                                                    let tmp = tmpBytes.baseAddress!
                                                    if horizontalFirst {
                                                        let rows = y.endSource - y.firstSource
                                                        unsafe horizontal(
                                                            src + (y.firstSource - origin.y) * srcStride, srcStride,
                                                            extent: srcWidth, shift: origin.x, tmp, tmpStride,
                                                            rows: rows, clamp: false, readsSource: true)
                                                        unsafe vertical(
                                                            tmp, tmpStride, extent: rows, shift: y.firstSource, dst,
                                                            dstStride,
                                                            bytesPerRow: outW * c, clamp: clampToAlpha)
                                                    } else {
                                                        let cols = x.endSource - x.firstSource
                                                        unsafe vertical(
                                                            src + (x.firstSource - origin.x) * c, srcStride,
                                                            extent: srcHeight,
                                                            shift: origin.y, tmp, tmpStride, bytesPerRow: cols * c,
                                                            clamp: false
                                                        )
                                                        unsafe horizontal(
                                                            tmp, tmpStride, extent: cols, shift: x.firstSource, dst,
                                                            dstStride,
                                                            rows: outH, clamp: clampToAlpha, readsSource: false)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Premultiplies a straight-alpha view into a new buffer.
    static func premultiplied(_ view: PixelView<RGBA8>, scheduler: RowScheduler) -> PixelBuffer<PremultipliedRGBA8> {
        guard var out = try? PixelBuffer<PremultipliedRGBA8>(uninitializedWidth: view.width, height: view.height)
        else { preconditionFailure("a view's size is always allocatable") }
        let outStride = out.rowStride
        unsafe view.withUnsafeBaseAddress { src in
            unsafe out.withUnsafeMutableBytes { dst in
                // SAFETY: both planes hold view.height rows of view.width pixels at their strides.
                let job = unsafe RowJob(
                    source: src, sourceStride: view.rowStride, auxiliary: nil, auxiliaryStride: 0,
                    destination: dst.baseAddress!, destinationStride: outStride, width: view.width,
                    height: view.height)
                scheduler.run(rows: view.height, bytesPerRow: view.width * 4) { band in
                    Premultiply.rows(job, band)
                }
            }
        }
        return out
    }

    // MARK: - Row kernels

    /// Horizontal pass over source rows `rows` (same rows of the destination).
    static func horizontalRows(_ pass: ResamplePass, _ rows: Range<Int>, clampToAlpha: Bool) {
        for y in rows {
            var x = 0
            #if !BACKDROP_NO_SIMD
                if unsafe pass.channels == 4 && pass.pairWeights != nil {
                    x = horizontalRGBAPairs(pass, row: y)
                } else if pass.channels == 4 {
                    x = horizontalRGBA(pass, row: y)
                } else if pass.taps <= 3 {
                    x = horizontalGrayFewTaps(pass, row: y)
                } else if unsafe pass.paddedWeights != nil {
                    x = horizontalGray(pass, row: y)
                }
            #endif
            referenceHorizontal(pass, row: y, from: x, to: pass.targetCount)
            if clampToAlpha {
                // SAFETY: row y of the destination holds targetCount RGBA pixels.
                unsafe clampRowToAlpha(pass.destination + y &* pass.destinationStride, count: pass.targetCount)
            }
        }
    }

    /// Horizontal pass over straight-alpha source rows: each row's columns `first..<end` (axis indices) are
    /// premultiplied into `scratch` (at least `(end − first) × 4` bytes, this band's alone) and filtered from there.
    static func horizontalRowsPremultiplying(
        _ pass: ResamplePass, _ rows: Range<Int>, first: Int, end: Int, scratch: UnsafeMutableRawPointer,
        clampToAlpha: Bool
    ) {
        var rowPass = pass
        rowPass.sourceStride = 0
        rowPass.sourceExtent = end &- first
        rowPass.shift = first
        unsafe rowPass.source = UnsafeRawPointer(scratch)
        for y in rows {
            // SAFETY: row y of the source holds the columns first − shift ..< end − shift (the windows lie inside
            // the source view); scratch holds end − first pixels.
            let job = unsafe RowJob(
                source: pass.source + y &* pass.sourceStride + (first &- pass.shift) &* 4, sourceStride: 0,
                auxiliary: nil, auxiliaryStride: 0, destination: scratch, destinationStride: 0,
                width: end &- first, height: 1)
            Premultiply.rows(job, 0..<1)
            // With a zero source stride every row index reads the scratch row; the destination row is still y.
            horizontalRows(rowPass, y..<(y &+ 1), clampToAlpha: clampToAlpha)
        }
    }

    /// Vertical pass over destination rows `rows`.
    static func verticalRows(_ pass: ResamplePass, _ rows: Range<Int>, clampToAlpha: Bool) {
        for r in rows {
            var j = 0
            #if !BACKDROP_NO_SIMD
                j = verticalSIMD(pass, row: r)
            #endif
            referenceVertical(pass, row: r, from: j, to: pass.targetCount)
            if clampToAlpha {
                // SAFETY: row r of the destination holds targetCount / 4 RGBA pixels.
                unsafe clampRowToAlpha(pass.destination + r &* pass.destinationStride, count: pass.targetCount / 4)
            }
        }
    }

    /// `c = min(c, a)` over `count` premultiplied pixels.
    static func clampRowToAlpha(_ row: UnsafeMutableRawPointer, count: Int) {
        var x = 0
        #if !BACKDROP_NO_SIMD
            while x &+ 8 <= count {
                // SAFETY: x + 8 ≤ count: 32 bytes inside the row.
                let p = unsafe row.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                let a = p &>> 24
                let r = (p & 0xFF).replacing(with: a, where: (p & 0xFF) .> a)
                let g = ((p &>> 8) & 0xFF).replacing(with: a, where: ((p &>> 8) & 0xFF) .> a)
                let b = ((p &>> 16) & 0xFF).replacing(with: a, where: ((p &>> 16) & 0xFF) .> a)
                unsafe row.storeBytes(
                    of: r | (g &<< 8) | (b &<< 16) | (a &<< 24), toByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                x &+= 8
            }
        #endif
        unsafe referenceClampToAlpha(row, from: x, to: count)
    }

    /// Eight bytes at `p` widened to Int32 lanes (lane loads become one `vpmovzxbd`).
    @inline(__always)
    static func widen8(_ p: UnsafeRawPointer) -> SIMD8<Int32> {
        var v = SIMD8<Int32>()
        for i in 0..<8 {
            // SAFETY: the caller guarantees 8 readable bytes at p.
            v[i] = Int32(unsafe p.load(fromByteOffset: i, as: UInt8.self))
        }
        return v
    }

    /// Four bytes at `a` and four at `b` widened to Int32 lanes 0–3 and 4–7.
    @inline(__always)
    static func widen4x2(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> SIMD8<Int32> {
        var v = SIMD8<Int32>()
        for i in 0..<4 {
            // SAFETY: the caller guarantees 4 readable bytes at a and at b.
            v[i] = Int32(unsafe a.load(fromByteOffset: i, as: UInt8.self))
            v[i &+ 4] = Int32(unsafe b.load(fromByteOffset: i, as: UInt8.self))
        }
        return v
    }

    /// Rounds eight fixed-point sums to bytes and stores them at `p`.
    @inline(__always)
    static func storeRounded(_ sum: SIMD8<Int32>, to p: UnsafeMutableRawPointer) {
        let v = ((sum &+ Int32(ResampleAxis.one >> 1)) &>> 14).clamped(
            lowerBound: .zero, upperBound: .init(repeating: 255))
        var bytes = SIMD8<UInt8>()
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: v[i]) }
        // SAFETY: the caller guarantees 8 writable bytes at p.
        unsafe p.storeBytes(of: bytes, toByteOffset: 0, as: SIMD8<UInt8>.self)
    }

    /// Two RGBA target pixels per `SIMD8<Int32>` (lanes 0–3 and 4–7), one multiply-add per tap; returns the
    /// first target pixel it did not write (an odd last one is left to the reference).
    static func horizontalRGBA(_ pass: ResamplePass, row y: Int) -> Int {
        // SAFETY: y is a row of both planes (the caller's band).
        let src = unsafe pass.source + y &* pass.sourceStride
        let dst = unsafe pass.destination + y &* pass.destinationStride
        let taps = pass.taps
        var i = 0
        while i &+ 2 <= pass.targetCount {
            // SAFETY: both windows lie inside the row (start + taps ≤ sourceExtent), 4 bytes per pixel.
            let a = unsafe src + pass.start(i) &* 4
            let b = unsafe src + pass.start(i &+ 1) &* 4
            // SAFETY: i + 1 < targetCount, so both weight rows are inside the table.
            let wa = unsafe pass.weights + i &* taps
            let wb = unsafe wa + taps
            var sum = SIMD8<Int32>()
            for k in 0..<taps {
                // SAFETY: k < taps: inside both weight rows.
                let w = unsafe SIMD8<Int32>(
                    lowHalf: SIMD4(repeating: Int32(wa[k])), highHalf: SIMD4(repeating: Int32(wb[k])))
                // SAFETY: pixel k of each window is inside the row.
                let px = unsafe widen4x2(a + k &* 4, b + k &* 4)
                sum &+= px &* w  // bounded as in referenceHorizontal
            }
            // SAFETY: pixels i and i + 1 are inside the destination row.
            unsafe storeRounded(sum, to: dst + i &* 4)
            i &+= 2
        }
        return i
    }

    /// Eight Int16 weights at `p` widened to Int32 lanes (lane loads become one `vpmovsxwd`).
    @inline(__always)
    static func widen8(int16 p: UnsafeRawPointer) -> SIMD8<Int32> {
        var v = SIMD8<Int32>()
        for i in 0..<8 {
            // SAFETY: the caller guarantees 16 readable bytes at p.
            v[i] = Int32(unsafe p.load(fromByteOffset: i &* 2, as: Int16.self))
        }
        return v
    }

    /// One RGBA target pixel per loop over pairs of taps: two source pixels (8 bytes, one `vpmovzxbd`) times
    /// their weights repeated per channel (one `vpmovsxwd`), accumulated, then the two halves added. Pixels whose
    /// even-padded window would run past the row go to the reference. Returns the first pixel it did not write.
    static func horizontalRGBAPairs(_ pass: ResamplePass, row y: Int) -> Int {
        guard let table = unsafe pass.pairWeights else { return 0 }
        // SAFETY: y is a row of both planes (the caller's band).
        let src = unsafe pass.source + y &* pass.sourceStride
        let dst = unsafe pass.destination + y &* pass.destinationStride
        let pairs = pass.pairs, span = pass.pairs &* 2
        for i in 0..<pass.targetCount {
            let s = pass.start(i)
            guard s &+ span <= pass.sourceExtent else {
                referenceHorizontal(pass, row: y, from: i, to: i &+ 1)
                continue
            }
            // SAFETY: s + span ≤ sourceExtent: every pair of pixels read is inside the row.
            let p = unsafe src + s &* 4
            // SAFETY: i < targetCount: row i of the targetCount × pairs × 8 table.
            let w = unsafe UnsafeRawPointer(table + i &* pairs &* 8)
            var sum = SIMD8<Int32>()
            for q in 0..<pairs {
                // SAFETY: q < pairs: 8 bytes of pixels and 16 bytes of weights inside their rows.
                let px = unsafe widen8(p + q &* 8)
                let wq = unsafe widen8(int16: w + q &* 16)
                sum &+= px &* wq  // bounded as in referenceHorizontal
            }
            let total = (sum.lowHalf &+ sum.highHalf &+ Int32(ResampleAxis.one >> 1)) &>> 14
            let v = total.clamped(lowerBound: .zero, upperBound: SIMD4(repeating: 255))
            var bytes = SIMD4<UInt8>()
            for ch in 0..<4 { bytes[ch] = UInt8(truncatingIfNeeded: v[ch]) }
            // SAFETY: pixel i of the destination row.
            unsafe dst.storeBytes(of: bytes, toByteOffset: i &* 4, as: SIMD4<UInt8>.self)
        }
        return pass.targetCount
    }

    /// One Gray8 target pixel per dot product of whole `SIMD8<Int32>` vectors (window bytes × padded weights,
    /// reduced across lanes). Pixels whose padded window would run past the row go to the reference. Returns
    /// the first target pixel it did not write.
    static func horizontalGray(_ pass: ResamplePass, row y: Int) -> Int {
        guard let table = unsafe pass.paddedWeights else { return 0 }
        // SAFETY: y is a row of both planes (the caller's band).
        let src = unsafe pass.source + y &* pass.sourceStride
        let dst = unsafe pass.destination + y &* pass.destinationStride
        let padded = pass.paddedTaps
        for i in 0..<pass.targetCount {
            let s = pass.start(i)
            guard s &+ padded <= pass.sourceExtent else {
                referenceHorizontal(pass, row: y, from: i, to: i &+ 1)
                continue
            }
            var sum = SIMD8<Int32>()
            // SAFETY: i < targetCount: row i of the targetCount × paddedTaps table.
            let w = unsafe UnsafeRawPointer(table + i &* padded)
            var k = 0
            while k < padded {
                // SAFETY: s + k + 8 ≤ s + paddedTaps ≤ sourceExtent; k + 8 ≤ paddedTaps weights in the row.
                let v = unsafe widen8(src + (s &+ k))
                let wk = unsafe w.loadUnaligned(fromByteOffset: k &* 4, as: SIMD8<Int32>.self)
                sum &+= v &* wk
                k &+= 8
            }
            // SAFETY: pixel i of the destination row.
            unsafe dst.storeBytes(of: resampleRound(sum.wrappedSum()), toByteOffset: i, as: UInt8.self)
        }
        return pass.targetCount
    }

    /// Gray8 with at most three taps (bilinear enlargement, small box reductions): eight target pixels per
    /// `SIMD8<Int32>`, each tap's source bytes and weights gathered lane by lane, instead of one padded dot product
    /// and a horizontal reduction per pixel. Returns the first target pixel it did not write.
    static func horizontalGrayFewTaps(_ pass: ResamplePass, row y: Int) -> Int {
        // SAFETY: y is a row of both planes (the caller's band).
        let src = unsafe pass.source + y &* pass.sourceStride
        let dst = unsafe pass.destination + y &* pass.destinationStride
        let taps = pass.taps
        var i = 0
        while i &+ 8 <= pass.targetCount {
            var sum = SIMD8<Int32>()
            for k in 0..<taps {
                var v = SIMD8<Int32>(), w = SIMD8<Int32>()
                for l in 0..<8 {
                    // SAFETY: i + l < targetCount; the window start(i + l) + k < start + taps ≤ sourceExtent.
                    v[l] = Int32(unsafe src.load(fromByteOffset: pass.start(i &+ l) &+ k, as: UInt8.self))
                    w[l] = pass.weight(i &+ l, k)
                }
                sum &+= v &* w  // |w| < 2^15, v ≤ 255, at most three taps: no overflow
            }
            let rounded = ((sum &+ Int32(ResampleAxis.one >> 1)) &>> 14).clamped(
                lowerBound: .zero, upperBound: SIMD8(repeating: 255))
            // SAFETY: target pixels i ..< i + 8 are inside the destination row.
            unsafe (dst + i).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: rounded), as: SIMD8<UInt8>.self)
            i &+= 8
        }
        return i
    }

    /// Thirty-two (then sixteen) bytes of a destination row per step from the window's source rows; returns the first byte it did
    /// not write.
    static func verticalSIMD(_ pass: ResamplePass, row r: Int) -> Int {
        // SAFETY: the window's rows lie inside the source plane.
        let base = unsafe pass.source + pass.start(r) &* pass.sourceStride
        let dst = unsafe pass.destination + r &* pass.destinationStride
        // SAFETY: r < target rows: the weight row is inside the table.
        let w = unsafe pass.weights + r &* pass.taps
        let stride = pass.sourceStride, taps = pass.taps
        var j = 0
        while j &+ 32 <= pass.targetCount {
            var sum0 = SIMD8<Int32>(), sum1 = SIMD8<Int32>(), sum2 = SIMD8<Int32>(), sum3 = SIMD8<Int32>()
            var p = unsafe base + j
            for k in 0..<taps {
                // SAFETY: k < taps.
                let wk = SIMD8<Int32>(repeating: Int32(unsafe w[k]))
                // SAFETY: row k of the window, bytes j..<j+32 ≤ targetCount ≤ the source's bytes per row.
                sum0 &+= unsafe widen8(p) &* wk
                sum1 &+= unsafe widen8(p + 8) &* wk
                sum2 &+= unsafe widen8(p + 16) &* wk
                sum3 &+= unsafe widen8(p + 24) &* wk
                unsafe p = unsafe p + stride
            }
            // SAFETY: bytes j..<j+32 of the destination row.
            unsafe storeRounded(sum0, to: dst + j)
            unsafe storeRounded(sum1, to: dst + (j &+ 8))
            unsafe storeRounded(sum2, to: dst + (j &+ 16))
            unsafe storeRounded(sum3, to: dst + (j &+ 24))
            j &+= 32
        }
        while j &+ 16 <= pass.targetCount {
            var sum0 = SIMD8<Int32>(), sum1 = SIMD8<Int32>()
            var p = unsafe base + j
            for k in 0..<taps {
                // SAFETY: k < taps.
                let wk = SIMD8<Int32>(repeating: Int32(unsafe w[k]))
                // SAFETY: row k of the window, bytes j..<j+16 ≤ targetCount ≤ the source's bytes per row.
                sum0 &+= unsafe widen8(p) &* wk
                sum1 &+= unsafe widen8(p + 8) &* wk
                unsafe p = unsafe p + stride
            }
            // SAFETY: bytes j..<j+16 of the destination row.
            unsafe storeRounded(sum0, to: dst + j)
            unsafe storeRounded(sum1, to: dst + (j &+ 8))
            j &+= 16
        }
        return j
    }
}
