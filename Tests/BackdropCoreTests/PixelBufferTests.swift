// Tests of PixelBuffer and PixelView: layout, alignment, copy-on-write, views and size checks.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

@Suite struct PixelBufferTests {
    @Test(arguments: [1, 3, 15, 16, 17, 63, 64, 65, 1000])
    func rowsAre64ByteAligned(width: Int) throws {
        let buffer = try PixelBuffer<RGBA8>(width: width, height: 3)
        #expect(buffer.rowStride % 64 == 0)
        #expect(buffer.rowStride >= width * 4)
        #expect(buffer.rowStride < width * 4 + 64)
        buffer.withUnsafeBytes { raw in
            #expect(Int(bitPattern: raw.baseAddress) % 64 == 0)
        }
        let gray = try PixelBuffer<Gray8>(width: width, height: 2)
        #expect(gray.rowStride % 64 == 0 && gray.rowStride >= width)
    }

    @Test func zeroAndNegativeSizesThrowParameterErrors() {
        for (w, h) in [(0, 1), (1, 0), (-1, 5), (0, 0)] {
            #expect(throws: ParameterError.invalidDimensions(width: w, height: h)) {
                try PixelBuffer<RGBA8>(width: w, height: h)
            }
        }
    }

    @Test func overflowingSizesThrowBeforeAllocating() {
        #expect(throws: LimitError.self) { try PixelBuffer<RGBA8>(width: Int.max / 2, height: 1) }
        #expect(throws: LimitError.self) { try PixelBuffer<RGBA8>(width: 1 << 31, height: 1 << 31) }
    }

    @Test func packedBytesRoundTrip() throws {
        let bytes = (0..<(7 * 5 * 4)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let buffer = try PixelBuffer<RGBA8>(width: 7, height: 5, packed: bytes)
        #expect(buffer.packedBytes() == bytes)
        #expect(buffer[1, 0] == SIMD4(bytes[4], bytes[5], bytes[6], bytes[7]))
        #expect(throws: ParameterError.self) { try PixelBuffer<RGBA8>(width: 7, height: 5, packed: bytes.dropLast()) }
    }

    @Test func copyOnWriteKeepsCopiesIndependent() throws {
        var a = try PixelBuffer<Gray8>(width: 4, height: 4, repeating: 10)
        let b = a
        let view = a.view
        a[2, 2] = 200
        #expect(a[2, 2] == 200)
        #expect(b[2, 2] == 10)
        #expect(view[2, 2] == 10)
        #expect(a != b)
    }

    @Test func viewsSeeTheirRectangle() throws {
        var buffer = try PixelBuffer<Gray8>(width: 10, height: 8)
        for y in 0..<8 { for x in 0..<10 { buffer[x, y] = UInt8(y * 10 + x) } }
        let view = try buffer.view(of: PixelRect(x: 3, y: 2, width: 4, height: 5))
        #expect(view[0, 0] == 23)
        #expect(view[3, 4] == 66)
        let copy = view.copied()
        #expect(copy.size == PixelSize(width: 4, height: 5))
        #expect(copy[3, 4] == 66)
        #expect(copy.view == view)
        #expect(throws: ParameterError.self) { try buffer.view(of: PixelRect(x: 8, y: 0, width: 3, height: 1)) }
        #expect(throws: ParameterError.self) { try buffer.view(of: PixelRect(x: 0, y: 0, width: 0, height: 1)) }
    }

    @Test func repeatingFillsEveryPixelAndNoPadding() throws {
        for (width, height) in [(1, 1), (17, 5), (64, 3), (3, 70)] {
            let rgba = try PixelBuffer<RGBA8>(width: width, height: height, repeating: RGBA8.Pixel(1, 2, 3, 4))
            #expect(rgba.packedBytes() == Array([UInt8]([1, 2, 3, 4]).repeated(width * height)))
            let gray = try PixelBuffer<Gray8>(width: width, height: height, repeating: 9)
            #expect(gray.packedBytes() == [UInt8](repeating: 9, count: width * height))
            // Row padding stays zero.
            gray.withUnsafeBytes { raw in
                for y in 0..<height {
                    for x in width..<gray.rowStride { #expect(raw[y * gray.rowStride + x] == 0) }
                }
            }
        }
    }

    @Test func grayExpandsToOpaqueRGBA() throws {
        let gray = try PixelBuffer<Gray8>(width: 3, height: 1, packed: [0, 128, 255])
        let rgba = ImagePixels.gray8(gray).rgba8()
        #expect(rgba.packedBytes() == [0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255])
    }

    @Test func limitsRefuseBeforeAllocating() {
        let limits = DecodingLimits.default
        #expect(throws: LimitError.self) { try limits.check(width: 100_000, height: 100_000) }
        #expect(throws: LimitError.self) { try limits.check(width: 30_000, height: 30_000) }
        // A header giving no pixels is damaged data, not a caller's mistake.
        #expect(throws: DecodingError.self) { try limits.check(width: 0, height: 10) }
        #expect(throws: Never.self) { try limits.check(width: 8_660, height: 5_773) }
        #expect(throws: LimitError.self) { try DecodingLimits.photoroom.check(width: 6_001, height: 10) }
        #expect(throws: LimitError.self) { try limits.check(byteCount: limits.maxBytes + 1) }
    }
}

@Suite struct RowSchedulerTests {
    @Test(arguments: [1, 2, 7, 100, 4099])
    func bandsCoverEveryRowOnce(rows: Int) {
        for scheduler in [RowScheduler.serial, RowScheduler(maxConcurrency: 3, minimumBytesPerBand: 1)] {
            let bands = scheduler.bands(rows: rows, bytesPerRow: 4000)
            #expect(bands.first?.lowerBound == 0)
            #expect(bands.last?.upperBound == rows)
            for (a, b) in zip(bands, bands.dropFirst()) { #expect(a.upperBound == b.lowerBound && !a.isEmpty) }
        }
    }

    @Test func smallJobsStayOnOneBand() {
        #expect(RowScheduler(maxConcurrency: 8).bands(rows: 10, bytesPerRow: 100).count == 1)
        #expect(RowScheduler.serial.bands(rows: 10_000, bytesPerRow: 100_000).count == 1)
    }
}

extension Array {
    fileprivate func repeated(_ times: Int) -> [Element] { (0..<times).flatMap { _ in self } }
}
