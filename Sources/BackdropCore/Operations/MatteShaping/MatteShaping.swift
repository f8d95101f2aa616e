// MatteShaping: levels, gamma, sub-pixel choke/spread and feather for a segmentation matte.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reshapes a Gray8 matte: levels, then gamma, then choke (or spread), then feather.
///
/// - Levels: values at or below ``floor`` become 0, at or above ``ceiling`` 255, linear between
///   (`t = (a − floor) / (ceiling − floor)`).
/// - Gamma: `t' = t^(1/gamma)`; above 1 thickens soft edges, below 1 thins them.
/// - Choke: shrinks the matte by ``choke`` pixels (a grayscale erosion with a square window, interpolated
///   between the two nearest whole radii, so fractional values move the edge by a fraction of a pixel);
///   negative values spread it (dilation).
/// - Feather: softens the edge with a Gaussian of standard deviation ``feather`` pixels.
///
/// The defaults (0, 255, 1, 0, 0) leave a matte unchanged, and then ``apply(to:scheduler:)`` returns its input
/// without copying. Mattes are linear coverage, so no colour encoding is involved.
///
/// - Complexity: O(width × height × (1 + |choke|)) plus the blur; allocates the output and scratch planes.
public struct MatteShaping: ImageOperation {
    /// Values at or below this become 0. Default 0.
    public var floor: UInt8
    /// Values at or above this become 255. Default 255.
    public var ceiling: UInt8
    /// Exponent applied after levels as `t^(1/gamma)`. Default 1; accepted 0.1 … 10.
    public var gamma: Double
    /// Pixels to shrink (positive) or grow (negative) the matte by. Default 0; accepted −100 … 100.
    public var choke: Double
    /// Gaussian standard deviation in pixels to soften the edge with. Default 0; accepted 0 … 100.
    public var feather: Double

    public init(floor: UInt8 = 0, ceiling: UInt8 = 255, gamma: Double = 1, choke: Double = 0, feather: Double = 0) {
        self.floor = floor
        self.ceiling = ceiling
        self.gamma = gamma
        self.choke = choke
        self.feather = feather
    }

    /// Whether every setting is at its neutral default.
    public var isIdentity: Bool { floor == 0 && ceiling == 255 && gamma == 1 && choke == 0 && feather == 0 }

    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` naming the first setting out of range.
    public func validate(_ input: PixelBuffer<Gray8>) throws {
        guard floor < ceiling else {
            throw ParameterError.invalidValue(
                name: "matte levels", value: "\(floor)…\(ceiling)", expected: "a floor below the ceiling")
        }
        guard gamma.isFinite, gamma >= 0.1, gamma <= 10 else {
            throw ParameterError.invalidValue(name: "matte gamma", value: "\(gamma)", expected: "0.1 to 10")
        }
        guard choke.isFinite, abs(choke) <= 100 else {
            throw ParameterError.invalidValue(name: "matte choke", value: "\(choke)", expected: "-100 to 100 pixels")
        }
        guard feather.isFinite, feather >= 0, feather <= 100 else {
            throw ParameterError.invalidValue(name: "matte feather", value: "\(feather)", expected: "0 to 100 pixels")
        }
    }

    public func apply(to input: PixelBuffer<Gray8>, scheduler: RowScheduler) throws -> PixelBuffer<Gray8> {
        try validate(input)
        if isIdentity { return input }
        var matte = input
        if floor != 0 || ceiling != 255 || gamma != 1 {
            var output = try PixelBuffer<Gray8>(uninitializedWidth: input.width, height: input.height)
            let table = levelsTable()
            runRows(matte, into: &output, auxiliary: PixelBuffer<Gray8>?.none, scheduler: scheduler) { job, rows in
                Self.lookUpRows(job, rows, table: table)
            }
            matte = output
        }
        if choke != 0 {
            matte = try morphology(matte, radius: abs(choke), erode: choke > 0, scheduler: scheduler)
        }
        if feather > 0 {
            matte = try GaussianBlur(sigma: feather).apply(to: matte, scheduler: scheduler)
        }
        return matte
    }

    /// The 256-entry table for levels and gamma.
    func levelsTable() -> [UInt8] {
        let lo = Double(floor), hi = Double(ceiling)
        return (0...255).map { value in
            let t = min(1, max(0, (Double(value) - lo) / (hi - lo)))
            return UInt8((255 * pow(t, 1 / gamma)).rounded())
        }
    }

    /// Erosion (or dilation) by a fractional radius: the two whole radii around it, blended linearly.
    func morphology(_ matte: PixelBuffer<Gray8>, radius: Double, erode: Bool, scheduler: RowScheduler) throws
        -> PixelBuffer<Gray8>
    {
        let whole = Int(radius.rounded(.down))
        let fraction = radius - Double(whole)
        let inner = try Self.filter(matte, radius: whole, erode: erode, scheduler: scheduler)
        guard fraction > 0 else { return inner }
        let outer = try Self.filter(matte, radius: whole + 1, erode: erode, scheduler: scheduler)
        let weight = UInt32((fraction * 256).rounded())
        var blended = try PixelBuffer<Gray8>(uninitializedWidth: matte.width, height: matte.height)
        runRows(inner, into: &blended, auxiliary: outer, scheduler: scheduler) { job, rows in
            Self.blendRows(job, rows, weight: weight)
        }
        return blended
    }

    /// Separable min (erode) or max (dilate) filter with a (2r+1)² square window, edges clamped.
    static func filter(_ matte: PixelBuffer<Gray8>, radius: Int, erode: Bool, scheduler: RowScheduler) throws
        -> PixelBuffer<Gray8>
    {
        guard radius > 0 else { return matte }
        var horizontal = try PixelBuffer<Gray8>(uninitializedWidth: matte.width, height: matte.height)
        runRows(matte, into: &horizontal, auxiliary: PixelBuffer<Gray8>?.none, scheduler: scheduler) { job, rows in
            Self.extremumRows(job, rows, radius: radius, erode: erode)
        }
        var output = try PixelBuffer<Gray8>(uninitializedWidth: matte.width, height: matte.height)
        runRows(horizontal, into: &output, auxiliary: PixelBuffer<Gray8>?.none, scheduler: scheduler) { job, rows in
            Self.extremumColumns(job, rows, radius: radius, erode: erode)
        }
        return output
    }
}

extension PixelBuffer where Format == Gray8 {
    /// This matte reshaped. See ``MatteShaping``.
    /// - Throws: ``ParameterError/invalidValue(name:value:expected:)`` for a setting out of range.
    public func shaped(_ shaping: MatteShaping, scheduler: RowScheduler = .default) throws -> PixelBuffer<Gray8> {
        try shaping.apply(to: self, scheduler: scheduler)
    }
}
