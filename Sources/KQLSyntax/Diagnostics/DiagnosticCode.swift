/// The stable code of every diagnostic Quarry reports. The raw value is what users see
/// (`[KQB001]`, `"code":.unknownTable` in JSON); it never changes meaning once released, and a retired
/// code is never reused (KQS000 and KQU004 are retired). Prefixes: KQS = syntax (lexer, parser),
/// KQB = binding (names, types, operator arguments), KQU = valid KQL that Quarry does not support,
/// KQR = run time. New codes continue the numbering of their prefix.
public enum DiagnosticCode: String, CaseIterable, Sendable {
    // MARK: Syntax (KQS)

    /// A byte that starts no token (a stray backquote, `#` after the first token, a control character).
    case unexpectedCharacter = "KQS001"
    /// A string literal not closed before the end of its line or of the query.
    case unterminatedString = "KQS002"
    /// A malformed or out-of-range numeric, hexadecimal or timespan literal.
    case invalidNumericLiteral = "KQS003"
    /// A specific token or construct was expected here (`expected ';'`, `expected '=='`).
    case expectedToken = "KQS004"
    /// An unknown tabular operator after `|`, or one that cannot follow `|`.
    case unknownOperator = "KQS005"
    /// A token that cannot start or continue a statement here.
    case unexpectedToken = "KQS006"
    /// An invalid escape sequence in a string literal.
    case invalidEscapeSequence = "KQS007"
    /// Brackets nested deeper than the parser's limit.
    case nestingTooDeep = "KQS008"
    /// Too many chained operators, terms or pipe stages in one unparenthesised chain.
    case chainTooLong = "KQS009"
    /// Query text that is not valid UTF-8.
    case invalidUTF8 = "KQS010"

    // MARK: Binding (KQB)

    /// A table name that is neither a bound table, a let nor a view (or a union with no inputs).
    case unknownTable = "KQB001"
    /// A name or expression of the wrong kind: a table where a scalar is expected, a scalar or uncalled function where a table is.
    case tabularScalarMismatch = "KQB002"
    /// A name that is no column, variable or let in scope (incl. join keys missing from a side).
    case unknownName = "KQB003"
    /// A function argument of the wrong type or form: no overload takes these arguments.
    case argumentType = "KQB004"
    /// An unknown type name (in a cast, a schema, `datatable`, `parse`, `mv-expand to typeof`).
    case unknownType = "KQB005"
    /// An invalid regular expression.
    case invalidRegex = "KQB006"
    /// A typed literal whose text is not a value of its type (`datetime(nope)`).
    case invalidLiteral = "KQB007"
    /// A call with too many or too few arguments.
    case argumentCount = "KQB008"
    /// An aggregate function outside summarize, or a summarize item that is not an aggregate.
    case aggregateContext = "KQB009"
    /// A query or function body with no result expression.
    case missingResult = "KQB010"
    /// A row-order function (`prev`, `next`, `row_number`) on rows with no defined order.
    case unorderedRows = "KQB011"
    /// A call to a name that is not a visible function (incl. recursion, which KQL does not have).
    case recursiveCall = "KQB012"
    /// More function calls than the binder's limit after expanding functions.
    case tooManyExpansions = "KQB013"
    /// An unknown scalar, aggregate or tabular function.
    case unknownFunction = "KQB014"
    /// An `invoke` whose target is not a call of a function with a tabular first parameter.
    case invalidInvoke = "KQB015"
    /// A comparison of values of incompatible types (`cannot compare string with long`).
    case incomparableTypes = "KQB016"
    /// An operator, member access or index not defined for its operand types.
    case operandType = "KQB017"
    /// A `where` predicate that is not a bool.
    case predicateNotBool = "KQB018"
    /// Join keys of different types on the two sides.
    case joinKeyTypeMismatch = "KQB019"
    /// A malformed tabular operator parameter (kind=, flags, limits, names, range, make-series axis).
    case invalidOperatorArgument = "KQB020"
    /// A `datatable` with no columns, a ragged value list or a value that does not fit its column.
    case invalidDatatable = "KQB021"
    /// A `set` request property with an invalid value.
    case invalidRequestProperty = "KQB022"
    /// A tabular expression with no columns where a column is needed (`toscalar`, `in (T)`).
    case noColumns = "KQB023"
    /// `*` where no wildcard is allowed.
    case starNotAllowed = "KQB024"
    /// More nested expressions than the binder's limit after expanding functions and lets.
    case queryTooDeep = "KQB025"
    /// A `declare query_parameters` parameter with no value: the request gives none and it has no default.
    case missingQueryParameter = "KQB026"
    /// A tabular operator where Kusto does not allow it (a fork leg's join; fork or facet before another operator).
    case operatorNotAllowedHere = "KQB027"
    /// An `assert()` whose condition is false when the query is analysed (the message is the call's).
    case assertionFailed = "KQB028"

    // MARK: Unsupported (KQU)

    /// A tabular operator Quarry does not support (yet), e.g. `externaldata`.
    case unsupportedOperator = "KQU001"
    /// A statement Quarry does not support (yet), at top level or in a function body.
    case unsupportedStatement = "KQU002"
    /// A Kusto function (scalar, aggregate or tabular) Quarry does not support yet.
    case unsupportedFunction = "KQU003"
    /// A scalar operator Quarry does not support (`like`).
    case unsupportedScalarOperator = "KQU005"
    /// An `in` list form not supported yet (several tabular expressions; a run-time dynamic array mixed with a tabular expression or row values).
    case unsupportedList = "KQU006"
    /// A summarize or make-series aggregate form not supported (an aggregate call that is not a plain call, a multi-column aggregate such as arg_max inside a series).
    case unsupportedAggregateForm = "KQU007"
    /// An `evaluate` plugin Quarry does not support.
    case unsupportedPlugin = "KQU008"
    /// A join without keys or with a condition other than equality of columns.
    case unsupportedJoinCondition = "KQU009"
    /// A `range` that would produce more rows than Quarry builds.
    case rangeTooLarge = "KQU010"
    /// A subquery value (`toscalar`, `in`) where a bind-time constant is required.
    case nonConstantValue = "KQU011"
    /// A form of a supported operator not supported yet (bag_unpack without an output schema where no data is read: explain, check).
    case unsupportedOperatorForm = "KQU012"
    /// `*` as the argument of an aggregate that does not take it yet.
    case unsupportedStarArgument = "KQU013"

    // MARK: Run time (KQR)

    /// An unexpected internal error, reported with the error's own text.
    case internalError = "KQR000"
    /// Table data that does not match its declared schema.
    case schemaMismatch = "KQR001"
    /// A scanned table with no data bound to it.
    case unboundTable = "KQR002"
    /// The query was cancelled (Ctrl-C; the CLI exits 130).
    case cancelled = "KQR010"
    /// The query ran longer than its time limit (`--timeout`).
    case timeout = "KQR011"
    /// An operator needed more memory than the query's budget (`--max-memory`).
    case memoryBudgetExceeded = "KQR012"
    /// The result exceeded the truncation limits (records or bytes) without `set notruncation`.
    case resultTooLarge = "KQR013"
    /// `externaldata` could not get or parse its data (unreachable, HTTP status, not cached while offline, bad content).
    case externalDataFailed = "KQR014"
    /// A `partition` with the legacy strategy (the default) over more than 64 key values.
    case tooManyPartitions = "KQR015"
    /// An `evaluate` plugin passed one of its caps (sequence_detect's matches, the patterns basket, autocluster or diffpatterns examine).
    case pluginLimitExceeded = "KQR016"

    /// One line saying what the code means (the `///` line above each case).
    public var summary: String {
        switch self {
        case .unexpectedCharacter: "A byte that starts no token (a stray backquote, `#` after the first token, a control character)."
        case .unterminatedString: "A string literal not closed before the end of its line or of the query."
        case .invalidNumericLiteral: "A malformed or out-of-range numeric, hexadecimal or timespan literal."
        case .expectedToken: "A specific token or construct was expected here (`expected ';'`, `expected '=='`)."
        case .unknownOperator: "An unknown tabular operator after `|`, or one that cannot follow `|`."
        case .unexpectedToken: "A token that cannot start or continue a statement here."
        case .invalidEscapeSequence: "An invalid escape sequence in a string literal."
        case .nestingTooDeep: "Brackets nested deeper than the parser's limit."
        case .chainTooLong: "Too many chained operators, terms or pipe stages in one unparenthesised chain."
        case .invalidUTF8: "Query text that is not valid UTF-8."
        case .unknownTable: "A table name that is neither a bound table, a let nor a view (or a union with no inputs)."
        case .tabularScalarMismatch: "A name or expression of the wrong kind: a table where a scalar is expected, a scalar or uncalled function where a table is."
        case .unknownName: "A name that is no column, variable or let in scope (incl. join keys missing from a side)."
        case .argumentType: "A function argument of the wrong type or form: no overload takes these arguments."
        case .unknownType: "An unknown type name (in a cast, a schema, `datatable`, `parse`, `mv-expand to typeof`)."
        case .invalidRegex: "An invalid regular expression."
        case .invalidLiteral: "A typed literal whose text is not a value of its type (`datetime(nope)`)."
        case .argumentCount: "A call with too many or too few arguments."
        case .aggregateContext: "An aggregate function outside summarize, or a summarize item that is not an aggregate."
        case .missingResult: "A query or function body with no result expression."
        case .unorderedRows: "A row-order function (`prev`, `next`, `row_number`) on rows with no defined order."
        case .recursiveCall: "A call to a name that is not a visible function (incl. recursion, which KQL does not have)."
        case .tooManyExpansions: "More function calls than the binder's limit after expanding functions."
        case .unknownFunction: "An unknown scalar, aggregate or tabular function."
        case .invalidInvoke: "An `invoke` whose target is not a call of a function with a tabular first parameter."
        case .incomparableTypes: "A comparison of values of incompatible types (`cannot compare string with long`)."
        case .operandType: "An operator, member access or index not defined for its operand types."
        case .predicateNotBool: "A `where` predicate that is not a bool."
        case .joinKeyTypeMismatch: "Join keys of different types on the two sides."
        case .invalidOperatorArgument: "A malformed tabular operator parameter (kind=, flags, limits, names, range, make-series axis)."
        case .invalidDatatable: "A `datatable` with no columns, a ragged value list or a value that does not fit its column."
        case .invalidRequestProperty: "A `set` request property with an invalid value."
        case .noColumns: "A tabular expression with no columns where a column is needed (`toscalar`, `in (T)`)."
        case .starNotAllowed: "`*` where no wildcard is allowed."
        case .queryTooDeep: "More nested expressions than the binder's limit after expanding functions and lets."
        case .missingQueryParameter: "A `declare query_parameters` parameter with no value: the request gives none and it has no default."
        case .operatorNotAllowedHere: "A tabular operator where Kusto does not allow it (a fork leg's join; fork or facet before another operator)."
        case .assertionFailed: "An `assert()` whose condition is false when the query is analysed (the message is the call's)."
        case .unsupportedOperator: "A tabular operator Quarry does not support (yet), e.g. `externaldata`."
        case .unsupportedStatement: "A statement Quarry does not support (yet), at top level or in a function body."
        case .unsupportedFunction: "A Kusto function (scalar, aggregate or tabular) Quarry does not support yet."
        case .unsupportedScalarOperator: "A scalar operator Quarry does not support (`like`)."
        case .unsupportedList: "An `in` list form not supported yet (several tabular expressions; a run-time dynamic array mixed with a tabular expression or row values)."
        case .unsupportedAggregateForm: "A summarize or make-series aggregate form not supported (an aggregate call that is not a plain call, a multi-column aggregate such as arg_max inside a series)."
        case .unsupportedPlugin: "An `evaluate` plugin Quarry does not support."
        case .unsupportedJoinCondition: "A join without keys or with a condition other than equality of columns."
        case .rangeTooLarge: "A `range` that would produce more rows than Quarry builds."
        case .nonConstantValue: "A subquery value (`toscalar`, `in`) where a bind-time constant is required."
        case .unsupportedOperatorForm: "A form of a supported operator not supported yet (bag_unpack without an output schema where no data is read: explain, check)."
        case .unsupportedStarArgument: "`*` as the argument of an aggregate that does not take it yet."
        case .internalError: "An unexpected internal error, reported with the error's own text."
        case .schemaMismatch: "Table data that does not match its declared schema."
        case .unboundTable: "A scanned table with no data bound to it."
        case .cancelled: "The query was cancelled (Ctrl-C; the CLI exits 130)."
        case .timeout: "The query ran longer than its time limit (`--timeout`)."
        case .memoryBudgetExceeded: "An operator needed more memory than the query's budget (`--max-memory`)."
        case .resultTooLarge: "The result exceeded the truncation limits (records or bytes) without `set notruncation`."
        case .externalDataFailed: "`externaldata` could not get or parse its data (unreachable, HTTP status, not cached while offline, bad content)."
        case .tooManyPartitions: "A `partition` with the legacy strategy (the default) over more than 64 key values."
        case .pluginLimitExceeded: "An `evaluate` plugin passed one of its caps (sequence_detect's matches, the patterns basket, autocluster or diffpatterns examine)."
        }
    }
}
