import FuzzDriver
import FuzzSupport
import QuarryIO

/// The CSV reader (Defender / Sentinel portal exports, generic CSV), through the public `TableReader.read` path (format detection, gzip, UTF-8
/// checks, catalog typing, projection and pushed-down predicates).
/// Input: one selector byte (read mode, see `Scratch.read`), then the file's bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let payload = UnsafeBufferPointer(start: data + 1, count: size - 1)
    guard TableReader.detectFormat(payload) == .csv else { return 0 }   // JSON-shaped input: FuzzJSON covers it
    Scratch.read(payload, selector: data[0], fileName: "input.csv")
    return 0
}

@_cdecl("FuzzCSV_main")
public func FuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0!, $1) }
}
