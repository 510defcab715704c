import KQLColumns
import KQLRegex

let extractFunction = ScalarFunction(
    name: "extract",
    overloads: fn([p("regex", .type(.string)), p("captureGroup", .integer), p("source", .scalar), opt("typeof", .type(.string))],
                  .computed("string, or the type named by typeof(T)")),
    summary: "The first match of a RE2 regex in the source, or one capture group of it; \"\" (or null for typed results) when nothing matches.",
    bind: { site in
        let re = try site.constantRegex(0, "extract")
        var resultType = KQLType.string
        if site.types.count == 4 {
            guard let tn = site.typeNames[3], let t = KQLType(name: tn) else {
                throw site.error("extract(): the 4th argument must be typeof(type)", arg: 3)
            }
            resultType = t
        }
        if let re, let g = site.constants[1].flatMap(integerValue), g < 0 || g > Int64(re.captureCount) {
            throw site.error("extract(): capture group \(g) does not exist; the pattern has \(re.captureCount) groups", arg: 1)
        }
        let rt = resultType
        // Hot path: constant pattern and group over a string column, straight from bytes to bytes.
        if let re, rt == .string, let g = site.constants[1].flatMap(integerValue) {
            let group = Int(g)
            return BoundFunction(name: "extract", resultType: .string, kernel: .column { args, count in
                guard case .column(let c) = args[2], case .string(let arr) = c.plain.storage else {
                    return liftRow({ a in
                        let text = Array(kqlString(a[2]).utf8)
                        return .string(text.withUnsafeBufferPointer { buf in
                            re.firstMatch(buf).flatMap { $0[group] }.map { String(decoding: buf[$0], as: UTF8.self) } ?? "" })
                    }, args, count: count, type: .string)
                }
                var out = StringArray(reservingRows: count, bytes: arr.bytes.count / 2)
                re.withMatcher { matcher in
                    arr.bytes.withUnsafeBufferPointer { bytes in
                        for r in 0..<count {
                            let row = UnsafeBufferPointer(rebasing: bytes[Int(arr.offsets[r])..<Int(arr.offsets[r + 1])])
                            if let range = matcher.firstMatch(group: group, in: row) {
                                out.append(bytes: UnsafeBufferPointer(rebasing: row[range]))
                            } else {
                                out.appendEmpty()
                            }
                        }
                    }
                }
                return .column(Column(.string(out)))
            })
        }
        return BoundFunction(name: "extract", resultType: rt, kernel: .row { args in
            guard let r = regexFor(re, args[0]), let g = integerValue(args[1]), g >= 0, g <= Int64(r.captureCount) else { return .empty(rt) }
            let text = Array(kqlString(args[2]).utf8)
            let piece: String? = text.withUnsafeBufferPointer { buf in
                guard let m = r.firstMatch(buf), let range = m[Int(g)] else { return nil }
                return String(decoding: buf[range], as: UTF8.self)
            }
            guard let piece else { return .empty(rt) }
            if rt == .string { return .string(piece) }
            return convertExtracted(piece, to: rt)
        })
    })

/// The typed result of `extract(..., typeof(T))`: null when the text does not convert.
func convertExtracted(_ s: String, to t: KQLType) -> Value {
    switch t {
    case .long: return toLong(.string(s)).map(Value.long) ?? .null(.long)
    case .int: return toLong(.string(s)).flatMap { Int32(exactly: $0) }.map(Value.int) ?? .null(.int)
    case .real: return toReal(.string(s)).map(Value.real) ?? .null(.real)
    case .decimal: return KQLDecimal(parsing: Substring(s)).map(Value.decimal) ?? .null(.decimal)
    case .datetime: return DateTime.parse(Substring(s)).map(Value.datetime) ?? .null(.datetime)
    case .timespan: return TimeSpan.parse(Substring(s)).map(Value.timespan) ?? .null(.timespan)
    case .bool:
        switch s.lowercased() { case "true", "1": return .bool(true); case "false", "0": return .bool(false); default: return .null(.bool) }
    case .guid: return GUID(parsing: Substring(s)).map(Value.guid) ?? .null(.guid)
    case .dynamic: return .dynamic((try? JSON.parse(s)) ?? .string(s))
    default: return .string(s)
    }
}
