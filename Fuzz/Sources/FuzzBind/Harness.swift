import FuzzDriver
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO

/// Every catalog table with the columns of all its forms, as `quarry check` binds
/// (Sources/quarry/Commands/Check.swift). The tables hold no rows and are never read.
let catalog: [String: TableSource] = SchemaCatalog.allFormsSchemas().mapValues { schema in
    TableSource(schema: schema, load: { Table(schema: schema, batches: []) })
}
let session = QuerySession(tables: catalog)

/// Parse + bind against the real catalog (`quarry check`), then, when that succeeds, plan and
/// optimize (`quarry explain`). Nothing is executed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceText(bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let (diagnostics, _) = session.check(source)
    for d in diagnostics.prefix(8) { _ = d.rendered(in: source) }
    if !diagnostics.contains(where: { $0.severity == .error }) {
        _ = try? session.explain(source, options: QueryOptions(now: 0))
    }
    return 0
}

@_cdecl("FuzzBind_main")
public func FuzzBindMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0!, $1) }
}
