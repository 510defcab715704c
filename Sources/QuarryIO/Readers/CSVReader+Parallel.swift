import Dispatch
import KQLColumns

/// Parallel parsing of a CSV body.
///
/// The body is read in rounds of `workers × pieceBytes` bytes. A round is cut into pieces at
/// line starts (the byte after a `\\n`), guessing that no quoted field spans the cut; the pieces
/// are parsed concurrently, each into its own builder. The guess is then checked in order: a
/// piece is valid when the previous piece's last record ended exactly where it starts (the
/// parser is stateless between records, so it then produced what a sequential parse would).
/// A piece whose start fell inside a record (a quoted field holding a line break) is parsed
/// again from where the previous piece really ended; pieces wholly inside such a record are
/// dropped. Batches are then appended in file order. Errors carry byte offsets and are located
/// (line, column) against the whole file, so they are exactly those of a sequential read: the
/// first bad row in file order is the one reported, and skip counts add up.
///
/// Parsed ranges are released from the mapping after each round, so a file larger than memory
/// is read in bounded resident memory (the rows kept are what the predicates let through).
extension CSVReader {
    static func makeLayout(header: [String], builder: inout TableBuilder, scan: ScanSpec) -> CSVLayout {
        var slots: [Int] = []
        var kinds: [SinkKind] = []
        var kept: [Int] = []
        for (f, name) in header.enumerated() {
            if scan.wants(name) {
                let slot = builder.column(named: name, pending: .pendingText)
                slots.append(slot)
                kinds.append(builder.sinks[slot].kind)
                kept.append(f)
            } else {
                slots.append(-1)
                kinds.append(builder.form.flatMap { SchemaCatalog.type(of: name, in: $0) }.map { .typed($0) } ?? .pendingText)
            }
        }
        // Rows dropped early would not vote in type inference: use predicates only when every
        // column of the table is typed by the catalog, so the result equals a full read + filter.
        var preds: [(Int, RawPredicate)] = []
        let allTyped = builder.sinks.allSatisfy { if case .typed = $0.kind { return true } else { return false } }
        if allTyped {
            for p in scan.predicates {
                guard let f = header.firstIndex(of: p.column), let t = RawPredicate.compile(p, kind: kinds[f]) else { continue }
                preds.append((f, t))
            }
            // Cheapest first: string compares, then numbers, then datetimes.
            func cost(_ p: (Int, RawPredicate)) -> Int {
                switch p.1.operand { case .string: return 0; case .integer, .real: return 1; case .ticks: return 2 }
            }
            preds = preds.enumerated().sorted { (cost($0.element), $0.offset) < (cost($1.element), $1.offset) }.map(\.element)
        }
        return CSVLayout(header: header, slots: slots, keptFields: kept, kinds: kinds, predicates: preds,
                         fillMissing: builder.sinks.count > kept.count)
    }

}

/// The body of one CSV file, parsed round by round (see the extension above): each `next()`
/// parses one round of pieces in parallel and returns its batches in file order. A whole-file
/// read adopts every round; a stream hands each round on as it is parsed, so memory is bounded
/// by a round and a consumer that stops pulling stops the reading.
struct CSVRounds {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let layout: CSVLayout
    let options: ReadOptions
    let mapped: MappedFile?
    var locator: LineLocator
    /// Where the next round starts (a record start): the bytes before it are parsed.
    private(set) var roundStart: Int
    /// Bytes per piece of the next round: grows eightfold per round from `firstPieceBytes` to
    /// `options.pieceBytes` (a first row fast, then few rounds: each round ends in a barrier).
    private var pieceBytes: Int
    var workerBuilders: [TableBuilder]

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, layout: CSVLayout, options: ReadOptions, mapped: MappedFile?,
         locator: LineLocator, start: Int, builder: TableBuilder, firstPieceBytes: Int?) {
        self.bytes = bytes; self.file = file; self.layout = layout; self.options = options; self.mapped = mapped
        self.locator = locator
        roundStart = start
        let full = max(1, options.pieceBytes)
        pieceBytes = min(full, max(1, firstPieceBytes ?? full))
        workerBuilders = (0..<max(1, options.workers)).map { _ in builder.emptyCopy() }
    }

    var finished: Bool { roundStart >= bytes.count || bytes.baseAddress == nil }

    /// The next round's batches (with the builder's columns), rows and skipped rows; nil at the end.
    /// The first bad row (without skipBadRows) is thrown, located against the whole file.
    mutating func next() throws -> (batches: [(count: Int, columns: [BatchColumn])], rows: Int, skipped: Int)? {
        let n = bytes.count
        guard !finished else { return nil }
        let workers = workerBuilders.count
        let pieceBytes = self.pieceBytes
        self.pieceBytes = min(max(1, options.pieceBytes), pieceBytes * 8)
        let layout = self.layout, options = self.options, bytes = self.bytes, mapped = self.mapped
        var out: [(count: Int, columns: [BatchColumn])] = []
        var rows = 0, skipped = 0
        // Cut the round into pieces at line starts.
        var cuts = [roundStart]
        while cuts.count <= workers, let last = cuts.last, last < n {
            let target = last > n - pieceBytes ? n : last + pieceBytes
            cuts.append(target >= n ? n : nextLineStart(bytes, after: target))
        }
        let pieces = cuts.count - 1
        var results = [CSVPieceResult](repeating: CSVPieceResult(), count: pieces)
        results.withUnsafeMutableBufferPointer { resBuf in
            workerBuilders.withUnsafeMutableBufferPointer { wbBuf in
                guard let res = resBuf.baseAddress, let wb = wbBuf.baseAddress else { return }
                let parseOne = { (i: Int) in
                    mapped?.populate(cuts[i]..<cuts[i + 1])
                    var parser = CSVBodyParser(bytes: bytes, layout: layout, skipBadRows: options.skipBadRows)
                    res[i] = parser.parse(from: cuts[i], to: cuts[i + 1], into: &wb[i])
                }
                if pieces == 1 { parseOne(0) } else { DispatchQueue.concurrentPerform(iterations: pieces, execute: parseOne) }
            }
        }
        // Validate the cuts in order and take the batches.
        var expected = roundStart
        for i in 0..<pieces {
            var r = results[i]
            if cuts[i] != expected {
                workerBuilders[i].rollbackRow()
                workerBuilders[i].flush()
                workerBuilders[i].batches = []
                if cuts[i + 1] <= expected { continue }   // wholly inside a record of the previous piece
                var parser = CSVBodyParser(bytes: bytes, layout: layout, skipBadRows: options.skipBadRows)
                r = parser.parse(from: expected, to: cuts[i + 1], into: &workerBuilders[i])
            }
            if let e = r.error {
                let (l, c) = locator.locate(e.offset)
                throw ReadError(file: file, line: l, column: c, message: e.message)
            }
            workerBuilders[i].flush()
            out += workerBuilders[i].batches
            workerBuilders[i].batches = []
            rows += r.rows
            skipped += r.skipped
            expected = r.end
        }
        mapped?.release(roundStart..<expected)
        roundStart = expected
        return (out, rows, skipped)
    }
}
