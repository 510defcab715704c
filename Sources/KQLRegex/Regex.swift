// KQLRegex: a pure-Swift, linear-time implementation of RE2's regular expression dialect
// (the dialect of KQL's extract, extract_all, matches regex, replace_regex, parse kind=regex).
//
// Pipeline: Syntax.swift parses the pattern (byte offsets in errors) into a tree; Program.swift
// compiles it to an NFA over Unicode code points. Matching works on UTF-8 bytes:
//   * matches()      lazy DFA (DFA.swift), one table lookup per ASCII byte, early exit;
//   * firstMatch()   DFA to reject non-matching input, then a bounded backtracker with a visited
//                    bitmap (Backtrack.swift) for short texts, or the Pike VM (PikeVM.swift);
//   * prefilters     required literal prefix (memchr) or first-byte set (Prefilter.swift).
// Every engine is O(program size × input length): no pattern can make matching exponential.
//
// Differences from RE2 worth knowing:
//   * \C matches one code point, not one byte.
//   * Unicode tables: general categories come from Unicode 14 data; scripts cover Latin, Greek,
//     Cyrillic, Arabic, Hebrew, Armenian, Georgian, Han, Hiragana, Katakana, Hangul, Thai and
//     Devanagari with block-level ranges (other script names are rejected as unknown classes).
//   * Case folding uses simple folding orbits generated from Unicode 14 case mappings.
//   * Rewrites (replaceAll) treat \N for a missing group as empty instead of rejecting the rewrite.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A small mutex built on pthreads (no Foundation).
final class Lock: @unchecked Sendable {
    private let m: UnsafeMutablePointer<pthread_mutex_t>
    init() {
        m = .allocate(capacity: 1)
        m.initialize(to: pthread_mutex_t())
        pthread_mutex_init(m, nil)
    }
    deinit { pthread_mutex_destroy(m); m.deallocate() }
    @inline(__always) func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(m); defer { pthread_mutex_unlock(m) }
        return try body()
    }
}

/// Per-call working memory; pooled so concurrent callers never share one.
final class Scratch {
    let pike: PikeScratch
    let dfa: DFACache
    let backtrack: BacktrackScratch
    init(_ prog: Program) {
        pike = PikeScratch(ninst: prog.insts.count, nslots: prog.slotCount)
        dfa = DFACache(prog)
        backtrack = BacktrackScratch(nslots: prog.slotCount)
    }
}

/// An RE2-syntax regular expression compiled for linear-time matching over UTF-8 bytes.
/// Immutable after init; safe to use from several threads at once.
public final class CompiledRegex: @unchecked Sendable {
    public let pattern: String
    let prog: Program
    let prefilter: Prefilter?
    let names: [String?]
    private let poolLock = Lock()
    @exclusivity(unchecked) private var pool: [Scratch] = []
    /// Testing/benchmark hook: always use the Pike VM for captures (never the backtracker).
    /// Set it before sharing the instance.
    @_spi(Engines) public var forcePikeVM = false

    public init(_ pattern: String) throws {
        self.pattern = pattern
        let parsed = try Parser.parse(pattern)
        prog = try Compiler.compile(parsed)
        names = parsed.names
        prefilter = Prefilter(prog)
    }

    /// Number of capture groups, excluding group 0.
    public var captureCount: Int { names.count - 1 }
    /// Group names: index 0 is the whole match (nil), then one entry per group (nil if unnamed).
    public var groupNames: [String?] { names }

    /// Index of the group with the given name, if any.
    public func groupIndex(named name: String) -> Int? { names.firstIndex(where: { $0 == name }) }

    @inline(__always) func withScratch<T>(_ body: (Scratch) -> T) -> T {
        let s: Scratch = poolLock.withLock { pool.popLast() } ?? Scratch(prog)
        defer { poolLock.withLock { if pool.count < 8 { pool.append(s) } } }
        return body(s)
    }

    /// Calls `body` with a matcher that keeps one scratch for many inputs: column kernels match
    /// row after row without taking the pool lock or allocating a capture array per row.
    public func withMatcher<R>(_ body: (Matcher) throws -> R) rethrows -> R {
        let s: Scratch = poolLock.withLock { pool.popLast() } ?? Scratch(prog)
        defer { poolLock.withLock { if pool.count < 8 { pool.append(s) } } }
        return try body(Matcher(regex: self, scratch: s))
    }

    /// Matching with a borrowed scratch (see `withMatcher`); valid only inside that call.
    public struct Matcher {
        let regex: CompiledRegex
        let scratch: Scratch

        /// Does the pattern match anywhere in `input`?
        public func matches(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
            if let r = DFA.search(regex.prog, input, from: 0, cache: scratch.dfa, prefilter: regex.prefilter) { return r }
            return PikeVM.search(regex.prog, input, from: 0, anchored: false, scratch: scratch.pike, prefilter: regex.prefilter)
        }

        /// The range of capture group `group` (0 = whole match) of the first match, or nil when
        /// nothing matches or the group did not take part.
        public func firstMatch(group: Int, in input: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
            guard group >= 0, group < regex.names.count,
                  regex.firstMatchCaptures(input, from: 0, scratch: scratch) else { return nil }
            let a = scratch.pike.best[2 * group], b = scratch.pike.best[2 * group + 1]
            return a >= 0 && b >= a ? a..<b : nil
        }
    }

    /// Inputs this short skip the DFA's pre-check in `firstMatchCaptures`.
    static let shortText = 48

    /// Runs the engines for the first match; on true, the captures are in `s.pike.best`.
    func firstMatchCaptures(_ input: UnsafeBufferPointer<UInt8>, from start: Int, scratch s: Scratch) -> Bool {
        // The DFA rejects non-matching text fast; on short text (a field such as an address) the
        // bounded backtracker answers as quickly, so a match is not searched for twice.
        let short = input.count - start <= Self.shortText
        if !short, DFA.search(prog, input, from: start, cache: s.dfa, prefilter: prefilter) == false { return false }
        if Backtracker.canRun(prog, textLength: input.count - start) && !forcePikeVM {
            return Backtracker.search(prog, input, from: start, scratch: s.backtrack, best: s.pike.best, prefilter: prefilter)
        }
        return PikeVM.search(prog, input, from: start, anchored: false, scratch: s.pike, prefilter: prefilter)
    }

    /// Does the pattern match anywhere in `input` (UTF-8 bytes)?
    public func matches(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        withScratch { s in
            if let r = DFA.search(prog, input, from: 0, cache: s.dfa, prefilter: prefilter) { return r }
            return PikeVM.search(prog, input, from: 0, anchored: false, scratch: s.pike, prefilter: prefilter)
        }
    }

    /// First (leftmost-first) match at or after byte `start`: ranges of groups 0...captureCount
    /// (nil where a group did not participate), or nil if there is no match.
    public func firstMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> [Range<Int>?]? {
        guard start >= 0, start <= input.count else { return nil }
        return withScratch { s in firstMatch(input, from: start, scratch: s) }
    }

    func firstMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int, scratch s: Scratch) -> [Range<Int>?]? {
        guard firstMatchCaptures(input, from: start, scratch: s) else { return nil }
        let best = s.pike.best
        var out: [Range<Int>?] = []
        out.reserveCapacity(names.count)
        for g in 0..<names.count {
            let a = best[2 * g], b = best[2 * g + 1]
            out.append(a >= 0 && b >= a ? a..<b : nil)
        }
        return out
    }

    /// All non-overlapping matches, left to right. After an empty match the search resumes one
    /// code point later, and an empty match right after the previous match is not reported (RE2).
    public func allMatches(_ input: UnsafeBufferPointer<UInt8>) -> [[Range<Int>?]] {
        withScratch { s in
            var out: [[Range<Int>?]] = []
            var p = 0
            var lastEnd = -1
            let n = input.count
            while p <= n {
                guard let m = firstMatch(input, from: p, scratch: s), let whole = m[0] else { break }
                if whole.isEmpty && whole.lowerBound == lastEnd {
                    if p >= n { break }
                    p += runeLength(input, p)
                    continue
                }
                out.append(m)
                p = whole.upperBound
                lastEnd = p
            }
            return out
        }
    }

    /// replace_regex semantics: replaces every non-overlapping match with `rewrite`, where `\0`...`\9`
    /// insert the text of that group (empty if the group did not participate or does not exist)
    /// and `\\` inserts a backslash. Any other backslash is copied literally.
    public func replaceAll(_ input: UnsafeBufferPointer<UInt8>, with rewrite: String) -> [UInt8] {
        let rw = Array(rewrite.utf8)
        let matches = allMatches(input)
        var out: [UInt8] = []
        out.reserveCapacity(input.count + 16)
        var p = 0
        for m in matches {
            guard let whole = m[0] else { continue }
            out.append(contentsOf: input[p..<whole.lowerBound])
            var i = 0
            while i < rw.count {
                let b = rw[i]
                if b == UInt8(ascii: "\\"), i + 1 < rw.count {
                    let d = rw[i + 1]
                    if d >= 0x30 && d <= 0x39 {
                        let g = Int(d - 0x30)
                        if g < m.count, let r = m[g] { out.append(contentsOf: input[r]) }
                        i += 2; continue
                    }
                    if d == UInt8(ascii: "\\") { out.append(d); i += 2; continue }
                }
                out.append(b)
                i += 1
            }
            p = whole.upperBound
        }
        out.append(contentsOf: input[p..<input.count])
        return out
    }

    private func runeLength(_ input: UnsafeBufferPointer<UInt8>, _ p: Int) -> Int {
        guard let base = input.baseAddress, p < input.count else { return 1 }
        return decodeRune(base, p, input.count).1
    }

    // MARK: String conveniences

    public func matches(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { matches($0) }
    }

    /// Captured substrings of the first match (nil for non-participating groups), or nil.
    public func firstMatch(in s: String) -> [String?]? {
        var s = s
        return s.withUTF8 { buf -> [String?]? in
            guard let m = firstMatch(buf) else { return nil }
            return m.map { r in r.map { String(decoding: UnsafeBufferPointer(rebasing: buf[$0]), as: UTF8.self) } }
        }
    }

    /// Whole-match text of every non-overlapping match.
    public func allMatches(in s: String) -> [[String?]] {
        var s = s
        return s.withUTF8 { buf in
            allMatches(buf).map { m in m.map { r in r.map { String(decoding: UnsafeBufferPointer(rebasing: buf[$0]), as: UTF8.self) } } }
        }
    }

    public func replaceAll(in s: String, with rewrite: String) -> String {
        var s = s
        return s.withUTF8 { String(decoding: replaceAll($0, with: rewrite), as: UTF8.self) }
    }
}

/// Thread-safe cache: compiles once per distinct pattern and reuses the result.
public enum RegexCache {
    private static let lock = Lock()
    nonisolated(unsafe) private static var cache: [String: CompiledRegex] = [:]
    private static let limit = 4096

    public static func compiled(_ pattern: String) throws -> CompiledRegex {
        if let r = lock.withLock({ cache[pattern] }) { return r }
        let r = try CompiledRegex(pattern)
        return lock.withLock {
            if let existing = cache[pattern] { return existing }
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[pattern] = r
            return r
        }
    }
}
