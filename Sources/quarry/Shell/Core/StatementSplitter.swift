import Foundation

/// Groups the shell's input lines into what to run: a query, or a dot-command.
///
/// A query may span lines and ends with a blank line or with a line that ends in `;` (as blocks
/// are separated in Kusto Explorer). KQL also uses `;` between the statements of one query
/// (`let x = 1; T | where a > x`): a `;` that closes a `let`, `set`, `declare`, `alias`,
/// `pattern` or `restrict` statement does not end the input, so such statements can be written
/// one a line before the query that uses them. A `;` inside a string or a `//` comment ends
/// nothing, and neither does a blank line inside a ``` multi-line string. A line that starts
/// with `.` when no query is pending is a dot-command.
struct StatementSplitter {
    enum Input: Equatable {
        case query(String)
        case command(String)
    }

    private(set) var lines: [String] = []

    /// True when no query is being entered (the shell shows its first prompt).
    var isEmpty: Bool { lines.isEmpty }

    mutating func reset() { lines.removeAll() }

    /// Adds one line; returns what is complete, if anything.
    mutating func feed(_ line: String) -> Input? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if lines.isEmpty {
            if trimmed.isEmpty { return nil }
            if trimmed.hasPrefix(".") {
                var cmd = Substring(trimmed)
                while cmd.hasSuffix(";") { cmd = cmd.dropLast() }
                return .command(cmd.trimmingCharacters(in: .whitespaces))
            }
        }
        let scan = Self.scan((lines + [line]).joined(separator: "\n"))
        if trimmed.isEmpty && !scan.openString { return finish() }
        lines.append(line)
        guard !scan.openString, scan.endsWithSemicolon else { return nil }
        // The statement the `;` closes: a declaration keeps the input open.
        if let last = scan.statements.last, Self.isDeclaration(last) { return nil }
        return finish()
    }

    /// The pending query (at a blank line, or at the end of the input), if any.
    mutating func finish() -> Input? {
        defer { lines.removeAll() }
        let text = lines.joined(separator: "\n")
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : .query(text)
    }

    static let declarationKeywords: Set<String> = ["let", "set", "declare", "alias", "pattern", "restrict"]

    static func isDeclaration(_ statement: String) -> Bool {
        let word = statement.drop(while: { $0.isWhitespace }).prefix(while: { $0.isLetter })
        return declarationKeywords.contains(String(word))
    }

    struct Scan: Equatable {
        /// The text of each non-blank statement (between top-level `;`), without comments.
        var statements: [String]
        /// The last character outside comments and whitespace is a `;`.
        var endsWithSemicolon: Bool
        /// The text ends inside a ``` or ~~~ multi-line string.
        var openString: Bool
    }

    /// Finds the `;` that separate statements, skipping strings and comments. A quoted string
    /// cannot span lines in KQL: an unterminated one ends at the end of its line.
    static func scan(_ text: String) -> Scan {
        let c = Array(text.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var endsWithSemicolon = false
        var i = 0
        func take(_ n: Int) {
            for k in i..<min(c.count, i + n) { current.append(c[k]) }
            i = min(c.count, i + n)
        }
        while i < c.count {
            let ch = c[i]
            if ch == "/" && i + 1 < c.count && c[i + 1] == "/" {
                while i < c.count && c[i] != "\n" { i += 1 }   // not part of the statement's text
                continue
            }
            if (ch == "`" || ch == "~") && i + 2 < c.count && c[i + 1] == ch && c[i + 2] == ch {
                endsWithSemicolon = false
                take(3)
                var closed = false
                while i < c.count {
                    if c[i] == ch && i + 2 < c.count && c[i + 1] == ch && c[i + 2] == ch { take(3); closed = true; break }
                    take(1)
                }
                if !closed {
                    statements.append(String(current))
                    return Scan(statements: statements.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty },
                                endsWithSemicolon: false, openString: true)
                }
                continue
            }
            if ch == "'" || ch == "\"" {
                endsWithSemicolon = false
                let verbatim = i > 0 && (c[i - 1] == "@" || (i > 1 && c[i - 2] == "@" && (c[i - 1] == "h" || c[i - 1] == "H")))
                take(1)
                while i < c.count && c[i] != "\n" {
                    if c[i] == "\\" && !verbatim { take(2); continue }
                    if c[i] == ch { take(1); break }
                    take(1)
                }
                continue
            }
            if ch == ";" {
                statements.append(String(current))
                current = String.UnicodeScalarView()
                endsWithSemicolon = true
                i += 1
                continue
            }
            if !ch.properties.isWhitespace { endsWithSemicolon = false }
            take(1)
        }
        statements.append(String(current))
        return Scan(statements: statements.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty },
                    endsWithSemicolon: endsWithSemicolon, openString: false)
    }
}
