import Foundation
import KQLColumns
import KQLEngine
import QuarryIO
import QuarryWorkspace
import Testing

/// The workspace binds a folder lazily and keeps what it read while the files are unchanged.
@Suite struct WorkspaceTests {
    static func tempDir(_ tag: String = #function) -> String {
        let d = NSTemporaryDirectory() + "quarry-ws-\(tag.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func write(_ text: String, to path: String) {
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    static func count(_ tables: [String: any TableProvider], _ query: String) throws -> Int {
        try QuerySession(tables: tables).run(query).table.rowCount
    }

    @Test func bindsAFolderByFileName() throws {
        let dir = Self.tempDir()
        Self.write("a,b\n1,x\n2,y\n", to: dir + "/Things.csv")
        let ws = Workspace(WorkspaceSpec(dataDirectories: [dir]), log: { _ in })
        let tables = try ws.tables(queryText: "Things | count")
        #expect(tables.keys.sorted() == ["Things"])
        #expect(try Self.count(tables, "Things | where a > 1") == 1)
    }

    /// A catalog alias is bound as well: hunts write GraphAPIAuditEvents, the docs GraphApiAuditEvents.
    @Test func bindsATablesCatalogAliases() throws {
        let dir = Self.tempDir()
        Self.write("Timestamp,RequestUri\n2025-05-01T00:00:00Z,https://graph.microsoft.com/v1.0/me\n", to: dir + "/GraphAPIAuditEvents.csv")
        let ws = Workspace(WorkspaceSpec(dataDirectories: [dir]), log: { _ in })
        let tables = try ws.tables(queryText: "GraphAPIAuditEvents | count")
        #expect(tables.keys.sorted() == ["GraphAPIAuditEvents", "GraphApiAuditEvents"])
        #expect(try Self.count(tables, "GraphAPIAuditEvents | where RequestUri has 'me'") == 1)
        #expect(try Self.count(tables, "GraphApiAuditEvents") == 1)
    }

    @Test func keepsATableWhileItsFileIsUnchanged() throws {
        let dir = Self.tempDir()
        Self.write("a,b\n1,x\n2,y\n", to: dir + "/Things.csv")
        let ws = Workspace(WorkspaceSpec(dataDirectories: [dir]), log: { _ in })
        let first = try ws.tables(queryText: "Things")["Things"] as AnyObject
        let second = try ws.tables(queryText: "Things")["Things"] as AnyObject
        #expect(first === second)
    }

    @Test func bindsAgainWhenTheFileChanges() throws {
        let dir = Self.tempDir()
        Self.write("a,b\n1,x\n2,y\n", to: dir + "/Things.csv")
        let ws = Workspace(WorkspaceSpec(dataDirectories: [dir]), log: { _ in })
        let first = try ws.tables(queryText: "Things")
        #expect(try Self.count(first, "Things") == 2)
        Self.write("a,b,c\n1,x,q\n2,y,r\n3,z,s\n", to: dir + "/Things.csv")
        let second = try ws.tables(queryText: "Things")
        #expect(first["Things"] as AnyObject !== second["Things"] as AnyObject)
        #expect(try Self.count(second, "Things") == 3)
        #expect(second["Things"]?.schema.names == ["a", "b", "c"])
    }

    @Test func seesAFileAddedToTheFolder() throws {
        let dir = Self.tempDir()
        Self.write("a\n1\n", to: dir + "/One.csv")
        let ws = Workspace(WorkspaceSpec(dataDirectories: [dir]), log: { _ in })
        #expect(try ws.tables().keys.sorted() == ["One"])
        Self.write("a\n1\n", to: dir + "/Two.csv")
        #expect(try ws.tables().keys.sorted() == ["One", "Two"])
    }

    @Test func readsALineListAndTableSpecs() throws {
        let dir = Self.tempDir()
        Self.write("1.2.3.4\n5.6.7.8\n", to: dir + "/iocs.txt")
        Self.write("a\n1\n2\n3\n", to: dir + "/t.csv")
        let ws = Workspace(WorkspaceSpec(tables: [TableFileSpec(name: "Iocs", path: dir + "/iocs.txt", lines: true),
                                                  TableFileSpec(name: "T", path: dir + "/t.csv", lines: false)]), log: { _ in })
        let tables = try ws.tables(queryText: "Iocs")
        #expect(try Self.count(tables, "Iocs") == 2)
        #expect(try Self.count(tables, "T") == 3)
    }

    @Test func aFileTheQueryNamesFailsBeforeTheQuery() throws {
        let dir = Self.tempDir()
        let ws = Workspace(WorkspaceSpec(tables: [TableFileSpec(name: "Missing", path: dir + "/nope.csv", lines: false)]), log: { _ in })
        #expect(throws: (any Error).self) { try ws.tables(queryText: "Missing | count") }
        #expect(try ws.tables(queryText: "print 1").keys.sorted() == ["Missing"])
    }

    @Test func signatureTracksSizeAndPresence() throws {
        let dir = Self.tempDir()
        let a = FileSignature(paths: [dir])
        Self.write("x", to: dir + "/f")
        let b = FileSignature(paths: [dir])
        #expect(a != b)
        #expect(b == FileSignature(paths: [dir]))
    }
}

/// With a row budget (the server) the first scan reads the table whole and later scans use it.
@Suite struct WorkspaceRowCacheTests {
    @Test func keepsRowsAfterTheFirstScanAndDropsThemWhenTheFileChanges() throws {
        let dir = WorkspaceTests.tempDir()
        WorkspaceTests.write("a,b\n1,x\n2,y\n", to: dir + "/Things.csv")
        let ws = Workspace(WorkspaceSpec(dataDirectories: [dir]), keepRowsBytes: 1 << 20, log: { _ in })
        let tables = try ws.tables(queryText: "Things")
        let t = try #require(tables["Things"] as? FileTable)
        #expect(!t.holdsRows)
        #expect(try WorkspaceTests.count(tables, "Things | where a > 1 | project b") == 1)
        #expect(t.holdsRows)
        #expect(try WorkspaceTests.count(tables, "Things | where b == 'x'") == 1)
        #expect(ws.rowBudget!.usedBytes > 0)
        WorkspaceTests.write("a,b\n1,x\n2,y\n3,z\n", to: dir + "/Things.csv")
        let again = try ws.tables(queryText: "Things")
        #expect(try WorkspaceTests.count(again, "Things") == 3)
    }

    @Test func aTableOverTheBudgetIsReadFromItsFiles() throws {
        let dir = WorkspaceTests.tempDir()
        WorkspaceTests.write("a,b\n1,x\n2,y\n", to: dir + "/Things.csv")
        let ws = Workspace(WorkspaceSpec(dataDirectories: [dir]), keepRowsBytes: 4, log: { _ in })
        let tables = try ws.tables(queryText: "Things")
        #expect(try WorkspaceTests.count(tables, "Things") == 2)
        #expect((tables["Things"] as? FileTable)?.holdsRows == false)
        #expect(ws.rowBudget!.usedBytes == 0)
    }
}
