import KQLColumns

extension LogicalPlan {
    /// `evaluate ipv4_lookup(...)` and `ipv6_lookup(...)`: the input joined to the lookup table on "address in range"
    /// (and equal extra keys); see `Binder+Ipv4Lookup.swift`.
    struct Ipv4Lookup: PlanNode {
        var input: LogicalPlan
        var lookup: LogicalPlan
        var sourceKey: Int
        var rangeKey: Int
        var extraKeys: [(left: Int, right: Int)]
        var returnUnmatched: Bool
        /// The lookup table's columns in the output, in order (after the input's).
        var lookupColumns: [Int]
        var schema: Schema
        /// ipv6_lookup: addresses compared as IPv6 (128 bits) rather than IPv4.
        var isV6 = false

        var children: [LogicalPlan] { [input, lookup] }
        func withChildren(_ c: [LogicalPlan]) -> Ipv4Lookup {
            var n = self
            n.input = c[0]
            n.lookup = c[1]
            return n
        }
        var asPlan: LogicalPlan { .ipv4Lookup(self) }
        var explainName: String { isV6 ? "Ipv6Lookup" : "Ipv4Lookup" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("source", input.fields[sourceKey].name), ("range", lookup.schema.fields[rangeKey].name),
             ("unmatched", returnUnmatched ? "kept" : "dropped")]
        }
    }
}
