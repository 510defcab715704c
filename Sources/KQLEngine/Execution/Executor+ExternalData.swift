import KQLColumns
import KQLSyntax

extension Executor {
    /// `externaldata`: the host's provider loads the rows when they are first pulled (so a
    /// query that never needs them fetches nothing). Its errors are reported at the operator
    /// (KQR014); a table of another schema is the provider's bug, reported as such.
    func externalDataStream(_ n: LogicalPlan.ExternalData) -> BatchStream {
        let provider = context.externalData
        return .deferred {
            guard let provider else {
                throw Diagnostic(code: .externalDataFailed,
                                 "externaldata: this session has no external data provider (QueryOptions.externalData), so no URL can be read",
                                 span: n.span)
            }
            let table: Table
            do {
                table = try provider.load(n.request)
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw Diagnostic(code: .externalDataFailed, "externaldata: \(error)", span: n.span)
            }
            guard table.schema == n.schema else {
                throw Diagnostic(code: .schemaMismatch, "externaldata: the provider returned columns \(table.schema.names), not the declared \(n.schema.names)", span: n.span)
            }
            return table.batches
        }
    }
}
