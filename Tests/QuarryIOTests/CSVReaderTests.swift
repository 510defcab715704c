import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

@Suite struct CSVReaderTests {
    @Test func telemetrySampleTypedFromCatalog() throws {
        let csv = """
        Timestamp,DeviceName,ActionType,RemoteIP,RemotePort,LocalPort,AdditionalFields
        2025-05-02T08:01:13.4431207Z,ws01.contoso.local,InboundConnectionAccepted,::ffff:10.1.2.3,50122,3389,
        2025-05-02T08:02:00Z,ws01.contoso.local,DnsConnectionInspected,10.0.0.1,53,,"{""direction"":""Out"",""query"":""x.test""}"

        """
        let (t, r) = try readText(csv, table: "DeviceNetworkEvents")
        #expect(t.rowCount == 2)
        #expect(r.forms["DeviceNetworkEvents"] == .advancedHunting)
        #expect(t.schema.names == ["Timestamp", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "LocalPort", "AdditionalFields"])
        #expect(t.type("Timestamp") == .datetime)
        #expect(t.type("RemotePort") == .int)
        #expect(t.type("AdditionalFields") == .string)
        #expect(r.inferredColumns.isEmpty)
        #expect(t.column("Timestamp")[0] == .datetime(DateTime.parseISO("2025-05-02T08:01:13.4431207Z")!))
        #expect(t.column("LocalPort") == [.int(3389), .null(.int)])
        #expect(t.column("AdditionalFields") == [.string(""), .string(#"{"direction":"Out","query":"x.test"}"#)])
    }
}
