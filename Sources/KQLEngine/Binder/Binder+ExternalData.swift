import KQLColumns
import KQLSyntax

extension Binder {
    /// `externaldata (a: type, …) [url, …] with (format=…, ignoreFirstRecord=…)`: the declared
    /// columns, the URLs (string constants: literals, `h@` literals, lets, `--set` parameters)
    /// and the properties, checked now; nothing is fetched (the executor asks the host's
    /// `ExternalDataProvider`). Property names match case-insensitively, as hunts write
    /// `ignorefirstrecord`; an unknown property or format is an error naming it, a Kusto one
    /// Quarry cannot honour (`ingestionMappingReference`, `parquet`, …) an unsupported one.
    /// `zipPattern` is a glob over the archive's paths (the docs' example is `*.csv`).
    /// `ingestionMapping` (a string constant: a JSON array of `{"Column":…,"Properties":{"Path":"$…"}}`)
    /// is parsed here once (`ExternalDataMapping`: every declared column mapped exactly once, paths
    /// in the JSONPath subset `$`, `.name`, `['name']`, `[n]`; a property through an array without an
    /// index is null); it needs the json or multijson format, given or (without `format`) by every
    /// URL's extension. Its errors point at the property's value (a format mismatch at its name).
    func bindExternalData(columns: [TypedName], urls: [Expr], properties: [Assignment], op: QueryOperator,
                          scope: Scope) throws -> LogicalPlan {
        var fields: [Field] = []
        var seen = Set<String>()
        for c in columns {
            guard let t = KQLType(name: c.type) else { throw fail(.unknownType, "unknown type '\(c.type)'", c.span) }
            guard seen.insert(c.name).inserted else {
                throw fail(.invalidOperatorArgument, "externaldata declares column '\(c.name)' twice", c.span)
            }
            fields.append(Field(c.name, t))
        }
        guard !fields.isEmpty else { throw fail(.invalidOperatorArgument, "externaldata needs at least one column", op.keywordSpan) }
        guard !urls.isEmpty else { throw fail(.invalidOperatorArgument, "externaldata needs at least one storage URL", op.keywordSpan) }
        var texts: [String] = []
        for u in urls {
            guard case .string(let s) = try constant(u, scope: scope), !s.isEmpty else {
                throw fail(.invalidOperatorArgument, "externaldata: a storage URL must be a non-empty string constant", u.span)
            }
            let lower = s.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
                throw fail(.unsupportedOperatorForm, "externaldata: Quarry reads http(s) URLs only, not '\(ExternalDataFormat.displayURL(s))' (map other storage to a local file with --external URL=PATH)", u.span)
            }
            texts.append(s)
        }
        var format: ExternalDataFormat? = nil
        var ignoreFirstRecord = false
        var zipPattern: String? = nil
        var mapping: (text: String, nameSpan: Span, valueSpan: Span)? = nil
        var given = Set<String>()
        for p in properties {
            let name = p.names.first ?? ""
            let span = p.nameSpan ?? p.value.span
            guard given.insert(name.lowercased()).inserted else {
                throw fail(.invalidOperatorArgument, "externaldata property '\(name)' is given twice", span)
            }
            switch name.lowercased() {
            case "format":
                let text: String
                if case .name(let word) = p.value.kind {
                    text = word   // `format=csv`
                } else if case .string(let s) = try constant(p.value, scope: scope) {
                    text = s
                } else {
                    throw fail(.invalidOperatorArgument, "externaldata: format must be a format name such as \"csv\"", p.value.span)
                }
                let lower = text.lowercased()
                if let f = ExternalDataFormat(rawValue: lower) {
                    format = f
                } else if ExternalDataFormat.unsupportedNames.contains(lower) {
                    throw fail(.unsupportedOperatorForm, "externaldata format '\(text)' is not supported; Quarry reads \(Self.externalFormatList)", p.value.span)
                } else {
                    throw fail(.invalidOperatorArgument, "unknown externaldata format '\(text)'; use one of \(Self.externalFormatList)", p.value.span)
                }
            case "ignorefirstrecord":
                let v: Value
                if case .name(let word) = p.value.kind { v = .string(word) } else { v = try constant(p.value, scope: scope) }
                switch v {
                case .bool(let b): ignoreFirstRecord = b
                case .string(let s) where s.lowercased() == "true": ignoreFirstRecord = true
                case .string(let s) where s.lowercased() == "false": ignoreFirstRecord = false
                default: throw fail(.invalidOperatorArgument, "externaldata: ignoreFirstRecord must be true or false", p.value.span)
                }
            case "zippattern":
                guard case .string(let s) = try constant(p.value, scope: scope), !s.isEmpty else {
                    throw fail(.invalidOperatorArgument, "externaldata: zipPattern must be a non-empty string such as \"*.csv\"", p.value.span)
                }
                zipPattern = s
            case "ingestionmapping":
                guard case .string(let s) = try constant(p.value, scope: scope) else {
                    throw fail(.invalidOperatorArgument, "externaldata: ingestionMapping must be a string holding a JSON array such as '[{\"Column\":\"a\",\"Properties\":{\"Path\":\"$.a\"}}]'", p.value.span)
                }
                mapping = (s, span, p.value.span)
            case "ingestionmappingreference", "compressed", "validationpolicy",
                 "creationtime", "tags", "ignoresizelimit":
                throw fail(.unsupportedOperatorForm, "externaldata property '\(name)' is not supported; Quarry knows \(Self.externalPropertyList)", span)
            default:
                throw fail(.invalidOperatorArgument, "unknown externaldata property '\(name)'; Quarry knows \(Self.externalPropertyList)", span)
            }
        }
        let schema = Schema(fields)
        var ingestionMapping: ExternalDataMapping? = nil
        if let m = mapping {
            try checkMappingFormat(format, urls: texts, at: m.nameSpan)
            do {
                ingestionMapping = try ExternalDataMapping.parse(m.text, schema: schema)
            } catch {
                throw fail(error.unsupported ? .unsupportedOperatorForm : .invalidOperatorArgument, "externaldata: \(error.message)", m.valueSpan)
            }
        }
        return .externalData(.init(request: ExternalDataRequest(urls: texts, schema: schema, format: format,
                                                               ignoreFirstRecord: ignoreFirstRecord, zipPattern: zipPattern,
                                                               ingestionMapping: ingestionMapping),
                                      span: op.keywordSpan))
    }

    /// `ingestionMapping` is implemented for the JSON formats only (a CSV mapping's `Ordinal`s,
    /// Parquet's and the rest are other mapping kinds): `format` must be json or multijson, or,
    /// without it, every URL's extension must name one (a `.zip` names none: give `format`).
    private func checkMappingFormat(_ format: ExternalDataFormat?, urls: [String], at span: Span) throws {
        if let f = format {
            guard f == .json || f == .multijson else {
                throw fail(.unsupportedOperatorForm, "externaldata: ingestionMapping is supported for the json and multijson formats only, not '\(f.rawValue)'", span)
            }
            return
        }
        for url in urls {
            let f = ExternalDataFormat.detect(fromURL: url)
            guard f == .json || f == .multijson else {
                throw fail(.unsupportedOperatorForm, "externaldata: ingestionMapping is supported for the json and multijson formats only, and '\(ExternalDataFormat.displayURL(url))' reads as \(f.rawValue) by its extension; give format='multijson' or format='json'", span)
            }
        }
    }

    static let externalPropertyList = "format, ignoreFirstRecord, zipPattern and ingestionMapping"
    static let externalFormatList = ExternalDataFormat.allCases.map(\.rawValue).joined(separator: ", ")
}
