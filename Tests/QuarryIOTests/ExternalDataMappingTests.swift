import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// externaldata's `ingestionMapping` for json/multijson (`ExternalDataMapping`): the JSONPath
/// subset of jsonpath.md, the element shape of mappings.md/json-mapping.md, the value a path gives
/// per record, and the parser's and loader's refusals (a mapping is never silently ignored).
@Suite struct ExternalDataMappingTests {
    typealias Step = ExternalDataMapping.Step

    static func path(_ p: String) -> [Step]? { try? ExternalDataMapping.parsePath(p) }

    static func failure(_ text: String, _ schema: Schema) -> ExternalDataMapping.Failure? {
        do { _ = try ExternalDataMapping.parse(text, schema: schema); return nil } catch { return error }
    }

    static func mapping(_ pairs: [(String, String)]) -> String {
        "[" + pairs.map { #"{"Column":"\#($0.0)","Properties":{"Path":"\#($0.1)"}}"# }.joined(separator: ",") + "]"
    }

    @Test func pathSubset() {
        #expect(Self.path("$") == [])
        #expect(Self.path(" $.a.b ") == [.key("a"), .key("b")])
        #expect(Self.path("$['Log Level']") == [.key("Log Level")])
        #expect(Self.path(#"$["x.y"][2]"#) == [.key("x.y"), .index(2)])
        #expect(Self.path("$.['Property name with space']") == [.key("Property name with space")])   // json-mapping.md
        #expect(Self.path("$.Details.Tags[0]") == [.key("Details"), .key("Tags"), .index(0)])
        #expect(Self.path("$.x-ms-id") == [.key("x-ms-id")])
        #expect(Self.path("$['']") == [.key("")])
        // Outside the subset, or malformed: errors (never a guess).
        for bad in ["", "a.b", "$a", "$.", "$..a", "$.*", "$.a[*]", "$[-1]", "$[0:2]", "$[?(@.a)]", "$['a','b']", "$[1,2]",
                    "$['a'", "$[0", "$[", "$['a\\'b']", "$.a b", "$.a]", "$[x]", "$[99999999999999999999999]", "$.a.*.b"] {
            #expect(Self.path(bad) == nil, "\(bad)")
        }
        #expect((try? ExternalDataMapping.parsePath("data.tenant")) == nil)
        do { _ = try ExternalDataMapping.parsePath("data.tenant") } catch {
            #expect(error.unsupported && error.message.contains("constant"))
        }
    }

    @Test func valueAtAPath() throws {
        guard case .object(let rec) = try JSON.parse(#"{"a":{"b":[{"n":1},{"n":2}],"s":"x"},"arr":[[5]],"nil":null}"#) else {
            Issue.record("not an object"); return
        }
        func at(_ p: String) -> DynamicValue { ExternalDataMapping.value(at: Self.path(p) ?? [.key("?")], in: rec) }
        #expect(at("$") == .object(rec))
        #expect(at("$.a.s") == .string("x"))
        #expect(at("$.a.b[1].n") == .long(2))
        #expect(at("$.arr[0][0]") == .long(5))
        // Nothing there: null. A property step on an array does not reach into its elements.
        #expect(at("$.a.b.n") == .null)
        #expect(at("$.a.b[2].n") == .null)
        #expect(at("$.a.s.t") == .null)
        #expect(at("$.a[0]") == .null)
        #expect(at("$[0]") == .null)
        #expect(at("$.missing") == .null)
        #expect(at("$.nil") == .null)
    }

    @Test func mappingShapeAndErrors() throws {
        let schema = Schema([Field("a", .string), Field("b", .long)])
        let m = try ExternalDataMapping.parse(Self.mapping([("b", "$.y"), ("a", "$.x")]), schema: schema)
        #expect(m.paths == [[.key("x")], [.key("y")]] && m.pathTexts == ["$.x", "$.y"])   // schema order
        // Lower-case keys, the path beside the column, a matching Datatype, null Transform/ConstValue,
        // one trailing comma.
        let loose = #"[{"column":"a","path":"$.x","datatype":"string","transform":null}, {"COLUMN":"b","Properties":{"path":"$.y","ConstValue":null},"Datatype":"int64"} , ]"#
        #expect(try ExternalDataMapping.parse(loose, schema: schema).paths == [[.key("x")], [.key("y")]])
        let cases: [(String, String)] = [
            ("[{", "not valid JSON"),
            (#"[{"Column":"a","Properties":{"Path":"$.a"}},,]"#, "not valid JSON"),
            (#"{"Column":"a"}"#, "JSON array"),
            (#"["a"]"#, "not a JSON object"),
            (Self.mapping([("a", "$.a")]), "declares column 'b'"),
            (Self.mapping([("a", "$.a"), ("b", "$.b"), ("a", "$.c")]), "maps column 'a' twice"),
            (Self.mapping([("a", "$.a"), ("B", "$.b")]), "did you mean 'b'"),
            (Self.mapping([("a", "$.a"), ("b", "$..b")]), "recursive"),
            (#"[{"Column":"a","Path":"$.a","Properties":{"Path":"$.a"}},{"Column":"b","Path":"$.b"}]"#, "Path\" twice"),
            (#"[{"Column":"a"},{"Column":"b","Path":"$.b"}]"#, "no \"Path\""),
            (#"[{"Column":"a","Path":"$.a","Column ":"x"},{"Column":"b","Path":"$.b"}]"#, "unknown key"),
            (#"[{"Column":"a","column":"b","Path":"$.a"}]"#, "twice"),
            (#"[{"Column":"a","Path":"$.a","Datatype":"long"},{"Column":"b","Path":"$.b"}]"#, "declares it string"),
            (#"[{"Column":"a","Path":"$.a","Datatype":"blob"},{"Column":"b","Path":"$.b"}]"#, "unknown Datatype"),
            (#"[{"Column":"a","Path":5},{"Column":"b","Path":"$.b"}]"#, "must be a string"),
            (#"[{"Column":"","Path":"$.a"}]"#, "non-empty"),
            (#"[{"Column":"a","Properties":{"Path":"$.a","Transform":"SourceLocation"}},{"Column":"b","Path":"$.b"}]"#, "Transform"),
            (#"[{"Column":"a","Properties":{"ConstValue":"x"}},{"Column":"b","Path":"$.b"}]"#, "ConstValue"),
            (#"[{"Column":"a","Properties":{"Field":"a"}},{"Column":"b","Path":"$.b"}]"#, "unknown key 'Field'"),
            (#"[{"Column":"a","Properties":"$.a"},{"Column":"b","Path":"$.b"}]"#, "JSON object"),
        ]
        for (text, phrase) in cases {
            let f = Self.failure(text, schema)
            #expect(f?.message.contains(phrase) == true, "\(text) → \(f?.message ?? "no error")")
        }
        #expect(Self.failure(#"[{"Column":"a","Properties":{"Path":"$.a","Transform":"x"}},{"Column":"b","Path":"$.b"}]"#, schema)?.unsupported == true)
        #expect(Self.failure(Self.mapping([("a", "$.a")]), schema)?.unsupported == false)
    }

    @Test func parserAppliesTheMappingPerRecord() throws {
        let schema = Schema([Field("t", .datetime), Field("g", .guid), Field("n", .int), Field("s", .timespan), Field("k", .long),
                             Field("d", .dynamic), Field("name", .string)])
        let m = try ExternalDataMapping.parse(Self.mapping([("t", "$.ts"), ("g", "$.data.tenant"), ("n", "$.data.n"),
                                                           ("s", "$.data.span"), ("k", "$.data.k"), ("d", "$.items"),
                                                           ("name", "$.items.name")]), schema: schema)
        let text = """
        {"ts":"2019-01-01 10:00:00.238521","data":{"tenant":"e1ef54a6-c6f2-4389-836e-d289b37bcfe0","n":7,"span":"01:00:00","k":"42"},"items":[{"name":"x"}]}
        {"ts":"nope","data":{"n":1.5,"k":true}}
        """
        let r = try ExternalDataParser.parse(Array(text.utf8), format: .json, schema: schema, ignoreFirstRecord: false, source: "t", mapping: m)
        let rows = r.table.rows()
        #expect(rows.count == 2)
        #expect(rows[0][0] == .datetime(DateTime.ticks(year: 2019, month: 1, day: 1, hour: 10, fraction: 2_385_210)))
        #expect(rows[0][1] == .guid(GUID(parsing: "e1ef54a6-c6f2-4389-836e-d289b37bcfe0") ?? GUID(high: 0, low: 0)))
        #expect(rows[0][2] == .int(7) && rows[0][3] == .timespan(36_000_000_000) && rows[0][4] == .long(42))
        #expect(rows[0][5] == .dynamic(.array([.object(PropertyBag([("name", .string("x"))]))])))
        #expect(rows[0][6] == .string(""))   // through the array without an index: null (an empty string)
        // Values that do not convert are null and counted: "nope", 1.5 as int, true as long.
        #expect(rows[1][0] == .null(.datetime) && rows[1][2] == .null(.int) && rows[1][4] == .null(.long))
        #expect(r.unconvertedValues == 3)
        // multijson, array form, with ignoreFirstRecord.
        let one = Schema([Field("v", .long)])
        let mv = try ExternalDataMapping.parse(Self.mapping([("v", "$.a.b")]), schema: one)
        let multi = try ExternalDataParser.parse(Array(#"[{"a":{"b":1}},{"a":{"b":2}},{"a":3}]"#.utf8), format: .multijson, schema: one,
                                                 ignoreFirstRecord: true, source: "t", mapping: mv).table.rows()
        #expect(multi == [[.long(2)], [.null(.long)]])
    }

    @Test func aMappingIsNeverIgnored() throws {
        let one = Schema([Field("v", .string)])
        let m = try ExternalDataMapping.parse(Self.mapping([("v", "$.v")]), schema: one)
        #expect(throws: ReadError.self) {
            _ = try ExternalDataParser.parse(Array("a\n".utf8), format: .csv, schema: one, ignoreFirstRecord: false, source: "t", mapping: m)
        }
        let two = Schema([Field("v", .string), Field("w", .string)])
        #expect(throws: ReadError.self) {
            _ = try ExternalDataParser.parse(Array("{}\n".utf8), format: .json, schema: two, ignoreFirstRecord: false, source: "t", mapping: m)
        }
        // The loader: an archive's csv members read without `format` are an error with a mapping.
        let zip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LogicTests/data/external/top.zip").path
        var settings = ExternalDataSettings(cacheDirectory: "/nonexistent/quarry-mapping-test-cache")
        settings.offline = true
        settings.mappings["https://x.example/list.zip"] = zip
        let loader = ExternalDataLoader(settings: settings)
        do {
            _ = try loader.table(urls: ["https://x.example/list.zip"], format: nil, schema: one, ignoreFirstRecord: false, ingestionMapping: m)
            Issue.record("expected an error")
        } catch let e as ExternalDataError {
            #expect(e.kind == .badContent && e.message.contains("top-1m.csv") && e.message.contains("ingestionMapping"))
        }
        // Without the mapping the same read works (csv members), and `--table`-style txt reads are untouched.
        #expect(try loader.table(urls: ["https://x.example/list.zip"], format: nil, schema: one, ignoreFirstRecord: false).rowCount > 0)
    }
}
