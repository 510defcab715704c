import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The terminal under the shell's line editor (Core/LineEditor.swift says why it is our own):
// raw mode while a line is edited, the saved settings back before a query runs (so Ctrl-C is
// a SIGINT that cancels it) and on every way out: a normal exit, and SIGTERM, SIGHUP and
// SIGQUIT, whose handlers restore the settings and then die of the same signal.

/// The settings raw mode replaced; read by the signal handlers (async-signal-safe: tcsetattr).
private var savedTermios = termios()
private var rawModeActive: sig_atomic_t = 0

private func restoreFromSignal(_ sig: Int32) {
    if rawModeActive != 0 {
        var t = savedTermios
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &t)
        rawModeActive = 0
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

extension Terminal {
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    private static var handlersInstalled = false

    /// Puts the terminal in raw mode: bytes as typed, no echo, no signals from keys.
    static func enableRawMode() -> Bool {
        if rawModeActive != 0 { return true }
        var t = termios()
        guard tcgetattr(STDIN_FILENO, &t) == 0 else { return false }
        savedTermios = t
        if !handlersInstalled {
            handlersInstalled = true
            for sig in [SIGTERM, SIGHUP, SIGQUIT] { signal(sig, restoreFromSignal) }
            atexit { Terminal.restore() }
        }
        var raw = t
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0 else { return false }
        rawModeActive = 1
        return true
    }

    /// Puts back the settings raw mode replaced.
    static func restore() {
        guard rawModeActive != 0 else { return }
        var t = savedTermios
        _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &t)
        rawModeActive = 0
    }

    /// The terminal's width in columns (80 when unknown).
    static var width: Int {
        var w = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return Int(w.ws_col) }
        return 80
    }

    static func write(_ s: String) {
        let bytes = Array(s.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { b -> Int in
                guard let base = b.baseAddress else { return 0 }
                return systemWrite(STDOUT_FILENO, base + off, b.count - off)
            }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
            off += n
        }
    }

    /// Reads what the terminal has (at least one byte); nil at end of input or on an error.
    static func readBytes() -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: 256)
        while true {
            let n = buf.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, 256) }
            if n > 0 { return Array(buf[..<n]) }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
    }
}
