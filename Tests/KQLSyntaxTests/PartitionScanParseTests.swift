import Testing
@testable import KQLSyntax

/// `partition` and `scan` parse into their own operator cases (partition-operator.md, scan-operator.md).
@Suite struct PartitionScanParseTests {
    @Test func partitionForms() {
        #expect(sx("T | partition hint.strategy=native by k (top 1 by t)")
                == "(T | partition hint.strategy=native by k {($input | top 1 by t desc)})")
        guard let e = expr("T | partition by k {U | where x == toscalar(k)}"), case .pipe(_, let op) = e.kind,
              case .partition(_, _, _, let hasSource) = op.kind else { Issue.record("shape"); return }
        #expect(hasSource)
    }

    @Test func scanForms() {
        guard let e = expr("T | scan with_match_id=m declare (c:long=0, s:string) with (step a output=last: x > 1 => c = a.c + x; step b: true)"),
              case .pipe(_, let op) = e.kind, case .scan(let m, let d, let steps) = op.kind else { Issue.record("shape"); return }
        #expect(m == "m")
        #expect(d.map(\.name) == ["c", "s"] && d.map(\.type) == ["long", "string"])
        #expect(d[0].defaultValue != nil && d[1].defaultValue == nil)
        #expect(steps.map(\.name) == ["a", "b"])
        #expect(steps.map(\.output) == ["last", nil])
        #expect(steps[0].assignments.map(\.names) == [["c"]])
        #expect(steps[1].assignments.isEmpty)
    }

    @Test func scanErrors() {
        for q in ["T | scan with ()", "T | scan with (step a true;)", "T | scan declare (c) with (step a: true;)",
                  "T | scan with (step a output=: true;)", "T | scan (step a: true;)"] {
            #expect(!parse(q).diagnostics.isEmpty, "\(q)")
        }
    }
}
