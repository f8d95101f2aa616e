// The heap block behind a PixelBuffer: 64-byte aligned, freed when the last buffer or view lets go.
// SPDX-License-Identifier: Apache-2.0

/// Owned, 64-byte aligned bytes. Immutable after the owning buffer stops being uniquely referenced, which is
/// what makes sharing it between threads (views, scheduler bands) sound.
@safe final class PixelStorage: @unchecked Sendable {
    static let alignment = 64

    let base: UnsafeMutableRawPointer
    let byteCount: Int

    /// Allocates `byteCount` bytes (at least one), zero-filled when `zeroed`.
    init(byteCount: Int, zeroed: Bool) {
        precondition(byteCount >= 0, "byte count checked by PixelBuffer before allocating")
        self.byteCount = byteCount
        // SAFETY: a fresh allocation owned by this object and freed in deinit.
        unsafe base = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: Self.alignment)
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
