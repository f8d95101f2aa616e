// RowJob: the pointers and strides a row kernel works on, lent for the duration of one operation.
// SPDX-License-Identifier: Apache-2.0

/// Source, optional auxiliary plane (a matte), and destination of a row kernel.
///
/// Built inside `withUnsafe…` closures by ``runRows(_:into:auxiliary:scheduler:_:)`` and never stored; the
/// scheduler hands each band a disjoint row range, so bands never write the same bytes.
@safe struct RowJob {
    let source: UnsafeRawPointer
    let sourceStride: Int
    let auxiliary: UnsafeRawPointer?
    let auxiliaryStride: Int
    let destination: UnsafeMutableRawPointer
    let destinationStride: Int
    let width: Int
    let height: Int
    /// Whether kernels should write whole vectors with non-temporal stores (large outputs; rows 16-byte aligned).
    var streaming = false

    /// Row `y` of the source. DEBUG builds check the row is inside the image.
    @inline(__always) func sourceRow(_ y: Int) -> UnsafeRawPointer {
        assert(y >= 0 && y < height)
        // SAFETY: y < height and the source holds height rows of sourceStride bytes.
        return unsafe source + y * sourceStride
    }
    @inline(__always) func auxiliaryRow(_ y: Int) -> UnsafeRawPointer? {
        assert(y >= 0 && y < height)
        // SAFETY: as sourceRow, for the auxiliary plane when there is one.
        return unsafe auxiliary.map { unsafe $0 + y * auxiliaryStride }
    }
    @inline(__always) func destinationRow(_ y: Int) -> UnsafeMutableRawPointer {
        assert(y >= 0 && y < height)
        // SAFETY: as sourceRow, for the destination.
        return unsafe destination + y * destinationStride
    }
}

/// Runs `kernel` over every row of `input`, writing `output` (same size), optionally reading `auxiliary`
/// (same size), with the rows split into bands by `scheduler`.
func runRows<In: PixelFormat, Out: PixelFormat, Aux: PixelFormat>(
    _ input: PixelBuffer<In>, into output: inout PixelBuffer<Out>, auxiliary: PixelBuffer<Aux>?,
    scheduler: RowScheduler, _ kernel: (RowJob, Range<Int>) -> Void
) {
    precondition(input.size == output.size && (auxiliary?.size ?? input.size) == input.size)
    let width = input.width, height = input.height
    let bytesPerRow = output.bytesPerRow
    let inputStride = input.rowStride, outputStride = output.rowStride
    unsafe input.withUnsafeBytes { src in
        unsafe withOptionalBytes(auxiliary) { aux, auxStride in
            unsafe output.withUnsafeMutableBytes { dst in
                // SAFETY: all three blocks hold `height` rows of their strides and stay alive for this call.
                let job = unsafe RowJob(
                    source: src.baseAddress!, sourceStride: inputStride,
                    auxiliary: aux, auxiliaryStride: auxStride,
                    destination: dst.baseAddress!, destinationStride: outputStride,
                    width: width, height: height)
                scheduler.run(rows: height, bytesPerRow: bytesPerRow) { band in kernel(job, band) }
            }
        }
    }
}

private func withOptionalBytes<F: PixelFormat, R>(
    _ buffer: PixelBuffer<F>?, _ body: (UnsafeRawPointer?, Int) -> R
) -> R {
    guard let buffer else { return body(nil, 0) }
    // SAFETY: the pointer is used only inside body, while buffer is alive.
    return unsafe buffer.withUnsafeBytes { unsafe body($0.baseAddress, buffer.rowStride) }
}
