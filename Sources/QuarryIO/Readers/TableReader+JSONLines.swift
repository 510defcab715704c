import Dispatch
import KQLColumns

/// JSON Lines files on all cores.
///
/// A seed (the first 64 KiB, cut at a line end) is read first and fixes the tables and their
/// columns. The rest is read in rounds of one piece (`pieceBytes`, cut at a line start) per
/// worker, each read by its own `JSONRecordReader` into empty copies of the seed's builders;
/// parsed ranges are released from the mapping after each round. JSON Lines records never hold
/// a raw line break, so every line start between records is a record start; a cut inside a
/// record (pretty-printed JSON) makes the piece before it fail. The pieces are kept only when
/// every one read cleanly (no error, no skipped row) and added no table or column; otherwise the
/// whole file is read again sequentially, which gives exactly the sequential result (errors,
/// skip counts, column order). Used for the first file of a read (no earlier builders).
extension TableReader {
    static let jsonSeedBytes = 64 << 10

    ///
    /// The caller has not checked the file for UTF-8: this does, either whole (before the rounds)
    /// or, with a `JSONLinePrefilter`, line by line for the lines it parses. When it returns nil
    /// nothing beyond the seed was checked.
    static func readJSONLinesInPieces(_ bytes: UnsafeBufferPointer<UInt8>, file: String, hint: String,
                                      options: ReadOptions, scan: ScanSpec, mapped: MappedFile?) throws -> ([String: TableBuilder], Int)? {
        let wanted = scan.wanted
        let n = bytes.count
        let workers = max(1, options.workers)
        guard workers > 1, n > 2 * jsonSeedBytes else { return nil }
        var origin = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { origin = 3 }
        while origin < n, bytes[origin] == 0x20 || bytes[origin] == 0x0A || bytes[origin] == 0x0D || bytes[origin] == 0x09 { origin += 1 }
        guard origin < n, bytes[origin] == UInt8(ascii: "{") else { return nil }

        // Seed.
        let seedEnd = nextLineStart(bytes, after: origin + jsonSeedBytes)
        guard seedEnd < n else { return nil }
        var seedReader = JSONRecordReader(bytes: UnsafeBufferPointer(rebasing: bytes[0..<seedEnd]), file: file, hint: hint,
                                          options: options, builders: [:])
        seedReader.wanted = wanted
        guard TextEncoding.firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[0..<seedEnd])) == nil,
              let seed = try? seedReader.run(), seedReader.skipped == 0, !seed.isEmpty else { return nil }

        // Lines that cannot pass are skipped unparsed when the read is projected onto columns the
        // seed typed (so skipped lines could add no column the result shows) and has string
        // equalities on one table's string columns; not when bad rows are counted (every line
        // must then be parsed for the count to equal a full read's).
        var prefilter: JSONLinePrefilter? = nil
        if !options.skipBadRows, seed.count == 1, let b = seed.values.first, let wanted, !scan.predicates.isEmpty,
           wanted.allSatisfy({ w in b.index[w].map { if case .typed = b.sinks[$0].kind { return true } else { return false } } ?? false }) {
            prefilter = JSONLinePrefilter.make(scan.predicates, builder: b)
        }
        if prefilter == nil { try TextEncoding.requireUTF8(bytes, file: file, mapped: mapped) }

        // Rounds of one piece per worker; parsed ranges are released after each round.
        var merged = seed
        var workerBuilders: [[String: TableBuilder]] = (0..<workers).map { _ in seed.mapValues { $0.emptyCopy() } }
        let pieceBytes = max(1, options.pieceBytes)
        var roundStart = seedEnd
        while roundStart < n {
            var cuts = [roundStart]
            while cuts.count <= workers, let last = cuts.last, last < n {
                cuts.append(last > n - pieceBytes ? n : nextLineStart(bytes, after: last + pieceBytes))
            }
            let pieces = cuts.count - 1
            var ok = [Bool](repeating: false, count: pieces)
            ok.withUnsafeMutableBufferPointer { okBuf in
                workerBuilders.withUnsafeMutableBufferPointer { wbBuf in
                    let okp = okBuf.baseAddress!, wb = wbBuf.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: pieces) { i in
                        mapped?.populate(cuts[i]..<cuts[i + 1])
                        var r = JSONRecordReader(bytes: UnsafeBufferPointer(rebasing: bytes[0..<cuts[i + 1]]), file: file, hint: hint,
                                                 options: options, builders: wb[i])
                        wb[i] = [:]
                        r.startOffset = cuts[i]
                        r.wanted = wanted
                        r.prefilter = prefilter
                        if let bs = try? r.run(), r.skipped == 0 { wb[i] = bs; okp[i] = true }
                    }
                }
            }
            for i in 0..<pieces {
                guard ok[i], workerBuilders[i].count == seed.count else { return nil }
                for (name, b) in workerBuilders[i] { guard let s = seed[name], s.names == b.names else { return nil } }
                for name in seed.keys {
                    workerBuilders[i][name]!.flush()
                    merged[name]!.adopt(workerBuilders[i][name]!.batches)
                    workerBuilders[i][name]!.batches = []
                }
            }
            mapped?.release(roundStart..<cuts[pieces])
            roundStart = cuts[pieces]
        }
        return (merged, 0)
    }
}
