import KQLColumns
@testable import KQLEngine
import KQLSyntax
import Testing

/// The overload resolver (Functions/Resolver.swift): Kusto's promotions, optional and repeatable
/// parameters, generated arity/type errors and their positions, generated signature text.
@Suite struct FunctionResolverTests {
    static let name = Span(0, 1)
    static func spans(_ n: Int) -> [Span] { (0..<n).map { Span(10 * ($0 + 1), 10 * ($0 + 1) + 2) } }

    func resolve(_ overloads: [Overload], _ types: [KQLType], name: String = "f") throws -> Resolution {
        try Resolver.resolve(name, overloads, types: types, argSpans: Self.spans(types.count), nameSpan: Self.name)
    }

    func failure(_ overloads: [Overload], _ types: [KQLType], name: String = "f") -> Diagnostic? {
        do { _ = try resolve(overloads, types, name: name); return nil } catch let d as Diagnostic { return d } catch { return nil }
    }

    // MARK: promotion int → long → real

    @Test func realParameterTakesIntAndLong() throws {
        let o = fn([p("x", .type(.real))], .fixed(.real))
        #expect(try resolve(o, [.int]).argTypes == [.real])
        #expect(try resolve(o, [.long]).argTypes == [.real])
        #expect(try resolve(o, [.real]).argTypes == [.real])
        #expect(failure(o, [.string])?.message == "f(): argument 1 (x) must be int, long, real or decimal, not string")
    }

    @Test func longParameterTakesIntNotReal() throws {
        let o = fn([p("n", .type(.long))], .fixed(.long))
        #expect(try resolve(o, [.int]).argTypes == [.long])
        #expect(failure(o, [.real])?.message == "f(): argument 1 (n) must be int or long, not real")
    }

    @Test func resultRules() throws {
        #expect(try resolve(fn([p("x", .number)], .parameter(0)), [.int]).resultType == .int)
        #expect(try resolve(fn([p("a", .number), p("b", .number)], .widest), [.int, .long]).resultType == .long)
        #expect(try resolve(fn([p("a", .number), p("b", .number)], .widest), [.long, .real]).resultType == .real)
        let common = [Overload([p("c", .type(.bool)), p("a", .scalar), p("b", .scalar)], .common, values: ["a", "b"])]
        #expect(try resolve(common, [.bool, .int, .real]).resultType == .real)
        #expect(try resolve(common, [.bool, .string, .dynamic]).resultType == .string)
        let d = failure(common, [.bool, .string, .long])
        #expect(d?.code == .argumentType)
        #expect(d?.span == Self.spans(3)[2])
        #expect(try resolve(fn([], .computed("it depends")), []).resultType == nil)
    }

    @Test func firstMatchingOverloadWins() throws {
        let bin = try #require(FunctionRegistry.scalarByName["bin"]).overloads
        #expect(try resolve(bin, [.long, .int]).resultType == .long)
        #expect(try resolve(bin, [.datetime, .timespan]).resultType == .datetime)
        #expect(try resolve(bin, [.timespan, .timespan]).resultType == .timespan)
        // The furthest argument any overload fails on is reported, with what the overloads take there.
        #expect(failure(bin, [.string, .long], name: "bin")?.message == "bin(): argument 1 (value) must be int, long, real, datetime or timespan, not string")
        #expect(failure(bin, [.datetime, .long], name: "bin")?.message == "bin(): argument 2 (roundTo) must be timespan, not long")
        #expect(failure(bin, [.datetime, .long], name: "bin")?.span == Self.spans(2)[1])
    }

    // MARK: optional and repeatable parameters

    @Test func optionalParameters() throws {
        let o = fn([p("s", .type(.string)), p("start", .number), opt("length", .number)], .fixed(.string))
        #expect(try resolve(o, [.string, .int]).params.map(\.name) == ["s", "start"])
        #expect(try resolve(o, [.string, .int, .long]).params.map(\.name) == ["s", "start", "length"])
        #expect(failure(o, [.string], name: "substring")?.message == "substring() expects 2 to 3 arguments, got 1")
        #expect(failure(o, [.string], name: "substring")?.code == .argumentCount)
        #expect(failure(o, [.string], name: "substring")?.span == Self.name)
    }

    @Test func repeatableGroups() throws {
        let strcat = [Overload([], repeating: Repeat(params: [p("arg", .scalar)], min: 1, max: 64), .fixed(.string))]
        #expect(try resolve(strcat, Array(repeating: .long, count: 64)).params.count == 64)
        #expect(failure(strcat, [])?.message == "f() expects 1 to 64 arguments, got 0")
        #expect(failure(strcat, Array(repeating: .long, count: 65))?.message == "f() expects 1 to 64 arguments, got 65")
        let caseOverloads = try #require(FunctionRegistry.scalarByName["case"]).overloads
        #expect(try resolve(caseOverloads, [.bool, .long, .bool, .int, .real]).resultType == .real)
        #expect(failure(caseOverloads, [.bool, .long, .bool, .long], name: "case")?.message
                == "case() expects 3 to 999 arguments (an odd number), got 4")
        #expect(failure(caseOverloads, [.bool, .long, .string, .long, .long], name: "case")?.message
                == "case(): argument 3 (predicate) must be bool, not string")
    }

    @Test func gapsInArityAreListed() throws {
        let mk = try #require(FunctionRegistry.scalarByName["make_datetime"]).overloads
        #expect(failure(mk, [.long, .long, .long, .long], name: "make_datetime")?.message == "make_datetime() expects 1, 3, 5 or 6 arguments, got 4")
    }

    // MARK: through the binder: code, text and position

    func bindError(_ query: String) -> (code: DiagnosticCode, message: String, text: String)? {
        do { _ = try QuerySession().run(query, options: QueryOptions(now: 0)); return nil } catch let e as QueryError {
            guard let d = e.diagnostics.first else { return nil }
            let bytes = Array(query.utf8)
            guard d.span.start >= 0, d.span.end <= bytes.count, d.span.start <= d.span.end else { return nil }
            return (d.code, d.message, String(decoding: bytes[d.span.start..<d.span.end], as: UTF8.self))
        } catch { return nil }
    }

    @Test func typeErrorSitsUnderTheArgument() {
        let e = bindError("print strlen(42)")
        #expect(e?.code == .argumentType)
        #expect(e?.message == "strlen(): argument 1 (source) must be string or dynamic, not long")
        #expect(e?.text == "42")
    }

    @Test func arityErrorSitsUnderTheName() {
        let e = bindError("print substring(\"abc\")")
        #expect(e?.code == .argumentCount)
        #expect(e?.message == "substring() expects 2 to 3 arguments, got 1")
        #expect(e?.text == "substring")
    }

    @Test func aggregatesResolveToo() {
        #expect(bindError("print x = 1 | summarize sum(\"a\")")?.message == "sum(): argument 1 (expr) must be int, long, real or timespan, not string")
        #expect(bindError("print x = 1 | summarize countif(x)")?.text == "x")
        #expect(bindError("print x = 1 | summarize avg()")?.message == "avg() expects 1 argument, got 0")
    }

    // MARK: signature text and metadata

    @Test func signaturesAreGenerated() throws {
        func sig(_ n: String) throws -> [String] { try #require(FunctionRegistry.scalarByName[n]).signatures }
        #expect(try sig("strlen") == ["strlen(source: string or dynamic) -> long"])
        #expect(try sig("substring") == ["substring(source, startingIndex: number [, length: number]) -> string"])
        #expect(try sig("log") == ["log(x: real) -> real"])
        #expect(try sig("strcat") == ["strcat(arg, ...) -> string"])
        #expect(try sig("indexof") == ["indexof(source, lookup [, start: int or long [, length: int or long [, occurrence: int or long]]]) -> long"])
        #expect(try sig("iff") == ["iff(condition: bool, then, else) -> common type of then, else"])
        #expect(try sig("now") == ["now([offset: timespan]) -> datetime"])
        #expect(try sig("bin").count == 3)
        let sum = try #require(FunctionRegistry.aggregateByName["sum"])
        #expect(sum.signatures.first == "sum(expr: int or long) -> long")
    }

    @Test func volatilityAndKind() throws {
        for n in ["prev", "next", "row_number"] {
            let f = try #require(FunctionRegistry.scalarByName[n])
            #expect(f.volatility == .rowOrder)
            #expect(f.kind == .window)
        }
        #expect(try #require(FunctionRegistry.scalarByName["now"]).volatility == .perQuery)
        #expect(try #require(FunctionRegistry.scalarByName["strlen"]).volatility == .deterministic)
        #expect(FunctionCatalog.all.first { $0.name == "row_number" }?.kind == "window")
    }

    /// Every overload of every registry entry lays out its own minimum and maximum argument counts.
    @Test func everyOverloadIsWellFormed() {
        for (name, overloads) in FunctionRegistry.scalars.map({ ($0.name, $0.overloads) }) + FunctionRegistry.aggregates.map({ ($0.name, $0.overloads) }) {
            #expect(!overloads.isEmpty, "\(name) has no overloads")
            for o in overloads {
                #expect(o.layout(o.minArgs) != nil, "\(name): min")
                #expect(o.layout(o.maxArgs) != nil, "\(name): max")
                // Optional parameters come last among the leading ones.
                let firstOptional = o.params.firstIndex(where: \.optional) ?? o.params.count
                let trailingOptional = o.params[firstOptional...].allSatisfy { $0.optional }
                #expect(trailingOptional, "\(name): a required parameter after an optional one")
            }
        }
    }
}
