import Foundation
import Testing
@testable import KQLEngine

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
            let out = parallelMap(Array(0..<1_000)) { Tracked($0 * 2) }
            #expect(out.map(\.value) == (0..<1_000).map { $0 * 2 })
            #expect(Tracked.live == 1_000)
        }
        #expect(Tracked.live == 0)
    }
}
