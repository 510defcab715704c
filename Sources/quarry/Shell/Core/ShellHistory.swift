import Foundation

/// The shell's history, kept across sessions in a file: one entry a line, the newest last,
/// at most `limit` entries (older ones are dropped when the file is rewritten).
///
/// An entry is a whole query: its lines joined by a space, so that Up brings a multi-line
/// query back as one line that runs the same. That would change a query with a `//` comment
/// (the comment would swallow the lines after it) or a multi-line string, so such a query is
/// kept line by line instead. Consecutive duplicates are kept once.
struct ShellHistory {
    private(set) var entries: [String] = []
    let limit: Int
    let path: String?

    init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = max(1, limit)
        if let path, let data = FileManager.default.contents(atPath: path) {
            entries = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            if entries.count > self.limit {
                entries.removeFirst(entries.count - self.limit)
                rewrite()
            }
        }
    }

    /// `$XDG_STATE_HOME/quarry/history`, else `~/.local/state/quarry/history`.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/quarry/history" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/quarry/history"
    }

    /// The entries for a query entered as `lines`.
    static func entries(for lines: [String]) -> [String] {
        let nonBlank = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if nonBlank.count > 1 && !nonBlank.contains(where: { $0.contains("//") || $0.contains("```") || $0.contains("~~~") }) {
            return [nonBlank.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")]
        }
        return nonBlank
    }

    /// Adds entries and appends them to the file (so a session that is killed keeps them).
    mutating func add(_ new: [String]) {
        var appended: [String] = []
        for e in new where !e.isEmpty && entries.last != e {
            entries.append(e)
            appended.append(e)
        }
        guard !appended.isEmpty else { return }
        if entries.count > limit * 2 {
            // Bounded on disk too: rewrite with the newest `limit` once the file holds twice that.
            entries.removeFirst(entries.count - limit)
            rewrite()
            return
        }
        guard let path else { return }
        ensureDirectory(path)
        let data = Data(appended.map { $0 + "\n" }.joined().utf8)
        if let h = FileHandle(forWritingAtPath: path) {
            h.seekToEndOfFile()
            h.write(data)
            h.closeFile()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        }
    }

    private func rewrite() {
        guard let path else { return }
        ensureDirectory(path)
        let data = Data(entries.map { $0 + "\n" }.joined().utf8)
        _ = FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
    }

    private func ensureDirectory(_ path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
}
