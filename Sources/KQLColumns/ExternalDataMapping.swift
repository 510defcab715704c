/// `externaldata`'s `ingestionMapping` for the JSON formats (`json`, `multijson`), parsed and
/// checked once against the declared columns (the engine at bind time, for errors at the
/// property; QuarryIO applies it per record). Shared like `ExternalDataFormat`.
///
/// The mapping (Kusto's mappings.md and json-mapping.md) is a JSON array with one element per
/// column: `{"Column": "name", "Properties": {"Path": "$.a.b"}}`, keys matched case-insensitively
/// (the pages write both `"Column"`/`"Path"` and `"column"`/`"path"`). Also accepted:
/// `"Datatype"` when it names the declared type (mappings.md: it only matters when ingestion
/// creates the column, and externaldata's columns are declared); a `"path"` beside `"column"`
/// instead of inside `"Properties"` (the older form ingest-json-formats.md still shows);
/// `"Transform"`/`"ConstValue"` set to JSON null (absent); one trailing comma before the closing
/// `]` (mappings.md's own examples and published hunts have one).
///
/// Paths: the JSONPath subset of jsonpath.md, `$` (the whole record), `.name`, `['name']`,
/// `["name"]` (also after a dot, `$.['name']`, as json-mapping.md writes it) and `[n]` (0-based).
/// A step that finds nothing (a missing property, an index past the end, a property of a
/// non-object) gives null. In particular a property step on an array gives null, not the
/// property of every element: jsonpath.md defines `.name` as selecting a property "in a parent
/// object" and says wildcards are not supported, and ingest-json-formats.md ingests records
/// holding arrays whole and expands them with `mv-expand` (a mapping yields one value per
/// record). So `$.values.name` over `{"values":[{"name":…}]}` is null; `$.values[0].name` is the
/// first element's.
///
/// Errors (`Failure`, never a silent guess): not JSON, not an array of objects, a declared column
/// without an entry, a column mapped twice or not declared, a missing Path, a Path outside the
/// subset (wildcards, recursion, filters, slices, negative indexes; a Path not starting with `$`,
/// which Kusto reads as a constant), `Transform`, `ConstValue` and any other key.
public struct ExternalDataMapping: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// Per declared column, in schema order, the path's steps from the record (`[]` is `$`).
    public let paths: [[Step]]
    /// Per declared column, the Path as written (for `explain`).
    public let pathTexts: [String]

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        /// A Kusto feature Quarry does not implement (Transform, ConstValue, constant paths, …),
        /// rather than a mistake in the mapping.
        public var unsupported: Bool
        public init(_ message: String, unsupported: Bool = false) { self.message = message; self.unsupported = unsupported }
        public var description: String { message }
    }

    public init(paths: [[Step]], pathTexts: [String]) {
        self.paths = paths
        self.pathTexts = pathTexts
    }

    static let example = #"[{"Column":"a","Properties":{"Path":"$.a"}}]"#

    /// Parses `text` for the declared columns of `schema` (see the type's comment).
    public static func parse(_ text: String, schema: Schema) throws(Failure) -> ExternalDataMapping {
        let root = try parseJSON(text)
        guard case .array(let items) = root else {
            throw Failure("ingestionMapping must be a JSON array of column mappings such as \(example)")
        }
        var paths: [[Step]?] = Array(repeating: nil, count: schema.fields.count)
        var texts: [String] = Array(repeating: "", count: schema.fields.count)
        for (n, item) in items.enumerated() {
            let at = "ingestionMapping element \(n + 1)"
            guard case .object(let bag) = item else {
                throw Failure("\(at) is not a JSON object; each element maps one column, as \(example)")
            }
            var column: String? = nil, datatype: String? = nil, path: String? = nil
            var properties: PropertyBag? = nil, seen = Set<String>()
            for (key, value) in zip(bag.keys, bag.values) {
                let lower = key.lowercased()
                guard seen.insert(lower).inserted else { throw Failure("\(at) has the key '\(key)' twice") }
                switch lower {
                case "column":
                    guard case .string(let s) = value, !s.isEmpty else { throw Failure("\(at): \"Column\" must be a column name (a non-empty string)") }
                    column = s
                case "datatype":
                    switch value {
                    case .null: break
                    case .string(let s): datatype = s.isEmpty ? nil : s
                    default: throw Failure("\(at): \"Datatype\" must be a type name (a string)")
                    }
                case "properties":
                    switch value {
                    case .null: break
                    case .object(let p): properties = p
                    default: throw Failure("\(at): \"Properties\" must be a JSON object such as {\"Path\":\"$.a\"}")
                    }
                case "path":
                    guard case .string(let s) = value else { throw Failure("\(at): \"Path\" must be a string such as \"$.a\"") }
                    path = s
                default:
                    try checkUnsupported(key, value, at: at)
                }
            }
            if let p = properties {
                var seenProperty = Set<String>()
                for (key, value) in zip(p.keys, p.values) {
                    let lower = key.lowercased()
                    guard seenProperty.insert(lower).inserted else { throw Failure("\(at): \"Properties\" has the key '\(key)' twice") }
                    if lower == "path" {
                        guard path == nil else { throw Failure("\(at) gives \"Path\" twice (beside \"Column\" and in \"Properties\")") }
                        guard case .string(let s) = value else { throw Failure("\(at): \"Path\" must be a string such as \"$.a\"") }
                        path = s
                    } else {
                        try checkUnsupported(key, value, at: at)
                    }
                }
            }
            guard let name = column else { throw Failure("\(at) has no \"Column\"") }
            guard let index = schema.index(of: name) else {
                var message = "ingestionMapping maps column '\(name)', which externaldata does not declare"
                if let other = schema.names.first(where: { $0.lowercased() == name.lowercased() }) {
                    message += " (column names are case-sensitive: did you mean '\(other)'?)"
                }
                throw Failure(message)
            }
            guard paths[index] == nil else { throw Failure("ingestionMapping maps column '\(name)' twice") }
            if let d = datatype {
                guard let t = KQLType(name: d) else { throw Failure("ingestionMapping: unknown Datatype '\(d)' for column '\(name)'") }
                let declared = schema.fields[index].type
                guard t == declared else {
                    throw Failure("ingestionMapping gives column '\(name)' the Datatype '\(d)', but externaldata declares it \(declared.rawValue)")
                }
            }
            guard let p = path else {
                throw Failure("ingestionMapping: the mapping of column '\(name)' has no \"Path\" (such as {\"Path\":\"$.\(name)\"})")
            }
            paths[index] = try parsePath(p)
            texts[index] = trimmed(p)
        }
        var result: [[Step]] = []
        result.reserveCapacity(paths.count)
        for (i, p) in paths.enumerated() {
            guard let p else {
                throw Failure("externaldata declares column '\(schema.fields[i].name)' but ingestionMapping has no element for it (every declared column needs one)")
            }
            result.append(p)
        }
        return ExternalDataMapping(paths: result, pathTexts: texts)
    }

    /// The mapping's JSON; one trailing comma before the final `]` is tolerated.
    private static func parseJSON(_ text: String) throws(Failure) -> DynamicValue {
        let firstError: Error
        do { return try JSON.parse(text) } catch { firstError = error }
        let bytes = Array(text.utf8.reversed().drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }).reversed())
        if bytes.last == UInt8(ascii: "]") {
            var i = bytes.count - 2
            while i >= 0, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i -= 1 }
            if i >= 0, bytes[i] == UInt8(ascii: ",") {
                var fixed = bytes
                fixed.remove(at: i)
                if let v = try? JSON.parse(fixed) { return v }
            }
        }
        throw Failure("ingestionMapping is not valid JSON (\(firstError))")
    }

    /// Keys Kusto knows that Quarry does not implement: null is absent, anything else an error.
    private static func checkUnsupported(_ key: String, _ value: DynamicValue, at: String) throws(Failure) {
        switch key.lowercased() {
        case "transform", "constvalue":
            if value == .null { return }
            throw Failure("\(at): \"\(key)\" is not supported; Quarry maps JSON columns by \"Path\" only", unsupported: true)
        default:
            throw Failure("\(at): unknown key '\(key)'; a JSON mapping element has \"Column\", \"Datatype\" and \"Properties\" with \"Path\"")
        }
    }

    private static func trimmed(_ s: String) -> String {
        func space(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" }
        guard let a = s.firstIndex(where: { !space($0) }), let b = s.lastIndex(where: { !space($0) }) else { return "" }
        return String(s[a...b])
    }

    /// Parses a Path in the supported JSONPath subset (see the type's comment).
    public static func parsePath(_ text: String) throws(Failure) -> [Step] {
        let path = trimmed(text)
        let c = Array(path.unicodeScalars)
        func bad(_ why: String, unsupported: Bool = true) -> Failure {
            Failure("ingestionMapping Path '\(path)': \(why); Quarry supports $, .name, ['name'] and [index]", unsupported: unsupported)
        }
        guard c.first == "$" else {
            if c.isEmpty { throw bad("empty", unsupported: false) }
            throw bad("does not start with '$' (Kusto reads such a Path as a constant value, which Quarry does not support)")
        }
        var steps: [Step] = []
        var i = 1
        while i < c.count {
            switch c[i] {
            case ".":
                i += 1
                guard i < c.count else { throw bad("ends with '.'", unsupported: false) }
                if c[i] == "[" { continue }   // `$.['name']` (json-mapping.md)
                if c[i] == "." { throw bad("recursive descent ('..') is not supported") }
                var name = ""
                while i < c.count, c[i] != ".", c[i] != "[" {
                    let ch = c[i]
                    if ch == "*" { throw bad("wildcards are not supported") }
                    if ch == "]" || ch == "'" || ch == "\"" || ch == "(" || ch == ")" || ch == "?" || ch == "@" || ch == ","
                        || ch == " " || ch == "\t" || ch == "\n" || ch == "\r" {
                        throw bad("'\(ch)' in a property name (write such names as ['name'])", unsupported: false)
                    }
                    name.unicodeScalars.append(ch)
                    i += 1
                }
                steps.append(.key(name))
            case "[":
                i += 1
                guard i < c.count else { throw bad("an unclosed '['", unsupported: false) }
                if c[i] == "'" || c[i] == "\"" {
                    let quote = c[i]
                    i += 1
                    var name = ""
                    while i < c.count, c[i] != quote {
                        if c[i] == "\\" { throw bad("escapes in a quoted name are not supported") }
                        name.unicodeScalars.append(c[i])
                        i += 1
                    }
                    guard i < c.count else { throw bad("an unclosed quote", unsupported: false) }
                    i += 1
                    guard i < c.count, c[i] == "]" else {
                        if i < c.count, c[i] == "," { throw bad("unions are not supported") }
                        throw bad("expected ']' after a quoted name", unsupported: false)
                    }
                    i += 1
                    steps.append(.key(name))
                } else {
                    var digits = ""
                    while i < c.count, c[i] != "]" { digits.unicodeScalars.append(c[i]); i += 1 }
                    guard i < c.count else { throw bad("an unclosed '['", unsupported: false) }
                    i += 1
                    guard !digits.isEmpty, digits.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) else {
                        if digits.contains("*") { throw bad("wildcards are not supported") }
                        if digits.hasPrefix("?") { throw bad("filters are not supported") }
                        if digits.contains(":") { throw bad("slices are not supported") }
                        if digits.contains(",") { throw bad("unions are not supported") }
                        if digits.hasPrefix("-") { throw bad("negative indexes are not supported") }
                        throw bad("'[\(digits)]' is not an index (0, 1, …) or a quoted name", unsupported: false)
                    }
                    guard let n = Int(digits) else { throw bad("the index \(digits) is too large", unsupported: false) }
                    steps.append(.index(n))
                }
            case "*":
                throw bad("wildcards are not supported")
            default:
                throw bad("unexpected '\(c[i])' after \(i == 1 ? "'$'" : "a step") (steps are .name, ['name'] or [index])", unsupported: false)
            }
        }
        return steps
    }

    /// The value at `steps` in a record (a JSON object); null where the path finds nothing.
    @inlinable
    public static func value(at steps: [Step], in record: PropertyBag) -> DynamicValue {
        guard let first = steps.first else { return .object(record) }
        guard case .key(let k) = first, var cur = record[k] else { return .null }
        var i = 1
        while i < steps.count {
            switch (steps[i], cur) {
            case (.key(let k), .object(let bag)):
                guard let v = bag[k] else { return .null }
                cur = v
            case (.index(let n), .array(let items)):
                guard n < items.count else { return .null }
                cur = items[n]
            default:
                return .null
            }
            i += 1
        }
        return cur
    }
}
