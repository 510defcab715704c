/// The scalar types of KQL, named as Kusto prints them.
public enum KQLType: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case bool, int, long, real, decimal, string, datetime, timespan, dynamic, guid

    public var description: String { rawValue }

    /// Parses a type name as a query or a schema writes it, including Kusto's aliases
    /// (`boolean`, `int32`, `int64`, `double`, `date`, `time`, `uniqueid`, .NET names).
    public init?(name: String) {
        switch name.lowercased() {
        case "bool", "boolean", "system.boolean": self = .bool
        case "int", "int32", "system.int32", "sbyte", "byte", "int16", "uint16": self = .int
        case "long", "int64", "system.int64", "uint32", "uint64": self = .long
        case "real", "double", "float", "system.double", "single", "system.single": self = .real
        case "decimal", "system.decimal", "system.data.sqltypes.sqldecimal": self = .decimal
        case "string", "system.string": self = .string
        case "datetime", "date", "system.datetime", "system.datetimeoffset", "datetimeoffset": self = .datetime
        case "timespan", "time", "system.timespan": self = .timespan
        case "dynamic", "object", "system.object", "sbyte[]", "array", "dictionary": self = .dynamic
        case "guid", "uniqueid", "system.guid": self = .guid
        default: return nil
        }
    }

    /// Whether the type is int, long or real (Kusto's `Number` family for function parameters); decimal is
    /// handled on its own where it applies (arithmetic, comparisons: KQLDecimal.swift).
    public var isNumeric: Bool { self == .int || self == .long || self == .real }
}
