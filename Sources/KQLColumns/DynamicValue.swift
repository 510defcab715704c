/// A value of KQL's `dynamic` type: JSON-like, with KQL scalar leaves.
public indirect enum DynamicValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case long(Int64)
    case real(Double)
    case string(String)
    case datetime(Int64)   // ticks, as in `Value.datetime`
    case timespan(Int64)   // ticks
    case guid(GUID)
    case array([DynamicValue])
    case object(PropertyBag)

    /// The name `gettype()` reports for this value.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .long: return "long"
        case .real: return "real"
        case .string: return "string"
        case .datetime: return "datetime"
        case .timespan: return "timespan"
        case .guid: return "guid"
        case .array: return "array"
        case .object: return "dictionary"
        }
    }
}

/// A property bag: keys in insertion order, unique.
public struct PropertyBag: Hashable, Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [DynamicValue] = []

    public init() {}
    public init(_ pairs: [(String, DynamicValue)]) { for (k, v) in pairs { self[k] = v } }
    /// Builds a bag from keys known to be unique (no lookups: O(n)).
    public init(uniqueKeys: [String], values: [DynamicValue]) {
        precondition(uniqueKeys.count == values.count)
        keys = uniqueKeys; self.values = values
    }

    public var count: Int { keys.count }

    public subscript(key: String) -> DynamicValue? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
            } else if let newValue { keys.append(key); values.append(newValue) }
        }
    }
}
