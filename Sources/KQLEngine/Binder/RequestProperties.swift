import KQLColumns
import KQLSyntax

/// The request properties a query sets with `set NAME [= VALUE];` that Quarry honours; others
/// are accepted with a warning (they tune a cluster, not the result).
struct RequestProperties {
    var noTruncation = false
    var truncationMaxRecords: Int?
    var truncationMaxSize: Int?

    mutating func apply(name: String, value: Value?, span: Span, warnings: inout [String]) throws {
        func count() throws -> Int {
            guard let v = value, let n = integerValue(v), n >= 0 else {
                throw Diagnostic(code: .invalidRequestProperty, "set \(name) needs a non-negative integer value", span: span)
            }
            return Int(n)
        }
        switch name.lowercased() {
        case "notruncation":
            if let v = value, case .bool(let b) = v { noTruncation = b } else { noTruncation = true }
        case "truncationmaxrecords": truncationMaxRecords = try count()
        case "truncationmaxsize": truncationMaxSize = try count()
        default: warnings.append("set \(name): request property ignored (it does not change results here)")
        }
    }

    /// The truncation limits in force: the query's own settings over the caller's default.
    func truncation(default d: Truncation?) -> Truncation? {
        if noTruncation { return nil }
        guard truncationMaxRecords != nil || truncationMaxSize != nil else { return d }
        let base = d ?? .kustoDefault
        return Truncation(maxRecords: truncationMaxRecords ?? base.maxRecords, maxBytes: truncationMaxSize ?? base.maxBytes)
    }
}
