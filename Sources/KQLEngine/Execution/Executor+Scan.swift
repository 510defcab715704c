import KQLColumns
import KQLSyntax

extension Executor {
    /// Opens the table through the session's provider when first pulled.
    func scanStream(_ scan: TableScan) throws -> BatchStream {
        guard let provider = session.tables[scan.table] else {
            throw Diagnostic(code: .unboundTable, "table '\(scan.table)' is not bound to any data", span: .empty)
        }
        var opened: BatchStream?
        return BatchStream {
            if opened == nil { opened = try provider.scan(scan.request) }
            return try opened?.next()
        }
    }
}
