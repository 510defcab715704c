import KQLColumns

extension Executor {
    /// `top N by key`: keeps the best N row indexes in a bounded heap instead of sorting all rows.
    func topTable(_ t: Table, key: BoundSortKey, limit: Int) -> Table {
        let total = t.batches.reduce(0) { $0 + $1.count }
        if limit == 0 || limit >= (total + 3) / 4 { return sortTable(t, keys: [key], limit: limit) }   // (no limit * 4: it may be Int.max)
        // Keys are evaluated batch by batch and rows named by (batch << 32 | row): the input is
        // never concatenated, only the kept rows are gathered.
        let keyData = t.batches.map { evaluate(key.expr, $0) }
        @inline(__always) func value(_ p: Int) -> Value { keyData[p >> 32].value(at: p & 0xFFFF_FFFF) }
        // "a before b" in the output order; ties keep input order.
        func before(_ x: Int, _ y: Int) -> Bool {
            let a = value(x), c = value(y)
            let ra = orderRank(a), rc = orderRank(c)
            if ra != rc { return key.nullsFirst ? ra > rc : ra < rc }
            if ra == 0, let r = compareValues(a, c), r != 0 { return key.ascending ? r < 0 : r > 0 }
            return x < y
        }
        // Max-heap on "after": the root is the worst kept row.
        var heap: [Int] = []
        heap.reserveCapacity(limit + 1)
        func siftUp(_ i0: Int) { var i = i0; while i > 0 { let p = (i - 1) / 2; if before(heap[p], heap[i]) { heap.swapAt(p, i); i = p } else { break } } }
        func siftDown(_ i0: Int) {
            var i = i0
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < heap.count, before(heap[worst], heap[l]) { worst = l }
                if r < heap.count, before(heap[worst], heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst); i = worst
            }
        }
        for (bi, b) in t.batches.enumerated() {
            for row in 0..<b.count {
                let p = bi << 32 | row
                if heap.count < limit { heap.append(p); siftUp(heap.count - 1) }
                else if before(p, heap[0]) { heap[0] = p; siftDown(0) }
            }
        }
        let idx = heap.sorted(by: before)
        // Gather each batch's kept rows, then put the pieces in output order.
        var pieces: [Batch] = []
        var start: [Int: Int] = [:]
        var taken = 0
        for bi in Set(idx.map { $0 >> 32 }).sorted() {
            let rows = idx.filter { $0 >> 32 == bi }.map { $0 & 0xFFFF_FFFF }
            start[bi] = taken
            taken += rows.count
            pieces.append(Batch(columns: t.batches[bi].columns.map { $0.gather(rows) }, count: rows.count))
        }
        var used: [Int: Int] = [:]
        let order = idx.map { p -> Int in
            let bi = p >> 32
            defer { used[bi, default: 0] += 1 }
            return start[bi]! + used[bi, default: 0]
        }
        let kept = Table(schema: t.schema, batches: pieces).singleBatch()
        return Table(schema: t.schema, batches: [Batch(columns: kept.columns.map { $0.gather(order) }, count: order.count)])
    }
}
