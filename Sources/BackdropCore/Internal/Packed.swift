// Packed-pixel arithmetic for 8-bit blends: eight RGBA pixels in SIMD8<UInt32>, two channels per lane.
// SPDX-License-Identifier: Apache-2.0

// A pixel loaded little-endian as UInt32 holds R in bits 0–7, G 8–15, B 16–23, A 24–31. Masking with
// 0x00FF00FF keeps R and B in separate 16-bit halves, so one 32-bit multiply by an 8-bit factor scales both
// without carries (255 · 255 = 65025 < 65536). PERFORMANCE.md measured this layout at memcpy speed with
// x86-64-v3, where wider vectors or per-byte widening fall off cliffs.

@usableFromInline let packedLowBytes = SIMD8<UInt32>(repeating: 0x00FF_00FF)

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
