/// Whole-value parsing and skipping, iterative: nesting uses a heap stack, never the call stack,
/// so 100,000-deep input cannot overflow it; deeper than `maxDepth` throws a `tooDeep` error.
extension JSONScanner {
    /// One open container. Mutated in place at the top of the stack (`stack[last]`), so appending
    /// an element never copies the container (a copy per element made parsing quadratic).
    private struct Frame {
        var isObject: Bool
        var values: [DynamicValue] = []
        var keys: [String] = []
        /// Each key's index in `keys` (duplicate keys: the last value wins, at the first position).
        var index: [String: Int] = [:]
        var pendingKey = ""
    }

    /// Parses one value at `pos` (after optional whitespace) into a `DynamicValue`.
    /// Integers that fit in Int64 become `.long`, other numbers `.real`; strings stay strings.
    /// Duplicate keys: the last value wins, at the first key's position.
    public mutating func parseValue() throws -> DynamicValue {
        var stack: [Frame] = []
        while true {
            skipWhitespace()
            var value: DynamicValue
            switch peek {
            case UInt8(ascii: "{"):
                guard stack.count < maxDepth else { throw tooDeepError() }
                if try beginObject() {
                    let k = try readKey()
                    stack.append(Frame(isObject: true, pendingKey: string(k.range, escaped: k.escaped)))
                    continue
                }
                value = .object(PropertyBag())
            case UInt8(ascii: "["):
                guard stack.count < maxDepth else { throw tooDeepError() }
                if try beginArray() { stack.append(Frame(isObject: false)); continue }
                value = .array([])
            default:
                value = try parseScalar()
            }
            // Hand the finished value to its container; close every container that ends here.
            while true {
                let top = stack.count - 1
                guard top >= 0 else { return value }
                if stack[top].isObject {
                    let key = stack[top].pendingKey
                    if let i = stack[top].index[key] {
                        stack[top].values[i] = value
                    } else {
                        stack[top].index[key] = stack[top].keys.count
                        stack[top].keys.append(key)
                        stack[top].values.append(value)
                    }
                    if try nextMember() {
                        let k = try readKey()
                        stack[top].pendingKey = string(k.range, escaped: k.escaped)
                        break
                    }
                    let done = stack.removeLast()
                    value = .object(PropertyBag(uniqueKeys: done.keys, values: done.values))
                } else {
                    stack[top].values.append(value)
                    if try nextElement() { break }
                    value = .array(stack.removeLast().values)
                }
            }
        }
    }

    /// A string, number or literal at `pos`.
    private mutating func parseScalar() throws -> DynamicValue {
        switch peek {
        case UInt8(ascii: "\""):
            let s = try scanString()
            return .string(string(s.range, escaped: s.escaped))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let (r, isInt) = try scanNumber()
            let p = UnsafeBufferPointer(rebasing: bytes[r])
            if isInt, let v = NumberParsing.int64(p) { return .long(v) }
            return .real(NumberParsing.double(p) ?? .nan)
        default:
            switch try scanLiteral() {
            case UInt8(ascii: "t"): return .bool(true)
            case UInt8(ascii: "f"): return .bool(false)
            default: return .null
            }
        }
    }

    private func tooDeepError() -> JSONError {
        JSONError(offset: pos, message: "nesting deeper than \(maxDepth) levels", tooDeep: true)
    }

    /// Skips one value (validating its syntax) without building anything; returns its byte range.
    @discardableResult
    public mutating func skipValue() throws -> Range<Int> {
        skipWhitespace()
        let start = pos
        var closers: [Bool] = []   // true: inside an object
        while true {
            skipWhitespace()
            switch peek {
            case UInt8(ascii: "{"):
                guard closers.count < maxDepth else { throw tooDeepError() }
                if try beginObject() { _ = try readKey(); closers.append(true); continue }
            case UInt8(ascii: "["):
                guard closers.count < maxDepth else { throw tooDeepError() }
                if try beginArray() { closers.append(false); continue }
            case UInt8(ascii: "\""): _ = try scanString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
            default: _ = try scanLiteral()
            }
            while let inObject = closers.last {
                if inObject {
                    if try nextMember() { _ = try readKey(); break }
                } else if try nextElement() { break }
                closers.removeLast()
            }
            if closers.isEmpty { return start..<pos }
        }
    }
}
