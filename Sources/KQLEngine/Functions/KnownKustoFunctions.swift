/// Names of Kusto functions Quarry does not implement yet, so that a query using one gets
/// "not supported yet" rather than "unknown function".
enum KnownKustoFunctions {
    static let names: Set<String> = Set<String>([
        "weekofyear", "materialize", "bin_auto",
        "extract_log", "toscalar",
    ]).union(aggregates).union(geoFunctionsNotYetImplemented)

    /// Kusto's evaluate plugins (the "Plugins" section of the KQL reference), so that a misspelt
    /// plugin is "unknown" and a real one "not supported yet".
    static let plugins: Set<String> = [
        "autocluster", "azure_digital_twins_query_request", "bag_unpack", "basket", "cosmosdb_sql_request",
        "dcount_intersect", "diffpatterns", "diffpatterns_text", "http_request", "http_request_post",
        "infer_storage_schema", "infer_storage_schema_with_suggestions", "ipv4_lookup", "ipv6_lookup", "mysql_request",
        "narrow", "pivot", "postgresql_request", "preview", "python", "r", "rolling_percentile", "rows_near",
        "schema_merge", "sequence_detect", "sliding_window_counts", "sql_request", "active_users_count",
        "activity_counts_metrics", "activity_engagement", "activity_metrics", "funnel_sequence",
        "funnel_sequence_completion", "new_activity_metrics", "session_count", "ai_embed_text", "ai_chat_completion",
        "ai_chat_completion_prompt", "geo_line_lookup", "geo_polygon_lookup", "identity", "hll_merge_estimate",
    ]

    /// Kusto's aggregate functions Quarry does not implement yet (aggregation-functions.md, the
    /// "Aggregation functions" list), so that `summarize hll(x)` says so by name rather than
    /// reading as a typo. Aliases of registered aggregates (any, makelist, ...) are registered
    /// there, not listed here.
    static let aggregates: Set<String> = [
        "make_set_with_nulls",
    ]
}
