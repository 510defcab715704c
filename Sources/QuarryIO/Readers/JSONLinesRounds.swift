import Dispatch
import KQLColumns

/// A JSON Lines file read round by round, for `TableStream` (see `readJSONLinesInPieces`, which
/// it follows).
///
/// A seed (the first 64 KiB, cut at a line end) is read sequentially when the stream is opened
/// and must hold clean records of exactly the requested table; otherwise the file is not
/// streamed (the caller reads it whole, which reports problems exactly). Each round then parses
/// one piece per worker (cut at line starts), in parallel, and its batches are returned in file
/// order, each converted with the columns of the builder that made it (a later record may add a
/// column). Records routed to another table are counted and reported as ignored, as a whole
/// read reports them. The first error in file order stops the stream, located against the whole
/// file. Not used with `skipBadRows` (a record broken across a piece cut would then be counted
/// twice), nor for files whose records span lines (the seed fails and the file is read whole).
struct JSONLinesRounds {
    let bytes: UnsafeBufferPointer<UInt8>
    let mapped: MappedFile
    let file: String
    let table: String
    let options: ReadOptions
    let scan: ScanSpec
    private let prefilter: JSONLinePrefilter?
    /// Where the next round starts (a line start): the bytes before it are parsed.
    private(set) var roundStart: Int
    private var pieceBytes: Int
    private var workerBuilders: [[String: TableBuilder]]
    private var seed: TableBuilder?
    /// Rows of other tables met so far (ignored, as a whole read ignores them).
    private(set) var ignored: [String: Int] = [:]

    /// Whether the file starts with an object (after a BOM and white space): JSON Lines or
    /// concatenated objects (arrays and envelopes are read whole).
    static func startsWithObject(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < n, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i < n && bytes[i] == UInt8(ascii: "{")
    }

    /// Whether every non-blank line starts with `{` and ends with `}` (white space aside): JSON
    /// Lines, not pretty-printed records (whose pieces, cut at line starts, would not parse).
    static func oneObjectPerLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
        while i < n {
            let end = min(n, nextLineStart(bytes, after: i))
            var lo = i, hi = end
            while lo < hi, space(bytes[lo]) || bytes[lo] == 0x0A { lo += 1 }
            while hi > lo, space(bytes[hi - 1]) || bytes[hi - 1] == 0x0A { hi -= 1 }
            if lo < hi, bytes[lo] != UInt8(ascii: "{") || bytes[hi - 1] != UInt8(ascii: "}") { return false }
            i = end
        }
        return true
    }

    /// Reads the seed; nil when the file cannot be streamed (see the type's comment).
    init?(mapped: MappedFile, file: String, table: String, options: ReadOptions, scan: ScanSpec) {
        let bytes = mapped.bytes
        let n = bytes.count
        guard !options.skipBadRows, n > 0, Self.startsWithObject(bytes) else { return nil }
        let seedEnd = nextLineStart(bytes, after: min(n, TableReader.jsonSeedBytes))
        let seedBytes = UnsafeBufferPointer(rebasing: bytes[0..<seedEnd])
        guard TextEncoding.firstInvalidUTF8(seedBytes) == nil, Self.oneObjectPerLine(seedBytes) else { return nil }
        var reader = JSONRecordReader(bytes: seedBytes, file: file, hint: table, options: options, builders: [:])
        reader.wanted = scan.wanted
        guard let built = try? reader.run(), reader.skipped == 0, built.count == 1, var b = built[table] else { return nil }
        b.flush()
        self.bytes = bytes; self.mapped = mapped; self.file = file; self.table = table
        self.options = options; self.scan = scan
        roundStart = seedEnd
        let full = max(1, options.pieceBytes)
        pieceBytes = min(full, max(1, options.firstPieceBytes))
        var template = b
        template.batches = []
        workerBuilders = (0..<max(1, options.workers)).map { _ in [table: template.emptyCopy()] }
        // As in readJSONLinesInPieces: lines that cannot pass are skipped unparsed when the
        // read is projected onto columns the seed typed and has string equalities.
        var pf: JSONLinePrefilter? = nil
        if let wanted = scan.wanted, !scan.predicates.isEmpty,
           wanted.allSatisfy({ w in b.index[w].map { if case .typed = b.sinks[$0].kind { return true } else { return false } } ?? false }) {
            pf = JSONLinePrefilter.make(scan.predicates, builder: b)
        }
        prefilter = pf
        seed = b
    }

    /// The next round: batches with the builder whose columns they have; nil at the end.
    mutating func next() throws -> (groups: [(batches: [(count: Int, columns: [BatchColumn])], builder: TableBuilder)], rows: Int)? {
        if var s = seed {
            seed = nil
            let batches = s.batches
            s.batches = []
            return ([(batches, s)], batches.reduce(0) { $0 + $1.count })
        }
        let n = bytes.count
        guard roundStart < n else { return nil }
        let workers = workerBuilders.count
        let pieceBytes = self.pieceBytes
        self.pieceBytes = min(max(1, options.pieceBytes), pieceBytes * 8)
        var cuts = [roundStart]
        while cuts.count <= workers, let last = cuts.last, last < n {
            cuts.append(last > n - pieceBytes ? n : nextLineStart(bytes, after: last + pieceBytes))
        }
        let pieces = cuts.count - 1
        var errors = [Error?](repeating: nil, count: pieces)
        let (bytes, mapped, file, table, options, wanted, prefilter) = (self.bytes, self.mapped, self.file, self.table, self.options, scan.wanted, self.prefilter)
        errors.withUnsafeMutableBufferPointer { errBuf in
            workerBuilders.withUnsafeMutableBufferPointer { wbBuf in
                guard let errs = errBuf.baseAddress, let wb = wbBuf.baseAddress else { return }
                let parseOne = { (i: Int) in
                    mapped.populate(cuts[i]..<cuts[i + 1])
                    // Pieces start at line starts, so no UTF-8 sequence is split; with a prefilter
                    // the reader checks the lines it parses itself.
                    if prefilter == nil, let bad = TextEncoding.firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[cuts[i]..<cuts[i + 1]])) {
                        errs[i] = TextEncoding.invalidUTF8Error(bytes, at: cuts[i] + bad, file: file)
                        return
                    }
                    var r = JSONRecordReader(bytes: UnsafeBufferPointer(rebasing: bytes[0..<cuts[i + 1]]), file: file, hint: table,
                                             options: options, builders: wb[i])
                    wb[i] = [:]
                    r.startOffset = cuts[i]
                    r.wanted = wanted
                    r.prefilter = prefilter
                    do { wb[i] = try r.run() } catch { errs[i] = error; wb[i] = r.builders }
                }
                if pieces == 1 { parseOne(0) } else { DispatchQueue.concurrentPerform(iterations: pieces, execute: parseOne) }
            }
        }
        var groups: [(batches: [(count: Int, columns: [BatchColumn])], builder: TableBuilder)] = []
        var rows = 0
        for i in 0..<pieces {
            if let e = errors[i] { throw e }
            for name in workerBuilders[i].keys.sorted() {
                guard var b = workerBuilders[i][name] else { continue }
                b.flush()
                let batches = b.batches
                b.batches = []
                workerBuilders[i][name] = b
                let count = batches.reduce(0) { $0 + $1.count }
                if name == table {
                    groups.append((batches, b))
                    rows += count
                } else if count > 0 {
                    ignored[name, default: 0] += count
                }
            }
        }
        mapped.release(roundStart..<cuts[pieces])
        roundStart = cuts[pieces]
        return (groups, rows)
    }
}
