import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Ctrl-C (SIGINT) for the whole CLI. The handler is installed with `signal` at the very start of
// `Quarry.main`, synchronously, so a Ctrl-C is never lost: a `DispatchSourceSignal` registers
// asynchronously, and a SIGINT that came between ignoring the signal and that registration (seen
// under load, 0.5 s after start) was dropped and the query ran on.
//
// While nothing listens (`listener` unset: parsing options, a subcommand that runs no query),
// Ctrl-C ends the process at once with 130, as the default action would but with the status the
// README documents. While a listener is set, the handler only counts (async-signal-safe); a
// watcher thread sees the count change within 20 ms and calls the listener on an ordinary thread.

/// SIGINTs counted since the listener was set; written by the handler only.
private var interruptCount: sig_atomic_t = 0
/// 1 while a listener is set (then the handler counts instead of exiting).
private var interruptListening: sig_atomic_t = 0
/// 1 when Ctrl-C is to be ignored (a pager owns the terminal).
private var interruptIgnored: sig_atomic_t = 0

private func onInterrupt(_ sig: Int32) {
    if interruptIgnored != 0 { return }
    if interruptListening == 0 {
        let msg: StaticString = "\nerror: cancelled (Ctrl-C)\n"
        _ = write(STDERR_FILENO, msg.utf8Start, msg.utf8CodeUnitCount)
        _exit(130)
    }
    interruptCount += 1
}

enum InterruptSignal {
    private static let lock = NSLock()
    private static var listener: (@Sendable () -> Void)? = nil
    private static var started = false

    /// Installs the handler (once; first thing in `main`).
    static func install() {
        lock.lock(); defer { lock.unlock() }
        guard !started else { return }
        started = true
        // Touch the globals before the handler can read them (their first access initializes them).
        interruptCount = 0; interruptListening = 0; interruptIgnored = 0
        signal(SIGINT, onInterrupt)
        // A parent may have started us with SIGINT blocked (a test runner's worker thread does; the
        // mask is inherited across exec): unblock it, before any thread is made, so it arrives.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        let watcher = Thread {
            var seen: sig_atomic_t = 0
            while true {
                usleep(20_000)
                let n = interruptCount
                guard n != seen else { continue }
                seen = n
                lock.lock(); let l = listener; lock.unlock()
                l?()
            }
        }
        watcher.name = "quarry-sigint"
        watcher.start()
    }

    /// Calls `handler` for each Ctrl-C from now on (replacing any earlier listener); nil goes back
    /// to exiting at once.
    static func listen(_ handler: (@Sendable () -> Void)?) {
        install()
        lock.lock()
        listener = handler
        interruptListening = handler == nil ? 0 : 1
        lock.unlock()
    }

    /// Ctrl-C is ignored from now on (it belongs to a pager in the foreground).
    static func ignore() {
        interruptIgnored = 1
    }
}
