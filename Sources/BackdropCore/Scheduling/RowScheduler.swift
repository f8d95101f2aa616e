// RowScheduler: the one place that decides row bands and concurrency for every kernel.
// SPDX-License-Identifier: Apache-2.0

import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits an image's rows into bands and runs a row kernel over them, on several cores when it pays.
///
/// Kernels receive disjoint row ranges, allocate nothing and never spawn work themselves. Small jobs run on
/// the calling thread: below ``minimumBytesPerBand`` per band the overhead of waking threads outweighs the gain.
public struct RowScheduler: Hashable, Sendable {
    /// The most bands run at once. 1 runs everything on the calling thread.
    public var maxConcurrency: Int
    /// Bands smaller than this many bytes of output are not worth a thread. Default 256 KiB.
    public var minimumBytesPerBand: Int

    /// Creates a scheduler using at most `maxConcurrency` threads.
    public init(maxConcurrency: Int = RowScheduler.availableCores, minimumBytesPerBand: Int = 256 << 10) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.minimumBytesPerBand = max(1, minimumBytesPerBand)
    }

    /// Uses every available core (or `BACKDROP_THREADS` when set).
    public static let `default` = RowScheduler()
    /// Runs every kernel on the calling thread.
    public static let serial = RowScheduler(maxConcurrency: 1)

    /// Online processors, overridden by the `BACKDROP_THREADS` environment variable when it holds a positive number.
    public static let availableCores: Int = {
        if let text = unsafe getenv("BACKDROP_THREADS").map({ unsafe String(cString: $0) }), let n = Int(text), n > 0 {
            return n
        }
        #if canImport(Glibc) || canImport(Darwin)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }()

    /// The bands `run` would use for `rows` rows of `bytesPerRow` bytes each.
    public func bands(rows: Int, bytesPerRow: Int) -> [Range<Int>] {
        guard rows > 0 else { return [] }
        let totalBytes = rows.multipliedReportingOverflow(by: max(1, bytesPerRow))
        let byBytes = totalBytes.overflow ? rows : max(1, totalBytes.partialValue / minimumBytesPerBand)
        // Two bands per thread even out uneven cores; never more bands than rows.
        let count = min(rows, byBytes, maxConcurrency == 1 ? 1 : maxConcurrency * 2)
        return (0..<count).map { i in (rows * i / count)..<(rows * (i + 1) / count) }
    }

    /// Runs `kernel` over `0..<rows` in disjoint bands, concurrently when the job is large enough, and
    /// returns when every band is done.
    ///
    /// `kernel` must touch only the rows of the band it is given; that is what makes running bands at once
    /// sound, and why this entry point is internal to the modules that write kernels.
    package func run(rows: Int, bytesPerRow: Int, _ kernel: (Range<Int>) -> Void) {
        let bands = bands(rows: rows, bytesPerRow: bytesPerRow)
        if bands.count <= 1 {
            if let only = bands.first { kernel(only) }
            return
        }
        withoutActuallyEscaping(kernel) { kernel in
            let box = unsafe UncheckedSendable(kernel)
            DispatchQueue.concurrentPerform(iterations: bands.count) { index in
                // SAFETY: bands are disjoint row ranges; each kernel writes only its own rows.
                unsafe box.value(bands[index])
            }
        }
    }
}

/// Carries a non-Sendable value across a concurrency boundary the scheduler has proven safe.
@unsafe struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { unsafe self.value = value }
}
