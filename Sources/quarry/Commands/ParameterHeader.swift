import Foundation
import KQLSyntax

/// Default parameter values a hunt file carries in its leading comment block, one per line:
///
///     // Lateral movement from a compromised device.
///     // @param Lookback = 7d
///     // @param CompromisedDevice = ws-042.contoso.local
///     let Lookback = 1d;
///     let CompromisedDevice = "x";
///
/// The header is the run of lines before the first line that is neither blank nor a `//`
/// comment. A comment line there whose text starts with `@param` must read `@param NAME = VALUE`
/// (NAME an identifier, VALUE the rest of the line, trimmed; quotes around a string value are not
/// part of it, as with `--set`). Each value replaces its top-level `let NAME` exactly as
/// `--set NAME=VALUE` does (in the let's type); `--params` and `--set` win over the header. A
/// malformed `@param` line, a name given twice, or a name no top-level `let` declares is an error
/// naming the header line; an `@param` comment after the header is ignored with a warning.
struct ParameterHeader {
    struct Entry: Equatable {
        var name: String
        var value: String
        var line: Int
    }

    struct Problem: Error, Equatable {
        var line: Int
        var message: String
        /// The diagnostic code the binder gives the same mistake in `--set` (JSON errors).
        var code: DiagnosticCode = .invalidLiteral
    }

    var entries: [Entry] = []
    /// Lines after the header holding an `@param` comment (ignored).
    var ignoredLines: [Int] = []

    /// The header of `text`.
    static func parse(_ text: String) throws -> ParameterHeader {
        var header = ParameterHeader()
        var inHeader = true
        var seen: [String: Int] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            if i == 0 && line.hasPrefix("\u{FEFF}") { line = String(line.dropFirst()) }   // a byte order mark
            let number = i + 1
            if line.isEmpty { continue }
            guard line.hasPrefix("//") else { inHeader = false; continue }
            let comment = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            guard comment.hasPrefix("@param"), comment.count == 6 || comment.dropFirst(6).first?.isWhitespace == true else { continue }
            guard inHeader else { header.ignoredLines.append(number); continue }
            let body = comment.dropFirst(6)
            guard let eq = body.firstIndex(of: "=") else {
                throw Problem(line: number, message: "malformed @param line: expected '// @param NAME = VALUE'")
            }
            let name = body[..<eq].trimmingCharacters(in: .whitespaces)
            guard isIdentifier(name) else {
                throw Problem(line: number, message: "malformed @param line: '\(name)' is not a parameter name; expected '// @param NAME = VALUE'")
            }
            if let first = seen[name] {
                throw Problem(line: number, message: "@param \(name) is given twice (lines \(first) and \(number))")
            }
            seen[name] = number
            header.entries.append(Entry(name: name, value: body[body.index(after: eq)...].trimmingCharacters(in: .whitespaces), line: number))
        }
        return header
    }

    /// Checks that every entry names a top-level `let` of `query` (a query that does not parse is
    /// left for the run to report).
    func check(against source: SourceText) throws {
        guard !entries.isEmpty else { return }
        let (query, diags) = KQLParser.parse(source)
        guard !diags.contains(where: { $0.severity == .error }) else { return }
        var names = Set<String>()
        for st in query.statements {
            switch st.kind {
            case .let(let name, _, _), .letFunction(let name, _, _, _): names.insert(name)
            default: break
            }
        }
        for e in entries where !names.contains(e.name) {
            throw Problem(line: e.line, message: "@param \(e.name): the query has no top-level 'let \(e.name)'", code: .unknownName)
        }
    }

    /// The values, by name, and how each is named in errors.
    var values: [String: String] { Dictionary(entries.map { ($0.name, $0.value) }, uniquingKeysWith: { _, b in b }) }
    var labels: [String: String] { Dictionary(entries.map { ($0.name, "@param \($0.name) (line \($0.line))") }, uniquingKeysWith: { _, b in b }) }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || (f.isASCII && f.properties.isAlphabetic) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
