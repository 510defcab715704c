import Dispatch
import Foundation

/// Maps `body` over `items` on up to `width` threads (the query's thread budget), keeping the
/// order. Used for batch-independent operators (filter, project); kernels are pure, so batches
/// can run side by side.
func parallelMap<T, R>(_ items: [T], width: Int, _ body: (T) -> R) -> [R] {
    if items.count < 2 || width < 2 { return items.map(body) }
    return withoutActuallyEscaping(body) { body in
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }   // the results hold references
        let workers = min(items.count, width)
        let next = ManagedAtomicCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.increment()
                if i >= items.count { break }
                results[i] = body(items[i])
            }
        }
        return results.map { $0! }
    }
}

/// The default thread budget: all cores, unless `QUARRY_THREADS` says otherwise (for measurements).
let workerCount: Int = {
    if let s = ProcessInfo.processInfo.environment["QUARRY_THREADS"], let n = Int(s), n > 0 { return n }
    return ProcessInfo.processInfo.activeProcessorCount
}()

/// A tiny lock-protected counter handing out work items.
final class ManagedAtomicCounter: @unchecked Sendable {
    private var value = -1
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}
