import Foundation
import Testing
@testable import KQLEngine
import KQLColumns

/// `parallelMap` keeps order and releases what it produced: every result it hands back is
/// freed once the caller drops it (a query run repeatedly must not grow the process).
@Suite struct ParallelMapTests {
    final class Tracked: @unchecked Sendable {
        static let lock = NSLock()
        nonisolated(unsafe) static var live = 0
        let value: Int
        init(_ v: Int) { value = v; Self.lock.lock(); Self.live += 1; Self.lock.unlock() }
        deinit { Self.lock.lock(); Self.live -= 1; Self.lock.unlock() }
    }

    @Test func keepsOrderAndReleasesResults() {
        do {
            let out = parallelMap(Array(0..<1_000), width: 4) { Tracked($0 * 2) }
            #expect(out.map(\.value) == (0..<1_000).map { $0 * 2 })
            #expect(Tracked.live == 1_000)
        }
        #expect(Tracked.live == 0)
    }
}

/// The thread budget is the query's: a query limited to one thread gives the same answer as one
/// with every core, and the budget reaches the operators through the query context.
@Suite struct ThreadBudgetTests {
    @Test func oneThreadAndManyAgree() throws {
        let session = QuerySession(tables: [:])
        let q = "range x from 1 to 300000 step 1 | where x % 3 == 0 | summarize c = count(), s = sum(x) by k = x % 7 | sort by k asc"
        var one = QueryOptions(); one.maxThreads = 1
        var many = QueryOptions(); many.maxThreads = 8
        let a = try session.run(q, options: one).table, b = try session.run(q, options: many).table
        #expect(a.rowCount == 7)
        #expect("\(a.rows())" == "\(b.rows())")
        #expect(QueryContext(threads: 1).threads == 1)
        #expect(QueryContext(threads: 0).threads == 1)
        #expect(QueryContext(threads: 3).threads == 3)
    }
}
