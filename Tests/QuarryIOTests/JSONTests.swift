import Foundation
import Testing
import KQLColumns

@Suite struct JSONParserTests {
    @Test func scalars() throws {
        #expect(try JSON.parse("1") == .long(1))
        #expect(try JSON.parse("-42") == .long(-42))
        #expect(try JSON.parse("9223372036854775807") == .long(Int64.max))
        #expect(try JSON.parse("-9223372036854775808") == .long(Int64.min))
        #expect(try JSON.parse("9223372036854775808") == .real(9223372036854775808.0))
        #expect(try JSON.parse("1.5") == .real(1.5))
        #expect(try JSON.parse("1.0") == .real(1.0))
        #expect(try JSON.parse("-2.5e3") == .real(-2500))
        #expect(try JSON.parse("1E-7") == .real(1e-7))
        #expect(try JSON.parse("0.1") == .real(0.1))
        #expect(try JSON.parse("3.141592653589793238462643") == .real(3.141592653589793))
        #expect(try JSON.parse("  true ") == .bool(true))
        #expect(try JSON.parse("false") == .bool(false))
        #expect(try JSON.parse("null") == .null)
        // Strings are never sniffed into datetimes or numbers.
        #expect(try JSON.parse(#""2024-01-01T00:00:00Z""#) == .string("2024-01-01T00:00:00Z"))
        #expect(try JSON.parse(#""42""#) == .string("42"))
    }

    @Test func stringEscapes() throws {
        #expect(try JSON.parse(#""a\"b\\c\/d\n\t\r\b\f""#) == .string("a\"b\\c/d\n\t\r\u{8}\u{c}"))
        #expect(try JSON.parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try JSON.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSON.parse(#""\ud83d x""#) == .string("\u{FFFD} x"))
        #expect(try JSON.parse("\"héllo wörld\"") == .string("héllo wörld"))
    }

    @Test func longStringsAcrossWordBoundaries() throws {
        // The scanner skips 8 bytes at a time; specials must be found at every offset.
        for k in 0..<20 {
            let pad = String(repeating: "x", count: k)
            #expect(try JSON.parse("\"\(pad)\\n\(pad)\"") == .string(pad + "\n" + pad))
            #expect(try JSON.parse("\"\(pad)é\(pad)\"") == .string(pad + "é" + pad))
            let bad = "\"\(pad)\u{01}\(pad)\""
            #expect(throws: JSONError.self) { try JSON.parse(bad) }
            do { _ = try JSON.parse(bad) } catch let e as JSONError { #expect(e.offset == k + 1) } catch {}
            let unterminated = "\"" + pad
            #expect(throws: JSONError.self) { try JSON.parse(unterminated) }
        }
    }

    @Test func containers() throws {
        let v = try JSON.parse(#" { "b" : [1, 2.5, "x", null, {"c": {}}, []], "a": {"z": 1, "y": 2} } "#)
        guard case .object(let bag) = v else { Issue.record("not an object"); return }
        #expect(bag.keys == ["b", "a"])
        #expect(bag["b"] == .array([.long(1), .real(2.5), .string("x"), .null, .object(PropertyBag([("c", .object(PropertyBag()))])), .array([])]))
        guard case .object(let a)? = bag["a"] else { Issue.record("a"); return }
        #expect(a.keys == ["z", "y"])
        // Duplicate keys: last value wins, first position kept.
        #expect(try JSON.parse(#"{"k":1,"j":0,"k":2}"#) == .object(PropertyBag([("k", .long(2)), ("j", .long(0))])))
    }

    func error(_ text: String) -> JSONError? {
        do { _ = try JSON.parse(text); return nil } catch let e as JSONError { return e } catch { return nil }
    }

    @Test func errorsCarryOffsets() {
        #expect(error(#"{"a":1,}"#)?.offset == 7)
        #expect(error("[1 2]")?.offset == 3)
        #expect(error(#""abc"#)?.offset == 0)
        #expect(error("tru")?.offset == 0)
        #expect(error("01")?.offset == 0)
        #expect(error(#"{"a" 1}"#)?.offset == 5)
        #expect(error("1 2")?.offset == 2)
        #expect(error("\"a\u{01}b\"")?.offset == 2)
        #expect(error(#""\x""#)?.offset == 1)
        #expect(error("[1,")?.offset == 3)
        #expect(error("")?.offset == 0)
        #expect(error("{") != nil)
        #expect(error("-") != nil)
        #expect(error("1.") != nil)
        #expect(error("1e") != nil)
        #expect(error("nul") != nil)
        #expect(error("[1,]") != nil)
        // Nesting past the 10,000-level cap is an error, not a crash, even 100,000 deep.
        #expect(error(String(repeating: "[", count: 10_001) + String(repeating: "]", count: 10_001))?.tooDeep == true)
        #expect(error(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))?.tooDeep == true)
    }

    @Test func errorLineAndColumn() throws {
        let text = "{\n  \"a\": tru\n}"
        let e = try #require(error(text))
        let (line, col) = e.location(in: Array(text.utf8))
        #expect(line == 2)
        #expect(col == 8)
        // Columns count characters, not bytes.
        let text2 = "[\"é\", x]"
        let e2 = try #require(error(text2))
        #expect(e2.location(in: Array(text2.utf8)).column == 7)
    }

    @Test func serializeCompactKustoStyle() throws {
        let v = DynamicValue.object(PropertyBag([("a", .long(1)), ("b", .array([.bool(true), .null]))]))
        #expect(JSON.serialize(v) == #"{"a":1,"b":[true,null]}"#)
        #expect(JSON.serialize(.real(1.0)) == "1.0")
        #expect(JSON.serialize(.real(0.1)) == "0.1")
        #expect(JSON.serialize(.real(-2.5)) == "-2.5")
        #expect(JSON.serialize(.real(1e-7)) == "1e-07")
        #expect(JSON.serialize(.long(-9_000_000_000)) == "-9000000000")
        #expect(JSON.serialize(.long(0)) == "0")
        #expect(JSON.serialize(.datetime(DateTime.ticks(year: 2024, month: 1, day: 1))) == #""2024-01-01T00:00:00.0000000Z""#)
        #expect(JSON.serialize(.timespan(DateTime.ticksPerHour + 5)) == #""01:00:00.0000005""#)
        #expect(JSON.serialize(.string("q\"b\\n\n\t\u{1}é")) == #""q\"b\\n\n\t\u0001é""#)
        #expect(JSON.serialize(.guid(GUID(parsing: "11111111-2222-3333-4444-555555555555")!)) == #""11111111-2222-3333-4444-555555555555""#)
        #expect(JSON.serialize(.real(.nan)) == #""NaN""#)
        #expect(JSON.serialize(.object(PropertyBag())) == "{}")
        #expect(JSON.serialize(.array([])) == "[]")
    }

    @Test func roundTrip() throws {
        let text = #"{"direction":"Out","answers":"[\"52.184.216.174\"]","n":[1,-2,3.25,1e+300,true,false,null],"o":{"x":{"y":"ü\n"}}}"#
        let v = try JSON.parse(text)
        #expect(JSON.serialize(v) == text)
        #expect(try JSON.parse(JSON.serialize(v)) == v)
        for d in [0.1, 1.0 / 3.0, 123456.789, 5e-324, 1.7976931348623157e308, -0.5] {
            #expect(try JSON.parse(JSON.serialize(.real(d))) == .real(d))
        }
    }

    @Test func numberParsingFromBytes() {
        func d(_ s: String) -> Double? { Array(s.utf8).withUnsafeBufferPointer { NumberParsing.double($0) } }
        func i(_ s: String) -> Int64? { Array(s.utf8).withUnsafeBufferPointer { NumberParsing.int64($0) } }
        #expect(i("443") == 443)
        #expect(i("-0") == 0)
        #expect(i("+7") == 7)
        #expect(i("12a") == nil)
        #expect(i("") == nil)
        #expect(i("-") == nil)
        #expect(i("99999999999999999999") == nil)
        #expect(d("1.5") == 1.5)
        #expect(d(".5") == 0.5)
        #expect(d("2.2250738585072014e-308") == 2.2250738585072014e-308)
        #expect(d("123456789012345678901234567890") == 123456789012345678901234567890.0)
        #expect(d("0.000000000000000000000000001") == 1e-27)
        #expect(d("abc") == nil)
        #expect(d("1.2.3") == nil)
        #expect(d("NaN")?.isNaN == true)
        #expect(d("-Infinity") == -.infinity)
    }
}
