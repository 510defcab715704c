import Foundation
@testable import KQLEngine
import Testing

/// Keeps the function registry honest: one entry per name, no name both implemented and listed as
/// "known but not supported yet", and every function exercised by the logic tests.
@Suite struct FunctionRegistryHonestyTests {
    static let cases = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LogicTests/cases")

    static var registeredNames: [String] {
        FunctionRegistry.scalars.flatMap { [$0.name] + $0.aliases } + FunctionRegistry.aggregates.flatMap { [$0.name] + $0.aliases }
    }

    /// Kusto's functions with both a scalar and an aggregate form (hll-merge-function.md,
    /// merge-tdigest-function.md): registered once of each kind.
    static let scalarAndAggregate: Set<String> = ["hll_merge", "tdigest_merge", "merge_tdigest"]

    @Test func everyNameIsRegisteredOnce() {
        var seen: [String: Int] = [:]
        for n in Self.registeredNames { seen[n, default: 0] += 1 }
        let twice = seen.filter { $0.value > (Self.scalarAndAggregate.contains($0.key) ? 2 : 1) }.keys.sorted()
        #expect(twice.isEmpty, "registered more than once: \(twice)")
        let scalars = Set(FunctionRegistry.scalars.flatMap { [$0.name] + $0.aliases })
        let aggregates = Set(FunctionRegistry.aggregates.flatMap { [$0.name] + $0.aliases })
        #expect(scalars.intersection(aggregates) == Self.scalarAndAggregate, "scalar and aggregate: \(scalars.intersection(aggregates).sorted())")
    }

    @Test func noNameIsBothImplementedAndUnsupported() {
        let both = Set(Self.registeredNames).intersection(KnownKustoFunctions.names).sorted()
        #expect(both.isEmpty, "implemented yet listed in KnownKustoFunctions: \(both)")
    }

    @Test func everyFunctionHasLogicTestCases() throws {
        var text = ""
        let files = FileManager.default.enumerator(at: Self.cases, includingPropertiesForKeys: nil)
        while let f = files?.nextObject() as? URL {
            if f.pathExtension == "test" { text += try String(contentsOf: f, encoding: .utf8) }
        }
        #expect(!text.isEmpty, "no logic tests found under \(Self.cases.path)")
        let untested = Self.registeredNames.filter { !text.contains("\($0)(") }.sorted()
        #expect(untested.isEmpty, "no logic-test case calls: \(untested)")
    }
}
