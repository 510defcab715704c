import KQLColumns

extension LogicalPlan {
    /// `mv-apply`: each input row is expanded (as by mv-expand) into a sub-table, `subquery` runs
    /// over that sub-table, and each of its result rows is returned with the row's other columns.
    /// The subquery is bound over a placeholder leaf (`Values` with `isApplyInput`) that the
    /// executor replaces with each row's sub-table; it is a child so that the walks (subquery
    /// resolution, optimizer rules, explain) see it. A row whose subquery returns no rows is dropped.
    struct MvApply: PlanNode {
        /// Where an output column's values come from.
        enum Source {
            /// The input row's column (repeated on each of the subquery's result rows).
            case outer(Int)
            /// The subquery result's column.
            case sub(Int)
        }
        var input: LogicalPlan
        /// The expansion of one row: its items, item index and limit (its `input` is unused: the
        /// executor feeds it one row at a time). Its schema is the sub-table's.
        var expand: MvExpand
        var subquery: LogicalPlan
        var outputs: [Source]
        var schema: Schema

        var children: [LogicalPlan] { [input, subquery] }
        func withChildren(_ c: [LogicalPlan]) -> MvApply {
            var n = self
            n.input = c[0]
            n.subquery = c[1]
            return n
        }
        var asPlan: LogicalPlan { .mvApply(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> MvApply {
            var n = self
            n.expand = try expand.mappingExpressions(f)
            return n
        }
        var explainName: String { "MvApply" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            var props: [(key: String, value: String)] = [("items", explainList(expand.items.map { "\(expand.schema.fields[$0.output].name)=\($0.expr.explainText(input))" }))]
            if let l = expand.limit { props.append(("limit", String(l))) }
            return props
        }
    }
}

extension LogicalPlan {
    /// The plan with its mv-apply placeholder leaves replaced by `table` (not entering nested
    /// mv-apply or partition subqueries, whose placeholders are theirs).

    func replacingApplyInput(_ table: Table) -> LogicalPlan {
        switch self {
        case .values(let v) where v.isApplyInput:
            return .values(.init(table: table))
        case .mvApply(var n):
            n.input = n.input.replacingApplyInput(table)
            return .mvApply(n)
        case .partition(var n):
            n.input = n.input.replacingApplyInput(table)
            return .partition(n)
        default:
            // Subquery plans in expressions too: a partition resolves its subquery's subqueries
            // per partition (Executor+Partition.swift).
            return rewritingChildren { $0.replacingApplyInput(table) }
                .mappingExpressions { $0.rewritingSubqueryPlans { $0.replacingApplyInput(table) } }
        }
    }
}
