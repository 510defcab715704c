import Foundation
import Testing
@testable import QuarryIO

/// The chunked UTF-8 check (chunks cut before a character's first byte, checked concurrently,
/// released as they are done) finds exactly the first bad byte the one-pass check finds.
@Suite struct UTF8ChunkTests {
    @Test func chunkedEqualsOnePass() throws {
        var rng = UInt64(7)
        func next(_ n: Int) -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int(rng >> 33) % n }
        let pieces: [[UInt8]] = ["a", ",", "\n", "é", "你", "😀", "x"].map { Array($0.utf8) }
        for round in 0..<60 {
            var bytes: [UInt8] = []
            while bytes.count < 3_000 { bytes += pieces[next(pieces.count)] }
            if round % 3 != 0 {
                // Break something: a lone continuation byte, a truncated sequence, or 0xFF.
                let at = next(bytes.count)
                bytes[at] = [0x80, 0xE4, 0xFF][next(3)]
            }
            let path = BadInputTests.write(bytes, name: "utf8-\(round).txt")
            let mapped = try MappedFile(path: path)
            let want = TextEncoding.firstInvalidUTF8(mapped.bytes)
            for chunk in [1, 5, 64, 1_000, 1 << 20] {
                #expect(TextEncoding.firstInvalidUTF8InChunks(mapped.bytes, mapped: mapped, chunkBytes: chunk) == want, "round \(round), chunk \(chunk)")
            }
            if round % 3 == 0 { #expect(want == nil) }
        }
    }
}
