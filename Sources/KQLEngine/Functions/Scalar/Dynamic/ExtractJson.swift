import Foundation
import KQLColumns

/// One step of the supported JSONPath subset: `.name`, `['name']`, `[index]`.
enum JSONPathStep: Equatable { case key(String), index(Int) }

/// Parses `$`, `$.a.b`, `$['a']["b"]`, `$.arr[0]`; nil for anything else.
func parseJSONPath(_ path: String) -> [JSONPathStep]? {
    let c = Array(path.trimmingCharacters(in: .whitespaces))
    guard c.first == "$" else { return nil }
    var i = 1
    var steps: [JSONPathStep] = []
    while i < c.count {
        if c[i] == "." {
            i += 1
            var name = ""
            while i < c.count, c[i] != ".", c[i] != "[" { name.append(c[i]); i += 1 }
            guard !name.isEmpty else { return nil }
            steps.append(.key(name))
        } else if c[i] == "[" {
            i += 1
            guard i < c.count else { return nil }
            if c[i] == "'" || c[i] == "\"" {
                let q = c[i]; i += 1
                var name = ""
                while i < c.count, c[i] != q { name.append(c[i]); i += 1 }
                guard i + 1 < c.count, c[i + 1] == "]" else { return nil }
                steps.append(.key(name)); i += 2
            } else {
                var num = ""
                while i < c.count, c[i] != "]" { num.append(c[i]); i += 1 }
                guard i < c.count, let n = Int(num.trimmingCharacters(in: .whitespaces)) else { return nil }
                steps.append(.index(n)); i += 1
            }
        } else {
            return nil
        }
    }
    return steps
}

func applyJSONPath(_ steps: [JSONPathStep], _ root: DynamicValue) -> DynamicValue? {
    var cur = root
    for s in steps {
        switch (s, cur) {
        case (.key(let k), .object(let b)): guard let v = b[k] else { return nil }; cur = v
        case (.index(let i), .array(let a)): guard i >= 0, i < a.count else { return nil }; cur = a[i]
        default: return nil
        }
    }
    return cur
}


let extractJsonFunction = ScalarFunction(
    name: "extract_json", aliases: ["extractjson"],
    overloads: fn([p("jsonPath", .type(.string)), p("dataSource", .stringOrDynamic), opt("typeof", .type(.string))],
                  .computed("string, or the type named by typeof(T)")),
    summary: "The element of a JSON text at a JSONPath ($, .name, ['name'], [index]) as a string, or converted to T.",
    bind: { site in
        if let c = site.constants[0], parseJSONPath(kqlString(c)) == nil {
            throw site.error("extract_json(): unsupported JSONPath '\(kqlString(c))'", arg: 0)
        }
        var rt = KQLType.string
        if site.types.count == 3 {
            guard let tn = site.typeNames[2], let t = KQLType(name: tn) else { throw site.error("extract_json(): the 3rd argument must be typeof(type)", arg: 2) }
            rt = t
        }
        let resultType = rt
        let constPath = site.constants[0].flatMap { parseJSONPath(kqlString($0)) }
        return BoundFunction(name: "extract_json", resultType: resultType, kernel: .row { args in
            guard let steps = constPath ?? parseJSONPath(kqlString(args[0])),
                  case .dynamic(let doc) = parseJSONValue(args[1]), let v = applyJSONPath(steps, doc), v != .null else { return .empty(resultType) }
            if resultType == .dynamic { return .dynamic(v) }
            let text = kqlString(.dynamic(v))
            return resultType == .string ? .string(text) : convertExtracted(text, to: resultType)
        })
    })
