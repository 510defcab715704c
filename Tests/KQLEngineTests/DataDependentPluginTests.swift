import KQLColumns
@testable import KQLEngine
import KQLSyntax
import Testing

/// bag_unpack and pivot without an output schema: the session runs the plugin's input once, the
/// binder derives the columns from those rows, and the plan reads the same rows (so the input is
/// read once and the columns always match the data). Where no data is read (explain, check), the
/// plugin asks for an output schema.
@Suite struct DataDependentPluginTests {
    let query = "T | where RemotePort == 53 | project DeviceName, d = bag_pack('port', RemotePort) | evaluate bag_unpack(d) | summarize n = count() by port"

    @Test func theInputIsReadOnceAndTheColumnsBind() throws {
        let p = PureBinderTests.PoisonedSource()
        let rows = try QuerySession(tables: ["T": p.source]).run(query, options: QueryOptions(now: 0)).table.rows()
        #expect(rows == [[.long(53), .long(3)]])
        #expect(p.reads == 1)
    }

    @Test func explainAsksForAnOutputSchema() throws {
        let session = QuerySession(tables: ["T": PureBinderTests.PoisonedSource().source])
        do {
            _ = try session.explain(query)
            Issue.record("explain should fail")
        } catch let e as QueryError {
            #expect(e.diagnostics.first?.code == .unsupportedOperatorForm)
            #expect(e.diagnostics.first?.message.contains("output schema") == true)
        }
        // With a schema, explain needs no data.
        let plan = try session.explain("T | project d = bag_pack('port', RemotePort) | evaluate bag_unpack(d) : (port:long)")
        #expect(plan.text.contains("BagUnpack"))
    }

    @Test func checkWarnsAndReadsNothing() {
        let p = PureBinderTests.PoisonedSource()
        let (diags, _) = QuerySession(tables: ["T": p.source]).check(query)
        #expect(diags.allSatisfy { $0.severity == .warning })
        #expect(diags.contains { $0.code == .unsupportedOperatorForm })
        #expect(p.reads == 0)
    }
}
