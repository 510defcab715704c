import Foundation
import KQLColumns
import QuarryIO
import Testing

/// `quarry run <seed hunt> --table DeviceNetworkEvents=FILE --now T --format json` — the built
/// CLI itself — returns the rows of the independent computation, for CSV, JSON Lines and
/// Streaming envelopes, in both schema forms.
@Suite struct CLIAcceptanceTests {
    static let root = FoundingHuntAcceptanceTests.repoRoot
    static var binary: String? {
        for p in [".build/debug/quarry", ".build/x86_64-unknown-linux-gnu/debug/quarry", ".build/arm64-apple-macosx/debug/quarry"] {
            let path = root.appendingPathComponent(p).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @Test(arguments: FoundingHuntAcceptanceTests.cases)
    func cliJSONOutputMatchesIndependentComputation(_ c: FoundingHuntAcceptanceTests.Case) throws {
        guard let quarry = Self.binary else {
            print("skipping: the quarry binary is not built next to the tests")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("events").path
        let nowText = FoundingHuntAcceptanceTests.now
        let now = DateTime.parseISO(Substring(nowText))!
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 11, rows: 8_000, end: now, days: 14, form: c.form, format: c.format), to: file)
        let hunt = Self.root.appendingPathComponent(c.form == .advancedHunting ? "hunts/inbound-connections.mde.kql" : "hunts/inbound-connections.sentinel.kql").path

        let p = Process()
        p.executableURL = URL(fileURLWithPath: quarry)
        p.arguments = ["run", hunt, "--table", "DeviceNetworkEvents=\(file)", "--now", nowText, "--format", "json"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)

        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(json["rows"] as? [[Any]])
        let actual = rows.map { r -> [String] in
            r.enumerated().map { i, v in
                if i == 0, let s = v as? String { return String(FoundingHuntAcceptanceTests.parseTicks(s) ?? -1) }
                if v is NSNull { return "null" }
                if let n = v as? NSNumber { return n.stringValue }
                return "\(v)"
            }
        }
        let timeColumn = c.form == .advancedHunting ? "Timestamp" : "TimeGenerated"
        let expected = try FoundingHuntAcceptanceTests.independentHunt(file: file, format: c.format, form: c.form, nowTicks: now, timeColumn: timeColumn)
        #expect(!expected.isEmpty)
        #expect(actual.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
    }
}
