// SubjectBox scalar scans: the oracle for the SIMD scans and their tail handler.
// SPDX-License-Identifier: Apache-2.0

extension SubjectBox {
    /// The first pixel index in `x0..<x1` of `row` whose matte byte (at `channels · x + channels − 1`) is at least
    /// `threshold`, or `nil`.
    static func referenceFirst(
        _ row: UnsafeRawPointer, from x0: Int, to x1: Int, channels: Int, threshold: UInt8
    ) -> Int? {
        var x = x0
        while x < x1 {
            // SAFETY: x < x1 ≤ the row's width, so the byte is inside the row.
            if unsafe row.load(fromByteOffset: x * channels + channels - 1, as: UInt8.self) >= threshold { return x }
            x += 1
        }
        return nil
    }

    /// The last such pixel index in `x0..<x1`, or `nil`.
    static func referenceLast(
        _ row: UnsafeRawPointer, from x0: Int, to x1: Int, channels: Int, threshold: UInt8
    ) -> Int? {
        var x = x1 - 1
        while x >= x0 {
            // SAFETY: x0 ≤ x < x1 ≤ the row's width.
            if unsafe row.load(fromByteOffset: x * channels + channels - 1, as: UInt8.self) >= threshold { return x }
            x -= 1
        }
        return nil
    }
}
