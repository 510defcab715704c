import Foundation

/// Writes output to standard output, or through a pager when it is taller than the terminal:
/// `$PAGER` (run by `/bin/sh -c`; an empty `$PAGER` means none), else `less -FRX` (quit at once
/// when it fits after all, keep colours, leave the text on the screen). When the pager cannot be
/// started the text goes to standard output.
enum Pager {
    static func shouldPage(lineCount: Int, screenRows: Int) -> Bool {
        screenRows > 0 && lineCount > screenRows - 1
    }

    /// Writes `text`; `beforePaging` runs just before a pager starts (to stop handling Ctrl-C,
    /// which then belongs to the pager).
    static func emit(_ text: String, lineCount: Int, screenRows: Int, beforePaging: () -> Void = {}) {
        fflush(stdout)
        let environment = ProcessInfo.processInfo.environment
        let command = environment["PAGER"] ?? "less -FRX"
        guard shouldPage(lineCount: lineCount, screenRows: screenRows),
              !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            writeAll(STDOUT_FILENO, text)
            return
        }
        beforePaging()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        if environment["LESSCHARSET"] == nil {   // less in a C locale would show UTF-8 as <E6><97>…
            var env = environment
            env["LESSCHARSET"] = "utf-8"
            p.environment = env
        }
        let pipe = Pipe()
        p.standardInput = pipe
        do { try p.run() } catch {
            writeAll(STDOUT_FILENO, text)
            return
        }
        // A pager that quits early closes the pipe: the write then fails with EPIPE, not SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        writeAll(pipe.fileHandleForWriting.fileDescriptor, text)
        try? pipe.fileHandleForWriting.close()
        p.waitUntilExit()
    }

    /// Writes every byte of `text` to `fd`, stopping quietly at the first error (a closed pipe).
    static func writeAll(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                off += n
            }
        }
    }
}
