/// Maps a byte offset in the decoded value of a string literal back to the query text, so that
/// an error inside a literal's value (a bad regex, say) can point at the exact character.
public enum StringLiteralMap {
    /// The offset in `source` of decoded byte `offset` of the single string literal at `span`;
    /// nil when the span is not one plain literal (e.g. concatenated or multi-line literals).
    public static func sourceOffset(ofDecoded offset: Int, literalAt span: Span, in source: SourceText) -> Int? {
        let b = source.bytes
        guard span.start >= 0, span.end <= b.count, span.end - span.start >= 2 else { return nil }
        var i = span.start
        if b[i] == UInt8(ascii: "h") || b[i] == UInt8(ascii: "H") { i += 1 }
        var verbatim = false
        if b[i] == UInt8(ascii: "@") { verbatim = true; i += 1 }
        guard i < span.end, b[i] == UInt8(ascii: "'") || b[i] == UInt8(ascii: "\"") else { return nil }
        let quote = b[i]
        i += 1
        var decoded = 0
        while i < span.end - 1 {
            if decoded >= offset { return i }
            if verbatim {
                if b[i] == quote { guard i + 1 < span.end, b[i + 1] == quote else { return nil }; i += 2; decoded += 1; continue }
                i += 1; decoded += 1
            } else if b[i] == UInt8(ascii: "\\") {
                guard i + 1 < span.end else { return nil }
                if b[i + 1] == UInt8(ascii: "u") { return nil }   // multi-byte results: give up
                i += 2; decoded += 1
            } else if b[i] == quote {
                return nil   // a second literal follows: concatenation
            } else {
                i += 1; decoded += 1
            }
        }
        return decoded >= offset ? i : nil
    }
}
