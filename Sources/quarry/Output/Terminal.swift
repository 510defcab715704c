import Foundation

/// The terminal standard output and standard error are attached to, if any.
enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Columns and rows of the terminal on `fd` (TIOCGWINSZ); nil when `fd` is not a terminal
    /// or reports no size (a pty nobody sized).
    static func size(_ fd: Int32) -> (columns: Int, rows: Int)? {
        guard isTerminal(fd) else { return nil }
        var w = winsize()
        let status = withUnsafeMutablePointer(to: &w) { ioctl(fd, UInt(TIOCGWINSZ), $0) }
        guard status == 0, w.ws_col > 0 else { return nil }
        return (Int(w.ws_col), Int(w.ws_row))
    }
}
