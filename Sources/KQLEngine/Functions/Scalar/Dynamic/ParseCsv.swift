import KQLColumns

/// The fields of the first CSV record of `text`: commas separate fields; a field starting with '"' is
/// quoted (it may hold commas and line breaks, and '""' is one quote); an unquoted line break (LF or
/// CRLF) ends the record. A quote inside an unquoted field, or text after a closing quote, is kept as
/// it is, and an unterminated quoted field runs to the end (the docs are silent on malformed input).
func parseCSVRecord(_ text: String) -> [String] {
    let b = Array(text.utf8)
    var fields: [String] = []
    var field: [UInt8] = []
    var i = 0
    let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    var atFieldStart = true
    while i < b.count {
        let c = b[i]
        if atFieldStart && c == quote {
            i += 1
            while i < b.count {
                if b[i] == quote {
                    if i + 1 < b.count, b[i + 1] == quote { field.append(quote); i += 2; continue }
                    i += 1
                    break
                }
                field.append(b[i]); i += 1
            }
            atFieldStart = false
            continue
        }
        atFieldStart = false
        if c == comma {
            fields.append(String(decoding: field, as: UTF8.self)); field = []; atFieldStart = true; i += 1
        } else if c == lf || (c == cr && i + 1 < b.count && b[i + 1] == lf) {
            break
        } else {
            field.append(c); i += 1
        }
    }
    fields.append(String(decoding: field, as: UTF8.self))
    return fields
}

/// parse-csv-function.md: a string array of the first record's values.
let parseCsvFunction = rowFunction(
    "parse_csv", fn([p("csv_text", .stringOrDynamic)], .fixed(.dynamic)),
    summary: "The values of one comma-separated record (quoted fields may hold commas, quotes and line breaks), as a string array.",
    kernel: { args in .dynamic(.array(parseCSVRecord(kqlString(args[0])).map { .string($0) })) })
