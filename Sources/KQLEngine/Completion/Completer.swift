import Foundation

/// The word being completed (from `start` to the cursor, in characters of the line) and what
/// may replace it.
public struct Completion: Equatable, Sendable {
    public var start: Int
    public var candidates: [String]

    public init(start: Int, candidates: [String]) { self.start = start; self.candidates = candidates }

    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let a = Array(w)
            var n = 0
            while n < prefix.count && n < a.count && prefix[n] == a[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }
}

/// Completion for the shell (Tab) and the server's query page (as you type), from what the
/// binder knows:
/// - right after `|`: the query operators the parser accepts;
/// - at the start of a statement (or of a parenthesized subquery): the bound tables and the
///   operators that start a query (`print`, `range`, `union`, …, and `let`);
/// - anywhere else: the columns of the input of the operator under the cursor (the schema of
///   the query up to its `|`, from the binder), then functions, tables and keywords. When the
///   query so far does not bind, the columns of its source table.
/// Inside a function call's parentheses the operator around the call decides. Names match by
/// prefix, case-sensitively first (KQL names are case-sensitive) and else case-insensitively.
public struct Completer {
    /// The names of the bound tables.
    public var tables: () -> [String]
    /// The result columns of a query (its text up to the `|` before the cursor), nil when it
    /// does not bind.
    public var columns: (String) -> [String]?
    /// Function names (scalar and aggregate, with aliases).
    public var functions: [String]

    public init(tables: @escaping () -> [String], columns: @escaping (String) -> [String]?, functions: [String]) {
        self.tables = tables; self.columns = columns; self.functions = functions
    }

    /// Every function name of the catalog (scalar and aggregate, with aliases), sorted.
    public static let catalogFunctionNames: [String] = Array(Set(FunctionCatalog.all.map(\.name))).sorted()

    /// A completer over a session's tables: columns from binding the query so far (schemas
    /// only, no data read), functions from the catalog.
    public init(session: QuerySession) {
        self.init(tables: { Array(session.tables.keys) },
                  columns: { query in
                      let r = session.checkSchema(query)
                      guard let s = r.schema, !r.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
                      return s.names
                  },
                  functions: Self.catalogFunctionNames)
    }

    /// The operators the parser accepts after `|` (Sources/KQLSyntax/Parser/Operators.swift;
    /// a test checks each against the parser).
    public static let pipeOperators = [
        "as", "consume", "count", "distinct", "evaluate", "extend", "facet", "filter", "fork", "getschema",
        "invoke", "join", "limit", "lookup", "make-series", "mv-apply", "mv-expand", "order", "parse", "parse-kv",
        "parse-where", "partition", "project", "project-away", "project-keep", "project-rename", "project-reorder",
        "reduce", "render", "sample", "sample-distinct", "scan", "search", "serialize", "sort", "summarize", "take",
        "top", "top-hitters", "top-nested", "union", "where",
    ]

    /// Words that start a query (besides table names).
    public static let startKeywords = ["datatable", "externaldata", "find", "let", "print", "range", "search", "set", "union"]

    /// Words inside operators: clauses, string and set operators, sort orders.
    public static let clauseKeywords = [
        "and", "asc", "between", "by", "contains", "contains_cs", "desc", "endswith", "endswith_cs", "has", "has_all",
        "has_any", "has_cs", "hasprefix", "hasprefix_cs", "hassuffix", "hassuffix_cs", "in", "kind", "matches", "nulls",
        "on", "or", "regex", "startswith", "startswith_cs", "with",
    ]

    /// Completes the word before `cursor` in `line`; `previousLines` are the lines of the query
    /// entered before this one (they give the context: tables, lets, pipes).
    public func complete(line: String, cursor: Int, previousLines: [String] = []) -> Completion {
        let chars = Array(line)
        let cur = min(max(0, cursor), chars.count)
        // The word with hyphens (operators such as project-away), and without (expressions).
        var hyphenStart = cur
        while hyphenStart > 0 && (Self.isNameChar(chars[hyphenStart - 1]) || chars[hyphenStart - 1] == "-") { hyphenStart -= 1 }
        while hyphenStart < cur && chars[hyphenStart] == "-" { hyphenStart += 1 }
        var start = cur
        while start > 0 && Self.isNameChar(chars[start - 1]) { start -= 1 }
        let prefixLines = previousLines.isEmpty ? "" : previousLines.joined(separator: "\n") + "\n"

        let beforeHyphenWord = prefixLines + String(chars[..<hyphenStart])
        if case .operatorName = Self.context(beforeHyphenWord) {
            let word = String(chars[hyphenStart..<cur])
            return Completion(start: hyphenStart, candidates: Self.matching(word, Self.pipeOperators))
        }
        let word = String(chars[start..<cur])
        let before = prefixLines + String(chars[..<start])
        // Case-insensitive matches only when no name of any kind matches exactly.
        let candidates: [String]
        switch Self.context(before) {
        case .none:
            candidates = []
        case .operatorName:
            candidates = Self.matching(word, Self.pipeOperators)
        case .queryStart:
            candidates = Self.matching(word, tables().sorted() + Self.startKeywords)
        case .expression(let input):
            var cols: [String] = []
            if let input { cols = columns(input.query) ?? input.source.flatMap { columns($0) } ?? [] }
            if word.isEmpty {
                candidates = cols   // every function would be hundreds of names
            } else {
                candidates = Self.matching(word, cols + functions.sorted() + tables().sorted() + Self.clauseKeywords)
            }
        }
        var seen = Set<String>()
        return Completion(start: start, candidates: candidates.filter { seen.insert($0).inserted })
    }

    static func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    static func matching(_ word: String, _ names: [String]) -> [String] {
        let exact = names.filter { $0.hasPrefix(word) }
        if !exact.isEmpty || word.isEmpty { return exact }
        let w = word.lowercased()
        return names.filter { $0.lowercased().hasPrefix(w) }
    }

    enum Context: Equatable {
        /// Inside a string or a comment: nothing to complete.
        case none
        case operatorName
        case queryStart
        /// An operator's clause; `input` is the query that feeds the operator (lets included)
        /// and its source table's name (the first word of that pipeline), if any.
        case expression(input: (query: String, source: String?)?)

        static func == (a: Context, b: Context) -> Bool {
            switch (a, b) {
            case (.none, .none), (.operatorName, .operatorName), (.queryStart, .queryStart): return true
            case (.expression(let x), .expression(let y)): return x?.query == y?.query && x?.source == y?.source
            default: return false
            }
        }
    }

    /// What the text before the word says the word is.
    static func context(_ text: String) -> Context {
        let c = Array(text)
        // Top-level statements (split at `;`), and for the last one, the open parentheses and
        // the pipes at each depth, skipping strings and comments.
        var statementStart = 0
        var opens: [Int] = []                       // positions of unclosed `(`
        var pipes: [[Int]] = [[]]                   // pipes per depth (0 = the statement)
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch == "/" && i + 1 < c.count && c[i + 1] == "/" {
                while i < c.count && c[i] != "\n" { i += 1 }
                if i >= c.count { return .none }   // the word is in a comment
                continue
            }
            if ch == "'" || ch == "\"" {
                let verbatim = i > 0 && c[i - 1] == "@"
                i += 1
                while i < c.count && c[i] != ch && c[i] != "\n" { i += c[i] == "\\" && !verbatim ? 2 : 1 }
                if i >= c.count { return .none }   // the word is in a string
                i += 1
                continue
            }
            switch ch {
            case ";" where opens.isEmpty:
                statementStart = i + 1
                pipes = [[]]
            case "(", "[", "{":
                opens.append(i)
                pipes.append([])
            case ")", "]", "}":
                if !opens.isEmpty { opens.removeLast(); pipes.removeLast() }
            case "|":
                pipes[pipes.count - 1].append(i)
            default: break
            }
            i += 1
        }
        let lets = String(c[..<statementStart])
        // From the innermost open parenthesis outwards: the first level that has a pipe, or
        // that is a subquery's start, decides.
        var level = opens.count
        while level >= 0 {
            let levelStart = level == 0 ? statementStart : opens[level - 1] + 1
            let isCall = level > 0 && Self.isCallParen(c, opens[level - 1])
            let isBracket = level > 0 && c[opens[level - 1]] != "("
            if !isCall && !isBracket {
                if let p = pipes[level].last {
                    let after = String(c[(p + 1)...])
                    if after.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .operatorName }
                    let pipeline = Self.droppingLetHead(String(c[levelStart..<p]))
                    return .expression(input: (lets + pipeline, Self.firstWord(pipeline)))
                }
                let segment = String(c[levelStart...])
                if segment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .queryStart }
                if level == 0 {
                    // `T | where` with no pipe yet: `T` is a table reference only.
                    return .expression(input: nil)
                }
            }
            level -= 1
        }
        return .expression(input: nil)
    }

    /// Whether the `(` at `i` opens a function call's arguments (a name right before it that
    /// is not a keyword taking a subquery).
    static func isCallParen(_ c: [Character], _ i: Int) -> Bool {
        var j = i
        while j > 0 && c[j - 1] == " " { j -= 1 }
        var k = j
        while k > 0 && (isNameChar(c[k - 1]) || c[k - 1] == "-") { k -= 1 }
        guard k < j else { return false }
        let word = String(c[k..<j]).lowercased()
        return !["join", "union", "lookup", "in", "fork", "facet", "partition", "as", "materialize", "toscalar", "view", "has_any", "has_all"].contains(word)
    }

    /// `let X = T | …` → `T | …`: the pipeline of a tabular let.
    static func droppingLetHead(_ s: String) -> String {
        let t = s.drop(while: { $0.isWhitespace })
        guard t.hasPrefix("let"), t.dropFirst(3).first?.isWhitespace ?? false else { return s }
        let afterLet = t.dropFirst(3).drop(while: { $0.isWhitespace })
        let rest = afterLet.drop(while: { isNameChar($0) }).drop(while: { $0.isWhitespace })
        guard rest.first == "=", rest.dropFirst().first != "=" else { return s }
        return String(rest.dropFirst())
    }

    static func firstWord(_ s: String) -> String? {
        let w = s.drop(while: { $0.isWhitespace }).prefix(while: { isNameChar($0) })
        return w.isEmpty ? nil : String(w)
    }
}
