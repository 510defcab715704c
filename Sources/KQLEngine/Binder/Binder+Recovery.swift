import KQLColumns
import KQLSyntax

/// Error recovery for `quarry check`, which reports every error it can find in one run.
///
/// While `recovering`, an operator that fails is recorded and binding goes on with the next
/// operator over the failed one's input (the best guess at its columns); a statement that fails
/// is recorded and binding goes on with the next statement. To keep one mistake from being
/// reported again and again, the names the failed piece would have defined are "poisoned" (a
/// failed `let`, the columns a failed `extend`/`project` names): a later "unknown name" about
/// one of them is a cascade, not recorded. After an operator whose output columns cannot be
/// guessed (a failed `summarize`, `join`, …), errors that depend on the columns are not
/// recorded until the statement ends; errors that do not (an unknown function, table or type,
/// an unsupported form) still are. `run` does not recover: it stops at the first error.
extension Binder {
    /// Errors that leave the binder unable to go on sensibly: limits.
    static func isRecoverable(_ d: Diagnostic) -> Bool {
        ![.queryTooDeep, .tooManyExpansions, .internalError].contains(d.code)
    }

    /// Records `d` unless it is a cascade of an earlier error (or the same error again); an
    /// unknown column of the current operator's input gets `explainMissingColumn`'s message.
    func record(_ d: Diagnostic) {
        let d = currentInput.map { explainMissingColumn(d, input: $0) } ?? d
        if isCascade(d) || recovered.contains(where: { $0.span == d.span && $0.code == d.code }) { return }
        recovered.append(d)
    }

    /// Whether `d` follows from an error already recorded.
    func isCascade(_ d: Diagnostic) -> Bool {
        if [.unknownName, .unknownTable, .tabularScalarMismatch, .unknownFunction].contains(d.code),
           let name = session.source?.slice(d.span), poisonedNames.contains(name) { return true }
        if poisonedSchema && !Self.columnIndependent(d.code) { return true }
        if let u = unreliableFrom, d.span.start >= u, !Self.columnIndependent(d.code) { return true }
        return false
    }

    /// Codes whose errors never depend on the columns an operator receives.
    static func columnIndependent(_ code: DiagnosticCode) -> Bool {
        if code.rawValue.hasPrefix("KQU") || code.rawValue.hasPrefix("KQS") { return true }
        return [.unknownTable, .unknownFunction, .unknownType, .invalidRegex, .invalidLiteral, .argumentCount,
                .invalidRequestProperty, .recursiveCall].contains(code)
    }

    /// The failed operator's replacement while recovering: its input, after recording `d` and
    /// poisoning what the operator would have defined. Rethrows `d` when not recovering.
    func recoverOperator(_ d: Diagnostic, op: QueryOperator, input: LogicalPlan) throws -> LogicalPlan {
        guard recovering, Self.isRecoverable(d) else { throw d }
        record(d)
        switch op.kind {
        case .where, .whereNamed, .take, .sort, .top, .render, .sample, .as, .projectAway, .projectKeep, .projectReorder:
            break   // the output columns are the input's (or a subset)
        case .serialize(let items), .extend(let items), .project(let items), .projectRename(let items):
            for item in items {
                if item.names.isEmpty, let n = derivedName(item.value, fallback: nil) { poisonedNames.insert(n) }
                poisonedNames.formUnion(item.names)
            }
        default:
            poisonedSchema = true
        }
        return input
    }

    /// Where a statement stops being what was written, given a syntax error at `offset` in it: the
    /// `|` of the operator the error is in (the parser cut or dropped that operator), found by
    /// scanning the text back (a `|` inside a string literal only makes the region larger).
    func unreliableStart(_ offset: Int) -> Int {
        guard let bytes = session.source?.bytes else { return 0 }
        var k = Swift.min(offset, bytes.count) - 1
        while k > 0 && bytes[k] != UInt8(ascii: "|") { k -= 1 }
        return Swift.max(0, k)
    }

    /// `and`/`or` while recovering: both sides are bound even when the first fails. When either
    /// failed (recorded), the placeholder `true` stands for the whole: a bool, as the operator's
    /// result is whatever the sides, so nothing after it can fail because of it. Each side is
    /// bound once (binding it again would be exponential in a chain `a or b or c …`).
    func bindLogicalRecovering(_ isAnd: Bool, _ l: Expr, _ r: Expr, schema: Schema, scope: Scope) throws -> BoundExpr {
        var failed = false
        var bound: [BoundExpr] = []
        for side in [l, r] {
            do { bound.append(try bindScalar(side, schema: schema, scope: scope)) } catch let d as Diagnostic where Self.isRecoverable(d) {
                record(d)
                failed = true
            }
        }
        if failed { return .constant(.bool(true)) }
        for (b, x) in zip(bound, [l, r]) where b.type != .bool {
            throw fail(.operandType, "'\(isAnd ? "and" : "or")' needs bool operands, not \(b.type)", x.span)
        }
        return .logical(isAnd: isAnd, bound[0], bound[1])
    }

    /// One `extend`/`project` item: its bound value, or while recovering, nil after recording its
    /// error and poisoning the name it would have defined (the other items are still checked).
    func recoveringItem(_ item: Assignment, _ body: () throws -> BoundExpr) throws -> BoundExpr? {
        do { return try body() } catch let d as Diagnostic where recovering && Self.isRecoverable(d) {
            record(d)
            if item.names.isEmpty, let n = derivedName(item.value, fallback: nil) { poisonedNames.insert(n) }
            poisonedNames.formUnion(item.names)
            return nil
        }
    }

    /// Runs `body` with recovery off: for bindings that are tried and may fail on purpose
    /// (`union isfuzzy=true` legs), or whose spans point into another text (built-in functions
    /// written in KQL).
    func withoutRecovery<T>(_ body: () throws -> T) rethrows -> T {
        let saved = recovering
        recovering = false
        defer { recovering = saved }
        return try body()
    }
}
