// Integer geometry shared by buffers, views and layout: sizes and rectangles in pixels.
// SPDX-License-Identifier: Apache-2.0

/// A size in whole pixels.
public struct PixelSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    /// `width × height`, or `nil` when that overflows `Int`.
    public var pixelCount: Int? {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow ? nil : count
    }
    public var description: String { "\(width)x\(height)" }
}

/// A rectangle of whole pixels; `x`, `y` is the top-left corner, rows grow downwards.
public struct PixelRect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var size: PixelSize { PixelSize(width: width, height: height) }
    /// `true` when the rectangle covers no pixel.
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// Whether `other` lies entirely inside this rectangle.
    public func contains(_ other: PixelRect) -> Bool {
        other.x >= x && other.y >= y && other.width >= 0 && other.height >= 0
            && other.x <= x + width - other.width && other.y <= y + height - other.height
    }
    public var description: String { "\(width)x\(height)+\(x)+\(y)" }
}
