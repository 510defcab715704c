import FuzzDriver
import KQLColumns
import FuzzSupport
import QuarryIO

/// The JSON reader: JSON arrays, JSON Lines, Streaming API / Event Hub `{"records":[…]}` envelopes, Log Analytics / Advanced Hunting API responses, through the public `TableReader.read` path (format detection, gzip, UTF-8
/// checks, catalog typing, projection and pushed-down predicates).
/// Input: one selector byte (read mode, see `Scratch.read`), then the file's bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let payload = UnsafeBufferPointer(start: data + 1, count: size - 1)
    guard TableReader.detectFormat(payload) == .json || Gzip.isGzip(payload) else { return 0 }   // CSV: FuzzCSV covers it
    Scratch.read(payload, selector: data[0], fileName: "input.json")
    return 0
}

@_cdecl("FuzzJSON_main")
public func FuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0!, $1) }
}
