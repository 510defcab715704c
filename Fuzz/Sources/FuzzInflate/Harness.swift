import FuzzDriver
import KQLColumns
import Foundation

/// gzip + inflate (RFC 1951/1952) on arbitrary bytes, with an output limit so a legitimate
/// bomb stops at 8 MiB (a `tooLarge` error). Errors are normal outcomes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    do {
        let out = try Gzip.decompress(input, limit: 8 << 20)
        precondition(out.count <= 8 << 20, "inflate exceeded its limit")
    } catch {}
    // The same bytes behind a fixed gzip header, so that mutations reach the deflate decoder
    // without having to keep a valid header (the trailer check then fails: a normal outcome).
    var wrapped: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
    wrapped.append(contentsOf: input)
    _ = wrapped.withUnsafeBufferPointer { try? Gzip.decompress($0, limit: 8 << 20) }
    return 0
}

@_cdecl("FuzzInflate_main")
public func FuzzInflateMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0!, $1) }
}
