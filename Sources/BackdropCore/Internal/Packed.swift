// Packed-pixel arithmetic for 8-bit blends: eight RGBA pixels in SIMD8<UInt32>, two channels per lane.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

#if arch(x86_64) && canImport(_Builtin_intrinsics) && !BACKDROP_NO_INTRINSICS
    import _Builtin_intrinsics.intel
#endif

// A pixel loaded little-endian as UInt32 holds R in bits 0–7, G 8–15, B 16–23, A 24–31. Masking with
// 0x00FF00FF keeps R and B in separate 16-bit halves, so one 32-bit multiply by an 8-bit factor scales both
// without carries (255 · 255 = 65025 < 65536). PERFORMANCE.md measured this layout at memcpy speed with
// x86-64-v3, where wider vectors or per-byte widening fall off cliffs.

/// Bytes 0 and 2 of each lane. A computed constant: a global `let` would cost a `swift_once` check per use.
var packedLowBytes: SIMD8<UInt32> {
    @inline(__always) get { SIMD8<UInt32>(repeating: 0x00FF_00FF) }
}

/// Eight matte bytes widened to 32-bit lanes.
///
/// Written as lane loads, which LLVM turns into one `vpmovzxbd`; the stdlib's generic
/// `SIMD8<UInt32>(truncatingIfNeeded:)` was left as an out-of-line call inside the kernels (seen in the
/// disassembly), costing a call and a `vzeroupper` per eight pixels.
@inline(__always)
func loadWidened(_ pointer: UnsafeRawPointer) -> SIMD8<UInt32> {
    var lanes = SIMD8<UInt32>()
    for i in 0..<8 {
        // SAFETY: the caller guarantees eight readable bytes at pointer.
        lanes[i] = UInt32(unsafe pointer.load(fromByteOffset: i, as: UInt8.self))
    }
    return lanes
}

/// `round(x / 255)` for each lane, exact for `x ≤ 65025 + 127`.
///
/// Uses `t = x + 128; (t + t >> 8) >> 8`, the classic exact division for this range; wrapping operators are
/// safe because every intermediate stays below 2^17.
@inline(__always)
func divideBy255(_ x: SIMD8<UInt32>) -> SIMD8<UInt32> {
    let t = x &+ 128
    return (t &+ (t &>> 8)) &>> 8
}

/// `round(h / 255)` for both 16-bit halves `h ≤ 65025` of each lane, results in bits 0–7 and 16–23.
///
/// Per half: `t = h + 128 ≤ 65153` and `t + (t >> 8) ≤ 65407`, so no carry crosses into the other half.
@inline(__always)
func divideHalvesBy255(_ x: SIMD8<UInt32>) -> SIMD8<UInt32> {
    let t = x &+ 0x0080_0080
    return ((t &+ ((t &>> 8) & packedLowBytes)) &>> 8) & packedLowBytes
}

/// `round(a · b / 255)` for 8-bit operands: the reference every kernel's scalar tail uses.
@inline(__always)
func multiplyRounded(_ a: UInt8, _ b: UInt8) -> UInt8 {
    let t = UInt32(a) &* UInt32(b) &+ 128  // ≤ 65153: no overflow
    return UInt8(truncatingIfNeeded: (t &+ (t &>> 8)) &>> 8)
}

// MARK: - Streaming stores

/// Outputs at least this large are written with non-temporal stores where available: they would not stay in
/// cache anyway, and skipping the read-for-ownership of each destination line saves a third of the memory
/// traffic of a read-modify-write kernel (measured: matte + flatten 25 MP from 18 ms to the copy's speed).
let streamingThresholdBytes = 16 << 20

/// Stores eight packed pixels to `pointer`, bypassing the caches when `streaming` and the target has
/// non-temporal stores (x86_64); `pointer` must then be 16-byte aligned. Callers finish a band with
/// ``finishStreamingStores()``.
@inline(__always)
func storePixels(_ value: SIMD8<UInt32>, to pointer: UnsafeMutableRawPointer, streaming: Bool) {
    #if arch(x86_64) && canImport(_Builtin_intrinsics) && !BACKDROP_NO_INTRINSICS
        if streaming {
            assert(Int(bitPattern: pointer) % 16 == 0)
            // SAFETY: the caller guarantees 32 writable bytes at a 16-byte aligned pointer.
            unsafe _mm_stream_si128(
                pointer.assumingMemoryBound(to: __m128i.self), unsafeBitCast(value.lowHalf, to: __m128i.self))
            unsafe _mm_stream_si128(
                (pointer + 16).assumingMemoryBound(to: __m128i.self), unsafeBitCast(value.highHalf, to: __m128i.self))
            return
        }
    #endif
    // SAFETY: the caller guarantees 32 writable bytes at pointer.
    unsafe pointer.storeBytes(of: value, toByteOffset: 0, as: SIMD8<UInt32>.self)
}

/// Orders this thread's non-temporal stores before anything it does next (a locked instruction on x86_64),
/// so the thread that joins the band sees every pixel.
@inline(__always)
func finishStreamingStores() {
    atomicMemoryFence(ordering: .sequentiallyConsistent)
}
