import Foundation
import Testing

/// The CLI reads query files as bytes: invalid UTF-8 is a positioned error, not U+FFFD.
@Suite struct CLIQueryBytesTests {
    @Test func aQueryFileWithInvalidUTF8IsAPositionedError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-bad-utf8-\(getpid()).kql").path
        var bytes = Array("print x = \"ab".utf8)
        bytes.append(0xFF)
        bytes += Array("cd\"\n".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let r = try CLIGovernanceTests().quarry(["run", path]) else { return }
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(path):1:14: error: invalid UTF-8: byte 0xff"))
        #expect(r.stdout.isEmpty)
    }
}
