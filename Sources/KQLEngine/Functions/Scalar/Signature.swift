import KQLColumns

extension CallSite {
    /// Checks that argument `i` has one of `types`, or throws a diagnostic under it.
    func require(_ i: Int, _ types: Set<KQLType>, _ fn: String) throws {
        guard i < self.types.count else { return }
        guard types.contains(self.types[i]) else {
            let list = types.map(\.rawValue).sorted().joined(separator: " or ")
            throw error("\(fn)(): argument \(i + 1) must be \(list), not \(self.types[i])", arg: i)
        }
    }
}

let numericTypes: Set<KQLType> = [.int, .long, .real]
let anyScalarTypes: Set<KQLType> = Set(KQLType.allCases)

/// A function whose arguments are checked by `check` and whose per-row kernel is `kernel`.
func rowFunction(_ name: String, aliases: [String] = [], signatures: [String], summary: String, arity: ClosedRange<Int>,
                 result: @escaping (CallSite) throws -> KQLType, kernel: @escaping ([Value]) -> Value) -> ScalarFunction {
    ScalarFunction(name: name, aliases: aliases, signatures: signatures, summary: summary, arity: arity, bind: { site in
        BoundFunction(name: name, resultType: try result(site), kernel: .row(kernel))
    })
}
