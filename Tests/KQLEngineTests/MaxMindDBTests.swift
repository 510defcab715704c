import Foundation
import KQLColumns
@testable import KQLEngine
import Testing

/// The MaxMind DB reader behind geo_info_from_ip_address: the fixtures made by MaxMind-compatible
/// writer (Tests/LogicTests/data/geo/make_geoip_fixture.py), and hostile files (every truncation,
/// flipped bytes, garbage), which must give an error at open or a nil lookup, never a crash.
@Suite struct MaxMindDBTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LogicTests/data/geo")

    static func fixture(_ size: Int) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: dir.appendingPathComponent("geoip-city-\(size).mmdb")))
    }

    static func v4(_ s: String) -> UInt128 {
        s.split(separator: ".").reduce(UInt128(0)) { $0 << 8 | UInt128(UInt8($1)!) }
    }

    @Test(arguments: [24, 28, 32]) func readsEveryRecordSize(_ size: Int) throws {
        let db = try MaxMindDatabase(bytes: try Self.fixture(size))
        #expect(db.recordSize == size)
        #expect(db.ipVersion == 6)
        #expect(db.databaseType == "GeoLite2-City")
        let sydney = try #require(db.lookup(address: Self.v4("20.53.203.50"), isV4: true))
        #expect(sydney.at(["city", "names", "en"]) == .string("Sydney"))
        #expect(sydney.at(["subdivisions", 0, "names", "en"]) == .string("New South Wales"))
        #expect(sydney.at(["location", "latitude"]) == .double(-33.8715))
        #expect(sydney.at(["location", "accuracy_radius"]) == .uint(20))
        #expect(sydney.at(["city", "geoname_id"]) == .uint(2147714))
        // Every address of the /24, none beside it.
        #expect(db.lookup(address: Self.v4("20.53.203.0"), isV4: true) == sydney)
        #expect(db.lookup(address: Self.v4("20.53.203.255"), isV4: true) == sydney)
        #expect(db.lookup(address: Self.v4("20.53.204.0"), isV4: true) == nil)
        #expect(db.lookup(address: Self.v4("8.8.8.8"), isV4: true) == nil)
        let boca = try #require(db.lookup(address: UInt128(0x2a03_2880_f12c_0083_face_b00c_0000_25de), isV4: false))
        #expect(boca.at(["country", "names", "en"]) == .string("United States"))
        #expect(db.lookup(address: UInt128(0x2001_0db8) << 96, isV4: false) == nil)
    }

    @Test func theFunctionReadsTheBag() throws {
        let db = try MaxMindDatabase(bytes: try Self.fixture(24))
        let bag = geoInfo(db, .string("20.53.203.50"))
        #expect(bag == .object(PropertyBag([("country", .string("Australia")), ("state", .string("New South Wales")),
                                             ("city", .string("Sydney")), ("latitude", .real(-33.8715)), ("longitude", .real(151.2006))])))
        #expect(geoInfo(db, .string("::ffff:20.53.203.50")) == bag)
    }

    @Test func withoutADatabaseOneWarningSaysHowToGiveOne() throws {
        let r = try QuerySession().run("print a=geo_info_from_ip_address('1.2.3.4'), b=geo_info_from_ip_address('5.6.7.8')")
        #expect(r.warnings.filter { $0.contains("--geoip") && $0.contains("QUARRY_GEOIP") }.count == 1)
        #expect(r.table.rows().first?.allSatisfy { v in
            if case .null = v { return true }
            if case .dynamic(.null) = v { return true }
            return false
        } == true)
        var o = QueryOptions()
        o.geoip = try MaxMindDatabase(bytes: try Self.fixture(24))
        let withDB = try QuerySession().run("print geo_info_from_ip_address('20.53.203.50').city", options: o)
        #expect(withDB.warnings.isEmpty)
    }

    @Test func notADatabase() {
        for bytes in [[UInt8](), [UInt8](repeating: 0, count: 1000), Array("hello".utf8), MaxMindDatabase.marker] {
            #expect(throws: MaxMindDBError.self) { try MaxMindDatabase(bytes: bytes) }
        }
    }

    /// Looks up a few addresses; what matters is that nothing traps.
    static func probe(_ bytes: [UInt8]) {
        guard let db = try? MaxMindDatabase(bytes: bytes) else { return }
        for a in ["20.53.203.50", "198.51.100.7", "8.8.8.8", "0.0.0.0", "255.255.255.255"] { _ = geoInfo(db, .string(a)) }
        _ = geoInfo(db, .string("2a03:2880:f12c:83:face:b00c::25de"))
        _ = geoInfo(db, .string("ffff::1"))
    }

    @Test(arguments: [24, 28, 32]) func everyTruncationIsSafe(_ size: Int) throws {
        let bytes = try Self.fixture(size)
        for n in 0..<bytes.count { Self.probe(Array(bytes.prefix(n))) }
        // Cut from the front too (the tree then holds data bytes and the offsets are all off).
        for n in stride(from: 1, to: bytes.count, by: 7) { Self.probe(Array(bytes.dropFirst(n))) }
    }

    @Test(arguments: [24, 28, 32]) func flippedBytesAreSafe(_ size: Int) throws {
        let bytes = try Self.fixture(size)
        var rng = SplitMix(seed: UInt64(size))
        for i in 0..<bytes.count {
            for value: UInt8 in [0x00, 0xFF, 0x20, 0x3F, UInt8(truncatingIfNeeded: rng.next())] {
                var b = bytes
                b[i] = value
                Self.probe(b)
            }
        }
        for _ in 0..<300 {
            var b = bytes
            for _ in 0..<8 { b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            Self.probe(b)
        }
    }

    @Test func garbageAfterAMarkerIsSafe() {
        var rng = SplitMix(seed: 7)
        for length in [0, 1, 2, 5, 16, 64, 300] {
            for _ in 0..<200 {
                let tree = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let meta = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                Self.probe(tree + MaxMindDatabase.marker + meta)
            }
        }
    }

    @Test func pointerLoopsAndDeepNestingAreRefused() {
        // A pointer to itself, an array that nests 1,000 levels, and a map claiming 2^24 pairs.
        let selfPointer: [UInt8] = [0x20, 0x00]
        var d = MMDBDecoder(bytes: selfPointer, base: 0, end: selfPointer.count)
        #expect(d.decode(at: 0) == nil)
        let deep: [UInt8] = (0..<2000).map { $0 % 2 == 0 ? 0x01 : 0x04 }
        var d2 = MMDBDecoder(bytes: deep, base: 0, end: deep.count)
        #expect(d2.decode(at: 0) == nil)
        let hugeMap: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        var d3 = MMDBDecoder(bytes: hugeMap, base: 0, end: hugeMap.count)
        #expect(d3.decode(at: 0) == nil)
    }
}

/// A small deterministic generator (SplitMix64) for the fuzz cases.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D4_9BB5_49B1_33EB
        return z ^ (z >> 31)
    }
}
