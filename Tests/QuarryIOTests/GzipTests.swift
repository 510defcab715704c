import Foundation
import Testing
@testable import QuarryIO
@testable import KQLColumns

/// Round trips against files made by Python's gzip/zlib modules (see Fixtures/gzip).
@Suite struct GzipTests {
    static func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("gzip/" + name)))
    }

    static func inflate(_ name: String) throws -> Data { try Gzip.decompress(try bytes(name)) }

    @Test func storedBlocks() throws {
        // Incompressible payload in several stored (uncompressed) blocks.
        #expect(try Self.inflate("stored.gz") == (try Self.bytes("random.bin")))
    }

    @Test func fixedHuffmanBlocks() throws {
        let text = try Self.bytes("text.txt")
        #expect(try Self.inflate("fixed.gz") == text.prefix(5000))
    }

    @Test func dynamicHuffmanBlocksWithFileName() throws {
        #expect(try Self.inflate("dynamic.gz") == (try Self.bytes("text.txt")))
    }

    @Test func optionalHeaderFields() throws {
        // FEXTRA, FCOMMENT and FHCRC (header CRC-16) all present.
        #expect(try Self.inflate("headers.gz") == (try Self.bytes("text.txt")).prefix(1000))
    }

    @Test func multiMemberWithZeroPadding() throws {
        #expect(try Self.inflate("multimember.gz") == (try Self.bytes("text.txt")))
    }

    @Test func emptyMember() throws {
        #expect(try Self.inflate("empty.gz").isEmpty)
    }

    @Test func truncatedInput() throws {
        for name in ["truncated.gz", "truncated-trailer.gz"] {
            do {
                _ = try Self.inflate(name)
                Issue.record("\(name) decoded")
            } catch {
                #expect((error as? DecompressionError)?.truncated == true, "\(name): \(error)")
            }
        }
        // Every prefix of a valid file fails cleanly (no crash, no hang).
        let whole = try Self.bytes("dynamic.gz")
        for cut in stride(from: 0, to: whole.count, by: 97) {
            #expect(throws: DecompressionError.self) { _ = try Gzip.decompress(whole.prefix(cut)) }
        }
    }

    @Test func checksumMismatch() throws {
        #expect { _ = try Self.inflate("badcrc.gz") } throws: { e in
            (e as? DecompressionError)?.message.contains("CRC-32") == true
        }
    }

    @Test func corruptDataNeverCrashes() throws {
        var rng = SystemRandomNumberGenerator()
        let whole = [UInt8](try Self.bytes("dynamic.gz"))
        for _ in 0..<200 {
            var b = whole
            let i = Int.random(in: 10..<b.count, using: &rng)
            b[i] ^= UInt8.random(in: 1...255, using: &rng)
            _ = try? Gzip.decompress(Data(b))   // error or (rarely) data; never a trap
        }
    }

    @Test func crc32KnownValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func truncatedGzipThroughReaderNamesFile() throws {
        let dir = TestPaths.tempDir()
        let path = dir + "/DeviceNetworkEvents.csv.gz"
        try FileManager.default.copyItem(atPath: TestPaths.fixture("gzip/truncated.gz"), toPath: path)
        #expect { _ = try TableReader.read(path: path, tableName: nil, options: ReadOptions()) } throws: { e in
            guard let r = e as? ReadError else { return false }
            return r.file == path && r.message.contains("truncated gzip")
        }
    }
}
