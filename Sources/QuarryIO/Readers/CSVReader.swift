import KQLColumns

/// RFC 4180 CSV with a header row, as the Defender portal exports it (and generic CSV):
/// quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF (or lone CR) ends a
/// record; a UTF-8 BOM is skipped; blank lines are ignored. Each field is parsed straight from
/// the file bytes into its typed column.
enum CSVReader {
    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// Reads one CSV file into `builder`. Returns the number of rows read and skipped.
    static func read(bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout TableBuilder,
                     options: ReadOptions, report: inout ReadReport, scan: ScanSpec = .all,
                     mapped: MappedFile? = nil) throws -> (rows: Int, skipped: Int) {
        guard var rounds = try open(bytes: bytes, file: file, into: &builder, options: options, report: &report,
                                    scan: scan, mapped: mapped, firstPieceBytes: nil) else { return (0, 0) }
        var rows = 0, skipped = 0
        while let r = try rounds.next() {
            builder.adopt(r.batches)
            rows += r.rows
            skipped += r.skipped
        }
        return (rows, skipped)
    }

    /// Reads the header of one CSV file (adding its columns to `builder`) and returns the rounds
    /// that parse its body, or nil for a file without a header (warned about in `report`).
    /// `firstPieceBytes` (streaming) makes the first rounds small, growing eightfold up to `pieceBytes`.
    static func open(bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout TableBuilder,
                     options: ReadOptions, report: inout ReadReport, scan: ScanSpec,
                     mapped: MappedFile?, firstPieceBytes: Int?) throws -> CSVRounds? {
        let n = bytes.count
        var origin = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { origin = 3 }
        var locator = LineLocator(bytes, origin: origin)

        func fail(_ offset: Int, _ message: String) -> ReadError {
            let (l, c) = locator.locate(offset)
            return ReadError(file: file, line: l, column: c, message: message)
        }

        // Header.
        var pos = origin
        while pos < n, bytes[pos] == lf || bytes[pos] == cr { pos += 1 }
        guard pos < n else {
            report.warnings.append("\(file): empty CSV file (no header)")
            return nil
        }
        // The header is read from a bounded prefix: a file without line ends (not CSV, or a
        // damaged export) must not make millions of names.
        let headerEnd = min(n, pos + maxHeaderBytes)
        var header: [String] = []
        do {
            var scratch: [UInt8] = []
            while true {
                let start = pos
                if pos < n, bytes[pos] == quote {
                    guard let end = scanQuoted(UnsafeBufferPointer(rebasing: bytes[0..<headerEnd]), from: pos, scratch: &scratch) else { throw fail(start, "unterminated quoted field in header") }
                    header.append(String(decoding: scratch, as: UTF8.self))
                    pos = end
                    if pos < n, bytes[pos] != comma, bytes[pos] != lf, bytes[pos] != cr {
                        throw fail(pos, "unexpected character after closing quote in header")
                    }
                } else {
                    while pos < headerEnd, bytes[pos] != comma, bytes[pos] != lf, bytes[pos] != cr { pos += 1 }
                    header.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self))
                }
                if pos >= headerEnd, headerEnd < n {
                    throw fail(start, "CSV header has no line end in its first \(maxHeaderBytes >> 20) MiB (not a CSV file, or a damaged one)")
                }
                if pos < n, bytes[pos] == comma {
                    guard header.count < maxColumns else {
                        throw fail(pos + 1, "CSV header has more than \(maxColumns) fields (not a CSV file, or a damaged one)")
                    }
                    pos += 1
                    continue
                }
                pos = skipEOL(bytes, pos)
                break
            }
        }
        header = normalizeHeader(header, file: file, report: &report)

        builder.decideForm(columns: header)
        builder.sawCSV = true
        let layout = makeLayout(header: header, builder: &builder, scan: scan)
        return CSVRounds(bytes: bytes, file: file, layout: layout, options: options, mapped: mapped,
                         locator: locator, start: pos, builder: builder, firstPieceBytes: firstPieceBytes)
    }

    /// Most bytes a header line may take (1,000,000 columns of 60-byte names).
    static let maxHeaderBytes = 64 << 20
    /// Most columns a CSV header may name.
    static let maxColumns = 1_000_000

    /// Scans a quoted field starting at its opening quote; writes the unescaped content to
    /// `scratch` and returns the offset after the closing quote, or nil if it never closes.
    @inline(__always)
    static func scanQuoted(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, scratch: inout [UInt8]) -> Int? {
        scratch.removeAll(keepingCapacity: true)
        let n = bytes.count
        var i = start + 1
        var runStart = i
        while i < n {
            if bytes[i] == quote {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                if i + 1 < n, bytes[i + 1] == quote {
                    scratch.append(quote)
                    i += 2
                    runStart = i
                    continue
                }
                return i + 1
            }
            i += 1
        }
        return nil
    }

    @inline(__always)
    static func skipEOL(_ bytes: UnsafeBufferPointer<UInt8>, _ pos: Int) -> Int {
        var p = pos
        if p < bytes.count, bytes[p] == cr { p += 1 }
        if p < bytes.count, bytes[p] == lf { p += 1 }
        return p
    }

    static func valueMessage(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, column: String, kind: SinkKind) -> String {
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if text.count > 60 { text = String(text.prefix(57)) + "..." }
        let typeName: String
        if case .typed(let t) = kind { typeName = t.rawValue } else { typeName = "its type" }
        if case .typed(.string) = kind { return "invalid UTF-8 in column \(column); Quarry reads UTF-8 text only" }
        return "cannot parse \(text) as \(typeName) in column \(column)"
    }

    /// Maps the Log Analytics `X [UTC]` header form to `X`, names empty headers and makes
    /// duplicate names unique (`Name1`, `Name2`, ...), warning about each change.
    static func normalizeHeader(_ names: [String], file: String, report: inout ReadReport) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for (i, raw) in names.enumerated() {
            var name = raw.trimmingCharacters(in: " ")
            if name.hasSuffix(" [UTC]") { name = String(name.dropLast(6)).trimmingCharacters(in: " ") }
            if name.isEmpty {
                name = "Column\(i + 1)"
                report.warnings.append("\(file): header field \(i + 1) is empty; named it \(name)")
            }
            if seen.contains(name) {
                var k = 1
                while seen.contains("\(name)\(k)") { k += 1 }
                report.warnings.append("\(file): duplicate column \(name) renamed to \(name)\(k)")
                name = "\(name)\(k)"
            }
            seen.insert(name)
            out.append(name)
        }
        return out
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
