import Foundation
import Testing

/// The query page in headless Chromium (Debian's `chromium` and `chromedriver`, package
/// chromium-driver), driven over W3C WebDriver by Tests/ServerClientTests/page_webdriver_test.py
/// (a client on Python's standard library): type a query and run it (Ctrl+Enter) → the rows;
/// sort by a header; an erroneous query → the underline; completion with Tab; the table
/// browser's columns; a `render columnchart` query → the SVG; the history; no console error.
/// Takes a screenshot; with `QUARRY_PAGE_SCREENSHOT=PATH` it is written there (how
/// docs/serve-page.png is made). Skips with a message where Chromium, chromedriver or python3 is
/// absent.
@Suite struct QueryPageBrowserTests {
    static func executable(_ env: String, _ candidates: [String]) -> String? {
        if let e = ProcessInfo.processInfo.environment[env], FileManager.default.isExecutableFile(atPath: e) { return e }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let chromium = executable("QUARRY_CHROMIUM", ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"])
    static let chromedriver = executable("QUARRY_CHROMEDRIVER", ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
    static let python = executable("QUARRY_PYTHON3", ["/usr/bin/python3", "/usr/local/bin/python3"])
    static let available = chromium != nil && chromedriver != nil && python != nil

    @Test(.enabled(if: available, "chromium, chromedriver or python3 not installed (apt-get install -y chromium chromium-driver python3)"))
    func pageInHeadlessChromium() async throws {
        let s = try await TestServer.start(samples: true)
        defer { s.stop() }
        let shot = ProcessInfo.processInfo.environment["QUARRY_PAGE_SCREENSHOT"]
            ?? NSTemporaryDirectory() + "quarry-serve-page-\(UUID().uuidString.prefix(8)).png"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python!)
        p.arguments = [TestServer.repoRoot.appendingPathComponent("Tests/ServerClientTests/page_webdriver_test.py").path,
                       "http://127.0.0.1:\(s.port)", shot, Self.chromedriver!, Self.chromium!]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        // Read on another thread: the pipe must drain while the server (this process) answers.
        let text: String = await withCheckedContinuation { c in
            onOwnThread {
                let data = out.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                c.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
        #expect(p.terminationStatus == 0, "\(text)")
        for check in ["rows", "sort", "underline", "completion", "browser", "chart", "history", "screenshot", "console"] {
            #expect(text.contains("ok \(check)\n"), "\(check): \(text)")
        }
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}
