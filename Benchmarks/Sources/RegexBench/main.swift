import Foundation
@_spi(Engines) import KQLRegex

// Usage: swift run -c release --package-path Benchmarks RegexBench [hostile|corpus|all] [inputCount]

let args = CommandLine.arguments
let mode = args.count > 1 ? args[1] : "all"
let inputCount = args.count > 2 ? Int(args[2]) ?? 3000 : 3000

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func fmt(_ ns: Double) -> String {
    if ns >= 1e9 { return String(format: "%.2f s", ns / 1e9) }
    if ns >= 1e6 { return String(format: "%.2f ms", ns / 1e6) }
    return String(format: "%.1f µs", ns / 1e3)
}

/// Runs `body` repeatedly until at least `minNanos` elapsed (max `maxReps`); returns ns per run.
func measure(minNanos: UInt64 = 30_000_000, maxReps: Int = 50, _ body: () -> Void) -> Double {
    var reps = 0
    let t0 = now()
    repeat { body(); reps += 1 } while now() - t0 < minNanos && reps < maxReps
    return Double(now() - t0) / Double(reps)
}

// MARK: hostile patterns

func hostile() {
    print("== Hostile patterns (Quarry only; best time per call after warm-up) ==")
    print("   matches = lazy DFA; firstMatch = DFA + backtracker (Pike VM once program × text > 16M bits);")
    print("   first/PikeVM = captures forced through the Pike VM")
    let cases: [(String, (Int) -> String)] = [
        ("(a+)+$", { String(repeating: "a", count: $0 - 1) + "b" }),
        ("(a|aa)*c", { String(repeating: "a", count: $0) }),
        ("(x+x+)+y", { String(repeating: "x", count: $0) }),
        ("(.*a){20}", { String(repeating: "a", count: $0) }),
        ("(.*a){20}", { String(repeating: "b", count: $0) }),
    ]
    let sizes = [10_000, 100_000, 1_000_000]
    print("pattern".padding(toLength: 14, withPad: " ", startingAt: 0) + "input    op            " +
          sizes.map { "\($0)".padding(toLength: 12, withPad: " ", startingAt: 0) }.joined() + "1M/100k")
    for (pattern, make) in cases {
        let re = try! CompiledRegex(pattern)
        let pike = try! CompiledRegex(pattern)
        pike.forcePikeVM = true
        let inputs = sizes.map { Array(make($0).utf8) }
        for op in ["matches", "firstMatch", "first/PikeVM"] {
            var times: [Double] = []
            for bytes in inputs {
                let t = bytes.withUnsafeBufferPointer { buf -> Double in
                    // Warm up (builds DFA states), then report the fastest of several runs.
                    func run() {
                        switch op {
                        case "matches": _ = re.matches(buf)
                        case "firstMatch": _ = re.firstMatch(buf)
                        default: _ = pike.firstMatch(buf)
                        }
                    }
                    run()
                    var best = Double.infinity
                    for _ in 0..<5 { best = min(best, measure(minNanos: 10_000_000, maxReps: 20, run)) }
                    return best
                }
                times.append(t)
            }
            let kind = String(make(3).prefix(1)) + "…"
            print(pattern.padding(toLength: 14, withPad: " ", startingAt: 0) + kind.padding(toLength: 9, withPad: " ", startingAt: 0)
                  + op.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + times.map { fmt($0).padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()
                  + String(format: "%.1fx", times[2] / times[1]))
        }
    }
    print()
}

// MARK: corpus patterns vs NSRegularExpression

func findCorpus() -> String? {
    let env = ProcessInfo.processInfo.environment["QUARRY_SHARED"]
    let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [env.map { $0 + "/data/hunting-corpus/dev.jsonl" },
                      "/work/shared/data/hunting-corpus/dev.jsonl",
                      repoRoot.appendingPathComponent("../shared/data/hunting-corpus/dev.jsonl").path].compactMap { $0 }
    return candidates.first { FileManager.default.fileExists(atPath: $0) }
}

let pilotCountShown = 20

func corpus() {
    guard let path = findCorpus() else {
        print("Hunting corpus not found (looked for /work/shared and ../shared); skipping the corpus benchmark.")
        return
    }
    let patterns: [CorpusPattern]
    do { patterns = try Corpus.load(path) } catch {
        print("Could not read \(path): \(error); skipping the corpus benchmark.")
        return
    }
    let strings = InputGenerator.generate(count: inputCount)
    let utf8 = strings.map { Array($0.utf8) }
    let totalBytes = utf8.reduce(0) { $0 + $1.count }
    print("== Corpus regex literals: \(patterns.count) distinct (pattern, use) pairs from \(path)")
    print("   inputs: \(strings.count) synthetic command lines / URLs / log lines, \(totalBytes) bytes")
    print("   time = one pass over all inputs; ratio = NSRegularExpression / Quarry (>1 means Quarry is faster)")
    print()

    var ratios: [Double] = []
    var skipped: [(String, String)] = []
    var disagreements: [(String, Int, Int)] = []
    var totalQ = 0.0, totalN = 0.0
    print("use            Quarry       NSRegex       ratio    hitsQ hitsN  pattern")
    for cp in patterns {
        let re: CompiledRegex
        do { re = try CompiledRegex(cp.pattern) } catch {
            skipped.append((cp.pattern, "RE2 rejects: \(error)")); continue
        }
        let ns: NSRegularExpression
        do { ns = try NSRegularExpression(pattern: cp.pattern) } catch {
            skipped.append((cp.pattern, "NSRegularExpression rejects it")); continue
        }
        var hitsQ = 0, hitsN = 0
        var tq: Double, tn: Double
        // Pilot: ICU backtracks, so some patterns are exponential on some inputs. Time a small
        // sample first and extrapolate instead of running the full pass when it is very slow.
        let pilotCount = 20
        let pilotStart = now()
        for s in strings.prefix(pilotCount) {
            _ = ns.firstMatch(in: s, range: NSRange(location: 0, length: s.utf16.count))
        }
        let pilot = Double(now() - pilotStart)
        let estimated = pilot > 200_000_000
        switch cp.use {
        case .matchesRegex:
            tq = measure { hitsQ = 0; for b in utf8 { if b.withUnsafeBufferPointer({ re.matches($0) }) { hitsQ += 1 } } }
            tn = estimated ? 0 : measure { hitsN = 0; for s in strings {
                if ns.firstMatch(in: s, range: NSRange(location: 0, length: s.utf16.count)) != nil { hitsN += 1 } } }
        case .extract:
            tq = measure { hitsQ = 0; for b in utf8 { if b.withUnsafeBufferPointer({ re.firstMatch($0) }) != nil { hitsQ += 1 } } }
            tn = estimated ? 0 : measure { hitsN = 0; for s in strings {
                if let m = ns.firstMatch(in: s, range: NSRange(location: 0, length: s.utf16.count)) { _ = m.range(at: 0); hitsN += 1 } } }
        case .extractAll:
            tq = measure { hitsQ = 0; for b in utf8 { hitsQ += b.withUnsafeBufferPointer { re.allMatches($0).count } } }
            tn = estimated ? 0 : measure { hitsN = 0; for s in strings {
                hitsN += ns.matches(in: s, range: NSRange(location: 0, length: s.utf16.count)).count } }
        case .replaceRegex:
            tq = measure { hitsQ = 0; for b in utf8 { hitsQ += b.withUnsafeBufferPointer { re.replaceAll($0, with: "[\\0]").count } } }
            tn = estimated ? 0 : measure { hitsN = 0; for s in strings {
                hitsN += ns.stringByReplacingMatches(in: s, range: NSRange(location: 0, length: s.utf16.count), withTemplate: "[$0]").utf8.count } }
        }
        if estimated { tn = pilot * Double(strings.count) / Double(pilotCount) }
        if hitsQ != hitsN && !estimated { disagreements.append((cp.pattern, hitsQ, hitsN)) }
        let ratio = tn / tq
        ratios.append(ratio)
        totalQ += tq; totalN += tn
        let shown = cp.pattern.count > 60 ? String(cp.pattern.prefix(57)) + "..." : cp.pattern
        print(cp.use.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
              + fmt(tq).padding(toLength: 13, withPad: " ", startingAt: 0)
              + (fmt(tn) + (estimated ? " est" : "")).padding(toLength: 13, withPad: " ", startingAt: 0)
              + String(format: "%7.2fx", ratio).padding(toLength: 9, withPad: " ", startingAt: 0)
              + String(hitsQ).padding(toLength: 6, withPad: " ", startingAt: 0)
              + (estimated ? "-" : String(hitsN)).padding(toLength: 6, withPad: " ", startingAt: 0) + " " + shown.debugDescription)
    }
    print()
    if !skipped.isEmpty {
        print("Skipped \(skipped.count) pattern(s):")
        for (p, why) in skipped { print("  \(p.debugDescription): \(why)") }
        print()
    }
    if !disagreements.isEmpty {
        print("Result counts differ on \(disagreements.count) pattern(s) (RE2 vs ICU semantics, e.g. Unicode \\w/\\s, $ before a final newline):")
        for (p, q, n) in disagreements { print("  \(p.debugDescription): Quarry \(q), NSRegularExpression \(n)") }
        print()
    }
    let sorted = ratios.sorted()
    if !sorted.isEmpty {
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let faster = ratios.filter { $0 > 1 }.count
        print("Patterns benchmarked: \(ratios.count); Quarry faster on \(faster)")
        print(String(format: "Median ratio (NSRegularExpression time / Quarry time): %.2fx; min %.2fx, max %.2fx", median, sorted.first!, sorted.last!))
        print("Total: Quarry \(fmt(totalQ)), NSRegularExpression \(fmt(totalN)) (\"est\" rows extrapolated from a \(pilotCountShown)-input pilot)")
    }
}

if mode == "one", args.count > 4 {
    // Profiling helper: RegexBench one <pattern> <matches|firstMatch> <size> [char]
    let re = try! CompiledRegex(args[2])
    let ch = args.count > 5 ? args[5] : "a"
    let bytes = Array(String(repeating: ch, count: Int(args[4])!).utf8)
    let t = bytes.withUnsafeBufferPointer { buf in
        measure(minNanos: 2_000_000_000, maxReps: 1000) {
            switch args[3] {
            case "matches": _ = re.matches(buf)
            case "all": _ = re.allMatches(buf)
            default: _ = re.firstMatch(buf)
            }
        }
    }
    print(fmt(t))
}
if mode == "hostile" || mode == "all" { hostile() }
if mode == "corpus" || mode == "all" { corpus() }
