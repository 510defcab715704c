/// One scalar KQL value: a constant, a cell read out of a column, or a function result.
/// Strings are never null in KQL; every other type has a typed null.
public enum Value: Hashable, Sendable {
    case null(KQLType)
    case bool(Bool)
    case int(Int32)
    case long(Int64)
    case real(Double)
    /// KQL's decimal (KQLDecimal.swift).
    case decimal(KQLDecimal)
    case string(String)
    case datetime(Int64)   // 100-ns ticks since 0001-01-01T00:00:00Z
    case timespan(Int64)   // 100-ns ticks
    case guid(GUID)
    case dynamic(DynamicValue)

    public var type: KQLType {
        switch self {
        case .null(let t): return t
        case .bool: return .bool
        case .int: return .int
        case .long: return .long
        case .real: return .real
        case .decimal: return .decimal
        case .string: return .string
        case .datetime: return .datetime
        case .timespan: return .timespan
        case .guid: return .guid
        case .dynamic: return .dynamic
        }
    }

    public var isNull: Bool {
        switch self {
        case .null: return true
        case .dynamic(.null): return true
        default: return false
        }
    }

    /// The null (or, for strings, the empty value) of a type.
    public static func empty(_ type: KQLType) -> Value {
        switch type {
        case .string: return .string("")
        case .dynamic: return .dynamic(.null)
        default: return .null(type)
        }
    }
}
