import Testing
@testable import KQLSyntax

/// Asserts the diagnostics of a query with markers: each marker n is where the n-th diagnostic starts.
func expectDiagnostics(_ marked: String, _ messages: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let (text, offsets) = markers(marked)
    let (_, diags) = parse(text)
    #expect(diags.map(\.message) == messages, sourceLocation: sourceLocation)
    for (i, d) in diags.enumerated() {
        #expect(d.span.start == offsets[i + 1], "diagnostic \(i + 1) '\(d.message)' at \(d.span)", sourceLocation: sourceLocation)
    }
}

@Suite struct DiagnosticTests {
    @Test func positions() {
        expectDiagnostics("T | where x ==1️⃣ ", ["expected an expression"])
        expectDiagnostics("T | 1️⃣foo x | take 1", ["unknown operator 'foo'"])
        expectDiagnostics("print x = 1️⃣'abc", ["unterminated string literal"])
        expectDiagnostics("T | where (a | project b1️⃣", ["expected ')'"])
        expectDiagnostics("T | where (a 1️⃣; T", ["expected ')'"])
        expectDiagnostics("T | where f(1,1️⃣ ", ["expected an expression"])
        expectDiagnostics("T | summarize count() 1️⃣bx", ["expected ';'"])
        expectDiagnostics("T | lookup U1️⃣ ", ["expected 'on'"])
        expectDiagnostics("T | where a + 1 1️⃣= 1", ["expected '==' to compare ('=' assigns)"])
        expectDiagnostics("print x = strlen(T 1️⃣| count)", ["expected ')'"])
        expectDiagnostics("T | where x in (1️⃣)", ["expected an expression"])
        expectDiagnostics("print x = - 1️⃣- 1", ["expected an expression"])
        expectDiagnostics("print x = 1️⃣.5", ["expected an expression"])
        expectDiagnostics("print x = dynamic({1️⃣a: 1})", ["expected a property name string"])
        expectDiagnostics("T | where x in 1️⃣'a'", ["expected '('"])
        expectDiagnostics("print x = '1️⃣\\d'", ["invalid escape sequence '\\d'"])
        expectDiagnostics("print 1️⃣#", ["unexpected character '#'"])
        expectDiagnostics("print x = 1 == y 1️⃣== 3", ["expected ';'"])
        expectDiagnostics("print 1️⃣1.5abc", ["invalid numeric literal '1.5abc'"])
        expectDiagnostics("T | where 1️⃣!x", ["expected an expression"])
        expectDiagnostics("print x = dynamic([1, 1️⃣])", ["expected a value"])
    }

    @Test func expectedTokenOnTheNextLineIsReportedAtTheEndOfTheLine() {
        expectDiagnostics("T\n| extend a = f(x1️⃣\n| take 1", ["expected ')'"])
        expectDiagnostics("T | where x between (1 .. 2 1️⃣3)", ["expected ')'"])
        expectDiagnostics("let x = dynamic1️⃣[1]; x", ["expected '(' after 'dynamic'"])
    }

    @Test func missingSemicolonIsReportedAfterTheStatement() {
        expectDiagnostics("let a = 1;\nT | take n1️⃣\nU | take 2", ["expected ';'"])
    }

    @Test func recoveryReportsSeveralErrors() {
        expectDiagnostics("T | where 1️⃣) | 2️⃣bar | take 1 | where3️⃣ ", ["expected an expression", "unknown operator 'bar'", "expected an expression"])
        expectDiagnostics("let x = 1️⃣; let y = f(2️⃣; y", ["expected an expression", "expected an expression"])
        expectDiagnostics("T | extend a = (1 + 1️⃣) | project b 2️⃣c", ["expected an expression", "expected ';'"])
    }

    @Test func recoveredTreeKeepsTheGoodParts() {
        let (q, d) = parse("T | where ) | take 3")
        #expect(d.count == 1)
        guard case .expression(let e)? = q.statements.first?.kind else { Issue.record("no statement"); return }
        #expect(S.expr(e) == "(T | take 3)")
    }

    @Test func rendering() {
        let src = SourceText("T\n| whre x")
        let (_, d) = KQLParser.parse(src)
        #expect(d.first?.rendered(in: src) == "2:3: error: unknown operator 'whre' [KQS005]\n| whre x\n  ^^^^\nhelp: did you mean 'where'?")
    }

    @Test func neverCrashesOrHangs() {
        var inputs = [
            "", ";", "|", "||", "(", ")", "((((", "))))", "[", "]", "{", "}", "let", "let x", "let x =", "let f = (",
            "let f = (a:", "let f = (a:string) {", "T | where", "T | join", "T | join (", "T | parse x with",
            "datetime(", "dynamic(", "dynamic([", "dynamic({", "'", "\"", "@'", "```", "h'", "0x", "1e", "$", "@",
            "T | mv-apply x on (", "T | fork (", "T | make-series", "print x = 1 !", "T | summarize by",
            "range x from", "datatable(a:long)[", "union", "T | as", "\u{0}\u{1}\u{7f}", "T | project-away *",
            "let f = view", "T | top-nested", "T | render", "x between (", "x in (", "a.b.", "a[", "f(x=",
        ]
        inputs.append(String(repeating: "(", count: 5000))
        inputs.append(String(repeating: "f(", count: 5000))
        inputs.append(String(repeating: "-", count: 5000) + "1")
        inputs.append(String(repeating: "[", count: 5000))
        inputs.append(String(repeating: "dynamic([", count: 2000))
        inputs.append(String(repeating: "| where x ", count: 2000))
        let big = "let f = (a:string, n:long = 1) { T | where x has 'a' and y in (1, 2) | summarize c = count() by bin(t, 1h) };\nf('x') | join kind=inner (U | project k) on $left.k == $right.k | project-away k1 | mv-expand d to typeof(string) | parse m with * 'a=' a:long | make-series n = count() on t from ago(1d) to now() step 1h"
        // every prefix of a realistic query
        for i in 0...big.utf8.count {
            inputs.append(String(decoding: Array(big.utf8)[0..<i], as: UTF8.self))
        }
        // pseudo-random byte soup from the query's own bytes
        var seed: UInt64 = 0x9E3779B97F4A7C15
        let alphabet = Array(big.utf8) + Array("()[]{}|;,'\"`@$!=~<>.".utf8)
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<80 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(alphabet[Int(seed >> 33) % alphabet.count])
            }
            inputs.append(String(decoding: bytes, as: UTF8.self))
        }
        for input in inputs {
            let src = SourceText(input)
            let (q, d) = KQLParser.parse(src)
            #expect(q.span.end <= src.bytes.count)
            for diag in d { #expect(diag.span.start >= 0 && diag.span.end <= src.bytes.count) }
        }
    }
}
