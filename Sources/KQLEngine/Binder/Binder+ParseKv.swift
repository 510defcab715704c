import KQLColumns
import KQLRegex
import KQLSyntax

extension Binder {
    /// `parse-kv Expr as (Key:type, ...) [with (option = value, ...)]` (parse-kv-operator.md).
    ///
    /// The options select one of the page's three forms, and anything else is an error at the
    /// option's name or value: `pair_delimiter` and `kv_delimiter` together (with `quote`,
    /// `escape`, `greedy`), or only `quote`/`escape` (or nothing: the nonspecified-delimiter
    /// form), or `regex` alone. Values are literals, as Kusto's parser requires (strings; `greedy`
    /// a bool); option names are case-sensitive, as Kusto's are. The keys' columns replace input
    /// columns of the same name in place (as `parse` does), else are appended in the listed order.
    func bindParseKv(source: Expr, keys: [TypedName], options: [Assignment], input: LogicalPlan,
                     op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        let bound = try bindScalar(source, schema: input.schema, scope: scope)
        var fields = input.schema.fields
        var columns: [(output: Int, type: KQLType)] = []
        var names: [String] = []
        for k in keys {
            guard k.name != "*" else { throw fail(.starNotAllowed, "parse-kv needs the keys named, with their types (Key:type)", k.span) }
            guard let t = KQLType(name: k.type) else { throw fail(.unknownType, "unknown type '\(k.type)'", k.span) }
            guard !names.contains(k.name) else { throw fail(.invalidOperatorArgument, "parse-kv lists the key '\(k.name)' twice", k.span) }
            names.append(k.name)
            if let j = fields.firstIndex(where: { $0.name == k.name }) {
                fields[j] = Field(k.name, t)
                columns.append((j, t))
            } else {
                fields.append(Field(k.name, t))
                columns.append((fields.count - 1, t))
            }
        }

        // The options as written: each one's value checked, then how they combine.
        var pair: (value: [UInt8], at: Span)? = nil
        var kv: (value: [UInt8], at: Span)? = nil
        var greedy: (value: Bool, at: Span)? = nil
        var regex: (value: CompiledRegex, at: Span)? = nil
        var quotes: [KeyValueQuote] = []
        var escapes: [[UInt8]] = []
        var escapeAt: Span? = nil
        for o in options {
            let name = o.names.first ?? ""
            let at = o.nameSpan ?? o.value.span
            func once<T>(_ v: T?) throws {
                if v != nil { throw fail(.invalidOperatorArgument, "parse-kv option '\(name)' is given twice", at) }
            }
            switch name {
            case "pair_delimiter":
                try once(pair)
                pair = (try delimiterText(o.value, name), at)
            case "kv_delimiter":
                try once(kv)
                kv = (try delimiterText(o.value, name), at)
            case "quote":
                let s = try stringLiteral(o.value, name)
                let chars = Array(s.unicodeScalars)
                guard chars.count == 1 || chars.count == 2, let open = chars.first, let close = chars.last else {
                    throw fail(.invalidOperatorArgument, "parse-kv: quote must be one character (the same opening and closing quote) or two (opening, then closing), as in quote='\"' or quote='()'", o.value.span)
                }
                quotes.append(KeyValueQuote(open: Array(String(open).utf8), close: Array(String(close).utf8)))
            case "escape":
                let s = try stringLiteral(o.value, name)
                guard s.unicodeScalars.count == 1 else {
                    throw fail(.invalidOperatorArgument, "parse-kv: escape must be one character, as in escape='\\\\'", o.value.span)
                }
                escapes.append(Array(s.utf8))
                escapeAt = escapeAt ?? at
            case "greedy":
                try once(greedy)
                guard case .literal(.bool(let b)) = o.value.kind else {
                    throw fail(.invalidOperatorArgument, "parse-kv: greedy must be true or false", o.value.span)
                }
                greedy = (b, at)
            case "regex":
                try once(regex)
                regex = (try keyValueRegex(o.value), at)
            default:
                throw fail(.invalidOperatorArgument, "unknown parse-kv option '\(name)'; the options are pair_delimiter, kv_delimiter, quote, escape, greedy and regex", at)
            }
        }

        let mode: KeyValueMode
        if let regex {
            // The regex form takes no other option.
            let others = options.filter { $0.names.first != "regex" }
            if let other = others.first {
                throw fail(.invalidOperatorArgument, "parse-kv: '\(other.names.first ?? "")' cannot be combined with regex (the regex form takes the regex alone)", other.nameSpan ?? other.value.span)
            }
            mode = .regex(regex.value)
        } else if let pair, let kv {
            guard pair.value != kv.value else {
                throw fail(.invalidOperatorArgument, "parse-kv: kv_delimiter must differ from pair_delimiter", kv.at)
            }
            mode = .delimited(pair: pair.value, kv: kv.value, greedy: greedy?.value ?? false)
        } else if let given = pair ?? kv {
            let (has, lacks) = pair != nil ? ("pair_delimiter", "kv_delimiter") : ("kv_delimiter", "pair_delimiter")
            throw fail(.invalidOperatorArgument, "parse-kv: \(has) needs \(lacks) too (the specified-delimiter form gives both)", given.at)
        } else {
            if let greedy {
                throw fail(.invalidOperatorArgument, "parse-kv: greedy applies to the specified-delimiter form; give pair_delimiter and kv_delimiter too", greedy.at)
            }
            mode = .words
        }
        if let escapeAt, quotes.isEmpty {
            throw fail(.invalidOperatorArgument, "parse-kv: escape applies inside quoted values; give quote too", escapeAt)
        }
        let extractor = KeyValueExtractor(mode: mode, keys: names.map { Array($0.utf8) }, quotes: quotes, escapes: escapes)
        return .parseKv(.init(input: input, source: bound, extractor: extractor, columns: columns, schema: Schema(fields)))
    }

    /// A string literal option value (Kusto's parser takes no other expression there).
    private func stringLiteral(_ e: Expr, _ option: String) throws -> String {
        guard case .literal(.string(let s)) = e.kind else {
            throw fail(.invalidOperatorArgument, "parse-kv: \(option) must be a string literal", e.span)
        }
        return s
    }

    private func delimiterText(_ e: Expr, _ option: String) throws -> [UInt8] {
        let s = try stringLiteral(e, option)
        guard !s.isEmpty else { throw fail(.invalidOperatorArgument, "parse-kv: \(option) must not be empty", e.span) }
        return Array(s.utf8)
    }

    /// The `regex=` pattern, compiled: it must have exactly two capturing groups (key, value).
    private func keyValueRegex(_ e: Expr) throws -> CompiledRegex {
        let pattern = try stringLiteral(e, "regex")
        let compiled: CompiledRegex
        do { compiled = try RegexCache.compiled(pattern) } catch let err as RegexSyntaxError {
            if let src = session.source, let at = StringLiteralMap.sourceOffset(ofDecoded: err.offset, literalAt: e.span, in: src) {
                throw fail(.invalidRegex, "parse-kv: invalid regular expression: \(err.message)", Span(at, at + 1))
            }
            throw fail(.invalidRegex, "parse-kv: invalid regular expression: \(err.message) (at offset \(err.offset) of the pattern)", e.span)
        }
        guard compiled.captureCount == 2 else {
            throw fail(.invalidOperatorArgument, "parse-kv: the regex must have exactly two capturing groups (the key, then the value), not \(compiled.captureCount)", e.span)
        }
        return compiled
    }
}
