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
        let count = bandCount(rows: rows, bytesPerRow: bytesPerRow)
        return (0..<count).map { Self.band($0, of: count, rows: rows) }
    }

    /// How many bands `rows` rows of `bytesPerRow` bytes are split into.
    func bandCount(rows: Int, bytesPerRow: Int) -> Int {
        guard rows > 0 else { return 0 }
        let totalBytes = rows.multipliedReportingOverflow(by: max(1, bytesPerRow))
        let byBytes = totalBytes.overflow ? rows : max(1, totalBytes.partialValue / minimumBytesPerBand)
        // Two bands per thread even out uneven cores; never more bands than rows.
        return min(rows, byBytes, maxConcurrency == 1 ? 1 : maxConcurrency * 2)
    }

    /// Band `index` of `count` equal bands over `rows` rows.
    static func band(_ index: Int, of count: Int, rows: Int) -> Range<Int> {
        (rows * index / count)..<(rows * (index + 1) / count)
    }

    /// Runs `kernel` over `0..<rows` in disjoint bands, concurrently when the job is large enough, and
    /// returns when every band is done. Allocates nothing when it runs on one band.
    ///
    /// `kernel` must touch only the rows of the band it is given; that is what makes running bands at once
    /// sound, and why this entry point is internal to the modules that write kernels.
    package func run(rows: Int, bytesPerRow: Int, _ kernel: (Range<Int>) -> Void) {
        let count = bandCount(rows: rows, bytesPerRow: bytesPerRow)
        if count <= 1 {
            if count == 1 { kernel(0..<rows) }
            return
        }
        withoutActuallyEscaping(kernel) { kernel in
            let box = unsafe UncheckedSendable(kernel)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                // SAFETY: bands are disjoint row ranges; each kernel writes only its own rows.
                unsafe box.value(Self.band(index, of: count, rows: rows))
            }
        }
    }
}

/// Carries a non-Sendable value across a concurrency boundary the scheduler has proven safe.
@unsafe struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { unsafe self.value = value }
}
