import Foundation
import KQLColumns
@testable import QuarryIO

/// Paths relative to this test file: fixtures, a scratch directory, and the shared data folder.
enum TestPaths {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures").path
    /// Repo root is two levels above Tests/QuarryIOTests; the shared folder sits next to the worktree.
    static let repoRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared").path
    static var realData: String { shared + "/data/real" }

    static func fixture(_ name: String) -> String { fixtures + "/" + name }

    /// A fresh temporary directory for one test.
    static func tempDir(_ tag: String = #function) -> String {
        let safe = tag.filter { $0.isLetter || $0.isNumber }
        let d = NSTemporaryDirectory() + "quarryio-\(safe)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Writes `text` to a temp file and returns its path.
    static func write(_ text: String, name: String = "data.csv", tag: String = #function) -> String {
        let p = tempDir(tag) + "/" + name
        FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }
}

extension Table {
    func column(_ name: String) -> [Value] {
        guard let j = schema.index(of: name) else { return [] }
        return batches.flatMap { b in (0..<b.count).map { b.columns[j].value(at: $0) } }
    }
    func type(_ name: String) -> KQLType? { schema.index(of: name).map { schema.fields[$0].type } }
}

func readText(_ text: String, name: String = "data.csv", table: String? = nil, skip: Bool = false,
              tag: String = #function) throws -> (Table, ReadReport) {
    var o = ReadOptions()
    o.skipBadRows = skip
    return try TableReader.read(path: TestPaths.write(text, name: name, tag: tag), tableName: table, options: o)
}
