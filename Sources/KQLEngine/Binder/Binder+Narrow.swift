import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate narrow()` (narrow-plugin.md): one row per input cell — `Row` (the input row's
    /// number from 0, in input order), `Column` (its name), `Value` (the cell as a string).
    /// The doc's example fixes the string forms of strings, integers, bools (`True`, `False`) and
    /// datetimes (`2017-03-14 10:59:18.9263023`); the forms of reals and timespans are not
    /// shown (its reals look rounded to 15 digits), so columns of those types are an error
    /// rather than a guess. Null cells give an empty string.
    func bindNarrow(args: [Argument], nameSpan: Span, input: LogicalPlan) throws -> LogicalPlan {
        if let a = args.first { throw fail(.invalidOperatorArgument, "narrow() takes no arguments", a.value.span) }
        for f in input.schema.fields where f.type == .real || f.type == .timespan {
            throw fail(.unsupportedOperatorForm, "narrow() of a \(f.type) column ('\(f.name)') is not supported: its string form is not documented; convert it first (tostring)", nameSpan)
        }
        return .narrow(.init(input: input))
    }
}
