import Testing
import KQLColumns
@testable import QuarryIO

@Suite struct SinkTests {
    @Test func shortCopiesAreExact() {
        let src: [UInt8] = (0..<64).map { UInt8($0 + 1) }
        for k in 0...40 {
            var dst = [UInt8](repeating: 0, count: 64)
            src.withUnsafeBytes { s in dst.withUnsafeMutableBytes { d in copyBytes(from: s.baseAddress! + 3, to: d.baseAddress! + 5, k) } }
            #expect(Array(dst[5..<(5 + k)]) == Array(src[3..<(3 + k)]), "k=\(k)")
            #expect(dst[..<5].allSatisfy { $0 == 0 } && dst[(5 + k)...].allSatisfy { $0 == 0 }, "k=\(k)")
        }
    }

    @Test func truncateRollsBackEveryKind() {
        let kinds: [SinkKind] = KQLType.allCases.map { .typed($0) } + [.pendingText, .pendingJSON]
        func add(_ sink: inout ColumnSink, _ text: String?) {
            guard let text else { sink.appendNull(); return }
            let ok = Array(text.utf8).withUnsafeBufferPointer { sink.appendText($0) }
            if !ok { sink.appendNull() }
        }
        func values(_ b: BatchColumn) -> [String] {
            switch b {
            case .typed(let c): return (0..<c.count).map { "\(c.value(at: $0))" }
            case .text(let s, let nulls): return (0..<s.count).map { s[$0] + (nulls.contains(Int32($0)) ? "∅" : "") }
            case .json(let v): return v.map { "\($0)" }
            case .absent: return []
            }
        }
        for kind in kinds {
            var sink = ColumnSink(kind: kind, capacity: 2)
            for text in ["1", "", "2024-01-01T00:00:00Z", "x"] { add(&sink, text) }
            sink.truncate(to: 1)
            #expect(sink.count == 1)
            add(&sink, "2024-01-02T00:00:00Z")
            add(&sink, nil)
            var reference = ColumnSink(kind: kind, capacity: 2)
            for text in ["1", "2024-01-02T00:00:00Z", nil] { add(&reference, text) }
            let a = values(sink.finishBatch(capacity: 4)), b = values(reference.finishBatch(capacity: 4))
            #expect(a.count == 3, "\(kind)")
            #expect(a == b, "\(kind)")
        }
    }
}
