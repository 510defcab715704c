// Lazily built DFA for match/no-match questions. States are sets of NFA "kernel" pcs (the
// instructions reached just after consuming a code point) plus a few bits of context about the
// previous code point; empty-width assertions are resolved when the next code point is known.
// Each input byte costs one table lookup once the relevant states exist; building a state costs
// O(program size), so the total stays linear in the input.

final class DFACache {
    struct Key: Hashable { var pcs: [Int32]; var flags: UInt8 }

    static let unknown: Int32 = -1
    static let matchState: Int32 = -2
    /// No match can follow (anchored search whose threads all died).
    static let deadState: Int32 = -3
    static let maxStates = 2000
    /// Cap on cached non-ASCII transitions (memory bound for text in non-Latin scripts).
    static let maxWide = 100_000

    // Flag bits.
    static let fPrevWord: UInt8 = 1, fPrevNL: UInt8 = 2, fBegin: UInt8 = 4, fStart: UInt8 = 8

    @exclusivity(unchecked) var keys: [Key] = []
    @exclusivity(unchecked) var index: [Key: Int32] = [:]
    @exclusivity(unchecked) var trans: [Int32] = []          // states × 128 (ASCII next code point)
    @exclusivity(unchecked) var eof: [Int8] = []             // -1 unknown, 0 no match at end, 1 match at end
    @exclusivity(unchecked) var wide: [Int: Int32] = [:]     // (state << 21 | code point) for non-ASCII code points
    @exclusivity(unchecked) var resets = 0
    /// Interned empty-kernel states by flags (avoids hashing on every search).
    @exclusivity(unchecked) var startStates = [Int32](repeating: -1, count: 16)

    // Closure scratch.
    @exclusivity(unchecked) var sparse: [Int32]
    @exclusivity(unchecked) var dense: [Int32]
    @exclusivity(unchecked) var stack: [Int32]
    @exclusivity(unchecked) var nextPCs: [Int32] = []

    init(_ prog: Program) {
        let n = prog.insts.count
        sparse = [Int32](repeating: 0, count: n)
        dense = [Int32](repeating: 0, count: n)
        stack = [Int32](repeating: 0, count: 2 * n + 4)
    }

    func reset() {
        keys.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
        trans.removeAll(keepingCapacity: true)
        eof.removeAll(keepingCapacity: true)
        wide.removeAll(keepingCapacity: true)
        for k in 0..<16 { startStates[k] = -1 }
        resets += 1
    }

    func startState(_ flags: UInt8) -> Int32 {
        let k = Int(flags & 15)
        if startStates[k] >= 0 { return startStates[k] }
        let s = intern(Key(pcs: [], flags: flags))
        startStates[k] = s
        return s
    }

    func intern(_ key: Key) -> Int32 {
        if let i = index[key] { return i }
        let i = Int32(keys.count)
        keys.append(key)
        index[key] = i
        trans.append(contentsOf: repeatElement(DFACache.unknown, count: 128))
        eof.append(-1)
        return i
    }
}

enum DFA {
    /// Computes the follow state of `state` on code point `c` (nil = end of text).
    /// Returns DFACache.matchState if a match is complete before `c`, else the kernel of the next state.
    static func step(_ prog: Program, _ insts: UnsafeBufferPointer<Inst>, _ classes: UnsafeBufferPointer<RuneClass>,
                     _ cache: DFACache, _ key: DFACache.Key, _ c: UInt32?, flagMask: UInt8, unanchored: Bool) -> DFACache.Key? {
        let f = key.flags
        let ctx = AssertContext(atBegin: f & DFACache.fBegin != 0, atEnd: c == nil,
                                prevNL: f & DFACache.fPrevNL != 0, prevWord: f & DFACache.fPrevWord != 0,
                                nextNL: c == 0x0A, nextWord: c.map(isWordByte) ?? false)
        var count = 0
        var sp = 0
        cache.nextPCs.removeAll(keepingCapacity: true)
        return cache.sparse.withUnsafeMutableBufferPointer { sparse -> DFACache.Key? in
            cache.dense.withUnsafeMutableBufferPointer { dense -> DFACache.Key? in
                cache.stack.withUnsafeMutableBufferPointer { stack -> DFACache.Key? in
                    var found = false
                    func explore(_ root: Int32) {
                        stack[0] = root; sp = 1
                        while sp > 0 {
                            sp -= 1
                            let pc = Int(stack[sp])
                            let si = Int(sparse[pc])
                            if si < count && Int(dense[si]) == pc { continue }
                            sparse[pc] = Int32(count); dense[count] = Int32(pc); count += 1
                            let inst = insts[pc]
                            switch inst.op {
                            case .jump: stack[sp] = inst.x; sp += 1
                            case .split: stack[sp] = inst.y; sp += 1; stack[sp] = inst.x; sp += 1
                            case .save: stack[sp] = inst.x; sp += 1
                            case .assert: if ctx.holds(inst.arg) { stack[sp] = inst.x; sp += 1 }
                            case .match: found = true
                            case .fail: break
                            case .rune:
                                if let c = c, c == inst.arg { cache.nextPCs.append(inst.x) }
                            case .runeSet:
                                if let c = c, classes[Int(inst.arg)].contains(c) { cache.nextPCs.append(inst.x) }
                            case .any:
                                if let c = c, c != invalidRune { cache.nextPCs.append(inst.x) }
                            case .anyNotNL:
                                if let c = c, c != 0x0A, c != invalidRune { cache.nextPCs.append(inst.x) }
                            }
                        }
                    }
                    for pc in key.pcs { explore(pc); if found { return nil } }
                    if unanchored || f & DFACache.fStart != 0 { explore(Int32(prog.start)) }
                    if found { return nil }
                    var pcs = cache.nextPCs
                    pcs.sort()
                    var w = 0
                    for r in 0..<pcs.count where r == 0 || pcs[r] != pcs[r - 1] { pcs[w] = pcs[r]; w += 1 }
                    pcs.removeLast(pcs.count - w)
                    var nf: UInt8 = 0
                    if let c = c {
                        if isWordByte(c) { nf |= DFACache.fPrevWord }
                        if c == 0x0A { nf |= DFACache.fPrevNL }
                    }
                    if unanchored { nf |= DFACache.fStart }
                    return DFACache.Key(pcs: pcs, flags: nf & flagMask)
                }
            }
        }
    }

    /// Is there a match starting at or after `start`? nil if the DFA gave up (cache thrashing).
    static func search(_ prog: Program, _ input: UnsafeBufferPointer<UInt8>, from start: Int,
                       cache: DFACache, prefilter: Prefilter?) -> Bool? {
        let n = input.count
        guard let base = input.baseAddress ?? (n == 0 ? UnsafePointer<UInt8>(bitPattern: 1) : nil) else { return nil }
        let unanchored = !prog.anchoredStart
        var flagMask: UInt8 = DFACache.fStart
        if prog.hasAssertions { flagMask |= DFACache.fPrevNL | DFACache.fBegin }
        if prog.hasWordAssertions { flagMask |= DFACache.fPrevWord }
        var literalPF: Prefilter? = nil
        if let pf = prefilter, case .literal = pf.kind { literalPF = pf }

        func flagsAt(_ p: Int) -> UInt8 {
            var f: UInt8 = DFACache.fStart
            if p == 0 { f |= DFACache.fBegin } else {
                let b = base[p - 1]
                if b < 0x80 && isWordByte(UInt32(b)) { f |= DFACache.fPrevWord }
                if b == 0x0A { f |= DFACache.fPrevNL }
            }
            return f & flagMask
        }

        if cache.resets > 100 { return nil }  // this program thrashes the cache: let the NFA handle it
        let startResets = cache.resets

        return prog.insts.withUnsafeBufferPointer { insts -> Bool? in
            prog.classes.withUnsafeBufferPointer { classes -> Bool? in
                var p = start
                if let pf = literalPF {
                    p = pf.next(base, n, p)
                    if p < 0 { return false }
                }
                var s = cache.startState(flagsAt(p))
                var lastReset = p
                while p < n {
                    let b = base[p]
                    if b < 0x80 {
                        // Hot loop over ASCII bytes with known transitions.
                        let t = cache.trans.withUnsafeBufferPointer { tr -> (Int32, Int) in
                            var s = s, q = p
                            while q < n {
                                let bb = base[q]
                                if bb >= 0x80 { break }
                                let t = tr[Int(s) &* 128 &+ Int(bb)]
                                if t < 0 { break }
                                s = t; q += 1
                            }
                            return (s, q)
                        }
                        s = t.0; p = t.1
                        if p >= n { break }
                        let bb = base[p]
                        if bb < 0x80 {
                            let cur = cache.trans[Int(s) * 128 + Int(bb)]
                            if cur == DFACache.matchState { return true }
                            if cur == DFACache.deadState { return false }
                            if cur >= 0 { continue }
                            guard let next = step(prog, insts, classes, cache, cache.keys[Int(s)], UInt32(bb),
                                                  flagMask: flagMask, unanchored: unanchored) else {
                                cache.trans[Int(s) * 128 + Int(bb)] = DFACache.matchState
                                return true
                            }
                            if next.pcs.isEmpty && !unanchored {
                                cache.trans[Int(s) * 128 + Int(bb)] = DFACache.deadState
                                return false
                            }
                            if cache.keys.count >= DFACache.maxStates {
                                if cache.resets - startResets > 10 && p - lastReset < 10 * DFACache.maxStates { return nil }
                                cache.reset(); lastReset = p
                                s = cache.intern(next)
                                p += 1
                                continue
                            }
                            let ns = cache.intern(next)
                            cache.trans[Int(s) * 128 + Int(bb)] = ns
                            s = ns
                            p += 1
                            if let pf = literalPF, cache.keys[Int(s)].pcs.isEmpty, p < n {
                                let q = pf.next(base, n, p)
                                if q < 0 { return false }
                                if q != p { p = q; s = cache.startState(flagsAt(p)) }
                            }
                            continue
                        }
                    }
                    // Non-ASCII code point.
                    let (c, len) = decodeRune(base, p, n)
                    let wkey = Int(s) << 21 | Int(c)
                    var ns: Int32
                    if let t = cache.wide[wkey] { ns = t } else {
                        guard let next = step(prog, insts, classes, cache, cache.keys[Int(s)], c,
                                              flagMask: flagMask, unanchored: unanchored) else {
                            cache.wide[wkey] = DFACache.matchState
                            return true
                        }
                        if next.pcs.isEmpty && !unanchored {
                            cache.wide[wkey] = DFACache.deadState
                            return false
                        }
                        if cache.keys.count >= DFACache.maxStates || cache.wide.count >= DFACache.maxWide {
                            if cache.resets - startResets > 10 && p - lastReset < 10 * DFACache.maxStates { return nil }
                            cache.reset(); lastReset = p
                            ns = cache.intern(next)
                        } else {
                            ns = cache.intern(next)
                            cache.wide[wkey] = ns
                        }
                    }
                    if ns == DFACache.matchState { return true }
                    if ns == DFACache.deadState { return false }
                    s = ns
                    p += len
                }
                // End of text.
                let e = cache.eof[Int(s)]
                if e >= 0 { return e == 1 }
                let r = step(prog, insts, classes, cache, cache.keys[Int(s)], nil, flagMask: flagMask, unanchored: unanchored) == nil
                cache.eof[Int(s)] = r ? 1 : 0
                return r
            }
        }
    }
}
