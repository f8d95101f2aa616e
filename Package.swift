// swift-tools-version: 6.2
// Backdrop: local finishing of product photos after background removal.
// SPDX-License-Identifier: Apache-2.0

import PackageDescription

import class Foundation.ProcessInfo

/// Modules whose unsafe code is audited: every unsafe expression is marked and justified.
let strict: [SwiftSetting] = [.strictMemorySafety()]

var products: [Product] = [
    .library(name: "Backdrop", targets: ["Backdrop"]),
    .executable(name: "backdrop", targets: ["BackdropTool"]),
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
]

var targets: [Target] = [
    // MARK: - Pure Swift core
    .target(name: "BackdropCore", swiftSettings: strict),
    .target(name: "BackdropColor", dependencies: ["BackdropCore"], swiftSettings: strict),

    // MARK: - PNG (libpng through a C glue that owns setjmp)
    .systemLibrary(
        name: "CBackdropPNG", pkgConfig: "libpng",
        providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
    .target(name: "CBackdropPNGShim", dependencies: ["CBackdropPNG"]),
    .target(
        name: "BackdropPNG", dependencies: ["BackdropCore", "BackdropColor", "CBackdropPNGShim"],
        swiftSettings: strict),

    // MARK: - JPEG (TurboJPEG 2 API), WebP (libwebp + demux), HEIF (libheif): errors by return value
    .systemLibrary(
        name: "CBackdropJPEG", pkgConfig: "libturbojpeg",
        providers: [.apt(["libturbojpeg0-dev"]), .brew(["jpeg-turbo"])]),
    .target(
        name: "BackdropJPEG", dependencies: ["BackdropCore", "BackdropColor", "CBackdropJPEG"],
        swiftSettings: strict),
    .systemLibrary(
        name: "CBackdropWebP", pkgConfig: "libwebpdemux", providers: [.apt(["libwebp-dev"]), .brew(["webp"])]),
    .target(
        name: "BackdropWebP", dependencies: ["BackdropCore", "BackdropColor", "CBackdropWebP"],
        swiftSettings: strict),
    .systemLibrary(
        name: "CBackdropHEIF", pkgConfig: "libheif", providers: [.apt(["libheif-dev"]), .brew(["libheif"])]),
    .target(
        name: "BackdropHEIF", dependencies: ["BackdropCore", "BackdropColor", "CBackdropHEIF"],
        swiftSettings: strict),

    // MARK: - Colour conversion (LittleCMS 2)
    .systemLibrary(
        name: "CBackdropLCMS", pkgConfig: "lcms2", providers: [.apt(["liblcms2-dev"]), .brew(["little-cms2"])]),
    .target(
        name: "BackdropLCMS", dependencies: ["BackdropCore", "BackdropColor", "CBackdropLCMS"],
        swiftSettings: strict),

    // MARK: - Codecs, umbrella, CLI
    .target(
        name: "BackdropCodecs",
        dependencies: [
            "BackdropCore", "BackdropColor", "BackdropLCMS", "BackdropPNG", "BackdropJPEG", "BackdropWebP",
            "BackdropHEIF",
        ],
        swiftSettings: strict),
    .target(
        name: "Backdrop",
        dependencies: [
            "BackdropCore", "BackdropColor", "BackdropCodecs", "BackdropLCMS",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
    .target(
        name: "BackdropCLI",
        dependencies: ["Backdrop", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(name: "BackdropTool", dependencies: ["BackdropCLI"]),

    // MARK: - Tests
    .target(name: "BackdropTestSupport", dependencies: ["Backdrop"], path: "Tests/BackdropTestSupport"),
    .testTarget(name: "BackdropCoreTests", dependencies: ["BackdropCore"]),
    .testTarget(name: "BackdropColorTests", dependencies: ["Backdrop", "BackdropLCMS", "BackdropTestSupport"]),
    .testTarget(name: "BackdropCodecsTests", dependencies: ["Backdrop", "BackdropTestSupport"]),
    .testTarget(name: "BackdropTests", dependencies: ["Backdrop", "BackdropTestSupport"]),
    .testTarget(name: "BackdropGoldenTests", dependencies: ["Backdrop", "BackdropTestSupport"]),
    .testTarget(name: "BackdropCLITests", dependencies: ["BackdropCLI", "BackdropTestSupport"]),
]

// MARK: - Benchmarks
// package-benchmark takes minutes to build on two cores, so its targets exist only when asked for:
// `BACKDROP_BENCHMARKS=1 swift package benchmark` (scripts/bench does this). Library users never resolve it.
if ProcessInfo.processInfo.environment["BACKDROP_BENCHMARKS"] != nil {
    dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]))
    for name in ["Compositing", "Codecs", "Resampling", "Color", "Shadows", "EndToEnd"] {
        targets.append(
            .executableTarget(
                name: name,
                dependencies: ["Backdrop", .product(name: "Benchmark", package: "benchmark")],
                path: "Benchmarks/\(name)",
                plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]))
    }
}

// MARK: - Fuzzing
// libFuzzer targets, one per decoder, exist only for `scripts/fuzz`, which builds them with -sanitize=fuzzer.
if ProcessInfo.processInfo.environment["BACKDROP_FUZZ"] != nil {
    for format in ["JPEG", "WebP", "HEIF", "PNG"] {
        products.append(.executable(name: "Fuzz\(format)", targets: ["Fuzz\(format)"]))
        targets.append(
            .executableTarget(
                name: "Fuzz\(format)", dependencies: ["BackdropCore", .target(name: "Backdrop\(format)")],
                path: "Fuzz/Fuzz\(format)"))
    }
}

let package = Package(
    name: "Backdrop",
    products: products,
    dependencies: dependencies,
    targets: targets
)
