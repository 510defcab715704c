import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

@Suite struct GeneratorTests {
    static let allShapes: [(GeneratorOptions.Form, GeneratorOptions.Format)] = [
        (.advancedHunting, .csv), (.advancedHunting, .jsonl), (.advancedHunting, .streaming),
        (.sentinel, .csv), (.sentinel, .jsonl), (.sentinel, .streaming),
    ]

    func generate(_ o: GeneratorOptions, name: String, tag: String = #function) throws -> String {
        let p = TestPaths.tempDir(tag) + "/" + name
        try SyntheticDeviceNetworkEvents.write(o, to: p)
        return p
    }

    @Test func sameSeedSameBytes() throws {
        for (form, format) in Self.allShapes {
            var o = GeneratorOptions(seed: 42, rows: 3_000, form: form, format: format)
            o.devices = 200
            let a = try Data(contentsOf: URL(fileURLWithPath: generate(o, name: "a")))
            let b = try Data(contentsOf: URL(fileURLWithPath: generate(o, name: "b")))
            #expect(a == b, "\(form) \(format)")
            o.seed = 43
            let c = try Data(contentsOf: URL(fileURLWithPath: generate(o, name: "c")))
            #expect(a != c, "\(form) \(format)")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5])
    func readsBackTyped(shape: Int) throws {
        let (form, format) = Self.allShapes[shape]
        let o = GeneratorOptions(seed: 7, rows: 20_000, form: form, format: format)
        let path = try generate(o, name: "DeviceNetworkEvents.\(format == .csv ? "csv" : "json")")
        let (t, r) = try TableReader.read(path: path, tableName: nil, options: ReadOptions())
        #expect(t.rowCount == 20_000)
        #expect(r.inferredColumns.isEmpty, "\(r.inferredColumns)")
        #expect(r.forms["DeviceNetworkEvents"] == (form == .sentinel ? .sentinel : .advancedHunting))
        let expected = SyntheticDeviceNetworkEvents.schema(form)
        for f in expected.fields {
            #expect(t.type(f.name) == f.type, "\(f.name)")
        }
        let time = form == .sentinel ? "TimeGenerated" : "Timestamp"
        let times = t.column(time)
        let lo = o.end - Int64(o.days) * DateTime.ticksPerDay
        #expect(times.allSatisfy { if case .datetime(let x) = $0 { return x > lo && x <= o.end }; return false })
        let names = t.column("DeviceName")
        let actions = t.column("ActionType")
        var inboundTest = 0, variants = 0, inbound = 0
        for i in 0..<t.rowCount {
            guard case .string(let n) = names[i], case .string(let a) = actions[i] else { continue }
            if a == "InboundConnectionAccepted" { inbound += 1 }
            if n.lowercased() == "test.domain.tld" {
                if a == "InboundConnectionAccepted" { inboundTest += 1 }
                if n != "test.domain.tld" { variants += 1 }
            }
        }
        #expect(inboundTest > 100)
        #expect(variants > 5)
        #expect(Double(inbound) / Double(t.rowCount) > 0.05 && Double(inbound) / Double(t.rowCount) < 0.10)
        let ips = t.column("RemoteIP").compactMap { if case .string(let s) = $0 { return s }; return nil }
        #expect(ips.contains { $0.hasPrefix("::ffff:10.") || $0.hasPrefix("::ffff:192.168.") })
        #expect(ips.contains { $0.isEmpty })
        #expect(ips.contains { $0.contains(":") && !$0.hasPrefix("::ffff:") })
        if form == .sentinel {
            #expect(t.column("AdditionalFields").contains { if case .dynamic(.object) = $0 { return true }; return false })
        }
    }
}
