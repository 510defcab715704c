/// Names of Kusto functions Quarry does not implement yet, so that a query using one gets
/// "not supported yet" rather than "unknown function".
enum KnownKustoFunctions {
    static let names: Set<String> = [
        "weekofyear", "parse_urlquery", "parse_csv", "parse_user_agent",
        "parse_ipv4_mask", "parse_version", "pack_all", "bag_has_key",
        "todecimal", "base64_decode_toarray",
        "url_encode_component", "has_any_index", "has_any_ipv4", "has_any_ipv4_prefix", "ipv4_is_in_any_range",
        "format_ipv4", "format_ipv4_mask", "geo_info_from_ip_address", "isutf8",
        "row_cumsum",
        "zip", "treepath", "materialize", "table", "current_cluster_endpoint", "current_database",
        "cursor_after", "ingestion_time", "estimate_data_size", "bin_at", "bin_auto", "percentiles", "make_bag_if",
        "arg_max_if", "hll", "hll_merge", "dcount_hll", "tdigest", "binary_and", "binary_or", "binary_xor", "binary_not",
        "binary_shift_left", "binary_shift_right", "bitset_count_ones", "to_utf8",
        "make_string", "toarray", "ipv4_range_to_cidr_list", "datetime_utc_to_local", "datetime_local_to_utc",
        "welch_test", "bag_zip", "format_bytes", "strcmp",
        "split_by", "extract_log", "gzip_compress_to_base64_string", "gzip_decompress_from_base64_string",
        "zlib_compress_to_base64_string", "zlib_decompress_from_base64_string", "indexof_regex", "toscalar",
        "punycode_to_string",
    ]
}
