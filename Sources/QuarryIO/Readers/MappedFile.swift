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
        count = Int(st.st_size)
        if count == 0 {
            base = nil
            mappedLength = 0
            return
        }
        guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw ReadError(file: path, line: 0, column: 0, message: "cannot map file: \(String(cString: strerror(errno)))")
        }
        base = p
        mappedLength = count
        _ = madvise(p, count, MADV_SEQUENTIAL)
    }

    deinit {
        if let base { munmap(base, mappedLength) }
    }

    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base?.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Maps the pages of `range` in one call (MADV_POPULATE_READ, Linux 5.14+; ignored where
    /// unsupported) instead of one page fault per few pages.
    func populate(_ range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let ps = MappedFile.pageSize
        let lo = range.lowerBound / ps * ps
        let hi = min(count, range.upperBound)
        _ = madvise(base + lo, hi - lo, 22 /* MADV_POPULATE_READ */)
    }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Drops the pages wholly inside `range` from this process (they are clean file pages: a later
    /// access reads them again from the page cache or the file). Keeps resident memory bounded.
    func release(_ range: Range<Int>) {
        guard let base else { return }
        let ps = MappedFile.pageSize
        let lo = (range.lowerBound + ps - 1) / ps * ps
        let hi = range.upperBound / ps * ps
        guard hi > lo else { return }
        _ = madvise(base + lo, hi - lo, MADV_DONTNEED)
    }
}
