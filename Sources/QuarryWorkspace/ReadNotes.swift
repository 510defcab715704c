import QuarryIO

extension ReadReport {
    /// What a read skipped or inferred, as lines for a log (`warning: …`, `note: …`).
    public func notes() -> [String] {
        var out: [String] = []
        for (file, n) in skippedRows.sorted(by: { $0.key < $1.key }) where n > 0 {
            out.append("warning: skipped \(n) bad row\(n == 1 ? "" : "s") in \(file)")
        }
        for w in warnings { out.append("warning: \(w)") }
        // One line, not one per column: a whole uncatalogued table would otherwise print dozens.
        let inferred = inferredColumns.sorted(by: { $0.key < $1.key })
        if !inferred.isEmpty {
            let shown = inferred.prefix(6).map { "\($0.key):\($0.value)" }.joined(separator: ", ")
            let more = inferred.count > 6 ? ", … (\(inferred.count - 6) more; `quarry schema --table NAME=PATH` lists them)" : ""
            out.append("note: \(inferred.count) column type\(inferred.count == 1 ? "" : "s") inferred from the data, not the schema catalog: \(shown)\(more)")
        }
        return out
    }
}
