// Read throughput per input format on generated DeviceNetworkEvents: whole-table reads
// (every column), in MB/s of input and rows/s.
//
//   swift run -c release --package-path Benchmarks ReadBench [--rows 1000000] [--runs 3]
import Foundation
import KQLColumns
import QuarryIO

let args = CommandLine.arguments
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let rows = Int(option("--rows") ?? "1000000") ?? 1_000_000
let runs = Int(option("--runs") ?? "3") ?? 3
let dir = option("--data-dir") ?? repoRoot.appendingPathComponent("bench-data").path
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
let end = DateTime.parseISO("2025-05-10T00:00:00Z")!

struct Shape { var name: String; var form: GeneratorOptions.Form; var format: GeneratorOptions.Format; var ext: String }
let shapes = [
    Shape(name: "Defender portal CSV", form: .advancedHunting, format: .csv, ext: "csv"),
    Shape(name: "Sentinel CSV", form: .sentinel, format: .csv, ext: "csv"),
    Shape(name: "JSON Lines (AH rows)", form: .advancedHunting, format: .jsonl, ext: "jsonl"),
    Shape(name: "Log Analytics export lines", form: .sentinel, format: .jsonl, ext: "jsonl"),
    Shape(name: "Streaming API records (PT1H)", form: .advancedHunting, format: .streaming, ext: "json"),
    Shape(name: "Event Hub bodies {records}", form: .sentinel, format: .streaming, ext: "json"),
]

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

print("format                          file MB   median s     MB/s      rows/s")
for s in shapes {
    let file = "\(dir)/read-\(s.form.rawValue)-\(s.format.rawValue)-\(rows).\(s.ext)"
    if !FileManager.default.fileExists(atPath: file) {
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 1, rows: rows, end: end, days: 14, form: s.form, format: s.format), to: file)
    }
    let mb = Double((try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1e6
    var times: [Double] = []
    var n = 0
    for _ in 0..<runs {
        times.append(try seconds { n = try TableReader.read(path: file, tableName: "DeviceNetworkEvents", options: ReadOptions()).0.rowCount })
    }
    let t = times.sorted()[times.count / 2]
    precondition(n == rows, "\(s.name): read \(n) rows, expected \(rows)")
    let name = s.name.padding(toLength: 30, withPad: " ", startingAt: 0)
    print(name + String(format: " %9.1f %10.3f %8.0f %11.0f", mb, t, mb / t, Double(n) / t))
}
