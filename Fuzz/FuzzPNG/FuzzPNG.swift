// libFuzzer target for the PNG decoder: any input gives an image or a typed Backdrop error, never a crash.
// SPDX-License-Identifier: Apache-2.0
// Built only with BACKDROP_FUZZ=1 and -sanitize=fuzzer (scripts/fuzz). SwiftPM links an executable's entry as
// `<module>_main`, so that entry hands over to libFuzzer's driver.

import BackdropCore
import BackdropPNG

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = DecodingLimits(maxSide: 4096, maxPixels: 1 << 22, maxBytes: 1 << 24)
    do {
        let (_, pixels) = try PNG.decode(bytes, limits: limits)
        precondition(pixels.width > 0 && pixels.height > 0)
    } catch is any BackdropError {
    } catch {
        fatalError("untyped error \(error)")
    }
    return 0
}

@_extern(c, "LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzPNG_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, fuzz)
}
