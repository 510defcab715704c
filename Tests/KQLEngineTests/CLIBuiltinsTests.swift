import Foundation
import Testing

/// The CLI side of the Defender and Sentinel built-ins: watchlist files (--watchlist,
/// --watchlist-dir) for _GetWatchlist(), and one warning per query for the built-ins whose data
/// is not local (FileProfile(), SeenBy(), ingestion_time() with no ingestion column).
@Suite struct CLIBuiltinsTests {
    let cli = CLIGovernanceTests()

    @Test func watchlistFileAndSearchKey() throws {
        let d = CLIFilesTests.dir()
        // Sentinel watchlists-queries.md's ipwatchlist example.
        CLIFilesTests.write("IPAddress,Location\n10.0.100.11,Home\n172.16.107.23,Work\n10.0.150.39,Home\n172.20.32.117,Work\n", d + "/ipwatchlist.csv")
        guard let r = try cli.quarry(["query", "--watchlist", "ipwatchlist=" + d + "/ipwatchlist.csv",
                                      "_GetWatchlist('ipwatchlist') | where SearchKey startswith '172.' | project Location", "--format", "csv"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Location\nWork\nWork\n")
        // NAME:KEY=PATH: Location is the search key.
        guard let k = try cli.quarry(["query", "--watchlist", "ipwatchlist:Location=" + d + "/ipwatchlist.csv",
                                      "_GetWatchlist('ipwatchlist') | where SearchKey == 'Home' | count", "--format", "csv"]) else { return }
        #expect(k.status == 0, "\(k.stderr)")
        #expect(k.stdout == "Count\n2\n")
        // --watchlist-dir: every NAME.csv.
        guard let w = try cli.quarry(["query", "--watchlist-dir", d, "_GetWatchlist('ipwatchlist') | count", "--format", "csv"]) else { return }
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stdout == "Count\n4\n")
        // An unbound watchlist is an error naming it and the option.
        guard let u = try cli.quarry(["query", "_GetWatchlist('other') | count"]) else { return }
        #expect(u.status != 0)
        #expect(u.stderr.contains("watchlist 'other' is not bound"))
        guard let bad = try cli.quarry(["query", "--watchlist", "=x.csv", "print 1"]) else { return }
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--watchlist expects NAME=PATH"))
    }

    @Test func offlineBuiltinsWarnOncePerQuery() throws {
        let d = CLIFilesTests.dir()
        CLIFilesTests.write("Timestamp,FileName,SHA1\n2025-05-01T00:00:00Z,a.exe,aaaa\n2025-05-01T00:00:01Z,b.exe,bbbb\n", d + "/DeviceFileEvents.csv")
        let query = """
            union (DeviceFileEvents | invoke FileProfile()), (DeviceFileEvents | invoke FileProfile("SHA1", 10))
            | extend t = ingestion_time(), u = ingestion_time()
            | where isnull(GlobalPrevalence) and isnull(t)
            | count
            """
        guard let r = try cli.quarry(["query", "--data", d, query, "--format", "csv"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Count\n4\n")
        #expect(r.stderr.components(separatedBy: "FileProfile(): Microsoft's file profiles are not available offline").count == 2)
        #expect(r.stderr.components(separatedBy: "ingestion_time() is null").count == 2)
        // With the profiles bound, no warning and the columns are filled.
        CLIFilesTests.write("SHA1,GlobalPrevalence\naaaa,7\n", d + "/profiles.csv")
        guard let b = try cli.quarry(["query", "--data", d, "--table", "FileProfile=" + d + "/profiles.csv",
                                      "DeviceFileEvents | invoke FileProfile() | project FileName, GlobalPrevalence, ProfileAvailability", "--format", "csv"]) else { return }
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stdout == "FileName,GlobalPrevalence,ProfileAvailability\na.exe,7,Available\nb.exe,,Missing\n")
        #expect(!b.stderr.contains("warning"))
    }
}
