/// A half-open range of UTF-8 byte offsets into the query text.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = end }
    public static let empty = Span(0, 0)
    public func union(_ o: Span) -> Span { Span(Swift.min(start, o.start), Swift.max(end, o.end)) }
    public var description: String { "\(start)..<\(end)" }
}

/// The query text with a line index, to turn byte offsets into 1-based line and column
/// (columns count characters, so a caret lines up under non-ASCII text too).
public struct SourceText: Sendable {
    public let text: String
    public let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(_ text: String) {
        self.init(text: text, bytes: Array(text.utf8))
    }

    /// Query text exactly as read (a file, standard input): bytes that are not UTF-8 stay as they
    /// are, for the lexer to report at their position (`text` shows them as U+FFFD).
    public init(bytes: [UInt8]) {
        self.init(text: String(decoding: bytes, as: UTF8.self), bytes: bytes)
    }

    private init(text: String, bytes: [UInt8]) {
        self.text = text
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 10 { starts.append(i + 1) }
        lineStarts = starts
    }

    /// 1-based line and column of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let off = Swift.max(0, Swift.min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        let col = String(decoding: bytes[lineStarts[lo]..<off], as: UTF8.self).count + 1
        return (lo + 1, col)
    }

    /// The text of the 1-based line, without its line terminator.
    public func line(_ n: Int) -> String {
        let start = lineStarts[n - 1]
        var end = n < lineStarts.count ? lineStarts[n] - 1 : bytes.count
        if end > start, bytes[end - 1] == 13 { end -= 1 }
        return String(decoding: bytes[start..<Swift.max(start, end)], as: UTF8.self)
    }

    public func slice(_ span: Span) -> String {
        String(decoding: bytes[Swift.max(0, span.start)..<Swift.min(span.end, bytes.count)], as: UTF8.self)
    }
}
