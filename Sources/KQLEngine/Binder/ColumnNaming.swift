import KQLColumns
import KQLSyntax

/// Column naming as Kusto does it: the name an unnamed expression's column takes in `extend`,
/// `project`, `summarize` (keys and aggregates), `distinct`, `make-series`, `print`; the generated
/// `ColumnN` names; and making names unique. The rules follow Kusto's own binder (Kusto.Language,
/// checked with the kusto-oracle over the hunting corpus: Tests/LogicTests/ResultSchemaOracleTests):
/// - a column reference keeps its name; `(x)` is `x`'s name;
/// - `a.b` and `a['b']`/`a[0]` on a dynamic value join the parts with `_` (`parse_json(E)[1].Name` →
///   `E_1_Name`); a non-literal index contributes nothing (`d[i]` → `d_`);
/// - a call is named by its function's naming kind (`ResultNaming`): conversions, rounding and
///   `bin`/`floor`/`startofday` take their first argument's name (`bin(T, 1h)` → `T`), `strlen(x)`
///   is `strlen_x`, `gettype(x)` is `type_x`; others (`tolower`, `strcat`, `startofweek`, ...) have
///   no name, so the column is `Column1`, `Column2`, ... — numbered across the whole query, skipping
///   names a `let` (or, in `extend`, an input column) already has;
/// - an argument written `Name = expr` is named `Name` (`toint(Compliant = dcountif(...))` → `Compliant`);
/// - aggregates: a prefix and the first argument's name (`countif(Flag)` → `countif_Flag`,
///   `make_set_if(x, p)` → `set_x`, `countif(a > 1)` → `countif_`); `percentile(x, 95)` →
///   `percentile_x_95`; `arg_max(T, e)` names an unnamed `e` `max_T_arg1`.
enum ResultNaming {
    /// The first argument's name (`tostring(x)` → `x`).
    case firstArgument
    /// The only argument's name; none with more arguments (`make_datetime`).
    case onlyArgument
    /// `prefix_` and the first argument's name (`strlen(x)` → `strlen_x`).
    case prefixed(String)
    /// A fixed name.
    case fixed(String)
    /// `column_ifexists("c", d)`: `c` when the row has a column `c`.
    case firstArgumentValueIfColumn

    /// Scalar functions that name their result (all others produce `ColumnN`).
    static let scalar: [String: ResultNaming] = {
        var m: [String: ResultNaming] = [:]
        for f in ["abs", "acos", "asin", "atan", "atan2", "bin", "bin_at", "bin_auto", "binary_and", "binary_not", "binary_or",
                  "binary_shift_left", "binary_shift_right", "binary_xor", "bitset_count_ones", "ceiling", "cos", "erf", "erfc",
                  "exp", "exp10", "exp2", "floor", "format_bytes", "format_datetime", "format_timespan", "gamma", "log", "log10",
                  "log2", "loggamma", "parse_csv", "parse_json", "parse_xml", "parsejson", "pow", "round", "series_fill_backward",
                  "series_fill_const", "series_fill_forward", "series_fill_linear", "series_fir", "series_iir", "series_outliers",
                  "sin", "split", "sqrt", "startofday", "tan", "tobool", "toboolean", "todatetime", "todecimal", "todouble",
                  "todynamic", "toguid", "tohex", "toint", "tolong", "toobject", "toreal", "tostring", "totime", "totimespan"] {
            m[f] = .firstArgument
        }
        m["make_datetime"] = .onlyArgument
        m["make_timespan"] = .onlyArgument
        for f in ["strlen", "string_size", "dcount_hll", "percentile_tdigest"] { m[f] = .prefixed(f) }
        m["gettype"] = .prefixed("type")
        m["repeat"] = .prefixed("repeat")
        m["treepath"] = .prefixed("tree")
        m["percentiles_array_tdigest"] = .prefixed("percentile_tdigest")
        m["ingestion_time"] = .fixed("$IngestionTime")
        m["hll_merge"] = .fixed("hll_merged_result")
        m["merge_tdigest"] = .fixed("tdigests_merge_result")
        m["tdigest_merge"] = .fixed("tdigests_merge_result")
        m["column_ifexists"] = .firstArgumentValueIfColumn
        m["columnifexists"] = .firstArgumentValueIfColumn
        return m
    }()

    /// Aggregates, by the name written in the query (`any` and `take_any` differ).
    static let aggregate: [String: ResultNaming] = {
        var m: [String: ResultNaming] = [:]
        for f in ["any", "anyif", "avg", "avgif", "cnt", "count", "count_distinct", "count_distinctif", "countif", "dcount", "dcountif", "hll", "hll_if", "hll_merge", "max", "maxif",
                  "min", "minif", "stdev", "stdevif", "stdevp", "sum", "sumif", "tdigest", "variance", "varianceif", "variancep",
                  "variancepif"] {
            m[f] = .prefixed(f)
        }
        m["make_bag"] = .prefixed("bag")
        m["make_bag_if"] = .prefixed("bag")
        m["make_dictionary"] = .prefixed("dictionary")
        for f in ["make_list", "make_list_if", "make_list_with_nulls", "makelist"] { m[f] = .prefixed("list") }
        for f in ["make_set", "make_set_if", "makeset"] { m[f] = .prefixed("set") }
        m["merge_tdigest"] = .prefixed("merge_tdigests")
        m["tdigest_merge"] = .prefixed("merge_tdigests")
        m["buildschema"] = .prefixed("schema")
        for f in ["take_anyif", "binary_all_and", "binary_all_or", "binary_all_xor"] { m[f] = .firstArgument }
        return m
    }()
}

extension Binder {
    /// Kusto's name for the column an unnamed expression produces; nil when Kusto generates one
    /// (`ColumnN`, see `defaultColumnName`). `aggregates`: calls may be aggregates (summarize).
    /// `row`: the input columns (for `column_ifexists`).
    func resultName(_ e: Expr, row: Schema? = nil, aggregates: Bool = false) -> String? {
        switch e.kind {
        case .name(let n): return n
        case .paren(let x): return resultName(x, row: row, aggregates: aggregates)
        case .member(let base, let m):
            // `$left.x` / `$right.x` name the column itself.
            if case .name(let b) = base.kind, b == "$left" || b == "$right" { return m }
            return joined(resultName(base), m)
        case .index(let base, let idx):
            var selector: String?
            switch idx.kind {
            case .literal(.string(let s)): selector = s
            case .literal(.long(let n)): selector = String(n)
            case .literal(.typed(let t, let text)) where t == "int" || t == "long": selector = text
            default: selector = nil
            }
            return joined(resultName(base), selector ?? "")
        case .call(let fn, _, let args):
            let lower = fn.lowercased()
            let naming: ResultNaming?
            if aggregates, FunctionRegistry.aggregateByName[lower] != nil || ResultNaming.aggregate[lower] != nil {
                return aggregateResultName(lower, args)
            } else {
                naming = ResultNaming.scalar[lower]
            }
            return callName(naming, args, row: row, aggregates: aggregates)
        default:
            return nil
        }
    }

    /// The name of an argument: its `Name =` if written, else its expression's name.
    func resultName(_ a: Argument, row: Schema? = nil, aggregates: Bool = false) -> String? {
        a.name ?? resultName(a.value, row: row, aggregates: aggregates)
    }

    /// `left_right`, or `right` when the left part has no name.
    private func joined(_ left: String?, _ right: String) -> String {
        guard let left, !left.isEmpty else { return right }
        return "\(left)_\(right)"
    }

    private func callName(_ naming: ResultNaming?, _ args: [Argument], row: Schema?, aggregates: Bool = false) -> String? {
        switch naming {
        case .firstArgument?:
            return args.first.flatMap { resultName($0, row: row, aggregates: aggregates) }
        case .onlyArgument?:
            return args.count == 1 ? resultName(args[0], row: row, aggregates: aggregates) : nil
        case .prefixed(let p)?:
            return "\(p)_" + (args.first.flatMap { resultName($0, row: row, aggregates: aggregates) } ?? "")
        case .fixed(let n)?:
            return n
        case .firstArgumentValueIfColumn?:
            if let first = args.first, case .literal(.string(let c)) = first.value.kind, row?.index(of: c) != nil { return c }
            return nil
        case nil:
            return nil
        }
    }

    /// The column name of an unnamed aggregate call (for the single-column aggregates; `arg_max`,
    /// `take_any(*)` and `percentiles` name their columns themselves). Nil: a generated `ColumnN`.
    func aggregateResultName(_ fn: String, _ args: [Argument]) -> String? {
        let fn = fn.lowercased()
        if let naming = ResultNaming.aggregate[fn] { return callName(naming, args, row: nil) }
        switch fn {
        case "percentile", "percentilew":
            // percentile_x_95, percentile_x_99_9; percentilew(x, w, p) names the value and p.
            let valueName = args.first.flatMap { resultName($0) } ?? ""
            guard let p = args.last, args.count >= 2 else { return "percentile_\(valueName)" }
            return "percentile_\(valueName)_\(nameFragment(literalText(p.value)))"
        case "covariance", "covarianceif", "covariancep", "covariancepif":
            // covariance_x_y: both series' names, as the four pages' outputs show.
            return ([fn] + args.prefix(2).map { resultName($0) ?? "" }).joined(separator: "_")
        case "take_any":
            return args.first.flatMap { resultName($0) } ?? "any_arg0"
        case "arg_max", "arg_min":
            return args.first.flatMap { resultName($0) } ?? (fn == "arg_max" ? "max_" : "min_")
        default:
            if let f = FunctionRegistry.aggregateByName[fn] { return f.defaultName(args.map { resultName($0) }) }
            return nil
        }
    }

    /// A constant's text as Kusto prints it in a name (`95`, `99.9`).
    private func literalText(_ e: Expr) -> String {
        switch e.kind {
        case .literal(.long(let n)): return String(n)
        case .literal(.real(let d)):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .literal(.typed(_, let text)): return text
        case .paren(let x): return literalText(x)
        case .unary(.negate, let x): return "-" + literalText(x)
        default: return ""
        }
    }

    /// Every character that is not a letter or digit becomes `_` (`99.5` → `99_5`).
    func nameFragment(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The next generated name `ColumnN`. Kusto numbers them across the whole query and skips a
    /// name a `let` in scope has, and (in `extend`, given `row`) a name an input column has.
    func defaultColumnName(scope: Scope, row: Schema? = nil) -> String {
        while true {
            let name = "Column\(defaultColumnSuffix)"
            defaultColumnSuffix += 1
            if scope.lets[name] == nil && row?.index(of: name) == nil { return name }
        }
    }
}

/// Kusto's unique-name table: a name already taken gets the next unused numeric suffix (`x`, `x1`,
/// `x2`; `x1` taken too → `x2`), counting on from the last suffix given for that name.
struct UniqueNames {
    private var lastSuffix: [String: Int] = [:]

    init(_ names: [String] = []) { for n in names where lastSuffix[n] == nil { lastSuffix[n] = 0 } }

    func contains(_ name: String) -> Bool { lastSuffix[name] != nil }

    /// `name` if free (and now taken), else a new `nameK`.
    mutating func take(_ name: String) -> String {
        guard let last = lastSuffix[name] else { lastSuffix[name] = 0; return name }
        var k = last + 1
        while lastSuffix["\(name)\(k)"] != nil { k += 1 }
        lastSuffix[name] = k
        lastSuffix["\(name)\(k)"] = 0
        return "\(name)\(k)"
    }

    /// Marks a name taken without renaming it.
    mutating func add(_ name: String) { if lastSuffix[name] == nil { lastSuffix[name] = 0 } }
}
