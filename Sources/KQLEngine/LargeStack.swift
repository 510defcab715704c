import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a fresh thread with a large stack and waits for it. Parsing, binding, optimizing
/// and explaining walk the query tree recursively; with their depth caps (`Parser.maxChain`,
/// `Binder.maxNesting`) the deepest accepted query needs more stack than a secondary thread may
/// have (512 KB on some platforms; a debug build's binder uses several KB per level), so these
/// stages never run on the caller's stack. The stack is reserved, not committed: a shallow query
/// touches a few pages of it. If no thread can be made, `body` runs on the caller's thread.
func withLargeStack<T>(_ body: @escaping () throws -> T) throws -> T {
    try LargeStackThread().run(body)
}

/// 256 MB of address space: room for every stage at the depth caps, in a debug build.
let largeStackSize = 256 << 20

struct LargeStackError: Error, CustomStringConvertible {
    var description: String { "internal error: the query thread ended without a result" }
}

/// A thread with a large stack (`largeStackSize`) that runs the jobs handed to it one at a time:
/// a query stream makes one and runs its preparation and every pull on it, so a pull costs a
/// hand-off rather than a new thread (a thread per pull — a 256 MB mapping made and unmapped and
/// its stack pages faulted in again — cost ~1 ms on a 4 ms in-memory hunt). The thread ends when
/// the owner is released. If no thread can be made, jobs run on the caller's thread.
final class LargeStackThread: @unchecked Sendable {
    private final class Channel {
        let cond = NSCondition()
        var job: (() -> Void)?
        var finished = false
        var stop = false
    }
    private let channel = Channel()
    private let started: Bool

    init() {
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, largeStackSize)
        let context = Unmanaged.passRetained(channel).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let created = pthread_create(&thread, &attr, { raw in
            #if canImport(Glibc)
            guard let raw else { return nil }
            #endif
            let channel = Unmanaged<Channel>.fromOpaque(raw).takeRetainedValue()
            channel.cond.lock()
            while true {
                while channel.job == nil && !channel.stop { channel.cond.wait() }
                guard var job = channel.job else { break }
                channel.cond.unlock()
                job()
                job = {}   // the job's captures are released before the caller resumes
                _ = job
                channel.cond.lock()
                channel.job = nil
                channel.finished = true
                channel.cond.broadcast()
            }
            channel.cond.unlock()
            return nil
        }, context)
        if created == 0 {
            #if canImport(Glibc)
            pthread_detach(thread)
            #else
            if let thread { pthread_detach(thread) }
            #endif
            started = true
        } else {
            Unmanaged<Channel>.fromOpaque(context).release()
            started = false
        }
    }

    deinit {
        channel.cond.lock()
        channel.stop = true
        channel.cond.broadcast()
        channel.cond.unlock()
    }

    /// Runs `body` on the thread and waits for its result.
    func run<T>(_ body: @escaping () throws -> T) throws -> T {
        guard started else { return try body() }
        var result: Result<T, Error>?
        channel.cond.lock()
        channel.finished = false
        channel.job = { result = Result { try body() } }
        channel.cond.broadcast()
        while !channel.finished { channel.cond.wait() }
        channel.cond.unlock()
        guard let result else { throw LargeStackError() }
        return try result.get()
    }
}
