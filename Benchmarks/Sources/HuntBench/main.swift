// The founding hunt's baseline benchmark: cold (whole `quarry` process: read CSV, run the hunt)
// and warm (table already in memory, query only), on generated DeviceNetworkEvents.
//
//   swift build -c release --product quarry          # at the repository root
//   swift run -c release --package-path Benchmarks HuntBench [--rows 1000000,10000000] [--runs 5]
//                                                            [--query FILE.kql] [--skip-cold]
import Foundation
import KQLColumns
import KQLEngine
import QuarryIO

let args = CommandLine.arguments
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let sizes = (option("--rows") ?? "1000000,10000000").split(separator: ",").compactMap { Int($0) }
let runs = Int(option("--runs") ?? "5") ?? 5
let dataDir = option("--data-dir") ?? repoRoot.appendingPathComponent("bench-data").path
let quarryBinary = option("--quarry") ?? repoRoot.appendingPathComponent(".build/release/quarry").path
let nowText = "2025-05-10T00:00:00Z"
let now = DateTime.parseISO(Substring(nowText))!
let huntPath = option("--query") ?? repoRoot.appendingPathComponent("hunts/inbound-connections.mde.kql").path
let skipCold = args.contains("--skip-cold")
let hunt = try String(contentsOfFile: huntPath, encoding: .utf8)

guard FileManager.default.isExecutableFile(atPath: quarryBinary) else {
    print("quarry release binary not found at \(quarryBinary): run `swift build -c release --product quarry` at the repository root first")
    exit(1)
}
try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

print("rows        file MB   cold median s   warm median ms   result rows")
for n in sizes {
    let file = "\(dataDir)/dne-\(n).csv"
    if !FileManager.default.fileExists(atPath: file) {
        let t = try seconds { try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 1, rows: n, end: now, days: 14), to: file) }
        print("  (generated \(file) in \(String(format: "%.1f", t)) s)")
    }
    let size = Double((try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1e6
    var cold: [Double] = []
    for _ in 0..<(skipCold ? 0 : runs) {
        cold.append(try seconds {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: quarryBinary)
            p.arguments = ["run", huntPath, "--table", "DeviceNetworkEvents=\(file)", "--now", nowText, "--format", "csv"]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw NSError(domain: "quarry exited \(p.terminationStatus)", code: 1) }
        })
    }
    var table = Table(schema: Schema([]), batches: [])
    let readSeconds = try seconds { table = try TableReader.read(path: file, tableName: "DeviceNetworkEvents", options: ReadOptions()).0 }
    if args.contains("--each") {
        let dictionaryColumns = table.schema.fields.indices.filter { j in table.batches.first.map { if case .dictionary = $0.columns[j].storage { return true } else { return false } } ?? false }
        FileHandle.standardError.write(Data(String(format: "read %.2f s; dictionary-coded columns (first batch): %@; batches %d\n", readSeconds,
                                                   dictionaryColumns.map { table.schema.fields[$0].name }.joined(separator: ","), table.batches.count).utf8))
    }
    let session = QuerySession(tables: ["DeviceNetworkEvents": TableSource(table)])
    var warm: [Double] = []
    var resultRows = 0
    for _ in 0..<runs {
        warm.append(try seconds { resultRows = try session.run(hunt, options: QueryOptions(now: now)).table.rowCount })
    }
    if args.contains("--each") {
        FileHandle.standardError.write(Data(("warm runs ms: " + warm.map { String(format: "%.1f", $0 * 1000) }.joined(separator: " ") + "\n").utf8))
    }
    print(String(format: "%-11d %8.1f %15.3f %16.1f %13d", n, size, cold.isEmpty ? 0.0 : median(cold), median(warm) * 1000, resultRows))
}
