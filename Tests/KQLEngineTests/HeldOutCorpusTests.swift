import Foundation
import KQLEngine
import QuarryIO
import Testing

/// The held-out Sentinel hunts (`Benchmarks/coverage/heldout/`, shipped with the project): the
/// share that binds against the catalog, as `quarry check` binds, must not fall below what was
/// measured when the samples were taken. They are not the dev corpus, so a change tuned to dev
/// that breaks general hunts shows here.
@Suite struct HeldOutCorpusTests {
    static let dir = FoundingHuntAcceptanceTests.repoRoot.appendingPathComponent("Benchmarks/coverage/heldout")

    /// Binding hunts in a sample, with the first error of the others.
    static func bind(_ file: String) throws -> (bound: Int, total: Int, failures: [String]) {
        let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
        var bound = 0, total = 0
        var failures: [String] = []
        for line in text.split(separator: "\n") {
            guard let q = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let query = q["query"] as? String else { continue }
            total += 1
            let session = CorpusRunTests.checker(for: query)
            if let e = session.check(query).diagnostics.first(where: { $0.severity == .error }) {
                failures.append("\(q["id"] as? String ?? "?"): \(e.message)")
            } else {
                bound += 1
            }
        }
        return (bound, total, failures)
    }

    /// Measured 2026-12-07: 111/120 (dev-like folders) and 89/105 (Solutions); the community
    /// repositories' samples (`community/`, extract.py): see heldout/README.md.
    @Test(arguments: [("sentinel-old-layout.jsonl", 112), ("sentinel-solutions.jsonl", 91), ("sentinel-solutions-random.jsonl", 97),
                      ("community/bj.jsonl", 672), ("community/cm.jsonl", 92), ("community/ep.jsonl", 326),
                      ("community/ff.jsonl", 113), ("community/jk.jsonl", 150), ("community/rp.jsonl", 447),
                      ("community/av.jsonl", 118)])
    func heldOutHuntsBind(file: String, measured: Int) throws {
        let r = try Self.bind(file)
        print("HeldOutCorpusTests: \(file): \(r.bound)/\(r.total) bind")
        #expect(r.total > 90)
        #expect(r.bound >= measured, "\(file): \(r.bound)/\(r.total) bind, measured \(measured); failures: \(r.failures)")
    }
}
