import Foundation
import Testing

/// `--set NAME=VALUE` takes the value in the type of the `let` it replaces (issue 13 §5), and
/// `--params FILE.json` supplies several: a date for a datetime, `7d` or `hh:mm:ss` for a
/// timespan, JSON for dynamic, the text for a string; a value of the wrong type or a name no
/// `let` declares is an error naming the flag.
@Suite struct CLIParameterTests {
    let cli = CLIGovernanceTests()
    static let query = "let T = datetime(2020-01-01); let W = 1d; let N = 5; let S = \"x\"; let D = dynamic([\"a\"]); let R = 1.5; print T, W, N, S, D, R"

    func run(_ extra: [String]) throws -> CLIGovernanceTests.Outcome? {
        try cli.quarry(["query", Self.query, "--format", "csv", "--now", "2025-01-01T00:00:00Z"] + extra)
    }

    @Test func valuesTakeTheTypeOfTheirLet() throws {
        guard let r = try run(["--set", "T=2025-02-02", "--set", "W=7d", "--set", "N=7", "--set", "S=a b", "--set", "D=[1,2]", "--set", "R=3"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2025-02-02T00:00:00.0000000Z,7.00:00:00,7,a b,\"[1,2]\",3"))
        guard let e = try run(["--set", "T=ago(1d)", "--set", "W=01:30:00", "--set", "S='quoted'"]) else { return }
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stdout.contains("2024-12-31T00:00:00.0000000Z,01:30:00,5,quoted,"))
    }

    @Test func wrongTypesAndUnknownNamesAreErrorsNamingTheFlag() throws {
        for (set, phrase) in [("T=2021", "--set T: '2021' is not a datetime"), ("N=7.5", "--set N: '7.5' is not a long"),
                              ("W=abc", "--set W: 'abc' is not a timespan"), ("Z=1", "--set Z: the query has no top-level 'let Z'")] {
            guard let r = try run(["--set", set]) else { return }
            #expect(r.status != 0)
            #expect(r.stderr.contains(phrase), "\(set): \(r.stderr)")
        }
    }

    @Test func paramsFileSuppliesValuesAndSetWins() throws {
        let path = NSTemporaryDirectory() + "quarry-params-\(UUID().uuidString.prefix(8)).json"
        FileManager.default.createFile(atPath: path, contents: Data(#"{"T": "2025-02-02", "N": 9, "D": {"a": [1]}, "W": "01:30:00"}"#.utf8))
        guard let r = try run(["--params", path, "--set", "N=3"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2025-02-02T00:00:00.0000000Z,01:30:00,3,x,\"{\"\"a\"\":[1]}\",1.5"))
        FileManager.default.createFile(atPath: path, contents: Data("[1]".utf8))
        guard let bad = try run(["--params", path]) else { return }
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--params"))
    }
}
