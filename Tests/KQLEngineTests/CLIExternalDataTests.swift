import Foundation
import Testing

/// The CLI's externaldata options (--external, --external-map, --offline, --cache-dir) and
/// headerless `--table` lists. Nothing here touches the network: URLs are mapped or offline.
@Suite struct CLIExternalDataTests {
    let cli = CLIGovernanceTests()

    @Test func aTxtTableIsAHeaderlessListOfLines() throws {
        let d = CLIFilesTests.dir()
        CLIFilesTests.write("44d88612fea8a8f36de82e1278abb02f\n\n275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f\n", d + "/ioc.txt")
        guard let r = try cli.quarry(["query", "--table", "IOC=" + d + "/ioc.txt", "IOC | project Line", "--format", "csv"]) else { return }
        #expect(r.status == 0)
        // Both indicators are rows: the first line is not taken as a header.
        #expect(r.stdout.contains("44d88612fea8a8f36de82e1278abb02f") && r.stdout.contains("275a021bbfb6"))
        // `:csv` reads a .txt file as CSV with a header; `:txt` any file as lines.
        CLIFilesTests.write("Sha\nabc\n", d + "/list.txt")
        guard let c = try cli.quarry(["query", "--table", "L=" + d + "/list.txt:csv", "L | project Sha", "--format", "csv"]) else { return }
        #expect(c.status == 0 && c.stdout == "Sha\nabc\n")
        CLIFilesTests.write("Sha\nabc\n", d + "/list.csv")
        guard let t = try cli.quarry(["query", "--table", "L=" + d + "/list.csv:txt", "L | count", "--format", "csv"]) else { return }
        #expect(t.status == 0 && t.stdout.contains("2"))
        // In a --data folder a .txt file is a document (readme, licence): skipped with a note that
        // says how to bind it, never read as a table with a header.
        let folder = d + "/data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        CLIFilesTests.write("first\nsecond\n", folder + "/Iocs.txt")
        guard let f = try cli.quarry(["query", "--data", folder, "print 1", "--format", "csv"]) else { return }
        #expect(f.status == 0 && f.stderr.contains("Iocs.txt") && f.stderr.contains("--table NAME=PATH"))
    }

    @Test func externalMappingsOfflineAndCacheDir() throws {
        let d = CLIFilesTests.dir()
        CLIFilesTests.write("Nickname,IPv4Address\nrelay1,1.2.3.4\nrelay2,5.6.7.8\n", d + "/tor.csv")
        let url = "https://feeds.invalid/TorRelayIPs.csv"
        let q = "externaldata (Nickname:string, IPv4Address:string) [h@'\(url)'] with (ignoreFirstRecord=true, format=\"csv\") | count"
        let cache = ["--cache-dir", d + "/cache"]
        guard let r = try cli.quarry(["query", "--offline", "--external", url + "=" + d + "/tor.csv", q, "--format", "csv"] + cache) else { return }
        #expect(r.status == 0 && r.stdout.contains("2"))
        #expect(r.stderr.contains(url) && r.stderr.contains("bytes"))
        CLIFilesTests.write("# mappings\n\(url) tor.csv\n", d + "/map.txt")
        guard let m = try cli.quarry(["query", "--offline", "--external-map", d + "/map.txt", q, "--format", "csv"] + cache) else { return }
        #expect(m.status == 0 && m.stdout.contains("2"))
        guard let e = try cli.quarry(["query", "--offline", q] + cache) else { return }
        #expect(e.status == 1)
        #expect(e.stderr.contains("KQR014") && e.stderr.contains("not in the cache") && e.stderr.contains(url))
    }
}
