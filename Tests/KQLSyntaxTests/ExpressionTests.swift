import Testing
@testable import KQLSyntax

@Suite struct ExpressionTests {
    @Test func precedence() {
        #expect(sx("print a or b and c") == "print (or a (and b c))")
        #expect(sx("print a and b or c") == "print (or (and a b) c)")
        #expect(sx("print 1 + 2 * 3 - 4") == "print (- (+ 1 (* 2 3)) 4)")
        #expect(sx("print -x * 2 % 3") == "print (% (* (- x) 2) 3)")
        #expect(sx("print a + 1 > b * 2 and c == 'x'") == "print (and (> (+ a 1) (* b 2)) (== c \"x\"))")
        #expect(sx("print a < b == true") == "print (== (< a b) true)")
        #expect(sx("print not(a == 1 or b)") == "print not((or (== a 1) b))")
        #expect(sx("print x = (1 + 2) * 3") == "print x=(* {(+ 1 2)} 3)")
        #expect(sx("print a <> b") == "print (!= a b)")
    }

    @Test func stringPredicates() {
        let ops = ["has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix", "hasprefix_cs", "!hasprefix_cs",
                   "hassuffix", "!hassuffix", "hassuffix_cs", "!hassuffix_cs", "contains", "!contains", "contains_cs",
                   "!contains_cs", "startswith", "!startswith", "startswith_cs", "!startswith_cs", "endswith",
                   "!endswith", "endswith_cs", "!endswith_cs", "=~", "!~", "==", "!=", "like", "notlike"]
        for op in ops {
            #expect(sx("T | where a \(op) 'x' and b") == "(T | where (and (\(op) a \"x\") b))")
        }
        #expect(sx("T | where a notcontains 'x'") == "(T | where (!contains a \"x\"))")
        #expect(sx("T | where a containscs 'x'") == "(T | where (contains_cs a \"x\"))")
        #expect(sx("T | where a matches regex @'\\d+'") == "(T | where (matches regex a \"\\\\d+\"))")
    }

    @Test func listsAndBetween() {
        #expect(sx("T | where a in ('x', 'y')") == "(T | where (in a [\"x\", \"y\"]))")
        #expect(sx("T | where a !in (1)") == "(T | where (!in a [1]))")
        #expect(sx("T | where a in~ (L)") == "(T | where (in~ a [L]))")
        #expect(sx("T | where a !in~ (U | project x)") == "(T | where (!in~ a [(U | project x)]))")
        #expect(sx("T | where a has_any (dynamic(['a']))") == "(T | where (has_any a [dynamic<['a']>]))")
        #expect(sx("T | where a has_all ('a', 'b')") == "(T | where (has_all a [\"a\", \"b\"]))")
        #expect(sx("T | where t between (ago(1d) .. now())") == "(T | where (between t ago(ts:864000000000) now()))")
        #expect(sx("T | where n !between(1..5)") == "(T | where (!between n 1 5))")
    }

    @Test func postfixAndCalls() {
        #expect(sx("print a.b['c'][0]") == "print a.b[\"c\"][0]")
        #expect(sx("print a[\"k\"].x") == "print a[\"k\"].x")
        #expect(sx("print f(x, name=1), pack_array(1, 2)") == "print f(x, name=1), pack_array(1, 2)")
        #expect(sx("print count()") == "print count()")
        #expect(sx("T | summarize arg_max(t, *)") == "(T | summarize arg_max(t, *) by )")
        #expect(sx("print ns.f(1)") == "print ns.f(1)")
        #expect(sx("print toscalar(T | count)") == "print toscalar((T | count))")
        #expect(sx("print typeof(int)") == "print typeof(int)")
    }

    @Test func names() {
        #expect(sx("print ['col name'] = 1, [\"x\"] = 2") == "print col name=1, x=2")
        #expect(sx("T | project ['a b'], count, type, title") == "(T | project a b, count, type, title)")
        #expect(sx("T | where $left.a == 1") == "(T | where (== $left.a 1))")
        #expect(sx("T | project 5Minutebin") == "(T | project 5Minutebin)")
    }

    @Test func comments() {
        let q = """
        // leading comment
        T // after the table
        // between pipes
        | where a in ('x', // inside a list
                      'y')
        | project a // trailing
        """
        #expect(sx(q) == "((T | where (in a [\"x\", \"y\"])) | project a)")
    }
}

@Suite struct LiteralTests {
    func value(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Literal? {
        guard let e = expr("print " + text, sourceLocation: sourceLocation),
              case .source(let op) = e.kind, case .print(let items) = op.kind,
              let v = items.first?.value, case .literal(let l) = v.kind else {
            Issue.record("not a literal: \(text)", sourceLocation: sourceLocation)
            return nil
        }
        return l
    }

    @Test func strings() {
        #expect(value(#"'a\'b\"c\\d\ne\tf\rg'"#) == .string("a'b\"c\\d\ne\tf\rg"))
        #expect(value(#""x\"y""#) == .string("x\"y"))
        #expect(value(#"'\u00e9\x41'"#) == .string("éA"))
        #expect(value(#"@'C:\temp\'''"#) == .string(#"C:\temp\'"#))
        #expect(value(#"@"say ""hi""""#) == .string(#"say "hi""#))
        #expect(value("```line1\nline2 \\n```") == .string("line1\nline2 \\n"))
        #expect(value("h'secret'") == .string("secret"))
        #expect(value(#"h@'c:\x'"#) == .string(#"c:\x"#))
        #expect(value(#"'a' "b" @'c\'"#) == .string(#"abc\"#))
        #expect(value("'é'") == .string("é"))
    }

    @Test func numbers() {
        #expect(value("42") == .long(42))
        #expect(value("0x1F") == .long(31))
        #expect(value("1.5") == .real(1.5))
        #expect(value("1e3") == .real(1000))
        #expect(value("2.5E-1") == .real(0.25))
        #expect(value("9223372036854775807") == .long(Int64.max))
        #expect(value("true") == .bool(true))
        #expect(value("FALSE") == .bool(false))
        #expect(value("True") == .bool(true))
    }

    @Test func timespans() {
        let tick: Int64 = 1, ms: Int64 = 10_000, s: Int64 = 10_000_000, m = 60 * s, h = 60 * m, d = 24 * h
        let cases: [(String, Int64)] = [
            ("10d", 10 * d), ("1.5h", 3 * h / 2), ("30m", 30 * m), ("10s", 10 * s), ("100ms", 100 * ms),
            ("10microseconds", 100), ("10microsecond", 100), ("1tick", tick), ("2ticks", 2),
            ("2days", 2 * d), ("1hour", h), ("5minutes", 5 * m), ("3seconds", 3 * s),
            ("100milliseconds", 100 * ms), ("1millisecond", ms), ("1min", m), ("2hrs", 2 * h), ("300nanoseconds", 3),
            ("1.d", d),
        ]
        for (text, ticks) in cases {
            #expect(value(text) == .timespan(ticks), "\(text)")
        }
    }

    @Test func typedLiterals() {
        #expect(value("datetime(2024-01-01 10:00:00.123)") == .typed(type: "datetime", text: "2024-01-01 10:00:00.123"))
        #expect(value("datetime( 2024-01-01 )") == .typed(type: "datetime", text: "2024-01-01"))
        #expect(value("datetime(null)") == .typedNull(type: "datetime"))
        #expect(value("time(1.02:00:00)") == .typed(type: "timespan", text: "1.02:00:00"))
        #expect(value("timespan(2d)") == .typed(type: "timespan", text: "2d"))
        #expect(value("guid(74be27de-1e4e-49d9-b579-fe0b331d3642)") == .typed(type: "guid", text: "74be27de-1e4e-49d9-b579-fe0b331d3642"))
        #expect(value("int(null)") == .typedNull(type: "int"))
        #expect(value("long(5)") == .typed(type: "long", text: "5"))
        #expect(value("long(-5)") == .typed(type: "long", text: "-5"))
        #expect(value("real(1.5)") == .typed(type: "real", text: "1.5"))
        #expect(value("real(nan)") == .typed(type: "real", text: "nan"))
        #expect(value("double(+inf)") == .typed(type: "real", text: "+inf"))
        #expect(value("bool(true)") == .typed(type: "bool", text: "true"))
        #expect(value("decimal(1.5)") == .typed(type: "decimal", text: "1.5"))
        #expect(value("dynamic(null)") == .typedNull(type: "dynamic"))
        #expect(value("dynamic([1, 'a', {\"k\": [true, null, -2.5]}, datetime(2020-01-01)])")
                == .typed(type: "dynamic", text: "[1, 'a', {\"k\": [true, null, -2.5]}, datetime(2020-01-01)]"))
        #expect(value("dynamic({})") == .typed(type: "dynamic", text: "{}"))
    }
}
