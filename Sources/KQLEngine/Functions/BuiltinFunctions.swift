/// The functions the binder handles itself (Binder+Builtins.swift, Binder+Percentiles.swift, Binder+PackAll.swift), for
/// `quarry functions`: they are not registry entries because they read tables or the input's
/// schema, or expand into several aggregates.
enum BuiltinFunctions {
    static let listing: [FunctionInfo] = [
        FunctionInfo(name: "column_ifexists", kind: "scalar", signatures: ["column_ifexists(columnName: string, defaultValue: scalar) -> the column's or the default's type"],
                     summary: "The input column of that (constant) name when it exists, else the default expression (alias columnifexists)."),
        FunctionInfo(name: "bag_pack_columns", kind: "scalar", signatures: ["bag_pack_columns(column, ...) -> dynamic"],
                     summary: "A property bag of the listed input columns, keyed by their names."),
        FunctionInfo(name: "column_names_of", kind: "scalar", signatures: ["column_names_of(table) -> dynamic"],
                     summary: "The column names of a tabular expression (table, tabular let or function call)."),
        FunctionInfo(name: "estimate_data_size", kind: "scalar", signatures: ["estimate_data_size(column, ... | *) -> long"],
                     summary: "Estimated bytes of the referenced columns' values (long 8, string its length, ...; see Binder+SchemaFunctions.swift)."),
        FunctionInfo(name: "percentiles", kind: "aggregate", signatures: ["percentiles(expr, percentile, ...) -> one column per percentile"],
                     summary: "One nearest-rank percentile() column per percentile, named percentile_<expr>_<p>."),
        FunctionInfo(name: "percentilesw", kind: "aggregate", signatures: ["percentilesw(expr, weight, percentile, ...) -> one column per percentile"],
                     summary: "One weighted nearest-rank percentilew() column per percentile, named percentile_<expr>_<p>."),
        FunctionInfo(name: "pack_all", kind: "scalar", signatures: ["pack_all([ignore_null_empty: bool]) -> dynamic"],
                     summary: "A property bag of the operator's input columns (null and empty values left out with true)."),
        FunctionInfo(name: "ingestion_time", kind: "scalar", signatures: ["ingestion_time() -> datetime"],
                     summary: "The rows' $IngestionTime, IngestionTime, _TimeReceived or _TimeReceivedBySvc column; else null (one warning)."),
        FunctionInfo(name: "table", kind: "tabular", signatures: ["table(name: string [, scope: string])"],
                     summary: "The bound table (or tabular let) of that name; the scope changes nothing here."),
        FunctionInfo(name: "_GetWatchlist", kind: "tabular", signatures: ["_GetWatchlist(alias: string)"],
                     summary: "A Sentinel watchlist from --watchlist NAME[:KEY]=PATH or --watchlist-dir: _DTItemId, LastUpdatedTimeUTC, SearchKey, then its columns."),
        FunctionInfo(name: "AssignedIPAddresses", kind: "tabular", signatures: ["AssignedIPAddresses(device: string [, asOf: datetime])"],
                     summary: "A device's IP addresses in its adapters' latest DeviceNetworkInfo reports (at or before asOf)."),
        FunctionInfo(name: "FileProfile", kind: "invoke", signatures: ["invoke FileProfile([idColumn [, records: 1-1000]])"],
                     summary: "File profile columns from a bound FileProfile table, looked up by SHA1 (default) or SHA256; else null (one warning)."),
        FunctionInfo(name: "DeviceFromIP", kind: "invoke", signatures: ["invoke DeviceFromIP([asOf: datetime])"],
                     summary: "The devices whose latest DeviceNetworkInfo reports (at or before asOf) hold each row's IP."),
        FunctionInfo(name: "SeenBy", kind: "invoke", signatures: ["invoke SeenBy()"],
                     summary: "Adds DeviceId (the discovering device): null, as no exported table records it (one warning)."),
    ]
}
