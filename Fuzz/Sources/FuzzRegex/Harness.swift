import FuzzDriver
import KQLRegex

/// The regex compiler and matchers. Input: pattern bytes, a 0 byte, then the subject
/// (without a 0 byte, the whole input is the pattern and also the subject). A pattern the
/// compiler rejects is a normal outcome.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let all = UnsafeBufferPointer(start: data, count: size)
    let split = all.firstIndex(of: 0)
    let patternBytes = UnsafeBufferPointer(rebasing: all[0..<(split ?? size)])
    let subject = split.map { UnsafeBufferPointer(rebasing: all[($0 + 1)...]) } ?? all
    guard patternBytes.count <= 4096 else { return 0 }
    let pattern = String(decoding: patternBytes, as: UTF8.self)
    guard let re = try? CompiledRegex(pattern) else { return 0 }
    let matched = re.matches(subject)
    let first = re.firstMatch(subject)
    precondition(matched == (first != nil), "matches() and firstMatch() disagree")
    if let first, let whole = first[0] {
        precondition(whole.lowerBound >= 0 && whole.upperBound <= subject.count, "match out of bounds")
    }
    _ = re.allMatches(subject)
    _ = re.replaceAll(subject, with: "<\\1\\0>")
    re.withMatcher { m in
        _ = m.matches(subject)
        if re.captureCount >= 1 { _ = m.firstMatch(group: 1, in: subject) }
    }
    return 0
}

@_cdecl("FuzzRegex_main")
public func FuzzRegexMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0!, $1) }
}
