import KQLColumns
import KQLRegex

extension CallSite {
    /// Compiles a constant regex argument once at bind time; invalid patterns are positioned errors.
    /// Returns nil when the pattern is not a constant (it is then compiled, cached, per distinct value).
    func constantRegex(_ i: Int, _ fn: String) throws -> CompiledRegex? {
        try require(i, [.string], fn)
        guard let c = constants[i] else { return nil }
        do { return try RegexCache.compiled(kqlString(c)) } catch let e as RegexSyntaxError {
            throw error("\(fn)(): invalid regular expression: \(e.message) (at offset \(e.offset) of the pattern)", arg: i)
        }
    }
}

func regexFor(_ constant: CompiledRegex?, _ pattern: Value) -> CompiledRegex? {
    constant ?? (try? RegexCache.compiled(kqlString(pattern)))
}
