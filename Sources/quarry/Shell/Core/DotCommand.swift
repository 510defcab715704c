import Foundation

/// The shell's own commands: a line that starts with `.` when no query is being entered.
/// `.show tables` and `.show table T schema` are spelled as Kusto's management commands; the
/// rest are the shell's (in the manner of sqlite's and duckdb's dot-commands).
enum DotCommand: Equatable {
    case showTables
    case showSchema(table: String)
    /// nil: back to the wall clock.
    case setNow(String?)
    case setFormat(String)
    case load(directory: String)
    /// nil toggles.
    case timing(Bool?)
    case help
    case quit

    static let helpText = """
        .show tables              the bound tables
        .show table T schema      the columns of table T and their types
        .set now DATETIME         pin now() and ago() to an instant (ISO 8601); '.set now' alone: the wall clock
        .set format FORMAT        output format (as --format: %FORMATS%)
        .load DIR                 bind every table found in DIR (as --data DIR), besides those bound
        .timing [on|off]          time each query, and say whether its tables came from memory or their files
        .help                     this list
        .quit                     leave the shell (also .exit, or Ctrl-D)
        A query ends with a line that ends in ';' or with a blank line. Tab completes table,
        column, function and operator names; Ctrl-C cancels a running query.
        """

    /// Parses a command line (with its leading `.`); the error names what is wrong.
    static func parse(_ line: String) -> Result<DotCommand, DotCommandError> {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let head = words.first else { return .failure(DotCommandError("empty command")) }
        let args = Array(words.dropFirst())
        let rest = line.trimmingCharacters(in: .whitespaces).dropFirst(head.count).trimmingCharacters(in: .whitespaces)
        switch head.lowercased() {
        case ".show":
            if args.count == 1 && args[0].lowercased() == "tables" { return .success(.showTables) }
            if args.count >= 3 && args[0].lowercased() == "table" && args[args.count - 1].lowercased() == "schema" {
                // The name between: a quoted one (['My Table']) may hold spaces.
                let name = rest.dropFirst(args[0].count).dropLast(args[args.count - 1].count).trimmingCharacters(in: .whitespaces)
                return .success(.showSchema(table: Self.unquoted(name)))
            }
            return .failure(DotCommandError("expected '.show tables' or '.show table T schema'"))
        case ".set":
            guard let what = args.first?.lowercased() else { return .failure(DotCommandError("expected '.set now DATETIME' or '.set format FORMAT'")) }
            let value = rest.dropFirst(args[0].count).trimmingCharacters(in: .whitespaces)
            switch what {
            case "now": return .success(.setNow(value.isEmpty ? nil : value))
            case "format":
                guard !value.isEmpty, args.count == 2 else { return .failure(DotCommandError("expected '.set format FORMAT'")) }
                return .success(.setFormat(value))
            default: return .failure(DotCommandError("unknown setting '\(args[0])'; .set takes now or format"))
            }
        case ".load":
            guard !rest.isEmpty else { return .failure(DotCommandError("expected '.load DIR'")) }
            return .success(.load(directory: Self.unquoted(rest)))
        case ".timing":
            switch args.first?.lowercased() {
            case nil: return .success(.timing(nil))
            case "on"?: return .success(.timing(true))
            case "off"?: return .success(.timing(false))
            default: return .failure(DotCommandError("expected '.timing', '.timing on' or '.timing off'"))
            }
        case ".help": return .success(.help)
        case ".quit", ".exit": return .success(.quit)
        default: return .failure(DotCommandError("unknown command '\(head)'; .help lists the commands"))
        }
    }

    /// `['My Table']`, `"dir with spaces"`: the name inside the quotes.
    static func unquoted(_ s: String) -> String {
        var t = Substring(s)
        if t.hasPrefix("[") && t.hasSuffix("]") && t.count >= 2 { t = t.dropFirst().dropLast() }
        if t.count >= 2, let f = t.first, (f == "'" || f == "\""), t.last == f { t = t.dropFirst().dropLast() }
        return String(t)
    }
}

struct DotCommandError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
