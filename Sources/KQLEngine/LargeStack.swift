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
func withLargeStack<T>(_ body: () throws -> T) throws -> T {
    try withoutActuallyEscaping(body) { body in
        var result: Result<T, Error>?
        let job = StackJob { result = Result { try body() } }
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, largeStackSize)
        let context = Unmanaged.passRetained(job).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let created = pthread_create(&thread, &attr, { raw in
            #if canImport(Glibc)
            guard let raw else { return nil }
            #endif
            Unmanaged<StackJob>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<StackJob>.fromOpaque(context).release()
            return try body()
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
        guard let result else { throw LargeStackError() }
        return try result.get()
    }
}

/// 256 MB of address space: room for every stage at the depth caps, in a debug build.
let largeStackSize = 256 << 20

/// The work handed to the thread (released by the thread when it is done).
private final class StackJob {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

struct LargeStackError: Error, CustomStringConvertible {
    var description: String { "internal error: the query thread ended without a result" }
}
