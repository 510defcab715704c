import Foundation
import KQLColumns
@testable import QuarryIO
import Testing

/// A projected CSV read checks UTF-8 in the string fields it reads, not in the whole file.
@Suite struct ProjectedUTF8Tests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-utf8-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let bytes: [UInt8] = Array("DeviceName,ActionType\nws1,ok\nws2,ca".utf8) + [0xC3, 0x28] + Array("\n".utf8)

    @Test func invalidBytesInARequestedColumnAreAnError() throws {
        let path = try Self.file(Self.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["ActionType"], predicates: [])
            Issue.record("expected an error")
        } catch let e as ReadError {
            #expect(e.message.contains("invalid UTF-8"))
            #expect(e.line == 3)
        }
    }

    @Test func invalidBytesInAColumnNotReadAreNotSeen() throws {
        let path = try Self.file(Self.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (t, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["DeviceName"], predicates: [])
        #expect(t.rowCount == 2)
        // A full read still rejects the file.
        #expect(throws: ReadError.self) { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: ReadOptions()) }
    }
}
