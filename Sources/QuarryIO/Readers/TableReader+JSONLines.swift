import Dispatch
import KQLColumns

/// JSON Lines files on all cores.
///
/// A seed (the first 64 KiB, cut at a line end) is read first and fixes the tables and their
/// columns. The rest is cut at line starts into one piece per worker, each read by its own
/// `JSONRecordReader` into empty copies of the seed's builders. JSON Lines records never hold
/// a raw line break, so every line start between records is a record start; a cut inside a
/// record (pretty-printed JSON) makes the piece before it fail. The pieces are kept only when
/// every one read cleanly (no error, no skipped row) and added no table or column; otherwise the
/// whole file is read again sequentially, which gives exactly the sequential result (errors,
/// skip counts, column order). Used for the first file of a read (no earlier builders).
extension TableReader {
    static let jsonSeedBytes = 64 << 10

    static func readJSONLinesInPieces(_ bytes: UnsafeBufferPointer<UInt8>, file: String, hint: String,
                                      options: ReadOptions) throws -> ([String: TableBuilder], Int)? {
        let n = bytes.count
        let workers = max(1, options.workers)
        guard workers > 1, n > 2 * jsonSeedBytes else { return nil }
        var origin = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { origin = 3 }
        while origin < n, bytes[origin] == 0x20 || bytes[origin] == 0x0A || bytes[origin] == 0x0D || bytes[origin] == 0x09 { origin += 1 }
        guard origin < n, bytes[origin] == UInt8(ascii: "{") else { return nil }

        // Seed.
        let seedEnd = CSVBodyParser.nextLineStart(bytes, after: origin + jsonSeedBytes)
        guard seedEnd < n else { return nil }
        var seedReader = JSONRecordReader(bytes: UnsafeBufferPointer(rebasing: bytes[0..<seedEnd]), file: file, hint: hint,
                                          options: options, builders: [:])
        guard let seed = try? seedReader.run(), seedReader.skipped == 0, !seed.isEmpty else { return nil }

        // Pieces.
        let rest = n - seedEnd
        let per = max(options.pieceBytes, rest / workers + 1)
        var cuts = [seedEnd]
        while let last = cuts.last, last < n {
            cuts.append(last > n - per ? n : CSVBodyParser.nextLineStart(bytes, after: last + per))
        }
        let pieces = cuts.count - 1
        var out = [[String: TableBuilder]?](repeating: nil, count: pieces)
        out.withUnsafeMutableBufferPointer { buf in
            let res = buf.baseAddress!
            DispatchQueue.concurrentPerform(iterations: pieces) { i in
                var r = JSONRecordReader(bytes: UnsafeBufferPointer(rebasing: bytes[0..<cuts[i + 1]]), file: file, hint: hint,
                                         options: options, builders: seed.mapValues { $0.emptyCopy() })
                r.startOffset = cuts[i]
                if let bs = try? r.run(), r.skipped == 0 { res[i] = bs }
            }
        }
        var merged = seed
        for case let p? in out {
            guard p.count == seed.count else { return nil }
            for (name, b) in p { guard let s = seed[name], s.names == b.names else { return nil } }
        }
        for p in out {
            guard var p else { return nil }
            for name in seed.keys {
                var b = p[name]!
                b.flush()
                merged[name]!.adopt(b.batches)
                p[name] = nil
            }
        }
        return (merged, 0)
    }
}
