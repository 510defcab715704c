import KQLColumns

// punycode_from_string, punycode_to_string, punycode_domain_to_string, punycode_domain_from_string
// (their docs pages): RFC 3492 Punycode. Failure gives "" (the docs' "empty result").

private let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128
private let maxCodePoint = 0x10FFFF
/// Punycode is quadratic by design (meant for domain labels of up to 63 characters); longer input than
/// this many code points (or, to encode, more than 50,000,000 steps: length × distinct non-ASCII code
/// points) is a failure (""), so that a hostile value cannot stall a query.
let punycodeMaxLength = 65_536

private func adapt(_ delta: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
    var d = firstTime ? delta / damp : delta / 2
    d += d / numPoints
    var k = 0
    while d > ((base - tMin) * tMax) / 2 { d /= base - tMin; k += base }
    return k + (base - tMin + 1) * d / (d + skew)
}

private func threshold(_ k: Int, _ bias: Int) -> Int { k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias) }

private func digitChar(_ d: Int) -> Character { Character(Unicode.Scalar(UInt8(d < 26 ? 97 + d : 22 + d))) }

private func digitValue(_ c: Unicode.Scalar) -> Int? {
    switch c.value {
    case 48...57: return Int(c.value) - 22
    case 65...90: return Int(c.value) - 65
    case 97...122: return Int(c.value) - 97
    default: return nil
    }
}

/// RFC 3492 encoding: the basic (ASCII) code points as they are, then '-' (when there are any) and the
/// encoded insertions. Nil on arithmetic overflow (a string far too long).
func punycodeEncode(_ s: String) -> String? {
    let input = s.unicodeScalars.map { Int($0.value) }
    guard input.count <= punycodeMaxLength else { return nil }
    var pending = Set(input.filter { $0 >= initialN }).sorted()[...]
    // One pass over the input per distinct non-ASCII code point: bound the work as well.
    guard pending.count * input.count <= 50_000_000 else { return nil }
    var out = String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.isASCII }))
    let b = out.unicodeScalars.count
    var h = b
    if b > 0 { out.append("-") }
    var n = initialN, delta = 0, bias = initialBias
    while h < input.count {
        while let f = pending.first, f < n { pending = pending.dropFirst() }
        guard let m = pending.first else { return nil }
        let (step, o1) = (m - n).multipliedReportingOverflow(by: h + 1)
        guard !o1, delta <= Int.max - step else { return nil }
        delta += step
        n = m
        for c in input {
            if c < n { guard delta < Int.max else { return nil }; delta += 1 }
            if c == n {
                var q = delta
                var k = base
                while true {
                    let t = threshold(k, bias)
                    if q < t { break }
                    out.append(digitChar(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                out.append(digitChar(q))
                bias = adapt(delta, h + 1, h == b)
                delta = 0
                h += 1
            }
        }
        delta += 1
        n += 1
    }
    return out
}

/// RFC 3492 decoding (digits case-insensitive); nil for malformed input.
func punycodeDecode(_ s: String) -> String? {
    let input = Array(s.unicodeScalars)
    guard input.count <= punycodeMaxLength, input.allSatisfy(\.isASCII) else { return nil }
    var output: [Unicode.Scalar] = []
    var pos = 0
    if let d = input.lastIndex(of: "-") {
        output = Array(input[..<d])
        pos = d + 1
    }
    var n = initialN, i = 0, bias = initialBias
    let limit = maxCodePoint * 64   // far above any valid value; keeps the arithmetic from overflowing
    while pos < input.count {
        let oldI = i
        var w = 1
        var k = base
        while true {
            guard pos < input.count, let digit = digitValue(input[pos]) else { return nil }
            pos += 1
            guard digit <= (limit - i) / w else { return nil }
            i += digit * w
            let t = threshold(k, bias)
            if digit < t { break }
            guard w <= limit / (base - t) else { return nil }
            w *= base - t
            k += base
        }
        bias = adapt(i - oldI, output.count + 1, oldI == 0)
        n += i / (output.count + 1)
        i %= output.count + 1
        guard n <= maxCodePoint, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
        output.insert(scalar, at: i)
        i += 1
    }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: output)
    return String(view)
}

/// Label separators of a domain name (IDNA): '.', '。', '．', '｡'.
private func domainLabels(_ s: String) -> [String] {
    s.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "\u{3002}" || $0 == "\u{FF0E}" || $0 == "\u{FF61}" }.map(String.init)
}

private func stringFunction(_ name: String, summary: String, _ f: @escaping (String) -> String?) -> ScalarFunction {
    rowFunction(name, fn([p("value", .type(.string))], .fixed(.string)), summary: summary, kernel: { args in
        .string(f(kqlString(args[0])) ?? "")
    })
}

let punycodeFromStringFunction = stringFunction("punycode_from_string", summary: "A string encoded as Punycode (RFC 3492); empty on failure.", punycodeEncode)
let punycodeToStringFunction = stringFunction("punycode_to_string", summary: "A Punycode (RFC 3492) string decoded; empty on failure.", punycodeDecode)

/// Each label with a non-ASCII character becomes "xn--" + its Punycode; labels are joined with '.'.
let punycodeDomainToStringFunction = stringFunction(
    "punycode_domain_to_string", summary: "A domain name with each non-ASCII label encoded as xn--Punycode; empty on failure.") { s in
        var labels: [String] = []
        for l in domainLabels(s) {
            if l.unicodeScalars.allSatisfy(\.isASCII) { labels.append(l); continue }
            guard let e = punycodeEncode(l) else { return nil }
            labels.append("xn--" + e)
        }
        return labels.joined(separator: ".")
    }

/// Each label starting with "xn--" (any case) is decoded from Punycode.
let punycodeDomainFromStringFunction = stringFunction(
    "punycode_domain_from_string", summary: "A domain name with each xn-- label decoded from Punycode; empty on failure.") { s in
        var labels: [String] = []
        for l in domainLabels(s) {
            guard l.lowercased().hasPrefix("xn--") else { labels.append(l); continue }
            guard let d = punycodeDecode(String(l.dropFirst(4))) else { return nil }
            labels.append(d)
        }
        return labels.joined(separator: ".")
    }
