import KQLColumns

extension Executor {
    /// `take N`: passes batches on until N rows have passed; the input is then not pulled again
    /// (a reader stops there).
    func takeStream(_ n: LogicalPlan.Take) throws -> BatchStream {
        let source = try stream(n.input)
        var left = n.rows
        return BatchStream {
            guard left > 0, let group = try source.next() else { return nil }
            var out: [Batch] = []
            for b in group where left > 0 {
                if b.count <= left { out.append(b); left -= b.count } else {
                    let idx = Array(0..<left)
                    out.append(Batch(columns: b.columns.map { $0.gather(idx) }, count: left)); left = 0
                }
            }
            return out
        }
    }
}
