import KQLColumns
import KQLRegex
import KQLSyntax

extension Binder {
    /// `parse [kind=simple|regex|relaxed] [flags=...] expr with * "lit" Name:type ...` (and parse-where).
    func bindParse(parameters: [OperatorParameter], source: Expr, pattern: [ParsePatternElement], isWhere: Bool,
                   input: LogicalPlan, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        var kind = "simple"
        var flags = ""
        for p in parameters {
            switch p.name {
            case "kind":
                guard case .name(let k) = p.value.kind, ["simple", "regex", "relaxed"].contains(k) else {
                    throw fail(.invalidOperatorArgument, "parse kind must be simple, regex or relaxed", p.value.span)
                }
                kind = k
            case "flags":
                guard case .name(let f) = p.value.kind else { throw fail(.invalidOperatorArgument, "parse flags must be letters such as Ui", p.value.span) }
                flags = f
            default: continue
            }
        }
        let bound = try bindScalar(source, schema: input.schema, scope: scope)
        var fields = input.schema.fields
        // Regex mode is greedy by default and `flags=U` makes it ungreedy (parse-operator.md, "Regex
        // mode with regex flags"), so `*` and string columns are `.*` there and the flags apply; typed
        // numbers always take all their digits. Simple mode stays lazy (each delimiter's first match).
        let isRegex = kind == "regex"
        if !isRegex, let f = parameters.first(where: { $0.name == "flags" }) {
            // The doc gives flags for kind=regex only; ignoring them elsewhere would answer wrongly.
            throw fail(.invalidOperatorArgument, "parse flags= applies to kind=regex only", f.value.span)
        }
        let relaxed = kind == "relaxed"
        let anything = isRegex ? ".*" : ".*?"
        // Relaxed mode (parse-operator.md, "Relaxed mode"): a typed column may match partially or
        // not at all — its value is what its type's pattern matched at the start (null when
        // nothing converts), and the text up to the next delimiter is skipped; delimiters must
        // still all match. So a number is `(re)?` then a lazy skip, and a failed conversion gives
        // null in that column instead of failing the row.
        let number = { (re: String, last: Bool) -> String in
            if relaxed { return "(\(re))?" + (last ? ".*" : ".*?") }
            return isRegex && flags.contains("U") ? "((?-U:\(re)))" : "(\(re))"
        }
        var regex = isRegex && !flags.isEmpty ? "(?\(flags))^" : "^"
        var columns: [(output: Int, type: KQLType, group: Int)] = []
        for (i, el) in pattern.enumerated() {
            let isLast = i == pattern.count - 1
            switch el {
            case .literal(let text, _):
                regex += kind == "regex" ? "(?:\(text))" : escapeRegex(text)
            case .star:
                regex += isLast ? ".*" : anything
            case .column(let name, let typeName, let span):
                let type: KQLType
                if let typeName {
                    guard let t = KQLType(name: typeName) else { throw fail(.unknownType, "unknown type '\(typeName)'", span) }
                    type = t
                } else { type = .string }
                // The column's group number: a regex-mode literal may hold capture groups of its own.
                let group = isRegex ? ((try? CompiledRegex(regex))?.captureCount ?? 0) + 1 : columns.count + 1
                switch type {
                case .int, .long: regex += number("-?\\d+", isLast)
                case .real: regex += number("-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?", isLast)
                default: regex += isLast ? "(.*)" : "(\(anything))"
                }
                let output: Int
                if let j = fields.firstIndex(where: { $0.name == name }) { fields[j] = Field(name, type); output = j } else {
                    fields.append(Field(name, type)); output = fields.count - 1
                }
                columns.append((output, type, group))
            }
        }
        let compiled: CompiledRegex
        do { compiled = try RegexCache.compiled(regex) } catch let e as RegexSyntaxError {
            throw fail(.invalidRegex, "parse pattern is not a valid regular expression: \(e.message)", op.span)
        }
        return .parse(.init(input: input, source: bound, regex: compiled, columns: columns, relaxed: relaxed, dropUnmatched: isWhere, schema: Schema(fields)))
    }
}


/// The text as a regex matching it literally.
func escapeRegex(_ s: String) -> String {
    var out = ""
    for ch in s.unicodeScalars {
        if "\\^$.|?*+()[]{}".unicodeScalars.contains(ch) { out.append("\\") }
        out.unicodeScalars.append(ch)
    }
    return out
}
