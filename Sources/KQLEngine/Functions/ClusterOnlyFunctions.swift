/// Kusto functions with no local meaning: they name a cluster's other databases and stores, read
/// its ingestion bookkeeping, or work only inside graph-match. A call gets an error that says why
/// (KQU003, under the name) instead of "unknown function". They are not listed by `quarry
/// functions`: none of them works here. hash_combine and hash_many are here too, with their reason.
/// (current_database and current_principal* do have a local meaning: Scalar/Session/SessionFunctions.swift.)
enum ClusterOnlyFunctions {
    private static let cluster = "is not available outside a Kusto cluster"

    static let reasons: [String: String] = [
        "cluster": "\(cluster): it names another cluster; Quarry's tables are the files bound to the run",
        "database": "\(cluster): it names another database; Quarry's tables are the files bound to the run",
        "entity_group": "\(cluster): it groups a cluster's databases",
        "external_table": "\(cluster): external tables are defined in a database (use externaldata with the URL instead)",
        "materialized_view": "\(cluster): materialized views are kept by a database",
        "stored_query_result": "\(cluster): stored query results are kept by a database",
        "cursor_after": "\(cluster): database cursors follow ingestion into a cluster's tables",
        "cursor_before_or_at": "\(cluster): database cursors follow ingestion into a cluster's tables",
        "cursor_current": "\(cluster): database cursors follow ingestion into a cluster's tables",
        "extent_id": "\(cluster): extents are the storage shards of a cluster's tables",
        "extent_tags": "\(cluster): extents are the storage shards of a cluster's tables",
        "row_id": "\(cluster): it identifies a row in a cluster's storage",
        "current_cluster_endpoint": "\(cluster): there is no cluster endpoint locally",
        "node_degree_in": graph, "node_degree_out": graph, "node_id": graph, "labels": graph,
        "inner_nodes": graph, "map": graph, "all": graph,
        // Not cluster-only, but not given either: a hash that differs from Kusto's would silently
        // break joins and comparisons with hashes computed there.
        "hash_combine": hashCombine, "hash_many": hashCombine,
    ]

    private static let hashCombine = "is not supported: Kusto does not document how it combines hashes, and its documented value matches no known combination of xxhash64 values"

    private static let graph = "works only inside graph-match, which Quarry does not support"

    /// "cluster() is not available outside a Kusto cluster: …", or nil for any other name.
    static func message(_ name: String) -> String? { reasons[name].map { "\(name)() \($0)" } }
}
