import KQLColumns
import KQLSyntax

/// A result table of a query that returns several (fork, facet), with its name.
struct NamedPlan {
    var name: String
    var plan: LogicalPlan
    /// The `render` of the statement that made it (several tabular statements in one query).
    var visualization: Visualization? = nil
}

extension Binder {
    /// The query's result expression. When it ends with `fork`, `facet` or `evaluate
    /// funnel_sequence` (which return several
    /// result tables), `resultName` and `moreResults` are set and the first table's plan is returned.
    func bindResult(_ e: Expr, scope: Scope) throws -> LogicalPlan {
        resultName = nil
        moreResults = []
        var x = e
        while case .paren(let inner) = x.kind { x = inner }
        guard case .pipe(let src, let op) = x.kind else { return try bindTabular(e, scope: scope) }
        let results: [NamedPlan]
        switch op.kind {
        case .fork(let legs):
            results = try bindFork(legs, input: try bindTabular(src, scope: scope), scope: scope)
        case .facet(let columns, let with):
            results = try bindFacet(columns: columns, with: with, input: try bindTabular(src, scope: scope), op: op, scope: scope)
        case .evaluate(let parameters, let plugin, nil):
            // funnel_sequence ending a query returns the page's three tables.
            guard case .call("funnel_sequence", let nameSpan, let args) = plugin.kind else { return try bindTabular(e, scope: scope) }
            try checkEvaluateParameters(parameters)
            let source = shared(try bindTabular(src, scope: scope))
            results = try FunnelSequence.Output.allCases.map { t in
                NamedPlan(name: t.resultName, plan: try bindFunnelSequence(args: args, nameSpan: nameSpan, input: source, scope: scope, table: t))
            }
        default:
            return try bindTabular(e, scope: scope)
        }
        guard let first = results.first else { throw fail(.missingResult, "\(operatorName(op.kind)) has no result table", op.keywordSpan) }
        resultName = first.name
        moreResults = Array(results.dropFirst())
        return first.plan
    }

    /// `fork [Name =] (subquery) ...` (fork-operator.md): one result table per leg, each the leg's
    /// subquery over the same input rows (a shared plan, so the input runs once). A table is named
    /// by its leg's `Name =`, else by an `as Name` ending the leg, else `GenericResult` (the name
    /// the doc's example shows for unnamed legs). A leg may use only the operators Kusto allows
    /// there (the doc's list, as Kusto.Language's binder checks it); others are KQB027.
    func bindFork(_ legs: [ForkLeg], input: LogicalPlan, scope: Scope) throws -> [NamedPlan] {
        let source = shared(input)
        return try legs.map { leg in
            try checkForkLeg(leg.subquery)
            let plan = try bindApplySubquery(leg.subquery, input: source, scope: scope, for: "fork")
            return NamedPlan(name: leg.name ?? asLabel(leg.subquery) ?? "GenericResult", plan: plan)
        }
    }

    /// Fails on the first operator of a fork leg that Kusto does not allow there.
    private func checkForkLeg(_ e: Expr) throws {
        switch e.kind {
        case .paren(let x): try checkForkLeg(x)
        case .pipe(let src, let op):
            try checkForkLeg(src)
            switch op.kind {
            case .as, .count, .extend, .parse, .where, .take, .project, .projectAway, .projectKeep, .projectRename,
                 .projectReorder, .summarize, .top, .topNested, .sort, .mvExpand, .distinct, .sample, .sampleDistinct, .invoke:
                break
            default:
                throw fail(.operatorNotAllowedHere, "operator '\(operatorName(op.kind))' is not allowed inside fork (a leg may use as, count, extend, parse, where, take, project and its variants, summarize, top, top-nested, sort, mv-expand, distinct, sample)", op.keywordSpan)
            }
        default: break
        }
    }

    /// `fork` or `facet` anywhere but at the end of the query's result: their result tables
    /// cannot be read by another operator, a let or a subquery (facet-operator.md).
    func multiResultNotLast(_ op: QueryOperator) -> Diagnostic {
        fail(.operatorNotAllowedHere, "\(operatorName(op.kind)) returns several result tables, which no other operator, let or subquery can use: it must end the query", op.keywordSpan)
    }
}
