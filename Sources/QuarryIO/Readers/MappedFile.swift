#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file: no copy of the file is ever made, pages come from
/// the page cache on demand, and ranges already parsed can be released (`release`) so a file
/// larger than memory is read in bounded resident memory.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeMutableRawPointer?
    let count: Int
    private let mappedLength: Int
    /// True when the bytes were read (not mapped) into memory this object frees.
    private var owned = false

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ReadError(file: path, line: 0, column: 0, message: "cannot read file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw ReadError(file: path, line: 0, column: 0, message: "cannot read file: \(String(cString: strerror(errno)))")
        }
        // A size of 0 (or no size: pipes, /proc files) says nothing; read such files to EOF.
        if st.st_mode & S_IFMT != S_IFREG || st.st_size == 0 {
            let (p, n) = try MappedFile.readToEnd(fd, path: path)
            base = p
            count = n
            mappedLength = 0
            owned = true
            return
        }
        count = Int(st.st_size)
        guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw ReadError(file: path, line: 0, column: 0, message: "cannot map file: \(String(cString: strerror(errno)))")
        }
        base = p
        mappedLength = count
        _ = madvise(p, count, MADV_SEQUENTIAL)
    }

    deinit {
        if owned { free(base) } else if let base { munmap(base, mappedLength) }
    }

    /// Reads `fd` until end of file into a malloc'd buffer (nil when empty).
    private static func readToEnd(_ fd: Int32, path: String) throws -> (UnsafeMutableRawPointer?, Int) {
        var cap = 1 << 16, n = 0
        guard var buf = malloc(cap) else { throw ReadError(file: path, line: 0, column: 0, message: "out of memory") }
        while true {
            if n == cap {
                guard let bigger = realloc(buf, cap * 2) else {
                    free(buf)
                    throw ReadError(file: path, line: 0, column: 0, message: "out of memory reading \(n) bytes")
                }
                buf = bigger
                cap *= 2
            }
            let r = read(fd, buf + n, cap - n)
            if r < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                free(buf)
                throw ReadError(file: path, line: 0, column: 0, message: "cannot read file: \(message)")
            }
            if r == 0 { break }
            n += r
        }
        if n == 0 { free(buf); return (nil, 0) }
        return (buf, n)
    }

    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base?.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Maps the pages of `range` in one call (MADV_POPULATE_READ, Linux 5.14+; ignored where
    /// unsupported) instead of one page fault per few pages.
    func populate(_ range: Range<Int>) {
        guard let base, !owned, !range.isEmpty else { return }
        let ps = MappedFile.pageSize
        let lo = range.lowerBound / ps * ps
        let hi = min(count, range.upperBound)
        _ = madvise(base + lo, hi - lo, 22 /* MADV_POPULATE_READ */)
    }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Drops the pages wholly inside `range` from this process (they are clean file pages: a later
    /// access reads them again from the page cache or the file). Keeps resident memory bounded.
    func release(_ range: Range<Int>) {
        guard let base, !owned else { return }
        let ps = MappedFile.pageSize
        let lo = (range.lowerBound + ps - 1) / ps * ps
        let hi = range.upperBound / ps * ps
        guard hi > lo else { return }
        _ = madvise(base + lo, hi - lo, MADV_DONTNEED)
    }
}
