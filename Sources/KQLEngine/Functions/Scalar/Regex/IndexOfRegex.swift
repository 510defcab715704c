import KQLColumns
import KQLRegex

/// `indexof_regex(source, regex[, start[, length[, occurrence]]])` (indexof-regex-function.md): the
/// character position of the `occurrence`-th non-overlapping match of the regex in the window of
/// `length` characters (-1: to the end) from `start`, or -1. Null for a start or occurrence below 0, a
/// length below -1, or a null option. An occurrence of 0 finds nothing: -1 (the docs are silent). The
/// window is searched as a string of its own (anchors match at its ends).
let indexOfRegexFunction = ScalarFunction(
    name: "indexof_regex",
    overloads: fn([p("source", .scalar), p("match", .type(.string)), opt("start", .integer), opt("length", .integer), opt("occurrence", .integer)],
                  .fixed(.long)),
    summary: "Character position of the n-th non-overlapping match of a regex (from an optional start, within an optional length), or -1.",
    bind: { site in
        let re = try site.constantRegex(1, "indexof_regex")
        return BoundFunction(name: "indexof_regex", resultType: .long, kernel: .row { args in
            var options: [Int64] = []
            for a in args.dropFirst(2) {
                guard let v = integerValue(a) else { return .null(.long) }
                options.append(v)
            }
            let start = options.count > 0 ? options[0] : 0
            let length = options.count > 1 ? options[1] : -1
            let occurrence = options.count > 2 ? options[2] : 1
            guard start >= 0, length >= -1, occurrence >= 0 else { return .null(.long) }
            guard let r = regexFor(re, args[1]) else { return .null(.long) }
            let scalars = Array(kqlString(args[0]).unicodeScalars)
            let n = Int64(scalars.count)
            guard start <= n, occurrence >= 1 else { return .long(-1) }
            let end = length < 0 ? n : min(n, start + min(length, n))
            var window = String.UnicodeScalarView()
            window.append(contentsOf: scalars[Int(start)..<Int(end)])
            let bytes = Array(String(window).utf8)
            let matches = bytes.withUnsafeBufferPointer { r.allMatches($0) }
            guard occurrence <= Int64(matches.count), let m = matches[Int(occurrence - 1)][0] else { return .long(-1) }
            // Byte offset to character offset: count the bytes that start a code point.
            let chars = bytes[..<m.lowerBound].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            return .long(start + Int64(chars))
        })
    })
