import Foundation
import KQLColumns
import QuarryIO

/// The readers take paths (they memory-map files), so each input is written to one scratch
/// file, in /dev/shm when there is one, and read back through the public `TableReader` API.
public enum Scratch {
    public static let directory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = (base as NSString).appendingPathComponent("quarry-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.directory) }
        return dir
    }()

    /// Writes the bytes to `directory/name` and returns the path.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, name: String) -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "cannot create \(path)")
        var off = 0
        while off < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + off, bytes.count - off)
            precondition(n > 0, "cannot write \(path)")
            off += n
        }
        close(fd)
        return path
    }

    /// Reads one input as a table, in one of several modes picked by `selector`: the catalog
    /// table named or not, every column or a projection with pushed-down predicates,
    /// `skipBadRows` on or off, small batches. A thrown error is a normal outcome.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, selector: UInt8, fileName: String) {
        let path = write(bytes, name: fileName)
        var options = ReadOptions()
        options.skipBadRows = selector & 1 != 0
        options.maxInflatedBytes = 16 << 20
        if selector & 2 != 0 { options.batchSize = 3 }
        let tables: [String?] = [nil, "DeviceNetworkEvents", "DeviceProcessEvents", "SigninLogs"]
        let table = tables[Int(selector >> 2) & 3]
        do {
            if selector & 16 != 0 {
                // A projected read with raw-byte predicates, as a query with simple filters gets.
                let columns = ["Timestamp", "DeviceName", "ActionType", "RemotePort", "a"]
                let predicates = [
                    ScanPredicate(column: "ActionType", op: .equal, value: .string("ConnectionSuccess")),
                    ScanPredicate(column: "RemotePort", op: .greater, value: .long(100)),
                ]
                _ = try TableReader.read(path: path, tableName: table, options: options,
                                         columns: selector & 32 != 0 ? columns : ["DeviceName"],
                                         predicates: selector & 64 != 0 ? predicates : [])
            } else {
                let (t, _) = try TableReader.read(path: path, tableName: table, options: options)
                _ = t.rowCount
            }
        } catch {}
    }
}
