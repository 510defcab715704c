import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// Datetime spellings seen in exports: 0-7 fractional digits, `Z`, an offset or no zone (UTC),
/// `T` or a space.
@Suite struct DateTimeFormsTests {
    static func parse(_ s: String) -> Int64? {
        Array(s.utf8).withUnsafeBufferPointer { FieldParsing.datetime($0) }
    }

    static let base = DateTime.parseISO("2025-05-02T08:01:13Z")!

    @Test func fractionalDigits() {
        let cases: [(String, Int64)] = [
            ("2025-05-02T08:01:13Z", 0), ("2025-05-02T08:01:13.4Z", 4_000_000), ("2025-05-02T08:01:13.44Z", 4_400_000),
            ("2025-05-02T08:01:13.443Z", 4_430_000), ("2025-05-02T08:01:13.4431Z", 4_431_000),
            ("2025-05-02T08:01:13.44312Z", 4_431_200), ("2025-05-02T08:01:13.443120Z", 4_431_200),
            ("2025-05-02T08:01:13.4431207Z", 4_431_207),
        ]
        for (s, ticks) in cases { #expect(Self.parse(s) == Self.base + ticks, "\(s)") }
    }

    @Test func zonesAndSeparators() {
        #expect(Self.parse("2025-05-02T08:01:13") == Self.base)                 // no zone = UTC
        #expect(Self.parse("2025-05-02 08:01:13") == Self.base)                 // space
        #expect(Self.parse("2025-05-02 08:01:13.4431207") == Self.base + 4_431_207)
        #expect(Self.parse("2025-05-02T10:01:13+02:00") == Self.base)           // offset
        #expect(Self.parse("2025-05-02T02:31:13-05:30") == Self.base)
        #expect(Self.parse("2025-05-02T10:01:13.5+02:00") == Self.base + 5_000_000)
        #expect(Self.parse("2025-05-02") == DateTime.parseISO("2025-05-02T00:00:00Z"))
        #expect(Self.parse("5/2/2025, 8:01:13.000 AM") == Self.base)            // Log Analytics portal CSV
        #expect(Self.parse("not a date") == nil)
    }
}
