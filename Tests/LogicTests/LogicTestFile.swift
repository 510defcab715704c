import Foundation

/// One block of a `.test` file: a query with its expected table, or with its expected error.
struct LogicTestBlock {
    enum Expectation {
        case table(header: [(name: String, type: String)], rows: [String], unordered: Bool)
        case error(phrase: String, caretLines: [String])
        /// The optimized plan's `explain` text, one operator per line.
        case plan(lines: [String])
        /// What `quarry check` prints: every error rendered (with `help:` lines), or `ok`.
        case check(lines: [String])
    }
    var line: Int
    var query: String
    var expectation: Expectation
    var now: String?
    var loads: [(table: String, path: String)]
    /// `external URL path`: externaldata reads the URL from this file (under this folder).
    var externals: [(url: String, path: String)] = []
    /// `geoip path`: the MaxMind database geo_info_from_ip_address reads (under this folder).
    var geoip: String? = nil
    /// For a query with several result tables (fork, facet): which one this block checks (0 is
    /// the first) and the name it must have. A `@ Name` line starts each table's expectation.
    var result: (index: Int, name: String)? = nil
}

/// Parses the `.test` format (see Tests/LogicTests/README.md).
enum LogicTestFile {
    static func parse(_ text: String) throws -> [LogicTestBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingSuffix("\r") }
        var blocks: [LogicTestBlock] = []
        var now: String?
        var loads: [(String, String)] = []
        var externals: [(String, String)] = []
        var geoip: String? = nil
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { i += 1; continue }
            if trimmed.hasPrefix("now ") { now = String(trimmed.dropFirst(4)).trimmingCharacters(in: .whitespaces); i += 1; continue }
            if trimmed.hasPrefix("load ") {
                let parts = trimmed.split(separator: " ", maxSplits: 2).map(String.init)
                guard parts.count == 3 else { throw LogicTestFormatError(line: i + 1, message: "load expects 'load Table path'") }
                loads.append((parts[1], parts[2])); i += 1; continue
            }
            if trimmed.hasPrefix("external ") {
                let parts = trimmed.split(separator: " ", maxSplits: 2).map(String.init)
                guard parts.count == 3 else { throw LogicTestFormatError(line: i + 1, message: "external expects 'external URL path'") }
                externals.append((parts[1], parts[2])); i += 1; continue
            }
            if trimmed.hasPrefix("geoip ") { geoip = String(trimmed.dropFirst(6)).trimmingCharacters(in: .whitespaces); i += 1; continue }
            let start = i + 1
            let isQuery = trimmed == "query" || trimmed.hasPrefix("query ")
            let isError = trimmed == "error" || trimmed.hasPrefix("error ")
            let isExplain = trimmed == "explain"
            let isCheck = trimmed == "check"
            guard isQuery || isError || isExplain || isCheck else {
                throw LogicTestFormatError(line: i + 1, message: "expected 'query', 'error', 'explain', 'check', 'now', 'load' or a comment, got '\(trimmed)'")
            }
            i += 1
            var q: [String] = []
            while i < lines.count, lines[i] != "----" { q.append(lines[i]); i += 1 }
            guard i < lines.count else { throw LogicTestFormatError(line: start, message: "block has no '----' line") }
            i += 1
            var expected: [String] = []
            while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).isEmpty { expected.append(lines[i]); i += 1 }
            let expectation: LogicTestBlock.Expectation
            if isExplain {
                expectation = .plan(lines: expected)
            } else if isCheck {
                expectation = .check(lines: expected)
            } else if isQuery, expected.first?.hasPrefix("@ ") == true {
                // Several result tables: `@ Name`, header, rows; `@ Name`, header, rows; ...
                var groups: [(String, [String])] = []
                for l in expected {
                    if l.hasPrefix("@ ") { groups.append((String(l.dropFirst(2)), [])) } else { groups[groups.count - 1].1.append(l) }
                }
                for (index, (name, lines)) in groups.enumerated() {
                    guard let headerLine = lines.first else { throw LogicTestFormatError(line: start, message: "missing header line") }
                    var b = LogicTestBlock(line: start, query: q.joined(separator: "\n"),
                                           expectation: .table(header: try header(headerLine, start), rows: Array(lines.dropFirst()), unordered: trimmed.contains("unordered")),
                                           now: now, loads: loads, externals: externals, geoip: geoip)
                    b.result = (index, name)
                    blocks.append(b)
                }
                continue
            } else if isQuery {
                guard let headerLine = expected.first else { throw LogicTestFormatError(line: start, message: "missing header line") }
                let header = try headerLine.components(separatedBy: ", ").map { col -> (String, String) in
                    guard let colon = col.lastIndex(of: ":") else { throw LogicTestFormatError(line: start, message: "bad header column '\(col)'") }
                    return (String(col[..<colon]).trimmingCharacters(in: .whitespaces), String(col[col.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
                }
                expectation = .table(header: header, rows: Array(expected.dropFirst()), unordered: trimmed.contains("unordered"))
            } else {
                expectation = .error(phrase: String(trimmed.dropFirst(5)).trimmingCharacters(in: .whitespaces), caretLines: expected)
            }
            blocks.append(LogicTestBlock(line: start, query: q.joined(separator: "\n"), expectation: expectation, now: now, loads: loads, externals: externals, geoip: geoip))
        }
        return blocks
    }
}

struct LogicTestFormatError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}

extension String {
    func trimmingSuffix(_ s: String) -> String { hasSuffix(s) ? String(dropLast(s.count)) : self }
}

/// A `name:type, name:type` header line.
private func header(_ line: String, _ start: Int) throws -> [(name: String, type: String)] {
    try line.components(separatedBy: ", ").map { col -> (String, String) in
        guard let colon = col.lastIndex(of: ":") else { throw LogicTestFormatError(line: start, message: "bad header column '\(col)'") }
        return (String(col[..<colon]).trimmingCharacters(in: .whitespaces), String(col[col.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    }
}
