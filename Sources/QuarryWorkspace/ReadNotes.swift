import QuarryIO

extension ReadReport {
    /// What a read skipped or inferred (`table` names the table the report is about), as lines for a log (`warning: …`, `note: …`).
    public func notes(table: String? = nil) -> [String] {
        var out: [String] = []
        for (file, n) in skippedRows.sorted(by: { $0.key < $1.key }) where n > 0 {
            out.append("warning: skipped \(n) bad row\(n == 1 ? "" : "s") in \(file)")
        }
        for w in warnings { out.append("warning: \(w)") }
        // One short line, not one per column: a whole uncatalogued table would otherwise print dozens.
        let inferred = inferredColumns.sorted(by: { $0.key < $1.key })
        if !inferred.isEmpty {
            let listed = inferred.count <= 3 ? inferred.count : 2
            let shown = inferred.prefix(listed).map { "\($0.key):\($0.value)" }.joined(separator: ", ")
            let more = inferred.count > listed ? ", … +\(inferred.count - listed): quarry schema lists them" : ""
            let n = inferred.count == 1 ? "1 column type" : "\(inferred.count) column types"
            out.append("note: \(table.map { $0 + ": " } ?? "")\(n) inferred from the data (\(shown)\(more))")
        }
        return out
    }
}
