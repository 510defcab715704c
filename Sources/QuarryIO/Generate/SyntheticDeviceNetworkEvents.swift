import Foundation
import KQLColumns

/// What synthetic DeviceNetworkEvents data to write.
public struct GeneratorOptions: Sendable {
    public enum Form: String, Sendable { case advancedHunting, sentinel }
    public enum Format: String, Sendable {
        /// Defender portal style CSV export with a header.
        case csv
        /// One flat JSON object per line (AH rows, or Log Analytics export rows for `.sentinel`).
        case jsonl
        /// Advanced Hunting: Streaming API records, one per line (`PT1H.json` style).
        /// Sentinel: Event Hub bodies `{"records":[…]}` of flat rows, one body per line.
        case streaming
    }

    public var seed: UInt64 = 1
    public var rows: Int = 10_000
    /// The newest possible event time (ticks); events spread over `days` before it.
    public var end: Int64 = DateTime.ticks(year: 2025, month: 6, day: 1)
    public var days: Int = 14
    public var form: Form = .advancedHunting
    public var format: Format = .csv
    /// Number of ordinary workstations (besides the investigated device).
    public var devices: Int = 5_000
    /// Records per `{"records":[…]}` body (Sentinel streaming).
    public var recordsPerBody: Int = 100
    /// Catalog generator only: strings mixed into string columns (a third of their cells), e.g.
    /// a hunt's literals so that its filters find rows. Empty: none (the classic generator ignores it).
    public var vocabulary: [String] = []

    public init(seed: UInt64 = 1, rows: Int = 10_000, end: Int64 = DateTime.ticks(year: 2025, month: 6, day: 1),
                days: Int = 14, form: Form = .advancedHunting, format: Format = .csv) {
        self.seed = seed
        self.rows = rows
        self.end = end
        self.days = days
        self.form = form
        self.format = format
    }
}

/// Deterministic synthetic DeviceNetworkEvents (same options → same bytes), shaped like real
/// Defender data: thousands of devices plus the investigated device `test.domain.tld` (with a
/// large share of InboundConnectionAccepted rows and occasional case variants of its name),
/// realistic ActionType shares, and every RemoteIP form (IPv4 public/private, `::ffff:` mapped,
/// IPv6, loopback, empty).
public enum SyntheticDeviceNetworkEvents {
    public static let investigatedDevice = "test.domain.tld"
    public static let tenantId = "4a1e7c2b-93d0-4f5e-8b6a-2c9d1e0f3a57"
    public static let workspaceId = "b7e2d9a1-6c43-4e08-9f15-3d2a8c7b0e64"

    /// The columns written, in order, for a form.
    public static func schema(_ form: GeneratorOptions.Form) -> Schema {
        Schema(columns(form).map { Field(name($0, form), $0.type(form)) })
    }

    public static func write(_ options: GeneratorOptions, to path: String) throws {
        var out = try OutputBuffer(path: path)
        var g = RowGenerator(options: options)
        let cols = columns(options.form)
        let keys: [[UInt8]] = cols.map { Array("\"\(name($0, options.form))\":".utf8) }
        switch options.format {
        case .csv:
            for (i, c) in cols.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: ",")) }
                out.raw(Array(name(c, options.form).utf8))
            }
            out.ascii("\r\n")
            for _ in 0..<options.rows {
                g.next()
                for (i, c) in cols.enumerated() {
                    if i > 0 { out.byte(UInt8(ascii: ",")) }
                    g.emitCSV(c, &out)
                }
                out.ascii("\r\n")
                try out.maybeFlush()
            }
        case .jsonl:
            for _ in 0..<options.rows {
                g.next()
                g.emitObject(cols, keys, &out)
                out.byte(0x0A)
                try out.maybeFlush()
            }
        case .streaming where options.form == .advancedHunting:
            for _ in 0..<options.rows {
                g.next()
                out.ascii("{\"time\":\"")
                out.datetime(g.received)
                out.text("\",\"tenantId\":\"\(tenantId)\",\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":")
                g.emitObject(cols, keys, &out, extraMachineGroup: true)
                out.ascii(",\"Tenant\":\"DefaultTenant\"}\r\n")
                try out.maybeFlush()
            }
        case .streaming:
            var left = options.rows
            let per = max(1, options.recordsPerBody)
            while left > 0 {
                out.ascii("{\"records\":[")
                for i in 0..<min(per, left) {
                    if i > 0 { out.byte(UInt8(ascii: ",")) }
                    g.next()
                    g.emitObject(cols, keys, &out)
                }
                out.ascii("]}\n")
                left -= min(per, left)
                try out.maybeFlush()
            }
        }
        try out.close()
    }

    // MARK: - Columns

    enum Col: CaseIterable {
        case tenantId, time, deviceId, deviceName, actionType, remoteIP, remotePort, remoteUrl, localIP, localPort,
             proto, localIPType, remoteIPType, fileName, processId, commandLine, accountName, folderPath, sha1,
             reportId, appGuard, additionalFields, accountDomain, type, sourceSystem, machineGroup

        func type(_ form: GeneratorOptions.Form) -> KQLType {
            switch self {
            case .time: return .datetime
            case .remotePort, .localPort: return .int
            case .processId, .reportId: return .long
            case .additionalFields: return form == .sentinel ? .dynamic : .string
            default: return .string
            }
        }
    }

    static func columns(_ form: GeneratorOptions.Form) -> [Col] {
        let core: [Col] = [.time, .deviceId, .deviceName, .actionType, .remoteIP, .remotePort, .remoteUrl, .localIP, .localPort,
                           .proto, .localIPType, .remoteIPType, .fileName, .processId, .commandLine, .accountName,
                           .folderPath, .sha1, .reportId, .appGuard, .additionalFields, .accountDomain]
        return form == .advancedHunting ? core : [.tenantId] + core + [.type, .sourceSystem, .machineGroup]
    }

    static func name(_ c: Col, _ form: GeneratorOptions.Form) -> String {
        switch c {
        case .tenantId: return "TenantId"
        case .time: return form == .sentinel ? "TimeGenerated" : "Timestamp"
        case .deviceId: return "DeviceId"
        case .deviceName: return "DeviceName"
        case .actionType: return "ActionType"
        case .remoteIP: return "RemoteIP"
        case .remotePort: return "RemotePort"
        case .remoteUrl: return "RemoteUrl"
        case .localIP: return "LocalIP"
        case .localPort: return "LocalPort"
        case .proto: return "Protocol"
        case .localIPType: return "LocalIPType"
        case .remoteIPType: return "RemoteIPType"
        case .fileName: return "InitiatingProcessFileName"
        case .processId: return "InitiatingProcessId"
        case .commandLine: return "InitiatingProcessCommandLine"
        case .accountName: return "InitiatingProcessAccountName"
        case .folderPath: return "InitiatingProcessFolderPath"
        case .sha1: return "InitiatingProcessSHA1"
        case .reportId: return "ReportId"
        case .appGuard: return "AppGuardContainerId"
        case .additionalFields: return "AdditionalFields"
        case .accountDomain: return "InitiatingProcessAccountDomain"
        case .type: return "Type"
        case .sourceSystem: return "SourceSystem"
        case .machineGroup: return "MachineGroup"
        }
    }
}
