import Foundation
import KQLColumns

extension ActivityMetrics {
    /// Per combination of the dimensions (in order of first appearance), one row per window from
    /// Start to End, with the page's definitions: `dcount_values` the distinct non-null ids of the
    /// window, `dcount_newvalues` those not in the previous window, `retention_rate` = (ids at the
    /// end − new ids) / ids at the beginning, i.e. the share of the previous window's ids seen
    /// again, and `churn_rate` = 1 − retention_rate. With no previous ids (the first window) both
    /// rates are NaN, as the page's first row shows.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let groups = try ActivityGroups(input, bins, context: context)
        var rows: [[Value]] = []
        for (g, key) in groups.keys.enumerated() {
            var previous = Set<Value>()
            for k in 0..<bins.count {
                if k % 1024 == 0 { try context.checkpoint() }
                var ids = Set<Value>()
                for v in groups.perBin[g][k] ?? [] where !v.isNull { ids.insert(v) }
                let fresh = ids.subtracting(previous).count
                let retention = previous.isEmpty ? Double.nan : Double(ids.count - fresh) / Double(previous.count)
                rows.append([bins.value(k)] + key + [.long(Int64(ids.count)), .long(Int64(fresh)), .real(retention), .real(1 - retention)])
                previous = ids
            }
        }
        return Table.fromRows(schema: schema, rows: rows)
    }
}
