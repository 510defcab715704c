import KQLColumns
import KQLSyntax

/// The request properties a query sets with `set NAME [= VALUE];` that Quarry honours; others
/// are accepted with a warning (they tune a cluster, not the result).
struct RequestProperties {
    var noTruncation = false
    var truncationMaxRecords: Int?
    var truncationMaxSize: Int?
    /// `set query_bin_auto_size` / `query_bin_auto_at`: bin_auto()'s bin size and fixed point
    /// (bin-auto-function.md).
    var binAutoSize: Value?
    var binAutoAt: Value?

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
        case "query_bin_auto_size", "query_bin_auto_at":
            guard let v = value, v.type.isNumeric || v.type == .timespan || v.type == .datetime else {
                throw Diagnostic(code: .invalidRequestProperty, "set \(name) needs a number, timespan or datetime value", span: span)
            }
            if name.lowercased() == "query_bin_auto_size" { binAutoSize = v } else { binAutoAt = v }
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
