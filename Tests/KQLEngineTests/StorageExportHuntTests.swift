import Foundation
import KQLColumns
import KQLEngine
import QuarryIO
import Testing

/// The founding hunt over a folder laid out like the Streaming API storage export (several
/// hours, two tables, gzip and plain files mixed) returns the same rows as over one portal CSV
/// of the same events, for each device.
@Suite struct StorageExportHuntTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/QuarryIOTests/Fixtures")

    @Test(arguments: ["ws00.contoso.local", "ws01.contoso.local", "ws02.contoso.local"])
    func huntOverFolderEqualsHuntOverCSV(_ device: String) throws {
        let (tables, _) = try TableReader.readDirectory(Self.fixtures.appendingPathComponent("storage").path, options: ReadOptions())
        #expect(Set(tables.keys).isSuperset(of: ["DeviceNetworkEvents", "DeviceProcessEvents"]))
        let folder = try #require(tables["DeviceNetworkEvents"])
        let (csv, _) = try TableReader.read(path: Self.fixtures.appendingPathComponent("hunt/DeviceNetworkEvents.csv").path,
                                            tableName: "DeviceNetworkEvents", options: ReadOptions())
        let hunt = try String(contentsOf: Self.root.appendingPathComponent("hunts/inbound-connections.mde.kql"), encoding: .utf8)
        let options = QueryOptions(now: DateTime.parseISO("2025-05-05T00:00:00Z"), parameters: ["CompromisedDevice": device])
        let fromFolder = try QuerySession(tables: ["DeviceNetworkEvents": TableSource(folder)]).run(hunt, options: options).table
        let fromCSV = try QuerySession(tables: ["DeviceNetworkEvents": TableSource(csv)]).run(hunt, options: options).table
        #expect(fromFolder.schema == fromCSV.schema)
        let a = fromFolder.rows().map { "\($0)" }.sorted(), b = fromCSV.rows().map { "\($0)" }.sorted()
        #expect(a == b)
        #expect(!b.isEmpty, "each device has accepted inbound connections in the fixture")
    }
}
