import Foundation
import Testing

/// `quarry run HUNT.kql --report out.html` and `--format html`, run as a process; the report is
/// opened in headless Chromium (Debian's `chromium`), which must render it with its chart, timeline,
/// tables and script, and log no console error. Skips with a message where Chromium is absent.
@Suite(.serialized) struct CLIReportTests {
    static let now = "2025-02-03T00:00:00Z"

    /// Connections by hour on two devices over a day (a hunt's usual shape).
    static func writeData(_ dir: URL) throws -> String {
        var csv = "Timestamp,DeviceName,RemoteIP,RemotePort,BytesSent\n"
        for h in 0..<24 {
            for (d, device) in ["web-01", "db-<02>"].enumerated() {
                let n = 1 + (h * 7 + d * 3) % 5
                for k in 0..<n {
                    csv += "2025-02-02T\(String(format: "%02d", h)):\(String(format: "%02d", k * 7)):00Z,\(device),10.0.\(d).\(k),\(k % 2 == 0 ? 443 : 22),\(100 * (h + 1) + k)\n"
                }
            }
        }
        let path = dir.appendingPathComponent("events.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let hunt = """
        // connections per device per hour
        let Start = datetime(2025-02-02);
        Events
        | where Timestamp >= Start
        | summarize Connections = count(), Bytes = sum(BytesSent) by bin(Timestamp, 1h), DeviceName
        | project Timestamp, DeviceName, Connections
        | order by Timestamp asc
        | render timechart with (title="Connections per hour", ytitle="connections")
        """

    static func run(_ args: [String], timeout: Double = 120) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: args[0])
        p.arguments = Array(args.dropFirst())
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // read both pipes while the process runs (a full pipe would block it)
        final class Box: @unchecked Sendable { var data = Data() }
        let outData = Box(), errData = Box()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outData.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errData.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            _ = group.wait(timeout: .now() + 5)
        }
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData.data, as: UTF8.self), String(decoding: errData.data, as: UTF8.self))
    }

    static var chromium: String? {
        if let env = ProcessInfo.processInfo.environment["QUARRY_CHROMIUM"], FileManager.default.isExecutableFile(atPath: env) { return env }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func makeReport() throws -> (dir: URL, report: String, stdout: String)? {
        guard let quarry = CLIAcceptanceTests.binary else {
            print("skipping: the quarry binary is not built next to the tests")
            return nil
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = try Self.writeData(dir)
        let hunt = dir.appendingPathComponent("hourly.kql").path
        try Self.hunt.write(toFile: hunt, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.html").path
        let r = try Self.run([quarry, "run", hunt, "--table", "Events=\(data)", "--now", Self.now, "--set", "Start=2025-02-02",
                              "--report", report, "--format", "csv"])
        #expect(r.status == 0, "quarry failed: \(r.err)")
        return (dir, report, r.out)
    }

    @Test func reportHoldsQueryDataFilesChartTimelineAndTable() throws {
        guard let (dir, report, stdout) = try makeReport() else { return }
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(stdout.hasPrefix("Timestamp,DeviceName,Connections"))   // the usual output still goes to stdout
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Connections per hour"))
        #expect(html.contains("render timechart"))
        #expect(html.contains("--set Start"))
        #expect(html.contains(Self.now))
        #expect(html.contains("events.csv"))
        #expect(html.range(of: "<td class=\"hash\">[0-9a-f]{64}</td>", options: .regularExpression) != nil)
        #expect(html.contains("id=\"timeline\"") && html.contains("Rows by Timestamp"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") {   // the digest is the file's
            let sum = try Self.run(["/usr/bin/sha256sum", dir.appendingPathComponent("events.csv").path])
            let digest = String(sum.out.prefix(64))
            #expect(digest.count == 64 && html.contains("<td class=\"hash\">\(digest)</td>"))
        }
        #expect(html.contains("<td class=\"num\">144</td>"))   // the file's rows
        #expect(html.contains("db-&lt;02&gt;") && !html.contains("db-<02>"))
        #expect(html.components(separatedBy: "class=\"line\"").count - 1 == 2)   // one line per device
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))   // nothing loaded from anywhere
        // 48 result rows: every hour of the day for both devices
        #expect(html.components(separatedBy: "<tr>").count - 1 >= 48)
    }

    @Test func formatHTMLIsOnePageWithTheChart() throws {
        guard let quarry = CLIAcceptanceTests.binary else { print("skipping: the quarry binary is not built next to the tests"); return }
        let r = try Self.run([quarry, "query", "datatable(State:string, n:long)['TEXAS', 4701, 'KANSAS', 3166] | render columnchart", "--format", "html"])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("<!DOCTYPE html>"))
        #expect(r.out.components(separatedBy: "class=\"bar\"").count - 1 == 2)
        #expect(r.out.contains("id=\"results\""))
    }

    @Test func renderErrorsAreQueryErrors() throws {
        guard let quarry = CLIAcceptanceTests.binary else { print("skipping: the quarry binary is not built next to the tests"); return }
        let r = try Self.run([quarry, "query", "print x = 1 | render timechart with (kind=sideways)"])
        #expect(r.status == 1)
        #expect(r.err.contains("1:43") && r.err.contains("'kind' must be one of"))
    }

    /// Headless Chromium loads the report: the DOM it dumps has the sections, the SVG chart, the
    /// table rows, and the mark the inline script sets when it ran; its log has no console error.
    /// The screenshot is kept under .build/report-screenshot.png for a person to look at.
    @Test func chromiumRendersTheReportWithoutConsoleErrors() throws {
        guard let chromium = Self.chromium else {
            print("skipping: chromium is not installed (apt-get install -y chromium; or set QUARRY_CHROMIUM)")
            return
        }
        guard let (dir, report, _) = try makeReport() else { return }
        defer { try? FileManager.default.removeItem(at: dir) }
        let profile = dir.appendingPathComponent("profile").path
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0"]
        let dump = try Self.run([chromium] + common + ["--dump-dom", "file://\(report)"])
        #expect(dump.status == 0, "chromium failed: \(dump.err.suffix(2000))")
        let dom = dump.out
        #expect(dom.contains("data-script=\"ok\""), "the report's script did not run")
        for id in ["query", "data", "chart", "timeline", "result"] { #expect(dom.contains("id=\"\(id)\""), "no section \(id)") }
        #expect(dom.contains("<svg") && dom.contains("quarry-chart"))
        #expect(dom.contains("id=\"filter\""))
        #expect(dom.components(separatedBy: "<tr>").count - 1 >= 48)
        let consoleErrors = dump.err.split(separator: "\n").filter {
            $0.contains("CONSOLE") || $0.contains("Uncaught") || $0.contains("SyntaxError") || $0.contains("TypeError")
        }
        #expect(consoleErrors.isEmpty, "console: \(consoleErrors.joined(separator: "\n"))")

        let shot = CLIAcceptanceTests.root.appendingPathComponent(".build/report-screenshot.png").path
        try? FileManager.default.removeItem(atPath: shot)
        let s = try Self.run([chromium] + common + ["--hide-scrollbars", "--window-size=1280,1800", "--screenshot=\(shot)", "file://\(report)"])
        #expect(s.status == 0, "chromium screenshot failed: \(s.err.suffix(2000))")
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 20_000, "screenshot missing or blank (\(size) bytes)")
    }
}
