import KQLColumns
import KQLEngine
import Testing

/// `declare query_parameters` with values from the request (`QueryOptions.queryParameters`), read
/// as query-parameters-statement.md says: each value is parsed as a literal of the declared type.
@Suite struct QueryParameterTests {
    func run(_ q: String, _ params: [String: String]) throws -> [Value] {
        var o = QueryOptions()
        o.queryParameters = params
        let t = try QuerySession().run(q, options: o).table
        return (0..<t.schema.fields.count).map { t.batches[0].columns[$0].value(at: 0) }
    }

    @Test func valuesFromTheRequestWinOverDefaults() throws {
        let v = try run("declare query_parameters(n:long = 90, s:string = 'x'); print n, s", ["n": "10", "s": "hello"])
        #expect(v == [.long(10), .string("hello")])
    }

    @Test func literalsOfEachType() throws {
        // The docs' REST example: birthday as datetime(1970-05-11), courses as dynamic([...]).
        let v = try run("declare query_parameters(birthday:datetime, courses:dynamic, d:timespan, r:real, b:bool); print birthday, courses, d, r, b",
                        ["birthday": "datetime(1970-05-11)", "courses": "dynamic(['Java', 'C++'])", "d": "2h", "r": "1.5", "b": "true"])
        #expect(v[0] == .datetime(DateTime.parseISO("1970-05-11T00:00:00Z")!))
        #expect(v[1] == .dynamic(.array([.string("Java"), .string("C++")])))
        #expect(v[2] == .timespan(2 * 3600 * 10_000_000))
        #expect(v[3] == .real(1.5))
        #expect(v[4] == .bool(true))
    }

    @Test func aValueNotOfTheTypeIsAnError() throws {
        #expect(throws: QueryError.self) { try run("declare query_parameters(n:long); print n", ["n": "soon"]) }
    }

    @Test func undeclaredValuesAreIgnored() throws {
        #expect(try run("declare query_parameters(n:long = 1); print n", ["other": "x"]) == [.long(1)])
    }
}
