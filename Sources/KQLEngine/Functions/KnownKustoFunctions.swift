/// Names of Kusto functions Quarry does not implement yet, so that a query using one gets
/// "not supported yet" rather than "unknown function".
enum KnownKustoFunctions {
    static let names: Set<String> = [
        "weekofyear", "parse_user_agent",
        "parse_version",
        "todecimal",
        "geo_info_from_ip_address", "isutf8",
        "series_stats", "series_decompose_anomalies",
        "series_fill_linear", "treepath", "materialize", "table", "current_cluster_endpoint", "current_database",
        "cursor_after", "ingestion_time", "estimate_data_size", "bin_auto", "percentiles",
        "arg_max_if", "hll", "hll_merge", "dcount_hll", "tdigest",
        "toarray",
        "series_outliers", "welch_test",
        "split_by", "extract_log", "gzip_compress_to_base64_string", "gzip_decompress_from_base64_string",
        "zlib_compress_to_base64_string", "zlib_decompress_from_base64_string", "toscalar",
    ]
}
