import KQLColumns

extension Basket {
    /// Apriori's result, as the page's example shows it: every pattern (a value in each of one to
    /// MaxDimensions dimensions) whose rows weigh at least Threshold of the input, left out when a
    /// larger such pattern covers exactly the same rows (the page's output has {Damage=NO,
    /// DamageCrops=0} but not {Damage=NO} alone, every NO row having DamageCrops 0): the closed
    /// frequent itemsets. Found exactly (Kusto samples to find frequent values, so its results
    /// may differ near the threshold, as its page says). Count is the rows' weight (the number of
    /// rows without a weight column), Percent 100·Count/total rounded to one decimal (the page's
    /// percentages are, at 5,885 rows). Kusto's row order is not documented: rows come by Count
    /// descending, then fewer dimensions first, then in search order.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let data = PatternData(input, columns: columns)
        let total = data.totalWeight
        guard total > 0 else { return Table.fromRows(schema: schema, rows: []) }
        let minimum = threshold * total
        let sets = try data.closedItemsets(maxSize: maxDimensions, span: nameSpan, plugin: name, context: context) {
            data.weight($0) >= minimum
        }
        struct Found { var k: Int; var items: [Int32]; var w: Double }
        var found: [Found] = []
        for (k, set) in sets.enumerated() { found.append(Found(k: k, items: set.items, w: data.weight(set.rows))) }
        found.sort { a, b in
            if a.w != b.w { return a.w > b.w }
            if a.items.count != b.items.count { return a.items.count < b.items.count }
            return a.k < b.k
        }
        var rows: [[Value]] = []
        for (id, p) in found.enumerated() {
            let lead: [Value] = [.long(Int64(id)), .long(Int64(p.w.rounded())), .real(roundedPercent(100 * p.w / total, digits: 1))]
            rows.append(lead + data.cells(p.items, columns: columns))
        }
        return Table.fromRows(schema: schema, rows: rows)
    }
}
