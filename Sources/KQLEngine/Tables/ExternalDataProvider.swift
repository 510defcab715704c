import KQLColumns

/// What one `externaldata` asks of its host, as data: the storage URLs in order, the declared
/// columns and how to read the content.
public struct ExternalDataRequest: Sendable, Hashable {
    public var urls: [String]
    /// The declared columns: the result has exactly these, in this order, with these types.
    public var schema: Schema
    /// `with (format=…)`; nil = from each URL's extension (`ExternalDataFormat.detect(fromURL:)`).
    public var format: ExternalDataFormat?
    /// `with (ignoreFirstRecord=true)`: the first record of every URL's content is dropped.
    public var ignoreFirstRecord: Bool
    /// `with (zipPattern="*.csv")`: in a ZIP archive, read only the files whose path matches
    /// this glob (nil = every file of an archive).
    public var zipPattern: String?
    /// `with (ingestionMapping='[…]')` (json and multijson only): per declared column, the
    /// JSONPath its value comes from, parsed and checked at bind time. A provider must apply it
    /// (QuarryIO's loader takes it as `ingestionMapping:`); nil = properties by column name.
    public var ingestionMapping: ExternalDataMapping?
    public init(urls: [String], schema: Schema, format: ExternalDataFormat?, ignoreFirstRecord: Bool, zipPattern: String? = nil,
                ingestionMapping: ExternalDataMapping? = nil) {
        self.urls = urls; self.schema = schema; self.format = format; self.ignoreFirstRecord = ignoreFirstRecord
        self.zipPattern = zipPattern; self.ingestionMapping = ingestionMapping
    }
}

/// The host's side of `externaldata`: turns a request into rows of its schema. The engine never
/// fetches anything itself; the plan holds the request as data and execution hands it here, so a
/// host decides about the network, caches and local copies (`QueryOptions.externalData`).
/// Errors should name the URL; the engine reports them at the operator (KQR014).
public protocol ExternalDataProvider: Sendable {
    func load(_ request: ExternalDataRequest) throws -> Table
}
