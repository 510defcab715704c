import FuzzDriver
import KQLColumns
import KQLEngine

let session = QuerySession()
let query = "let s = ''; print d = parse_json(s) | extend t = tostring(d), k = gettype(d)"

/// parse_json: KQLColumns' JSON parser directly (parse, well-formedness check, serialize and
/// re-parse the result), then the engine's `parse_json` itself on the same text, passed as a
/// `let` override (the CLI's --set) so that no quoting is needed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let wellFormed: Bool
    do {
        let value = try JSON.parse(bytes: bytes)
        wellFormed = true
        let text = JSON.serialize(value)
        _ = try? JSON.parse(text)
    } catch {
        wellFormed = false
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if wellFormed && text.utf8.elementsEqual(bytes) { _ = JSON.isWellFormed(text) }
    var options = QueryOptions(now: 0, parameters: ["s": text])
    options.timeout = 10
    options.maxMemory = 256 << 20
    _ = try? session.run(query, options: options)
    return 0
}

@_cdecl("FuzzParseJSON_main")
public func FuzzParseJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0!, $1) }
}
