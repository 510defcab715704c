import Foundation

/// What a set of paths holds on disk, to tell whether a table bound to them is still current:
/// every regular file under them (a folder is walked, hidden entries skipped) with its size and
/// modification time, in path order. A path that cannot be read is recorded as missing, so it
/// appearing later changes the signature too.
public struct FileSignature: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var path: String
        var size: Int64
        var mtimeSeconds: Int
        var mtimeNanoseconds: Int
    }
    var entries: [Entry]

    /// Bytes of all the files.
    public var totalBytes: Int { entries.reduce(0) { $0 + max(0, Int($1.size)) } }

    public init(paths: [String]) {
        var out: [Entry] = []
        for p in paths { Self.collect(p, into: &out, depth: 0) }
        entries = out
    }

    /// Folders deeper than this are not walked (a loop of symbolic links must not recurse forever).
    static let maxDepth = 16

    private static func collect(_ path: String, into out: inout [Entry], depth: Int) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            out.append(Entry(path: path, size: -1, mtimeSeconds: 0, mtimeNanoseconds: 0))
            return
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            guard depth < maxDepth, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for n in names.sorted() where !n.hasPrefix(".") {
                collect((path as NSString).appendingPathComponent(n), into: &out, depth: depth + 1)
            }
            return
        }
        #if os(Linux)
        let (sec, nsec) = (Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec))
        #else
        let (sec, nsec) = (Int(st.st_mtimespec.tv_sec), Int(st.st_mtimespec.tv_nsec))
        #endif
        out.append(Entry(path: path, size: Int64(st.st_size), mtimeSeconds: sec, mtimeNanoseconds: nsec))
    }
}
