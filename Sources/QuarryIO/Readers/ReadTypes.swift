import CByteScan
import Foundation
import KQLColumns

/// How readers treat problems and which table a file holds.
public struct ReadOptions: Sendable {
    /// Skip rows that do not parse (bad value, broken quotes, wrong field count) instead of failing;
    /// skipped rows are counted per file in `ReadReport.skippedRows`.
    public var skipBadRows = false
    /// The table a file holds when its content does not say (CSV, flat JSON rows).
    public var tableName: String? = nil
    /// Rows per batch of the resulting tables.
    public var batchSize = 65_536
    /// Most bytes a gzip file may inflate to (it is inflated in memory): more is an error naming
    /// the file, never a trap. Default: half of physical memory (the query memory budget's default).
    public var maxInflatedBytes = Int(min(ProcessInfo.processInfo.physicalMemory / 2, UInt64(Int.max)))
    /// Threads that parse pieces of one file (internal: tests force 1 or more). At most 8: each
    /// worker holds one batch of buffers (~10 MB for a 22-column table).
    var workers = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// Bytes per parallel piece of a file (internal: tests force tiny pieces to exercise cuts).
    var pieceBytes = 16 << 20
    /// Bytes per piece of a stream's first round (`TableReader.stream`); each round doubles it up
    /// to `pieceBytes`, so the first rows come quickly and a stopped stream has read little.
    var firstPieceBytes = 256 << 10

    public init() {}
}

/// What a read did: files, rows, skipped rows and why, and the types it had to guess.
public struct ReadReport: Sendable {
    public var files: [String] = []
    public var rows: Int = 0
    /// Skipped rows per file (only with `skipBadRows`).
    public var skippedRows: [String: Int] = [:]
    public var warnings: [String] = []
    /// Columns not typed by the catalog, with the type inferred from their values. Keys are
    /// `Column` for a single-table read and `Table.Column` for `readDirectory`.
    public var inferredColumns: [String: KQLType] = [:]
    /// The catalog form chosen per table, when the table is catalogued.
    public var forms: [String: CatalogFormKind] = [:]

    public init() {}
}

/// A read failure with its place: file, 1-based physical line and 1-based character column
/// of the start of the offending field or value (0 when the failure has no place).
public struct ReadError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}

/// Turns byte offsets into 1-based (line, column) cheaply when asked in increasing order
/// (errors and skipped rows arrive front to back), restarting only when asked about an earlier offset.
struct LineLocator {
    let bytes: UnsafeBufferPointer<UInt8>
    let origin: Int          // first byte of line 1 (after a BOM)
    var offset: Int
    var line = 1
    var lineStart: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, origin: Int) {
        self.bytes = bytes
        self.origin = origin
        offset = origin
        lineStart = origin
    }

    mutating func locate(_ target: Int) -> (line: Int, column: Int) {
        let target = min(max(target, origin), bytes.count)
        if target < offset { offset = origin; line = 1; lineStart = origin }
        while offset < target {
            if bytes[offset] == 0x0A { line += 1; lineStart = offset + 1 }
            offset += 1
        }
        var col = 1
        var i = lineStart
        while i < target { if bytes[i] & 0xC0 != 0x80 { col += 1 }; i += 1 }
        return (line, col)
    }

    /// Offset of the byte after the next `\n` at or after `from` (or the end).
    func nextLineStart(after from: Int) -> Int { QuarryIO.nextLineStart(bytes, after: from) }
}

/// A conversion failure at a byte offset, turned into a `ReadError` by the reader that knows the file.
struct FieldError: Error {
    var offset: Int
    var message: String
}

/// Offset of the byte after the next `\n` at or after `from` (or the end).
func nextLineStart(_ bytes: UnsafeBufferPointer<UInt8>, after from: Int) -> Int {
    guard let base = bytes.baseAddress, from < bytes.count else { return bytes.count }
    return min(Int(qs_find_byte(base, Int64(bytes.count), Int64(from), 0x0A)) + 1, bytes.count)
}
