/// Names of Kusto functions Quarry does not implement yet, so that a query using one gets
/// "not supported yet" rather than "unknown function".
enum KnownKustoFunctions {
    static let names: Set<String> = [
        "parse_json", "extractall", "makeset", "makelist", "todynamic", "todynamic", "parse_xml", "parse_url", "parse_urlquery", "parse_path", "parse_csv", "parse_user_agent",
        "parse_command_line", "parse_ipv4", "parse_ipv6", "parse_ipv4_mask", "parse_version", "extract_all", "extractjson",
        "extract_json", "split", "strcat_array", "strcat_delim", "pack", "pack_array", "pack_all", "bag_pack", "bag_keys",
        "bag_merge", "bag_remove_keys", "bag_has_key", "array_length", "array_concat", "array_slice", "array_index_of",
        "array_sort_asc", "array_sort_desc", "array_reverse", "array_sum", "set_has_element", "set_union", "set_intersect",
        "set_difference", "make_datetime", "make_timespan", "datetime_add", "datetime_diff", "datetime_part", "dayofweek",
        "dayofmonth", "dayofyear", "hourofday", "getmonth", "getyear", "monthofyear", "weekofyear", "startofday", "startofweek",
        "startofmonth", "startofyear", "endofday", "endofweek", "endofmonth", "endofyear", "format_datetime", "format_timespan",
        "unixtime_seconds_todatetime", "unixtime_milliseconds_todatetime", "unixtime_microseconds_todatetime",
        "unixtime_nanoseconds_todatetime", "todecimal", "toguid", "new_guid", "hash", "hash_sha256", "hash_md5", "hash_sha1",
        "base64_encode_tostring", "base64_decode_tostring", "base64_encodestring", "base64_decodestring", "base64_decode_toarray",
        "url_encode", "url_decode", "url_encode_component", "trim", "trim_start", "trim_end", "reverse", "countof", "strrep",
        "translate", "has_any_index", "has_ipv4", "has_ipv4_prefix", "has_any_ipv4", "has_any_ipv4_prefix", "ipv4_compare",
        "ipv4_is_match", "ipv4_is_in_range", "ipv4_is_in_any_range", "ipv4_netmask_suffix", "ipv6_compare", "ipv6_is_match",
        "format_ipv4", "format_ipv4_mask", "geo_info_from_ip_address", "isascii", "isutf8", "isfinite", "isinf", "isnan",
        "log", "log10", "log2", "exp", "exp2", "exp10", "pow", "sqrt", "ceiling", "sign", "max_of", "min_of", "rand", "pi",
        "row_number", "row_cumsum", "prev", "next", "series_stats", "series_decompose_anomalies", "series_fill_linear",
        "zip", "treepath", "materialize", "table", "column_ifexists", "current_cluster_endpoint", "current_database",
        "cursor_after", "ingestion_time", "estimate_data_size", "bin_at", "bin_auto", "range", "percentile", "percentiles",
        "stdev", "variance", "make_bag", "make_bag_if", "make_set_if", "make_list_if", "make_list_with_nulls", "dcountif",
        "sumif", "avgif", "maxif", "minif", "take_anyif", "arg_max_if", "hll", "hll_merge", "dcount_hll", "tdigest",
        "binary_and", "binary_or", "binary_xor", "binary_not", "binary_shift_left", "binary_shift_right", "bitset_count_ones",
        "to_utf8", "unicode_codepoints_from_string", "make_string", "toarray", "tohex", "ipv4_range_to_cidr_list",
        "datetime_utc_to_local", "datetime_local_to_utc", "totimespan", "series_outliers", "welch_test", "array_iff", "array_iif",
        "bag_zip", "isnotnull", "format_bytes", "strcmp", "replace", "split_by", "tostring", "extract_log", "gzip_compress_to_base64_string",
        "gzip_decompress_from_base64_string", "zlib_compress_to_base64_string", "zlib_decompress_from_base64_string", "indexof_regex",
        "columnifexists", "todatetime", "toscalar", "iif", "coalesce", "punycode_to_string", "string_size", "substring",
    ]
}
