// ImageOperation: the shape every pixel operation shares — validate before allocating, then apply.
// SPDX-License-Identifier: Apache-2.0

/// A pixel operation described by a value: its parameters are the stored properties.
///
/// `validate` checks parameters against an input and throws before anything is allocated; `apply` runs the
/// operation's row kernels through a ``RowScheduler``.
public protocol ImageOperation: Hashable, Sendable {
    associatedtype Input
    associatedtype Output
    /// Throws a typed error when the operation cannot run on `input`; allocates nothing.
    func validate(_ input: Input) throws
    /// Runs the operation. Calls ``validate(_:)`` first.
    func apply(to input: Input, scheduler: RowScheduler) throws -> Output
}

extension ImageOperation {
    /// Runs the operation on every available core.
    public func apply(to input: Input) throws -> Output { try apply(to: input, scheduler: .default) }
}

/// A straight-alpha image with an optional separate matte of the same size.
///
/// This is what background-removal services return: a cutout whose alpha is the matte (`matte == nil`), or
/// the original photo plus a matte (remove.bg `channels=alpha`, Adobe `mode=mask`). With a matte, the
/// effective alpha of each pixel is `round(a · m / 255)`: the matte alone for an opaque photo.
public struct Cutout: Sendable {
    public var image: PixelBuffer<RGBA8>
    public var matte: PixelBuffer<Gray8>?

    public init(image: PixelBuffer<RGBA8>, matte: PixelBuffer<Gray8>? = nil) {
        self.image = image
        self.matte = matte
    }

    /// Throws unless the matte, if any, has the image's size.
    /// - Throws: ``ParameterError/maskSizeMismatch(expected:actual:)``.
    public func validate() throws {
        if let matte, matte.size != image.size {
            throw ParameterError.maskSizeMismatch(expected: image.size, actual: matte.size)
        }
    }
}
