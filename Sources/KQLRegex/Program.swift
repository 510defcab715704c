// Compilation of the syntax tree into an NFA program over Unicode code points.

enum Op: UInt8 {
    case rune        // arg = code point
    case runeSet     // arg = class index
    case any         // any code point
    case anyNotNL    // any code point except \n
    case split       // try x, then y
    case jump        // goto x
    case save        // arg = slot
    case assert      // arg = AssertKind raw value
    case match
    case fail
}

struct Inst {
    var op: Op
    var arg: UInt32
    var x: Int32
    var y: Int32
    var isConsuming: Bool { op.rawValue <= Op.anyNotNL.rawValue }
}

/// A compiled character class: ASCII bitmap plus sorted ranges for the rest.
struct RuneClass {
    var lo: UInt64 = 0, hi: UInt64 = 0
    var ranges: [UInt32]   // flat lo,hi pairs (whole set, used for non-ASCII)

    init(_ s: CharSet) {
        ranges = s.bounds
        for k in 0..<s.rangeCount {
            let (a, b) = s.range(k)
            if a >= 128 { break }
            for c in a...min(b, 127) {
                if c < 64 { lo |= 1 << UInt64(c) } else { hi |= 1 << UInt64(c - 64) }
            }
        }
    }

    @inline(__always) func contains(_ c: UInt32) -> Bool {
        if c < 64 { return lo & (1 << UInt64(c)) != 0 }
        if c < 128 { return hi & (1 << UInt64(c - 64)) != 0 }
        var l = 0, h = ranges.count / 2
        while l < h {
            let m = (l + h) >> 1
            if c < ranges[2 * m] { h = m } else if c > ranges[2 * m + 1] { l = m + 1 } else { return true }
        }
        return false
    }
}

struct Program {
    var insts: [Inst] = []
    var classes: [RuneClass] = []
    var start: Int = 0
    var slotCount: Int = 2
    /// True if every match must begin at the start of the text (pattern begins with \A or ^ without (?m)).
    var anchoredStart = false
    /// True if the program uses any empty-width assertion.
    var hasAssertions = false
    /// True if the program uses \b or \B.
    var hasWordAssertions = false
    /// Literal bytes every match must begin with (case-sensitive), possibly empty.
    var literalPrefix: [UInt8] = []
    /// Set of bytes that can begin a match (nil = any / can match empty).
    var firstBytes: [Bool]? = nil

    static let maxInsts = 200_000
}

struct Compiler {
    var prog = Program()
    var classIndex: [[UInt32]: Int] = [:]

    static func compile(_ parsed: ParsedRegex) throws -> Program {
        var c = Compiler()
        c.prog.slotCount = 2 * (parsed.captureCount + 1)
        _ = c.emit(.save, arg: 0, x: 1)
        try c.gen(parsed.root)
        _ = c.emit(.save, arg: 1, x: c.pc + 1)
        _ = c.emit(.match)
        if c.prog.insts.count > Program.maxInsts {
            throw RegexSyntaxError(message: "pattern too large - compile failed", offset: 0)
        }
        c.prog.anchoredStart = Compiler.isAnchoredStart(parsed.root)
        c.prog.literalPrefix = Compiler.literalPrefix(parsed.root)
        c.prog.firstBytes = Compiler.firstByteSet(parsed.root)
        return c.prog
    }

    mutating func emit(_ op: Op, arg: UInt32 = 0, x: Int = -1, y: Int = -1) -> Int {
        prog.insts.append(Inst(op: op, arg: arg, x: Int32(x), y: Int32(y)))
        return prog.insts.count - 1
    }

    var pc: Int { prog.insts.count }

    /// Emits code for `n`; on exit control falls through to `pc`.
    /// Consuming and save instructions use x = next (patched to fall through).
    mutating func gen(_ n: Node) throws {
        if prog.insts.count > Program.maxInsts {
            throw RegexSyntaxError(message: "pattern too large - compile failed", offset: 0)
        }
        switch n {
        case .empty:
            break
        case .literal(let c):
            let k = emit(.rune, arg: c); prog.insts[k].x = Int32(k + 1)
        case .charClass(let s):
            if s.isEmpty { _ = emit(.fail); return }
            if s.rangeCount == 1 && s.range(0).0 == 0 && s.range(0).1 == CharSet.maxRune {
                let k = emit(.any); prog.insts[k].x = Int32(k + 1); return
            }
            if s.rangeCount == 1 && s.range(0).0 == s.range(0).1 {
                let k = emit(.rune, arg: s.range(0).0); prog.insts[k].x = Int32(k + 1); return
            }
            let idx: Int
            if let e = classIndex[s.bounds] { idx = e } else {
                idx = prog.classes.count
                prog.classes.append(RuneClass(s))
                classIndex[s.bounds] = idx
            }
            let k = emit(.runeSet, arg: UInt32(idx)); prog.insts[k].x = Int32(k + 1)
        case .anyChar:
            let k = emit(.any); prog.insts[k].x = Int32(k + 1)
        case .anyNotNewline:
            let k = emit(.anyNotNL); prog.insts[k].x = Int32(k + 1)
        case .assertion(let a):
            prog.hasAssertions = true
            if a == .wordBoundary || a == .notWordBoundary { prog.hasWordAssertions = true }
            let k = emit(.assert, arg: a.rawValue); prog.insts[k].x = Int32(k + 1)
        case .capture(let sub, let index):
            let k = emit(.save, arg: UInt32(2 * index)); prog.insts[k].x = Int32(k + 1)
            try gen(sub)
            let k2 = emit(.save, arg: UInt32(2 * index + 1)); prog.insts[k2].x = Int32(k2 + 1)
        case .concat(let xs):
            for x in xs { try gen(x) }
        case .alternate(let xs):
            // split L1, next; L1: x0; jmp end; next: split L2, next2; ...
            var jumps: [Int] = []
            for (j, x) in xs.enumerated() {
                if j < xs.count - 1 {
                    let s = emit(.split)
                    prog.insts[s].x = Int32(s + 1)
                    try gen(x)
                    jumps.append(emit(.jump))
                    prog.insts[s].y = Int32(pc)
                } else {
                    try gen(x)
                }
            }
            for jp in jumps { prog.insts[jp].x = Int32(pc) }
        case .repeatNode(let sub, let mn, let mx, let greedy):
            if mx == -1 {
                if mn == 0 { try star(sub, greedy) }
                else {
                    for _ in 0..<(mn - 1) { try gen(sub) }
                    try plus(sub, greedy)
                }
            } else {
                for _ in 0..<mn { try gen(sub) }
                // (m-n) nested optionals: (x(x(x)?)?)?
                var splits: [Int] = []
                for _ in 0..<(mx - mn) {
                    let s = emit(.split)
                    splits.append(s)
                    try gen(sub)
                }
                for s in splits { setSplit(s, body: s + 1, exit: pc, greedy) }
            }
        }
    }

    mutating func setSplit(_ s: Int, body: Int, exit: Int, _ greedy: Bool) {
        if greedy { prog.insts[s].x = Int32(body); prog.insts[s].y = Int32(exit) }
        else { prog.insts[s].x = Int32(exit); prog.insts[s].y = Int32(body) }
    }

    mutating func star(_ sub: Node, _ greedy: Bool) throws {
        if Compiler.nullable(sub) {
            // x* with a possibly-empty x is compiled as (x+)? so that an iteration preferring the
            // empty match cannot be outranked by later iterations (RE2 does the same since 2021:
            // (|a)* and (|a)+ both match the empty string).
            let s = emit(.split)
            try plus(sub, greedy)
            setSplit(s, body: s + 1, exit: pc, greedy)
            return
        }
        let s = emit(.split)
        try gen(sub)
        let j = emit(.jump); prog.insts[j].x = Int32(s)
        setSplit(s, body: s + 1, exit: pc, greedy)
    }

    mutating func plus(_ sub: Node, _ greedy: Bool) throws {
        let top = pc
        try gen(sub)
        let s = emit(.split)
        setSplit(s, body: top, exit: s + 1, greedy)
    }

    // MARK: analysis

    /// Can `n` match the empty string?
    static func nullable(_ n: Node) -> Bool {
        switch n {
        case .empty, .assertion: return true
        case .literal, .charClass, .anyChar, .anyNotNewline: return false
        case .capture(let sub, _): return nullable(sub)
        case .concat(let xs): return xs.allSatisfy(nullable)
        case .alternate(let xs): return xs.contains(where: nullable)
        case .repeatNode(let sub, let mn, _, _): return mn == 0 || nullable(sub)
        }
    }

    static func isAnchoredStart(_ n: Node) -> Bool {
        switch n {
        case .assertion(let a): return a == .beginText
        case .capture(let sub, _): return isAnchoredStart(sub)
        case .concat(let xs): return xs.first.map(isAnchoredStart) ?? false
        case .alternate(let xs): return !xs.isEmpty && xs.allSatisfy(isAnchoredStart)
        case .repeatNode(let sub, let mn, _, _): return mn > 0 && isAnchoredStart(sub)
        default: return false
        }
    }

    /// Case-sensitive literal bytes that every match starts with.
    static func literalPrefix(_ n: Node) -> [UInt8] {
        var out: [UInt8] = []
        _ = appendPrefix(n, &out)
        return out
    }

    /// Appends the literal prefix of `n`; returns true if all of `n` was literal (so more may follow).
    static func appendPrefix(_ n: Node, _ out: inout [UInt8]) -> Bool {
        switch n {
        case .empty: return true
        case .literal(let c):
            guard let s = Unicode.Scalar(c) else { return false }
            out.append(contentsOf: Array(String(Character(s)).utf8))
            return true
        case .capture(let sub, _): return appendPrefix(sub, &out)
        case .concat(let xs):
            for x in xs { if !appendPrefix(x, &out) { return false } }
            return true
        case .repeatNode(let sub, let mn, let mx, _) where mn == mx && mn > 0:
            for _ in 0..<mn { if !appendPrefix(sub, &out) { return false } }
            return true
        default: return false
        }
    }

    /// Bytes that can start a match; nil if unknown or if the pattern can match empty.
    static func firstByteSet(_ n: Node) -> [Bool]? {
        var set = [Bool](repeating: false, count: 256)
        let r = firstBytes(n, &set)
        if r != .consumes { return nil }
        return set
    }

    enum FirstResult { case consumes, nullable, unknown }

    static func addRuneFirstBytes(_ s: CharSet, _ set: inout [Bool]) {
        for k in 0..<s.rangeCount {
            let (a, b) = s.range(k)
            if a < 0x80 { for c in a...min(b, 0x7F) { set[Int(c)] = true } }
            if b >= 0x80 {
                // Any non-ASCII lead byte that could start a code point in [max(a,0x80), b].
                let lo = max(a, 0x80)
                let leadLo = leadByte(lo), leadHi = leadByte(b)
                for x in leadLo...leadHi { set[Int(x)] = true }
            }
        }
    }

    static func leadByte(_ c: UInt32) -> UInt8 {
        if c < 0x80 { return UInt8(c) }
        if c < 0x800 { return UInt8(0xC0 | (c >> 6)) }
        if c < 0x10000 { return UInt8(0xE0 | (c >> 12)) }
        return UInt8(0xF0 | (c >> 18))
    }

    static func firstBytes(_ n: Node, _ set: inout [Bool]) -> FirstResult {
        switch n {
        case .empty: return .nullable
        case .literal(let c): addRuneFirstBytes(CharSet.single(c), &set); return .consumes
        case .charClass(let s): addRuneFirstBytes(s, &set); return .consumes
        case .anyChar, .anyNotNewline: return .unknown
        case .assertion: return .nullable
        case .capture(let sub, _): return firstBytes(sub, &set)
        case .concat(let xs):
            for x in xs {
                let r = firstBytes(x, &set)
                if r != .nullable { return r }
            }
            return .nullable
        case .alternate(let xs):
            var result = FirstResult.consumes
            for x in xs {
                let r = firstBytes(x, &set)
                if r == .unknown { return .unknown }
                if r == .nullable { result = .nullable }
            }
            return result
        case .repeatNode(let sub, let mn, _, _):
            let r = firstBytes(sub, &set)
            if r == .unknown { return .unknown }
            return mn == 0 ? .nullable : r
        }
    }
}
