// Bounded backtracker ("bit-state"): depth-first search in priority order, so the first match
// found is the leftmost-first one. A visited bit per (instruction, position) pair guarantees that
// each pair is explored at most once, so the run time is O(program size × input length). Used
// for captures when that product is small (short fields such as command lines and URLs).

final class BacktrackScratch {
    /// Largest visited bitmap (program size × (text length + 1)) we allow: 2 MiB. The bitmap is
    /// position-major and all-zero between searches; each search clears only the prefix it touched,
    /// so a search that stops early (as in allMatches loops) pays only for the text it examined.
    static let maxBits = 16 * 1024 * 1024

    @exclusivity(unchecked) var visited: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) var visitedWords: Int
    /// Job stack of triples: pc (or -slot-1 for a capture restore), position, saved value.
    @exclusivity(unchecked) var jobs: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) var jobCapacity: Int
    @exclusivity(unchecked) var caps: UnsafeMutablePointer<Int>

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

    @inline(__always)
    static func holds(_ kind: UInt32, _ base: UnsafePointer<UInt8>, _ n: Int, _ pos: Int) -> Bool {
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

    /// Leftmost-first search from `start`; on success the slots are written to `best`.
    static func search(_ prog: Program, _ input: UnsafeBufferPointer<UInt8>, from start: Int,
                       scratch s: BacktrackScratch, best: UnsafeMutablePointer<Int>, prefilter: Prefilter?) -> Bool {
        let n = input.count
        guard let base = input.baseAddress ?? (n == 0 ? UnsafePointer<UInt8>(bitPattern: 1) : nil) else { return false }
        let width = n - start + 1
        let ninst = prog.insts.count
        let words = (ninst * width + 63) / 64
        s.ensureVisited(words)
        let visited = s.visited
        let caps = s.caps
        let nslots = prog.slotCount
        let anchored = prog.anchoredStart
        let startPC = prog.start
        // Local copies: no class-property access (and no exclusivity checks) in the loop.
        var jobs = s.jobs
        var jobCap = s.jobCapacity
        var hiPos = start   // highest position whose visited bits may have been set
        var found = false

        prog.insts.withUnsafeBufferPointer { insts in
            prog.classes.withUnsafeBufferPointer { classes in
                var p = start
                outer: while p <= n {
                    if let pf = prefilter {
                        p = pf.next(base, n, p)
                        if p < 0 { break outer }
                    }
                    // Depth-first search from p in priority order.
                    for j in 0..<nslots { caps[j] = -1 }
                    jobs[0] = startPC; jobs[1] = p; jobs[2] = 0
                    var top = 3
                    while top > 0 {
                        top -= 3
                        var pc = jobs[top]
                        var pos = jobs[top + 1]
                        if pc < 0 { caps[-pc - 1] = jobs[top + 2]; continue }   // restore a capture slot
                        if pos > hiPos { hiPos = pos }
                        while true {
                            let bit = (pos &- start) &* ninst &+ pc
                            let w = bit >> 6, mask: UInt64 = 1 << UInt64(bit & 63)
                            if visited[w] & mask != 0 { break }
                            visited[w] |= mask
                            let inst = insts[pc]
                            var push = false
                            var j0 = 0, j1 = 0, j2 = 0
                            switch inst.op {
                            case .fail: break
                            case .jump: pc = Int(inst.x); continue
                            case .split:
                                push = true; j0 = Int(inst.y); j1 = pos; j2 = 0
                                pc = Int(inst.x)
                            case .save:
                                let slot = Int(inst.arg)
                                push = true; j0 = -slot - 1; j1 = pos; j2 = caps[slot]
                                caps[slot] = pos
                                pc = Int(inst.x)
                            case .assert:
                                if holds(inst.arg, base, n, pos) { pc = Int(inst.x); continue }
                            case .match:
                                for j in 0..<nslots { best[j] = caps[j] }
                                found = true
                                break outer
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
                                if ok {
                                    pos += len; pc = Int(inst.x)
                                    if pos > hiPos { hiPos = pos }
                                    continue
                                }
                            }
                            if !push { break }
                            if top + 3 > jobCap {
                                s.jobs = jobs; s.jobCapacity = jobCap
                                s.grow()
                                jobs = s.jobs; jobCap = s.jobCapacity
                            }
                            jobs[top] = j0; jobs[top + 1] = j1; jobs[top + 2] = j2; top += 3
                        }
                    }
                    if anchored || p >= n { break }
                    p += base[p] < 0x80 ? 1 : decodeRune(base, p, n).1
                }
            }
        }
        s.jobs = jobs; s.jobCapacity = jobCap
        let touched = min(words, ((hiPos - start + 1) * ninst + 63) / 64)
        visited.update(repeating: 0, count: touched)
        return found
    }
}
