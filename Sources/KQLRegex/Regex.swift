// Temporary stand-in with the agreed API, until the RE2 engine lands. Not RE2.
import Foundation

public struct RegexSyntaxError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { message }
}

public final class CompiledRegex: @unchecked Sendable {
    let re: NSRegularExpression
    public init(_ pattern: String) throws {
        do { re = try NSRegularExpression(pattern: pattern) } catch { throw RegexSyntaxError(message: "invalid regex", offset: 0) }
    }
    public var captureCount: Int { re.numberOfCaptureGroups }
    public var groupNames: [String?] { [String?](repeating: nil, count: captureCount + 1) }
    public func matches(_ input: UnsafeBufferPointer<UInt8>) -> Bool { firstMatch(input) != nil }
    public func firstMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> [Range<Int>?]? {
        let s = String(decoding: input, as: UTF8.self)
        let ns = s as NSString
        guard let m = re.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0...captureCount).map { g in
            let r = m.range(at: g)
            if r.location == NSNotFound { return nil }
            let pre = ns.substring(to: r.location).utf8.count
            let len = ns.substring(with: r).utf8.count
            return pre..<(pre + len)
        }
    }
    public func allMatches(_ input: UnsafeBufferPointer<UInt8>) -> [[Range<Int>?]] { firstMatch(input).map { [$0] } ?? [] }
    public func replaceAll(_ input: UnsafeBufferPointer<UInt8>, with rewrite: String) -> [UInt8] { Array(input) }
}

public enum RegexCache {
    public static func compiled(_ pattern: String) throws -> CompiledRegex { try CompiledRegex(pattern) }
}
