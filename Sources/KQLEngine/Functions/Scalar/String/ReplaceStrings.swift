import KQLColumns

/// replace_strings (replace-strings-function.md): lookups apply in array order, and an earlier one
/// takes precedence over a later one wherever they overlap (the page's example: with lookups
/// ['is', 'This'], "This" becomes "Thwas"). So each lookup's non-overlapping matches (left to right)
/// are replaced in the text that no earlier lookup matched; replaced text is never matched again. A
/// lookup that is not a string, or is empty, is ignored; a rewrite that is not a string (or is
/// missing) keeps the matched text, which is still taken out of later lookups' reach.
let replaceStringsFunction = rowFunction(
    "replace_strings", fn([p("text", .type(.string)), p("lookups", .type(.dynamic)), p("rewrites", .type(.dynamic))], .fixed(.string)),
    summary: "The text with every match of the lookups replaced by the rewrite at the same index; earlier lookups take precedence, matches don't overlap.",
    kernel: { args in
        let text = kqlString(args[0])
        guard let lookups = dynamicArray(args[1]), let rewrites = dynamicArray(args[2]) else { return .string(text) }
        // Segments of UTF-8 bytes; `done` ones are rewrites (or kept matches) no later lookup may touch.
        // Lookups are whole UTF-8 strings, so matches start and end on character boundaries.
        var segments: [(bytes: [UInt8], done: Bool)] = [(Array(text.utf8), false)]
        for (i, l) in lookups.enumerated() {
            guard case .string(let s) = l, !s.isEmpty else { continue }
            let look = Array(s.utf8)
            var rewrite = look
            if i < rewrites.count, case .string(let r) = rewrites[i] { rewrite = Array(r.utf8) }
            var next: [(bytes: [UInt8], done: Bool)] = []
            for seg in segments {
                if seg.done { next.append(seg); continue }
                let b = seg.bytes
                var from = 0, j = 0
                while j + look.count <= b.count {
                    if b[j] == look[0] && b[j..<(j + look.count)].elementsEqual(look) {
                        if j > from { next.append((Array(b[from..<j]), false)) }
                        next.append((rewrite, true))
                        j += look.count
                        from = j
                    } else {
                        j += 1
                    }
                }
                if from < b.count { next.append((Array(b[from...]), false)) }
            }
            segments = next
        }
        return .string(String(decoding: segments.flatMap { $0.bytes }, as: UTF8.self))
    })
