import Foundation
import KQLColumns

/// The bytes of an input file as the readers see them: memory-mapped, and gzip-decompressed when
/// the file starts with the gzip magic number (whatever its name), so every format also reads
/// as `.gz`.
enum FileContents {
    /// Reads `file`; a gzip file is inflated in memory. Errors name the file.
    static func load(_ file: String) throws -> (data: Data, compressed: Bool) {
        let mapped: Data
        do {
            mapped = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
        } catch {
            throw ReadError(file: file, line: 0, column: 0, message: "cannot read file: \(error.localizedDescription)")
        }
        guard Gzip.isGzip(mapped) else { return (mapped, false) }
        do {
            return (try Gzip.decompress(mapped), true)
        } catch {
            let what = error.truncated ? "truncated gzip file" : "corrupt gzip file"
            throw ReadError(file: file, line: 0, column: 0, message: "\(what): \(error.description)")
        }
    }
}
