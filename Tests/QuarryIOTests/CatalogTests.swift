import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// The schema catalog (Sources/QuarryIO/Catalog/catalog.json): coverage, well-formedness and the
/// Advanced Hunting vs Sentinel typing of JSON-text columns.
@Suite struct CatalogTests {
    static let advancedHunting = [
        "DeviceEvents", "DeviceFileEvents", "DeviceImageLoadEvents", "DeviceInfo", "DeviceLogonEvents", "DeviceNetworkEvents",
        "DeviceNetworkInfo", "DeviceProcessEvents", "DeviceRegistryEvents", "DeviceFileCertificateInfo",
        "DeviceTvmSoftwareVulnerabilities", "DeviceTvmSoftwareInventory", "DeviceTvmSecureConfigurationAssessment",
        "DeviceTvmSoftwareVulnerabilitiesKB", "DeviceTvmSecureConfigurationAssessmentKB",
        "EmailEvents", "EmailAttachmentInfo", "EmailUrlInfo", "EmailPostDeliveryEvents",
        "IdentityLogonEvents", "IdentityQueryEvents", "IdentityDirectoryEvents", "IdentityInfo",
        "AlertInfo", "AlertEvidence", "CloudAppEvents", "UrlClickEvents", "BehaviorInfo", "BehaviorEntities",
        "ExposureGraphNodes", "ExposureGraphEdges", "AADSignInEventsBeta", "AADSpnSignInEventsBeta",
    ]
    static let sentinel = [
        "SigninLogs", "AADNonInteractiveUserSignInLogs", "AuditLogs", "SecurityEvent", "OfficeActivity", "CommonSecurityLog",
        "Syslog", "AzureActivity", "SecurityAlert", "SecurityIncident", "ThreatIntelligenceIndicator", "DnsEvents",
        "W3CIISLog", "Event", "Heartbeat", "AzureDiagnostics",
        // Defender tables as Sentinel stores them
        "DeviceNetworkEvents", "DeviceProcessEvents", "EmailEvents", "IdentityLogonEvents", "AlertEvidence", "CloudAppEvents",
        "DeviceTvmSoftwareVulnerabilities",
    ]

    @Test func coversTheHuntingTables() {
        for t in Self.advancedHunting {
            #expect(SchemaCatalog.lookup(table: t).contains { $0.kind == .advancedHunting }, "\(t) AH form")
        }
        for t in Self.sentinel {
            #expect(SchemaCatalog.lookup(table: t).contains { $0.kind == .sentinel }, "\(t) Sentinel form")
        }
        #expect(SchemaCatalog.tableNames.count >= 80)
    }

    @Test func formsAreWellFormed() {
        for name in SchemaCatalog.tableNames {
            let forms = SchemaCatalog.lookup(table: name)
            #expect(!forms.isEmpty, "\(name)")
            #expect(Set(forms.map(\.kind)).count == forms.count, "\(name): one form per kind")
            for f in forms {
                let names = f.schema.fields.map(\.name)
                #expect(!names.isEmpty, "\(name)")
                #expect(Set(names).count == names.count, "\(name) \(f.kind): duplicate column")
                if !f.timeColumn.isEmpty { #expect(f.type(of: f.timeColumn) == .datetime, "\(name) time column") }
                if f.kind == .sentinel && f.timeColumn == "TimeGenerated" {
                    #expect(f.type(of: "TenantId") == .string, "\(name) TenantId")
                }
            }
        }
    }

    @Test func everyTableHasASourceNoteAndKnownTypes() throws {
        let path = TestPaths.repoRoot.appendingPathComponent("Sources/QuarryIO/Catalog/catalog.json").path
        let root = try JSON.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        guard case .object(let top) = root, case .array(let tables)? = top["tables"] else { Issue.record("bad catalog"); return }
        #expect(tables.count == SchemaCatalog.tableNames.count)
        for case .object(let t) in tables {
            guard case .string(let name)? = t["name"] else { Issue.record("unnamed table"); continue }
            guard case .string(let source)? = t["source"] else { Issue.record("\(name): no source"); continue }
            #expect(!source.isEmpty, "\(name)")
            guard case .array(let forms)? = t["forms"] else { continue }
            for case .object(let f) in forms {
                guard case .array(let cols)? = f["columns"] else { continue }
                for case .array(let pair) in cols {
                    guard pair.count == 2, case .string(let tn) = pair[1] else { Issue.record("\(name): bad column"); continue }
                    #expect(KQLType(name: tn) != nil, "\(name): type \(tn)")
                }
            }
        }
    }

    @Test func jsonTextColumnsAreStringInAdvancedHuntingAndDynamicInSentinel() {
        for t in ["DeviceNetworkEvents", "DeviceProcessEvents", "DeviceEvents", "DeviceFileEvents", "DeviceLogonEvents", "EmailEvents", "AlertEvidence"] {
            let forms = SchemaCatalog.lookup(table: t)
            #expect(forms.first { $0.kind == .advancedHunting }?.type(of: "AdditionalFields") == .string, "\(t) AH")
            #expect(forms.first { $0.kind == .sentinel }?.type(of: "AdditionalFields") == .dynamic, "\(t) Sentinel")
        }
        // Documented as dynamic in both dialects.
        #expect(SchemaCatalog.lookup(table: "CloudAppEvents").first { $0.kind == .advancedHunting }?.type(of: "RawEventData") == .dynamic)
    }

    @Test func documentedTypesSpotChecks() {
        func ah(_ t: String, _ c: String) -> KQLType? { SchemaCatalog.lookup(table: t).first { $0.kind == .advancedHunting }?.type(of: c) }
        func la(_ t: String, _ c: String) -> KQLType? { SchemaCatalog.lookup(table: t).first { $0.kind == .sentinel }?.type(of: c) }
        #expect(ah("EmailEvents", "EmailClusterId") == .long)
        #expect(ah("EmailEvents", "BulkComplaintLevel") == .int)
        #expect(ah("DeviceTvmSecureConfigurationAssessment", "ConfigurationImpact") == .real)
        #expect(ah("DeviceTvmSoftwareVulnerabilitiesKB", "IsExploitAvailable") == .bool)
        #expect(ah("IdentityLogonEvents", "Port") == .int)
        #expect(la("SecurityEvent", "EventID") == .int)
        #expect(la("SigninLogs", "ResultType") == .string)
        #expect(la("SigninLogs", "LocationDetails") == .dynamic)
        #expect(la("CommonSecurityLog", "DestinationPort") == .int)
        #expect(la("Syslog", "TenantId") == .string)
    }

    @Test func tablesFromStorageFolderNames() {
        #expect(SchemaCatalog.table(fromPathComponent: "insights-logs-advancedhunting-emailevents") == "EmailEvents")
        #expect(SchemaCatalog.table(fromPathComponent: "insights-logs-advancedhunting-identitylogonevents") == "IdentityLogonEvents")
        #expect(SchemaCatalog.table(fromPathComponent: "am-SigninLogs") == "SigninLogs")
        #expect(SchemaCatalog.table(fromPathComponent: "AlertEvidence.csv.gz") == "AlertEvidence")
        #expect(SchemaCatalog.table(fromCategory: "AdvancedHunting-UrlClickEvents") == "UrlClickEvents")
    }
}
