/// A simple predicate a reader may test on raw input before building a row: `column op value`.
/// Readers may use it to skip rows early; the engine still applies the full filter, so a reader
/// that ignores a predicate stays correct. A reader must never drop a row for which the
/// predicate is true, and must treat null as failing every operator except `notEqual`.
public struct ScanPredicate: Hashable, Sendable, CustomStringConvertible {
    public enum Op: String, Hashable, Sendable { case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=" }
    public var column: String
    public var op: Op
    /// A string (case-sensitive comparison of the decoded field), an int/long, or a datetime.
    public var value: Value

    public init(column: String, op: Op, value: Value) { self.column = column; self.op = op; self.value = value }
    public var description: String { "\(column) \(op.rawValue) \(value)" }
}
