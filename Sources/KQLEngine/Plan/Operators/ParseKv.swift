import KQLColumns
import KQLRegex

extension LogicalPlan {
    /// `parse-kv`: extracts the listed keys' values from a string into typed columns
    /// (parse-kv-operator.md). The extraction itself is `KeyValueExtractor` (Executor+ParseKv.swift).
    struct ParseKv: UnaryPlanNode {
        var input: LogicalPlan
        var source: BoundExpr
        var extractor: KeyValueExtractor
        /// Output column index and type of each listed key, in the order of `extractor.keys`.
        var columns: [(output: Int, type: KQLType)]
        var schema: Schema

        var asPlan: LogicalPlan { .parseKv(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> ParseKv {
            var n = self
            n.source = try f(source)
            return n
        }
        var explainName: String { "ParseKv" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("source", source.explainText(input)), ("mode", extractor.mode.explainText),
             ("columns", explainList(columns.map { schema.fields[$0.output].name }))]
        }
    }
}

/// How parse-kv finds the pairs: the page's three extraction modes.
enum KeyValueMode {
    /// "Specified delimiter": pairs separated by `pair`, key from value by `kv`; `greedy` lets an
    /// unquoted value run on to the next key (or the end) instead of the next pair delimiter.
    case delimited(pair: [UInt8], kv: [UInt8], greedy: Bool)
    /// "Nonspecified delimiter": any character that is not a letter or digit separates; a listed
    /// key's value is the word (or quoted text) after it.
    case words
    /// "Regex": every match of a two-group regex is a pair (group 1 the key, group 2 the value).
    case regex(CompiledRegex)

    var explainText: String {
        switch self {
        case .delimited(_, _, let greedy): return greedy ? "delimited, greedy" : "delimited"
        case .words: return "words"
        case .regex(let r): return "regex \(r.pattern)"
        }
    }
}
