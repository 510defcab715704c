import FuzzDriver
import KQLSyntax

/// Lexer + recovering parser on arbitrary bytes (not necessarily UTF-8). Diagnostics are a
/// normal outcome; rendering them exercises the span → line/column mapping too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceText(bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let (_, diagnostics) = KQLParser.parse(source)
    for d in diagnostics.prefix(8) { _ = d.rendered(in: source) }
    return 0
}

@_cdecl("FuzzSyntax_main")
public func FuzzSyntaxMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0!, $1) }
}
