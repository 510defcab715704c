import KQLColumns

extension LogicalPlan {
    /// `evaluate bag_unpack(...)`: the input's columns it keeps, and a column per unpacked slot.
    /// Without an output schema the binder built this over the rows it was given (a `Values`
    /// input), so the columns match the data (see `Binder+BagUnpack.swift`).
    struct BagUnpack: UnaryPlanNode {
        enum Output {
            /// The input's column.
            case input(Int)
            /// The bag's slot of that name, cast to the type (null when missing or of another type).
            case slot(String, KQLType)
            /// An output-schema column whose slot is in ignoredProperties.
            case constantNull
        }
        var input: LogicalPlan
        /// The input column holding the bags.
        var source: Int
        var outputs: [Output]
        var schema: Schema

        var asPlan: LogicalPlan { .bagUnpack(self) }
        var explainName: String { "BagUnpack" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            let src = source < input.fields.count ? input.fields[source].name : "#\(source)"
            return [("column", src), ("columns", explainList(schema.names))]
        }
    }
}
