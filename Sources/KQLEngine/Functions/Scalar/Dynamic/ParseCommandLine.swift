import KQLColumns

/// Splits a command line as Windows' CommandLineToArgvW does: the program name ends at the closing quote or
/// the first whitespace; then 2n backslashes + quote give n backslashes and toggle quoting, 2n+1 give n and
/// a literal quote, "" inside quotes is a literal quote, other backslashes are literal.
func windowsArgv(_ s: String) -> [String] {
    let c = Array(s)
    var args: [String] = []
    var i = 0
    while i < c.count, c[i] == " " || c[i] == "\t" { i += 1 }
    guard i < c.count else { return [] }
    var prog = ""
    if c[i] == "\"" {
        i += 1
        while i < c.count, c[i] != "\"" { prog.append(c[i]); i += 1 }
        i += 1
    } else {
        while i < c.count, c[i] != " ", c[i] != "\t" { prog.append(c[i]); i += 1 }
    }
    args.append(prog)
    while true {
        while i < c.count, c[i] == " " || c[i] == "\t" { i += 1 }
        guard i < c.count else { break }
        var arg = ""
        var inQuotes = false
        while i < c.count {
            let ch = c[i]
            if ch == "\\" {
                var n = 0
                while i < c.count, c[i] == "\\" { n += 1; i += 1 }
                if i < c.count, c[i] == "\"" {
                    arg += String(repeating: "\\", count: n / 2)
                    if n % 2 == 1 { arg.append("\""); i += 1 }
                } else {
                    arg += String(repeating: "\\", count: n)
                }
            } else if ch == "\"" {
                if inQuotes, i + 1 < c.count, c[i + 1] == "\"" { arg.append("\""); i += 2 }
                else { inQuotes.toggle(); i += 1 }
            } else if !inQuotes, ch == " " || ch == "\t" {
                break
            } else {
                arg.append(ch); i += 1
            }
        }
        args.append(arg)
    }
    return args
}

let parseCommandLineFunction = ScalarFunction(
    name: "parse_command_line", overloads: fn([p("command_line", .type(.string)), p("parser_type", .type(.string))], .fixed(.dynamic)),
    summary: "The arguments of a command line as a dynamic array, split as CommandLineToArgvW does.",
    bind: { site in
        if let c = site.constants[1], kqlString(c).lowercased() != "windows" {
            throw site.error("parse_command_line(): the only supported parser_type is \"windows\"", arg: 1)
        }
        return BoundFunction(name: "parse_command_line", resultType: .dynamic,
                             kernel: .row { .dynamic(.array(windowsArgv(kqlString($0[0])).map(DynamicValue.string))) })
    })
