import KQLColumns

/// Parses dotted-quad IPv4 text with an optional `/prefix` (0–32) into (address, prefix).
/// Anything else (IPv6, `::ffff:` forms, host names, empty) is nil.
func parseIPv4(_ bytes: UnsafeBufferPointer<UInt8>) -> (address: UInt32, prefix: Int)? {
    var i = 0
    let n = bytes.count
    while i < n, bytes[i] == 32 { i += 1 }
    var end = n
    while end > i, bytes[end - 1] == 32 { end -= 1 }
    var addr: UInt32 = 0
    for part in 0..<4 {
        var v = 0, digits = 0
        while i < end, bytes[i] >= 48, bytes[i] <= 57 {
            v = v * 10 + Int(bytes[i] - 48); digits += 1; i += 1
            if digits > 3 { return nil }
        }
        guard digits > 0, v <= 255 else { return nil }
        addr = addr << 8 | UInt32(v)
        if part < 3 {
            guard i < end, bytes[i] == UInt8(ascii: ".") else { return nil }
            i += 1
        }
    }
    var prefix = 32
    if i < end, bytes[i] == UInt8(ascii: "/") {
        i += 1
        var v = 0, digits = 0
        while i < end, bytes[i] >= 48, bytes[i] <= 57 { v = v * 10 + Int(bytes[i] - 48); digits += 1; i += 1; if digits > 2 { return nil } }
        guard digits > 0, v <= 32 else { return nil }
        prefix = v
    }
    guard i == end else { return nil }
    return (addr, prefix)
}

/// RFC 1918 only: 10/8, 172.16/12, 192.168/16. With a prefix, the whole network
/// (`address/prefix`) must lie inside one private block.
@inline(__always) func isRFC1918(_ a: UInt32, prefix: Int = 32) -> Bool {
    let inBlock = (a >> 24) == 10 && prefix >= 8 || (a >> 20) == (172 << 4 | 1) && prefix >= 12 || (a >> 16) == (192 << 8 | 168) && prefix >= 16
    return inBlock
}

let ipv4IsPrivateFunction = ScalarFunction(
    name: "ipv4_is_private", overloads: fn([p("ip", .stringOrDynamic)], .fixed(.bool)),
    summary: "Whether an IPv4 address (CIDR suffix allowed) is in an RFC 1918 private range; null if the text is not IPv4.",
    bind: { _ in
        return BoundFunction(name: "ipv4_is_private", resultType: .bool, kernel: .column { args, count in
            func one(_ s: String) -> Value {
                var s = s
                return s.withUTF8 { b in parseIPv4(b).map { Value.bool(isRFC1918($0.address, prefix: $0.prefix)) } ?? .null(.bool) }
            }
            switch args[0] {
            case .scalar(let v): return .scalar(one(kqlString(v)))
            case .column(let c):
                guard case .string(let arr) = c.storage else {
                    return liftRow({ one(kqlString($0[0])) }, args, count: count, type: .bool)
                }
                var out = [Bool](repeating: false, count: count)
                var validity = Validity(count: count, allValid: true)
                var anyNull = false
                for i in 0..<count {
                    if let ip = arr.withBytes(i, parseIPv4) { out[i] = isRFC1918(ip.address, prefix: ip.prefix) } else { validity.set(i, false); anyNull = true }
                }
                return .column(Column(.bool(out), validity: anyNull ? validity : nil))
            }
        })
    })
