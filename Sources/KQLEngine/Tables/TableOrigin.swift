/// What a table provider can say about where its rows come from, for error messages. A provider
/// bound to files adopts it (the CLI's `FileTable`): the engine knows no catalog and no files.
public protocol TableOrigin {
    /// Why `column`, which the table's data lacks, was still a reasonable name to use: e.g.
    /// "column 'UserType' is in the DeviceEvents schema but not in export.csv". Nil when the
    /// table's documented schema does not list it either.
    func missingColumnMessage(_ column: String) -> String?
}
