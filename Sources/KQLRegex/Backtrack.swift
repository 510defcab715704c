// Bounded backtracker ("bit-state"): depth-first search in priority order, so the first match
// found is the leftmost-first one. A visited bit per (instruction, position) pair guarantees that
// each pair is explored at most once, so the run time is O(program size × input length). Used
// for captures when that product is small (short fields such as command lines and URLs).

final class BacktrackScratch {
    /// Largest visited bitmap (program size × (text length + 1)) we allow: 2 MiB. The bitmap is
    /// position-major and all-zero between searches; each search clears only the prefix it touched,
    /// so a search that stops early (as in allMatches loops) pays only for the text it examined.
    static let maxBits = 16 * 1024 * 1024

    var visited: UnsafeMutablePointer<UInt64>
    var visitedWords: Int
    /// Job stack of triples: pc (or -slot-1 for a capture restore), position, saved value.
    var jobs: UnsafeMutablePointer<Int>
    var jobCapacity: Int
    var caps: UnsafeMutablePointer<Int>

    init(nslots: Int) {
        visitedWords = 64
        visited = .allocate(capacity: visitedWords)
        visited.initialize(repeating: 0, count: visitedWords)
        jobCapacity = 3 * 256
        jobs = .allocate(capacity: jobCapacity)
        caps = .allocate(capacity: nslots)
        caps.initialize(repeating: -1, count: nslots)
    }
    deinit { visited.deallocate(); jobs.deallocate(); caps.deallocate() }

    func ensureVisited(_ words: Int) {
        if words <= visitedWords { return }
        visited.deallocate()
        visitedWords = max(words, visitedWords * 2)
        visited = .allocate(capacity: visitedWords)
        visited.initialize(repeating: 0, count: visitedWords)
    }

    func grow() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: jobCapacity * 2)
        bigger.moveInitialize(from: jobs, count: jobCapacity)
        jobs.deallocate()
        jobs = bigger
        jobCapacity *= 2
    }
}

enum Backtracker {
    static func canRun(_ prog: Program, textLength: Int) -> Bool {
        prog.insts.count * (textLength + 1) <= BacktrackScratch.maxBits
    }

    /// Leftmost-first search from `start`; on success the slots are written to `best`.
    static func search(_ prog: Program, _ input: UnsafeBufferPointer<UInt8>, from start: Int,
                       scratch s: BacktrackScratch, best: UnsafeMutablePointer<Int>, prefilter: Prefilter?) -> Bool {
        let n = input.count
        guard let base = input.baseAddress ?? (n == 0 ? UnsafePointer<UInt8>(bitPattern: 1) : nil) else { return false }
        let width = n - start + 1
        let ninst = prog.insts.count
        let bits = ninst * width
        let words = (bits + 63) / 64
        s.ensureVisited(words)
        let visited = s.visited
        var hiPos = start   // highest position whose bits may have been set
        defer {
            let touched = min(words, ((hiPos - start + 1) * ninst + 63) / 64)
            visited.update(repeating: 0, count: touched)
        }
        let nslots = prog.slotCount
        let anchored = prog.anchoredStart

        return prog.insts.withUnsafeBufferPointer { insts -> Bool in
            prog.classes.withUnsafeBufferPointer { classes -> Bool in
                do {
                    let caps = s.caps
                    @inline(__always) func holds(_ kind: UInt32, _ pos: Int) -> Bool {
                        let prev: UInt8 = pos > 0 ? base[pos - 1] : 0
                        let next: UInt8 = pos < n ? base[pos] : 0
                        switch kind {
                        case 0: return pos == 0
                        case 1: return pos == n
                        case 2: return pos == 0 || prev == 0x0A
                        case 3: return pos == n || next == 0x0A
                        default:
                            let pw = pos > 0 && prev < 0x80 && isWordByte(UInt32(prev))
                            let nw = pos < n && next < 0x80 && isWordByte(UInt32(next))
                            return kind == 4 ? pw != nw : pw == nw
                        }
                    }

                    func tryAt(_ s0: Int) -> Bool {
                        for j in 0..<nslots { caps[j] = -1 }
                        var jobs = s.jobs
                        var cap = s.jobCapacity
                        var top = 0
                        jobs[0] = prog.start; jobs[1] = s0; jobs[2] = 0; top = 3
                        @inline(__always) func push(_ a: Int, _ b: Int, _ c: Int) {
                            if top + 3 > cap { s.grow(); jobs = s.jobs; cap = s.jobCapacity }
                            jobs[top] = a; jobs[top + 1] = b; jobs[top + 2] = c; top += 3
                        }
                        while top > 0 {
                            top -= 3
                            var pc = jobs[top]
                            var pos = jobs[top + 1]
                            if pc < 0 { caps[-pc - 1] = jobs[top + 2]; continue }   // restore a capture slot
                            while true {
                                if pos > hiPos { hiPos = pos }
                                let bit = (pos &- start) &* ninst &+ pc
                                let w = bit >> 6, mask: UInt64 = 1 << UInt64(bit & 63)
                                if visited[w] & mask != 0 { break }
                                visited[w] |= mask
                                let inst = insts[pc]
                                switch inst.op {
                                case .fail: break
                                case .jump: pc = Int(inst.x); continue
                                case .split:
                                    push(Int(inst.y), pos, 0)
                                    pc = Int(inst.x); continue
                                case .save:
                                    let slot = Int(inst.arg)
                                    push(-slot - 1, pos, caps[slot])
                                    caps[slot] = pos
                                    pc = Int(inst.x); continue
                                case .assert:
                                    if holds(inst.arg, pos) { pc = Int(inst.x); continue }
                                case .match:
                                    for j in 0..<nslots { best[j] = caps[j] }
                                    return true
                                case .rune, .runeSet, .any, .anyNotNL:
                                    if pos >= n { break }
                                    let b = base[pos]
                                    var c = UInt32(b), len = 1
                                    if b >= 0x80 { (c, len) = decodeRune(base, pos, n) }
                                    let ok: Bool
                                    switch inst.op {
                                    case .rune: ok = c == inst.arg
                                    case .runeSet: ok = classes[Int(inst.arg)].contains(c)
                                    case .any: ok = c != invalidRune
                                    default: ok = c != 0x0A && c != invalidRune
                                    }
                                    if ok { pos += len; pc = Int(inst.x); continue }
                                }
                                break
                            }
                        }
                        return false
                    }

                    var p = start
                    while p <= n {
                        if let pf = prefilter {
                            p = pf.next(base, n, p)
                            if p < 0 { return false }
                        }
                        if tryAt(p) { return true }
                        if anchored || p >= n { return false }
                        p += base[p] < 0x80 ? 1 : decodeRune(base, p, n).1
                    }
                    return false
                }
            }
        }
    }
}
