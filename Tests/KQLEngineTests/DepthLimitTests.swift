import KQLColumns
@testable import KQLEngine
import KQLSyntax
import Testing

/// Long unparenthesised chains (terms, pipe stages, chained lets and functions) are capped like
/// bracket nesting: at the cap the query runs, past it a positioned error — never a stack overflow.
/// These run on the test runner's thread, not the main thread, so a cap too high for a secondary
/// thread's stack shows up here as a crash.
@Suite struct DepthLimitTests {
    func run(_ q: String) throws -> [[Value]] {
        try QuerySession().run(q, options: QueryOptions(now: 0)).table.rows()
    }

    /// The error's code, line and column (1-based), or nil when the query ran.
    func failure(_ q: String) -> (code: DiagnosticCode?, line: Int, column: Int, message: String)? {
        do { _ = try QuerySession().run(q, options: QueryOptions(now: 0)); return nil } catch let e as QueryError {
            guard let d = e.diagnostics.first else { return nil }
            let (l, c) = e.source.location(of: d.span.start)
            return (d.code, l, c, d.message)
        } catch { return (nil, 0, 0, "\(error)") }
    }

    /// The parser's cap (`Parser.maxChain`).
    let chain = 1_000

    @Test func termsUpToTheCapRunAndOneMoreIsAPositionedError() throws {
        #expect(try run("print x = 1" + String(repeating: "+1", count: chain)) == [[.long(Int64(chain + 1))]])
        let f = failure("print x = 1" + String(repeating: "+1", count: chain + 1))
        #expect(f?.code == .chainTooLong)
        #expect(f?.column == 12 + 2 * chain)   // the '+' past the cap
        #expect(f?.message.contains("query too deep") == true)
        // the case: 100,000 terms
        #expect(failure("print x = 1" + String(repeating: "+1", count: 100_000))?.code == .chainTooLong)
        #expect(failure("print x = true" + String(repeating: " or false", count: 100_000))?.code == .chainTooLong)
    }

    @Test func columnChainsRunInParallelBatches() throws {
        let terms: String = String(repeating: "+i", count: chain - 3)
        let tail: String = " | summarize s = sum(x - i * \(chain - 2))"
        let q: String = "range i from 1 to 10000 step 1 | extend x = i" + terms + tail
        #expect(try run(q) == [[.long(0)]])
    }

    @Test func pipeStagesUpToTheCap() throws {
        #expect(try run("print a=1" + String(repeating: " | where true", count: chain)) == [[.long(1)]])
        let f = failure("print a=1" + String(repeating: " | where true", count: 100_000))
        #expect(f?.code == .chainTooLong)
        #expect(f?.column == 11 + 13 * chain)   // the '|' past the cap
        #expect(try run("print a=1" + String(repeating: " | union (print a=2)", count: chain)).count == chain + 1)
        #expect(failure("print a=1" + String(repeating: " | union (print a=2)", count: 10_000))?.code == .chainTooLong)
    }

    func chainedFunctions(_ n: Int, argument: String = "1") -> String {
        "let f0=(x:long){x};\n" + (1..<n).map { "let f\($0)=(x:long){f\($0 - 1)(x)+1};\n" }.joined() + "print r = f\(n - 1)(\(argument))"
    }

    @Test func chainedFunctionsBindInLinearTimeUpToTheCap() throws {
        // Each expansion nests a call and a sum: 2 levels per function.
        let n = Binder.maxNesting / 2 - 1
        #expect(try run(chainedFunctions(n)) == [[.long(Int64(n))]])
        let f = failure(chainedFunctions(10_000))
        #expect(f?.code == .queryTooDeep)
        #expect(f?.message.contains("query too deep") == true)
    }

    @Test func letChainsCountTheirDepth() throws {
        let n = Binder.maxNesting
        let tabular = { (k: Int) in "let t0 = print a=1;" + (1..<k).map { "let t\($0) = t\($0 - 1) | where true;" }.joined() + "t\(k - 1)" }
        #expect(try run(tabular(n - 10)) == [[.long(1)]])
        #expect(failure(tabular(n + 10))?.code == .queryTooDeep)
        let scalar = { (k: Int) in
            "let g = (x:long) { let a0 = x;" + (1..<k).map { "let a\($0) = a\($0 - 1) + 1;" }.joined() + "a\(k - 1) };"
                + " range i from 1 to 10000 step 1 | summarize m = max(g(i))"
        }
        #expect(try run(scalar(n - 10)) == [[.long(Int64(10_000 + n - 11))]])
        #expect(failure(scalar(n + 10))?.code == .queryTooDeep)
    }

    /// `f(x) + f(x)` chained: each call expands its body, so the count doubles per function. Capped
    /// (`Binder.maxExpansions`) so binding stays bounded instead of running for hours.
    @Test func doublingFunctionsStopAtTheExpansionCap() throws {
        let doubling = { (k: Int) in
            "let f0=(x:long){x+1};" + (1..<(k + 1)).map { "let f\($0)=(x:long){f\($0 - 1)(x)+f\($0 - 1)(x)};" }.joined()
                + " range i from 1 to 3 step 1 | summarize s = sum(f\(k)(i))"
        }
        // f15 expands 2^16 - 1 calls; f16, 2^17 - 1.
        #expect(try run(doubling(15)) == [[.long(9 << 15)]])
        let f = failure(doubling(40))
        #expect(f?.code == .tooManyExpansions)
        #expect(f?.message.contains("function calls") == true)
    }
}
