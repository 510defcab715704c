// Pike VM: simulates the NFA in lock-step over the input, tracking capture positions.
// Runs in O(program size × input length) time with no backtracking.

/// Stands for a byte that is not part of valid UTF-8. It lies outside every class, and `.` does
/// not match it either (as in RE2, whose UTF-8 automata only accept well-formed sequences).
let invalidRune: UInt32 = 0x110000

@inline(__always)
func decodeRune(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (UInt32, Int) {
    let b0 = p[i]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    if b0 < 0xC2 { return (invalidRune, 1) }
    if b0 < 0xE0 {
        guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return (invalidRune, 1) }
        return ((UInt32(b0 & 0x1F) << 6) | UInt32(p[i + 1] & 0x3F), 2)
    }
    if b0 < 0xF0 {
        guard i + 2 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return (invalidRune, 1) }
        let c = (UInt32(b0 & 0x0F) << 12) | (UInt32(p[i + 1] & 0x3F) << 6) | UInt32(p[i + 2] & 0x3F)
        if c < 0x800 || (c >= 0xD800 && c <= 0xDFFF) { return (invalidRune, 1) }
        return (c, 3)
    }
    if b0 < 0xF5 {
        guard i + 3 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return (invalidRune, 1) }
        let c = (UInt32(b0 & 0x07) << 18) | (UInt32(p[i + 1] & 0x3F) << 12) | (UInt32(p[i + 2] & 0x3F) << 6) | UInt32(p[i + 3] & 0x3F)
        if c < 0x10000 || c > 0x10FFFF { return (invalidRune, 1) }
        return (c, 4)
    }
    return (invalidRune, 1)
}

@inline(__always) func isWordByte(_ c: UInt32) -> Bool {
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
}

/// Position context for evaluating empty-width assertions.
struct AssertContext {
    var atBegin: Bool
    var atEnd: Bool
    var prevNL: Bool
    var prevWord: Bool
    var nextNL: Bool
    var nextWord: Bool

    @inline(__always) func holds(_ raw: UInt32) -> Bool {
        switch raw {
        case 0: return atBegin
        case 1: return atEnd
        case 2: return atBegin || prevNL
        case 3: return atEnd || nextNL
        case 4: return prevWord != nextWord
        default: return prevWord == nextWord
        }
    }
}

/// Reusable buffers for one Pike VM run (sized for one program).
final class PikeScratch {
    let ninst: Int
    let nslots: Int
    @exclusivity(unchecked) var sparseA, sparseB: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) var denseA, denseB: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) var capsA, capsB: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) var stack: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) var work: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) var best: UnsafeMutablePointer<Int>

    init(ninst: Int, nslots: Int) {
        self.ninst = ninst
        self.nslots = nslots
        sparseA = .allocate(capacity: ninst); sparseA.initialize(repeating: 0, count: ninst)
        sparseB = .allocate(capacity: ninst); sparseB.initialize(repeating: 0, count: ninst)
        denseA = .allocate(capacity: ninst); denseA.initialize(repeating: 0, count: ninst)
        denseB = .allocate(capacity: ninst); denseB.initialize(repeating: 0, count: ninst)
        capsA = .allocate(capacity: ninst * nslots); capsA.initialize(repeating: -1, count: ninst * nslots)
        capsB = .allocate(capacity: ninst * nslots); capsB.initialize(repeating: -1, count: ninst * nslots)
        let stackSize = 2 * (3 * ninst + 4)
        stack = .allocate(capacity: stackSize); stack.initialize(repeating: 0, count: stackSize)
        work = .allocate(capacity: nslots); work.initialize(repeating: -1, count: nslots)
        best = .allocate(capacity: nslots); best.initialize(repeating: -1, count: nslots)
    }

    deinit {
        sparseA.deallocate(); sparseB.deallocate(); denseA.deallocate(); denseB.deallocate()
        capsA.deallocate(); capsB.deallocate(); stack.deallocate(); work.deallocate(); best.deallocate()
    }
}

struct PikeVM {
    /// Searches for the leftmost-first match starting at or after `start` (only at `start` if `anchored`).
    /// On success the capture slots are left in `scratch.best` and true is returned.
    static func search(_ prog: Program, _ input: UnsafeBufferPointer<UInt8>, from start: Int,
                       anchored: Bool, scratch s: PikeScratch, prefilter: Prefilter?) -> Bool {
        let n = input.count
        guard let base = input.baseAddress ?? (n == 0 ? UnsafePointer<UInt8>(bitPattern: 1) : nil) else { return false }
        let nslots = prog.slotCount
        let anchored = anchored || prog.anchoredStart

        return prog.insts.withUnsafeBufferPointer { insts -> Bool in
            prog.classes.withUnsafeBufferPointer { classes -> Bool in
                var cSparse = s.sparseA, cDense = s.denseA, cCaps = s.capsA
                var nSparse = s.sparseB, nDense = s.denseB, nCaps = s.capsB
                var cCount = 0, nCount = 0
                let stack = s.stack, work = s.work, best = s.best
                var matched = false

                // addThread: follow empty transitions from pc in priority order, adding to the list.
                @inline(__always)
                func add(_ pc0: Int, _ pos: Int, _ ctx: AssertContext,
                         _ sparse: UnsafeMutablePointer<Int32>, _ dense: UnsafeMutablePointer<Int32>,
                         _ caps: UnsafeMutablePointer<Int>, _ count: inout Int) {
                    var sp = 0
                    stack[0] = pc0; stack[1] = Int.min; sp = 2
                    while sp > 0 {
                        sp -= 2
                        let pcv = stack[sp], aux = stack[sp + 1]
                        if aux != Int.min {   // restore work[pcv] = aux
                            work[pcv] = aux
                            continue
                        }
                        let pc = pcv
                        let si = Int(sparse[pc])
                        if si < count && Int(dense[si]) == pc { continue }
                        sparse[pc] = Int32(count)
                        dense[count] = Int32(pc)
                        let k = count
                        count += 1
                        let inst = insts[pc]
                        switch inst.op {
                        case .jump:
                            stack[sp] = Int(inst.x); stack[sp + 1] = Int.min; sp += 2
                        case .split:
                            stack[sp] = Int(inst.y); stack[sp + 1] = Int.min; sp += 2
                            stack[sp] = Int(inst.x); stack[sp + 1] = Int.min; sp += 2
                        case .save:
                            let slot = Int(inst.arg)
                            stack[sp] = slot; stack[sp + 1] = work[slot]; sp += 2
                            work[slot] = pos
                            stack[sp] = Int(inst.x); stack[sp + 1] = Int.min; sp += 2
                        case .assert:
                            if ctx.holds(inst.arg) {
                                stack[sp] = Int(inst.x); stack[sp + 1] = Int.min; sp += 2
                            }
                        case .fail:
                            break
                        default:   // consuming or match: record the thread's captures
                            let dst = caps + k * nslots
                            for j in 0..<nslots { dst[j] = work[j] }
                        }
                    }
                }

                var pos = start
                // Previous code point context.
                var prevNL = false, prevWord = false
                if pos > 0 {
                    let b = base[pos - 1]
                    prevNL = b == 0x0A
                    prevWord = b < 0x80 && isWordByte(UInt32(b))
                }
                while true {
                    // Decode the code point at pos.
                    var c: UInt32 = 0, len = 0
                    if pos < n { (c, len) = decodeRune(base, pos, n) }
                    if cCount == 0 {
                        if matched || (anchored && pos > start) { break }
                        // Skip ahead with the prefilter when no thread is alive.
                        if let pf = prefilter {
                            let next = pf.next(base, n, pos)
                            if next < 0 { break }
                            if next != pos {
                                pos = next
                                let b = base[pos - 1]
                                prevNL = b == 0x0A
                                prevWord = b < 0x80 && isWordByte(UInt32(b))
                                c = 0; len = 0
                                if pos < n { (c, len) = decodeRune(base, pos, n) }
                            }
                        }
                    }
                    let ctx = AssertContext(atBegin: pos == 0, atEnd: pos == n, prevNL: prevNL, prevWord: prevWord,
                                            nextNL: pos < n && c == 0x0A, nextWord: pos < n && isWordByte(c))
                    if !matched && (!anchored || pos == start) {
                        for j in 0..<nslots { work[j] = -1 }
                        add(prog.start, pos, ctx, cSparse, cDense, cCaps, &cCount)
                    }
                    if cCount == 0 { break }
                    nCount = 0
                    // Assertion context for positions reached by consuming the code point at pos.
                    let nextPos = pos + len
                    let nb: UInt8 = nextPos < n ? base[nextPos] : 0
                    let nctx = AssertContext(atBegin: false, atEnd: nextPos == n, prevNL: c == 0x0A,
                                             prevWord: isWordByte(c),
                                             nextNL: nextPos < n && nb == 0x0A,
                                             nextWord: nextPos < n && isWordByte(UInt32(nb)))
                    var k = 0
                    while k < cCount {
                        let pc = Int(cDense[k])
                        let inst = insts[pc]
                        var ok = false
                        switch inst.op {
                        case .rune: ok = pos < n && c == inst.arg
                        case .runeSet: ok = pos < n && classes[Int(inst.arg)].contains(c)
                        case .any: ok = pos < n && c != invalidRune
                        case .anyNotNL: ok = pos < n && c != 0x0A && c != invalidRune
                        case .match:
                            let src = cCaps + k * nslots
                            for j in 0..<nslots { best[j] = src[j] }
                            matched = true
                            k = cCount   // cut lower-priority threads
                            continue
                        default: break
                        }
                        if ok {
                            let src = cCaps + k * nslots
                            for j in 0..<nslots { work[j] = src[j] }
                            add(Int(inst.x), nextPos, nctx, nSparse, nDense, nCaps, &nCount)
                        }
                        k += 1
                    }
                    if pos >= n { break }
                    prevNL = c == 0x0A
                    prevWord = isWordByte(c)
                    pos += len
                    swap(&cSparse, &nSparse); swap(&cDense, &nDense); swap(&cCaps, &nCaps)
                    cCount = nCount
                }
                return matched
            }
        }
    }
}
