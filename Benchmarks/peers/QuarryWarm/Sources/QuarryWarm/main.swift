// Warm Quarry timings for Benchmarks/peers/run.py.
//
//   QuarryWarm --table FILE --query NAME=FILE.kql [--query ...] [--runs 5] [--now 2025-05-10T00:00:00Z]
//
// Reads FILE once as DeviceNetworkEvents (reported as `load`), then runs each query --runs times
// on the in-memory table. Prints one JSON object per line:
//   {"load_s": 12.3, "rows": 10000000, "resident_after_load_mb": 1234.5}
//   {"query": "hunt", "result_rows": 8862, "times_ms": [...], "median_ms": 41.2}
// or, when a query fails, {"query": "fleet", "error": "..."} (and goes on with the next one).
import Foundation
import KQLColumns
import KQLEngine
import QuarryIO

let args = CommandLine.arguments
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
func options(_ name: String) -> [String] {
    args.indices.filter { args[$0] == name && $0 + 1 < args.count }.map { args[$0 + 1] }
}

guard let file = option("--table") else {
    FileHandle.standardError.write("usage: QuarryWarm --table FILE --query NAME=FILE.kql [--runs N] [--now ISO]\n".data(using: .utf8)!)
    exit(2)
}
let runs = Int(option("--runs") ?? "5") ?? 5
let nowText = option("--now") ?? "2025-05-10T00:00:00Z"
guard let now = DateTime.parseISO(Substring(nowText)) else { fatalError("bad --now \(nowText)") }

func jsonString(_ s: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [s], options: [])
    let text = String(data: data, encoding: .utf8)!
    return String(text.dropFirst().dropLast())
}

func elapsed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var table: Table? = nil
let loadSeconds = try elapsed {
    table = try TableReader.read(path: file, tableName: "DeviceNetworkEvents", options: ReadOptions()).0
}
/// Resident memory now (VmRSS), in MB: the table loaded, the reader's buffers freed.
func residentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kb / 1024
}
print(String(format: "{\"load_s\": %.4f, \"rows\": %d, \"resident_after_load_mb\": %.1f}", loadSeconds, table!.rowCount, residentMB()))
let session = QuerySession(tables: ["DeviceNetworkEvents": TableSource(table!)])

for spec in options("--query") {
    guard let eq = spec.firstIndex(of: "=") else { fatalError("--query wants NAME=FILE, got \(spec)") }
    let name = String(spec[..<eq]), path = String(spec[spec.index(after: eq)...])
    do {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var times: [Double] = []
        var resultRows = 0
        for _ in 0..<runs {
            times.append(try elapsed {
                resultRows = try session.run(text, options: QueryOptions(now: now)).table.rowCount
            } * 1000)
        }
        let median = times.sorted()[times.count / 2]
        let list = times.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        print("{\"query\": \(jsonString(name)), \"result_rows\": \(resultRows), \"times_ms\": [\(list)], \"median_ms\": \(String(format: "%.3f", median))}")
    } catch {
        print("{\"query\": \(jsonString(name)), \"error\": \(jsonString(String(describing: error)))}")
    }
    fflush(stdout)
}
