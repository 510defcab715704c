import Dispatch
import Foundation

/// Progress of long scans on standard error, when it is a terminal: bytes parsed of the files'
/// total, rows read, elapsed time, on one line redrawn four times a second once the query has
/// run for a second. Only streamed reads report (plain CSV and JSON Lines: `TableStream`'s
/// `bytesParsed` and row count); a gzip file or JSON array read whole shows nothing. The line is
/// erased before the result is written (`stop`), and never shown when the result itself streams
/// to the same terminal (CSV or JSON Lines on standard output), where it would interleave.
public final class ScanProgress: @unchecked Sendable {
    public static let shared = ScanProgress()

    private let lock = NSLock()
    private var scans: [ObjectIdentifier: (bytes: Int, total: Int, rows: Int)] = [:]
    private var timer: DispatchSourceTimer?
    private var start = Date()
    private var shown = false
    private var delay = 1.0

    /// Starts drawing (call once, when enabled).
    public func start(after delay: Double = 1) {
        lock.lock(); defer { lock.unlock() }
        guard timer == nil else { return }
        start = Date()
        self.delay = delay
        let t = DispatchSource.makeTimerSource(queue: .global())
        t.schedule(deadline: .now() + max(0, delay), repeating: 0.25)
        t.setEventHandler { [weak self] in self?.draw() }
        t.resume()
        timer = t
    }

    /// Stops drawing and erases the line.
    public func stop() {
        lock.lock(); defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }

    public var isRunning: Bool {
        lock.lock(); defer { lock.unlock() }
        return timer != nil
    }

    /// Erases the line so that a note or error prints on a line of its own (it is drawn again
    /// at the next tick).
    public func clearLine() {
        lock.lock(); defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }

    public func update(_ scan: AnyObject, bytes: Int, total: Int, rows: Int) {
        lock.lock(); defer { lock.unlock() }
        guard timer != nil else { return }
        scans[ObjectIdentifier(scan)] = (bytes, total, rows)
        // The first line as soon as it is due, not at the next tick (a short scan shows too).
        if !shown && Date().timeIntervalSince(start) >= delay { drawLocked() }
    }

    private func draw() {
        lock.lock(); defer { lock.unlock() }
        drawLocked()
    }

    private func drawLocked() {
        guard timer != nil, !scans.isEmpty else { return }
        let bytes = scans.values.reduce(0) { $0 + $1.bytes }, total = scans.values.reduce(0) { $0 + $1.total }
        let rows = scans.values.reduce(0) { $0 + $1.rows }
        let line = Self.line(bytes: bytes, total: total, rows: rows, seconds: Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        shown = true
    }

    /// `read 1.2 GB of 3.4 GB, 1,234,567 rows, 12.3 s`
    public static func line(bytes: Int, total: Int, rows: Int, seconds: Double) -> String {
        let of = total > 0 ? " of \(size(total))" : ""
        return "read \(size(bytes))\(of), \(grouped(rows)) rows, \(String(format: "%.1f", seconds)) s"
    }

    public static func size(_ n: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = Double(n), u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? "\(n) B" : String(format: "%.1f", v) + " " + units[u]
    }

    public static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// Bytes of the files under `paths` (a directory counts the regular files in it).
    public static func totalBytes(_ paths: [String]) -> Int {
        var n = 0
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { continue }
            if !isDir.boolValue {
                n += ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? Int) ?? 0
                continue
            }
            guard let e = FileManager.default.enumerator(at: URL(fileURLWithPath: p), includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) else { continue }
            for case let u as URL in e {
                if let v = try? u.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), v.isRegularFile == true { n += v.fileSize ?? 0 }
            }
        }
        return n
    }
}
