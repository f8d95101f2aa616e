// The heap block behind a PixelBuffer: 64-byte aligned, freed when the last buffer or view lets go.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#endif

/// Owned, 64-byte aligned bytes. Immutable after the owning buffer stops being uniquely referenced, which is
/// what makes sharing it between threads (views, scheduler bands) sound.
@safe final class PixelStorage: @unchecked Sendable {
    static let alignment = 64
    /// Blocks at least this large are aligned to 2 MiB and offered to the kernel as transparent huge pages.
    static let hugePageThreshold = 8 << 20
    static let hugePageSize = 2 << 20

    let base: UnsafeMutableRawPointer
    let byteCount: Int

    /// Allocates `byteCount` bytes (at least one), zero-filled when `zeroed`.
    init(byteCount: Int, zeroed: Bool) {
        precondition(byteCount >= 0, "byte count checked by PixelBuffer before allocating")
        self.byteCount = byteCount
        let huge = byteCount >= Self.hugePageThreshold
        // SAFETY: a fresh allocation owned by this object and freed in deinit.
        unsafe base = UnsafeMutableRawPointer.allocate(
            byteCount: max(byteCount, 1), alignment: huge ? Self.hugePageSize : Self.alignment)
        #if os(Linux)
            if huge {
                // A fresh large block costs one page fault per 4 KiB on first touch: about 35 ms for a 25-megapixel
                // RGBA8 buffer, more than the kernels that fill it. Huge pages cut that to one fault per 2 MiB. Only
                // advice: where THP is off the call fails harmlessly and the block works as before.
                let length = (byteCount / Self.hugePageSize) * Self.hugePageSize
                // SAFETY: [base, base + length) lies inside the block just allocated; madvise does not write it.
                _ = unsafe madvise(base, length, MADV_HUGEPAGE)
            }
        #endif
        if zeroed {
            // SAFETY: writes exactly the byteCount bytes just allocated.
            unsafe base.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        }
    }

    /// A new block with the same bytes.
    func copy() -> PixelStorage {
        let other = PixelStorage(byteCount: byteCount, zeroed: false)
        // SAFETY: both blocks hold byteCount bytes and do not overlap.
        unsafe other.base.copyMemory(from: base, byteCount: byteCount)
        return other
    }

    deinit {
        // SAFETY: allocated in init, released exactly once.
        unsafe base.deallocate()
    }
}
