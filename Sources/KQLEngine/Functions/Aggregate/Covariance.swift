import KQLColumns

/// Sample (n - 1) or population (n) covariance of two expressions, by Welford's co-moment update;
/// rows where either value is null are skipped; null for no rows, 0 for one row (sample form).
final class CovarianceAccumulator: Accumulator {
    let population: Bool
    var n = 0
    var meanX = 0.0, meanY = 0.0, c = 0.0
    init(population: Bool) { self.population = population }
    func add(_ args: [Value]) {
        guard let x = numericDouble(args[0]), let y = numericDouble(args[1]) else { return }
        n += 1
        let dx = x - meanX
        meanX += dx / Double(n)
        meanY += (y - meanY) / Double(n)
        c += dx * (y - meanY)
    }
    func result() -> Value {
        guard n > 0 else { return .null(.real) }
        if population { return .real(c / Double(n)) }
        return .real(n == 1 ? 0 : c / Double(n - 1))
    }
    /// The pairwise combination of two co-moment states.
    func merge(_ other: Accumulator) {
        guard let o = other as? CovarianceAccumulator, o.n > 0 else { return }
        guard n > 0 else { n = o.n; meanX = o.meanX; meanY = o.meanY; c = o.c; return }
        let total = Double(n + o.n), dx = o.meanX - meanX, dy = o.meanY - meanY
        c += o.c + dx * dy * Double(n) * Double(o.n) / total
        meanX += dx * Double(o.n) / total
        meanY += dy * Double(o.n) / total
        n += o.n
    }
}

// covariance, covariancep, covarianceif, covariancepif (their *-aggregation-function.md pages). The
// default column name is the function's and the first argument's (covariance_x), as Kusto's binder
// names it; the pages' examples print covariance_x_y.
private func makeCovariance(_ name: String, population: Bool, conditional: Bool) -> AggregateFunction {
    var params = [p("expr1", .number), p("expr2", .number)]
    if conditional { params.append(p("predicate", .type(.bool))) }
    return AggregateFunction(
        name: name, overloads: fn(params, .fixed(.real)),
        summary: "\(population ? "Population" : "Sample") covariance of expr1 and expr2\(conditional ? " over the rows where the predicate is true" : "").",
        defaultName: { "\(name)_" + ($0.first.flatMap { $0 } ?? "") },
        bind: { _ in
            BoundAggregateKind(resultType: .real, makeAccumulator: {
                conditional ? PredicateAccumulator(CovarianceAccumulator(population: population), predicate: 2) as Accumulator : CovarianceAccumulator(population: population)
            })
        })
}

let covarianceAggregate = makeCovariance("covariance", population: false, conditional: false)
let covariancepAggregate = makeCovariance("covariancep", population: true, conditional: false)
let covarianceifAggregate = makeCovariance("covarianceif", population: false, conditional: true)
let covariancepifAggregate = makeCovariance("covariancepif", population: true, conditional: true)
