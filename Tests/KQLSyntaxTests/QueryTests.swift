import Testing
@testable import KQLSyntax

@Suite struct StatementTests {
    @Test func lets() {
        let q = """
        let n = 10;
        let T2 = T | where x > n;
        let f = (a:string, n:long = 1) { T | take n };
        let g = (T:(*), U:(a:string, b:long)) { T };
        let v = view () { print 1 };
        T2
        """
        let (query, diags) = parse(q)
        #expect(diags.isEmpty)
        #expect(query.statements.count == 6)
        guard query.statements.count == 6 else { return }
        if case .let(let name, let nameSpan, let value) = query.statements[0].kind {
            #expect(name == "n")
            #expect(SourceText(q).slice(nameSpan) == "n")
            #expect(S.expr(value) == "10")
        } else { Issue.record("statement 0") }
        if case .let(_, _, let value) = query.statements[1].kind {
            #expect(S.expr(value) == "(T | where (> x n))")
        } else { Issue.record("statement 1") }
        if case .letFunction(let name, _, let params, let body) = query.statements[2].kind {
            #expect(name == "f")
            #expect(params.map(\.name) == ["a", "n"])
            #expect(params.map(\.type) == ["string", "long"])
            #expect(params[1].defaultValue.map(S.expr) == "1")
            #expect(body.statements.count == 1)
        } else { Issue.record("statement 2") }
        if case .letFunction(_, _, let params, _) = query.statements[3].kind {
            #expect(params[0].type == nil)
            #expect(params[0].tabularSchema?.map(\.name) == ["*"])
            #expect(params[1].tabularSchema?.map { "\($0.name):\($0.type)" } == ["a:string", "b:long"])
        } else { Issue.record("statement 3") }
        if case .letFunction(let name, _, let params, _) = query.statements[4].kind {
            #expect(name == "v")
            #expect(params.isEmpty)
        } else { Issue.record("statement 4") }
    }

    @Test func otherStatements() {
        let q = """
        set querytrace;
        set notruncation = true;
        declare query_parameters(start:datetime, n:long = 5);
        alias database db = cluster('https://c.kusto.windows.net').database('d');
        T | take 1;
        """
        let (query, diags) = parse(q)
        #expect(diags.isEmpty)
        #expect(query.statements.count == 5)
        if case .set(let n, let v) = query.statements[1].kind {
            #expect(n == "notruncation")
            #expect(v.map(S.expr) == "true")
        } else { Issue.record("set") }
        if case .other(let n) = query.statements[2].kind { #expect(n == "declare query_parameters") }
        if case .other(let n) = query.statements[3].kind { #expect(n == "alias") }
    }

    @Test func onlyLets() {
        let (query, diags) = parse("let a = 1; let b = a + 1; print b;")
        #expect(diags.isEmpty)
        #expect(query.statements.count == 3)
    }
}

@Suite struct OperatorTests {
    @Test func basicPipeline() {
        #expect(sx("T | where x > 1 | extend y = x * 2, z = 1 | project a, b = c")
                == "(((T | where (> x 1)) | extend y=(* x 2), z=1) | project a, b=c)")
        #expect(sx("T | filter a | take 10 | limit 5 | count") == "((((T | where a) | take 10) | take 5) | count)")
        #expect(sx("T | project-away a, Col*, *Id | project-keep b*") == "((T | project-away a, Col*, *Id) | project-keep b*)")
        #expect(sx("T | project-rename new = old | project-reorder b, a desc")
                == "((T | project-rename new=old) | project-reorder b asc, a desc)")
        #expect(sx("T | distinct * ") == "(T | distinct *)")
        #expect(sx("T | distinct a, b") == "(T | distinct a, b)")
        #expect(sx("T | serialize n = row_number() | getschema") == "((T | serialize n=row_number()) | getschema)")
        #expect(sx("T | as hint.materialized=true X") == "(T | as hint.materialized=true X)")
        #expect(sx("T | invoke f(1)") == "(T | invoke f(1))")
    }

    @Test func summarize() {
        #expect(sx("T | summarize hint.shufflekey=k c = count(), dcount(x) by bin(t, 1h), k")
                == "(T | summarize hint.shufflekey=k c=count(), dcount(x) by bin(t, ts:36000000000), k)")
        #expect(sx("T | summarize (t, v) = arg_max(ts, val) by k") == "(T | summarize (t,v)=arg_max(ts, val) by k)")
        #expect(sx("T | summarize by a, B = b") == "(T | summarize  by a, B=b)")
    }

    @Test func sortAndTop() {
        #expect(sx("T | sort by a asc nulls first, b desc, c") == "(T | sort a asc nulls-first, b desc, c desc)")
        #expect(sx("T | order by a") == "(T | sort a desc)")
        #expect(sx("T | top 5 by n asc nulls last") == "(T | top 5 by n asc nulls-last)")
    }

    @Test func joins() {
        #expect(sx("T | join kind=inner hint.strategy=broadcast (U | where x) on $left.a == $right.b")
                == "(T | join kind=inner hint.strategy=broadcast {(U | where x)} on (== $left.a $right.b))")
        #expect(sx("T | join U on a, $left.b == $right.c and $left.d == $right.e")
                == "(T | join U on a, (and (== $left.b $right.c) (== $left.d $right.e)))")
        #expect(sx("T | lookup kind=leftouter U on k") == "(T | lookup kind=leftouter U on k)")
        // the AST convention for $left/$right
        guard let e = expr("T | join U on $left.a == $right.b"), case .pipe(_, let op) = e.kind,
              case .join(_, _, let on) = op.kind else { Issue.record("join"); return }
        #expect(on.first?.kind == .binary(.equal,
                                          Expr(.member(Expr(.name("$left"), Span(14, 19)), "a"), Span(14, 21)),
                                          Expr(.member(Expr(.name("$right"), Span(25, 31)), "b"), Span(25, 33))))
    }

    @Test func unions() {
        #expect(sx("union withsource=S isfuzzy=true Device*, (T | take 1), U")
                == "union withsource=S isfuzzy=true Device*, {(T | take 1)}, U")
        #expect(sx("T | union kind=outer U") == "(T | union kind=outer U)")
    }

    @Test func sources() {
        #expect(sx("range x from 1 to 10 step 2") == "range x 1 10 2")
        #expect(sx("datatable(a:long, b:string) [1, 'x', 2, 'y']") == "datatable(a:long,b:string) [1, \"x\", 2, \"y\"]")
        #expect(sx("print 1, s = 'a'") == "print 1, s=\"a\"")
        #expect(sx("externaldata (a:string) [ 'https://x/y.csv' ] with (format='csv', ignoreFirstRecord=true)")
                == "externaldata(a:string) [\"https://x/y.csv\"] with(format=\"csv\", ignoreFirstRecord=true)")
        #expect(sx("external_data (a:string, b:long) [ h@'https://x/y', 'https://z', ] with (format=txt)")
                == "externaldata(a:string,b:long) [\"https://x/y\", \"https://z\"] with(format=txt)")
        #expect(sx("evaluate bag_unpack(x)") == "evaluate bag_unpack(x)")
        #expect(sx("search kind=case_sensitive in (T, U) 'x'") == "search kind=case_sensitive in (T, U) \"x\"")
        #expect(sx("search Col:'x' and not('y*')") == "search (and (has Col \"x\") not(\"y*\"))")
        #expect(sx("search *") == "search *")
        #expect(sx("T | sample 5") == "(T | sample 5)")
        #expect(sx("T | sample-distinct 5 of c") == "(T | sample-distinct 5 of c)")
        #expect(sx("T | top-nested 2 of a with others = -1 by s = sum(b) asc, top-nested of c by max(d)") == "(T | top-nested 2 of a others=(- 1) by s=sum(b) asc, - of c by max(d) desc)")
        #expect(sx("find withsource=S in (T) where a == 1 project a, b") == "find withsource=S in (T) (== a 1) project a, b")
        #expect(sx("find 'x' project a:string, pack_all()") == "find \"x\" project a:string pack_all()")
        #expect(sx("materialize(T) | take 1") == "(materialize(T) | take 1)")
        #expect(sx("table('x') | take 1") == "(table(\"x\") | take 1)")
    }

    @Test func mvExpandAndApply() {
        #expect(sx("T | mv-expand kind=array with_itemindex=i x = d to typeof(string), y limit 10")
                == "(T | mv-expand kind=array with_itemindex=i x=d to string, y limit 10)")
        #expect(sx("T | mvexpand x") == "(T | mv-expand x)")
        #expect(sx("T | mv-apply x = d to typeof(long) on (top 1 by x | project x)")
                == "(T | mv-apply x=d to long on {(($input | top 1 by x desc) | project x)})")
    }

    @Test func parseOperator() {
        #expect(sx(#"T | parse kind=regex flags=Ui Msg with * "user=" User:string "," Rest"#)
                == #"(T | parse kind=regex flags=Ui Msg with * "user=" User:string "," Rest)"#)
        #expect(sx(#"T | parse-where Msg with "a" x:long"#) == #"(T | parse-where Msg with "a" x:long)"#)
    }

    @Test func makeSeries() {
        #expect(sx("T | make-series n = count() default = 0 on t from ago(1d) to now() step 1h by k")
                == "(T | make-series n=count() default=0 on t from ago(ts:864000000000) to now() step ts:36000000000 by k)")
        #expect(sx("T | make-series dcount(x) on t in range(a, b, 1d)")
                == "(T | make-series dcount(x) on t in range(a, b, ts:864000000000) by )")
    }

    @Test func otherOperators() {
        let queries = [
            "T | render timechart with (title='x', ysplit=axes)",
            "T | render piechart",
            "T | evaluate hint.distribution=per_node autocluster()",
            "T | sample 10",
            "T | sample-distinct 5 of x",
            "T | search 'x'",
            "T | top-nested 3 of a by c = count(), top-nested 2 of b with others = 0 by sum(n) desc",
            "T | top-hitters 5 of a by n",
            "T | facet by a, b with (where x | take 3)",
            "T | fork (where x | take 1) (summarize count())",
            "T | partition by k (top 1 by t)",
            "T | parse-kv m as (a:string, b:long) with (pair_delimiter=';', kv_delimiter='=')",
            "T | reduce by Msg with threshold=0.5",
            "T | consume",
            "T | scan with (step s: x > 1;)",
            "T | evaluate bag_unpack(d) : (*, Name:string)",
            "print typeof(*, fx:double)",
            "union *, database('DB1').T*, cluster('c').database('d').*",
            "find in (database('S*').C*) where * has 'Kusto'",
            "search FirstName:\"Aaron\" or LastName:\"Hughes\"",
            "print f(datatable(x:string) ['x'])",
            "T | make-graph a --> b with N on id",
            "restrict access to (database().Table1, T*); T",
            "declare pattern app = (applicationId:string)[eventType:string] { ('a').['b'] = { T }; }; T",
        ]
        for q in queries {
            let (_, d) = parse(q)
            #expect(d.isEmpty, "\(q): \(d.map { $0.message })")
        }
    }
}

@Suite struct SpanTests {
    @Test func operatorAndExpressionSpans() {
        let text = "T\n| where x > 1\n| project-away a // done"
        let src = SourceText(text)
        guard let e = expr(text), case .pipe(let inner, let op) = e.kind, case .pipe(let t, let whereOp) = inner.kind else {
            Issue.record("shape"); return
        }
        #expect(src.slice(e.span) == "T\n| where x > 1\n| project-away a")
        #expect(src.slice(op.keywordSpan) == "project-away")
        #expect(src.slice(op.span) == "project-away a")
        #expect(src.slice(whereOp.span) == "where x > 1")
        #expect(src.slice(t.span) == "T")
        if case .where(let pred) = whereOp.kind {
            #expect(src.slice(pred.span) == "x > 1")
            if case .binary(_, let l, let r) = pred.kind {
                #expect(src.slice(l.span) == "x")
                #expect(src.slice(r.span) == "1")
            }
        }
    }

    @Test func literalAndCallSpans() {
        let text = "print f(datetime(2020-01-01), 'a' 'b', -1)"
        let src = SourceText(text)
        guard let e = expr(text), case .source(let op) = e.kind, case .print(let items) = op.kind,
              case .call(let name, let nameSpan, let args) = items[0].value.kind else { Issue.record("shape"); return }
        #expect(name == "f")
        #expect(src.slice(nameSpan) == "f")
        #expect(args.map { src.slice($0.value.span) } == ["datetime(2020-01-01)", "'a' 'b'", "-1"])
        #expect(src.slice(items[0].value.span) == "f(datetime(2020-01-01), 'a' 'b', -1)")
    }

    @Test func statementSpans() {
        let text = "let a = 1;\nlet f = (x:long) { x };\nT | take a"
        let src = SourceText(text)
        let (q, d) = parse(text)
        #expect(d.isEmpty)
        #expect(q.statements.map { src.slice($0.span) } == ["let a = 1", "let f = (x:long) { x }", "T | take a"])
    }
}
