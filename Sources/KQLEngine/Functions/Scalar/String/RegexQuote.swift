import KQLColumns

/// regex_quote (regex-quote-function.md): the string with every regex metacharacter escaped. Kusto's
/// regex dialect is RE2, so this follows RE2's QuoteMeta (the docs list no character set): every ASCII
/// character that is not a letter, digit or `_` gets a backslash; NUL becomes `\x00`; non-ASCII
/// characters stay as they are. Any scalar is taken as its tostring() text.
let regexQuoteFunction = rowFunction(
    "regex_quote", fn([p("string", .scalar)], .fixed(.string)),
    summary: "The string with every regex metacharacter escaped (RE2's QuoteMeta: each ASCII non-word character gets a backslash).",
    kernel: { args in
        var out = String.UnicodeScalarView()
        for u in kqlString(args[0]).unicodeScalars {
            if u.value == 0 { out.append(contentsOf: "\\x00".unicodeScalars); continue }
            let word = (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_"
            if u.value < 0x80 && !word { out.append("\\") }
            out.append(u)
        }
        return .string(String(out))
    })
