import Foundation
import KQLColumns

/// A Kusto REST request body (request.md): `db`, `csl`, and `properties` — a JSON object, or a
/// string holding one (what azure-kusto-data and the docs' examples send) — with `Options`
/// (request-properties.md) and `Parameters` (values for `declare query_parameters`).
struct KustoRequest {
    var database: String?
    var text: String
    var options: [String: DynamicValue] = [:]
    var parameters: [String: String] = [:]
    var clientRequestId: String?

    /// Parses a body; a body that is not such a document is a `KustoError` (400).
    init(body: [UInt8]) throws {
        guard case .object(let bag)? = try? JSON.parse(body) else {
            throw KustoError.badRequest("the request body is not a JSON object with 'csl' and 'db'")
        }
        guard case .string(let csl)? = bag["csl"] else {
            throw KustoError.badRequest("the request body has no 'csl' string (the query or command text)")
        }
        text = csl
        if case .string(let db)? = bag["db"], !db.isEmpty { database = db }
        var properties: PropertyBag? = nil
        switch bag["properties"] {
        case .object(let p)?: properties = p
        case .string(let s)? where !s.isEmpty:
            guard case .object(let p)? = try? JSON.parse(s) else {
                throw KustoError.badRequest("'properties' is a string that does not hold a JSON object")
            }
            properties = p
        case nil, .null?, .string?: break
        default: throw KustoError.badRequest("'properties' must be a JSON object (or a string holding one)")
        }
        if let properties {
            if case .object(let o)? = properties["Options"] {
                for (k, v) in zip(o.keys, o.values) { options[k.lowercased()] = v }
            }
            if case .object(let p)? = properties["Parameters"] {
                // A string is the value's text; a number or bool its literal (the docs send longs as numbers).
                for (k, v) in zip(p.keys, p.values) {
                    if case .string(let s) = v { parameters[k] = s } else { parameters[k] = JSON.serialize(v) }
                }
            }
            if case .string(let id)? = properties["ClientRequestId"] { clientRequestId = id }
        }
    }

    /// An option as a bool: `true`/`false`, or their text.
    func bool(_ name: String) -> Bool? {
        switch options[name] {
        case .bool(let b)?: return b
        case .string(let s)?: return s.lowercased() == "true" ? true : s.lowercased() == "false" ? false : nil
        default: return nil
        }
    }

    /// An option as a non-negative integer (a JSON number or its text).
    func count(_ name: String) throws -> Int? {
        switch options[name] {
        case nil, .null?: return nil
        case .long(let n)? where n >= 0: return Int(n)
        case .real(let x)? where x >= 0 && x < 9e18 && x == x.rounded(): return Int(x)
        case .string(let s)?: if let n = Int(s), n >= 0 { return n }
        default: break
        }
        throw KustoError.badRequest("request property '\(name)' must be a non-negative integer")
    }

    /// `servertimeout` in seconds: a timespan as Kusto's clients send it — `[d.]hh:mm:ss[.f]`,
    /// Python's `str(timedelta)` (`0:00:05`, `1 day, 0:00:05`), a KQL literal (`30s`, `4m`, `1h`),
    /// or a number of ticks.
    func timeoutSeconds() throws -> Double? {
        switch options["servertimeout"] {
        case nil, .null?: return nil
        case .string(let s)?:
            if let x = Self.parseTimespanSeconds(s), x > 0 { return x }
            throw KustoError.badRequest("request property 'servertimeout' is not a timespan: '\(s)'")
        case .timespan(let ticks)? where ticks > 0: return Double(ticks) / 1e7
        case .long(let n)? where n > 0: return Double(n) / 1e7
        default: throw KustoError.badRequest("request property 'servertimeout' is not a timespan")
        }
    }

    static func parseTimespanSeconds(_ text: String) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces)
        var days = 0.0
        // Python: "1 day, 0:00:05" / "2 days, 1:00:00".
        if let comma = t.firstIndex(of: ","), let d = Double(t[..<comma].split(separator: " ").first ?? "") {
            days = d
            t = t[t.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        }
        if t.contains(":") {
            var dayPart = 0.0
            var clock = Substring(t)
            if let dot = t.firstIndex(of: "."), let colon = t.firstIndex(of: ":"), dot < colon, let d = Double(t[..<dot]) {
                dayPart = d
                clock = t[t.index(after: dot)...]
            }
            let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, let h = Double(parts[0]), let m = Double(parts[1]), let sec = Double(parts[2]),
                  h >= 0, m >= 0, sec >= 0 else { return nil }
            return (days + dayPart) * 86400 + h * 3600 + m * 60 + sec
        }
        let units: [(String, Double)] = [("ms", 0.001), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)]
        for (u, f) in units where t.hasSuffix(u) {
            if let v = Double(t.dropLast(u.count)), v >= 0 { return days * 86400 + v * f }
        }
        return nil
    }
}
