import Foundation
import KQLEngine
import QuarryIO

/// What a file-bound table says about a column its files lack (`TableOrigin`): when the schema
/// catalog documents that column for the table, "no such column" is not the whole story.
extension FileTable: TableOrigin {
    public func missingColumnMessage(_ column: String) -> String? {
        let forms = SchemaCatalog.lookup(table: name)
        guard !forms.isEmpty, let form = SchemaCatalog.form(table: name, columns: schema.names) else { return nil }
        let table = SchemaCatalog.canonicalName(name) ?? name
        let files = paths.count == 1 ? paths[0] : "the \(paths.count) files bound to \(name)"
        if form.type(of: column) != nil {
            return "column '\(column)' is in the \(table) schema but not in \(files)"
        }
        // Another form documents it: e.g. Timestamp (Advanced Hunting) asked of a Sentinel export.
        if let other = forms.first(where: { $0.kind != form.kind && $0.type(of: column) != nil }) {
            return "column '\(column)' is in the \(Self.formName(other.kind)) form of the \(table) schema, but \(files) is in the \(Self.formName(form.kind)) form (its time column is \(form.timeColumn))"
        }
        return nil
    }

    static func formName(_ kind: CatalogFormKind) -> String {
        switch kind {
        case .advancedHunting: "Advanced Hunting"
        case .sentinel: "Sentinel"
        }
    }
}
