import KQLColumns
import KQLSyntax

// assert (assert-function.md): the condition must be known when the query is analysed; false fails
// the query then — even where no row would reach the call (the page's `where b | where assert(b, …)`)
// — with "assert() has failed with message: '…'" (KQB028, under the call). True gives true.
// Decisions where the page is silent: a null condition fails like false; a condition or message that
// is not a constant is an error at that argument.

let assertFunction = ScalarFunction(
    name: "assert", overloads: fn([p("condition", .type(.bool)), p("message", .type(.string))], .fixed(.bool)),
    summary: "True when the constant condition is true; otherwise the query fails with the message (checked when the query is analysed).",
    bind: { site in
        guard case .string(let message)? = site.constants[1] else {
            throw site.error("assert(): the message must be a constant string", arg: 1)
        }
        guard let condition = site.constants[0] else {
            throw site.error("assert(): the condition must be a constant when the query is analysed (lets and function parameters fold; columns do not)", arg: 0)
        }
        guard case .bool(true) = condition else {
            throw Diagnostic(code: .assertionFailed, "assert() has failed with message: '\(message)'", span: site.nameSpan)
        }
        return BoundFunction(name: "assert", resultType: .bool, kernel: .row({ _ in .bool(true) }))
    })
