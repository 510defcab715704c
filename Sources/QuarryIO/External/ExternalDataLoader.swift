import Foundation
#if canImport(FoundationNetworking)
// Foundation's URLSession lives here on Linux (swift-corelibs-foundation over libcurl): no new
// package dependency, and none of swift-nio's compile cost for a few small downloads.
import FoundationNetworking
#endif
import KQLColumns

/// Where `externaldata` content comes from, and the limits on getting it.
public struct ExternalDataSettings: Sendable {
    /// Downloads are kept here, keyed by URL (`$XDG_CACHE_HOME/quarry`, else `~/.cache/quarry`).
    public var cacheDirectory: String
    /// Fetch again even when the URL is cached (the new copy replaces the cached one).
    public var refresh = false
    /// Never use the network: only local mappings and the cache.
    public var offline = false
    /// URL → local file; a mapped URL is never fetched nor cached.
    public var mappings: [String: String] = [:]
    /// Seconds a download may take, connection included.
    public var timeout: Double = 60
    /// Bytes a download (or a mapped file, or a gzip body once inflated) may have.
    public var maxBytes: Int = 256 << 20

    public init(cacheDirectory: String? = nil) {
        self.cacheDirectory = cacheDirectory ?? Self.defaultCacheDirectory()
    }

    public static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let x = environment["XDG_CACHE_HOME"], x.hasPrefix("/") { return (x as NSString).appendingPathComponent("quarry") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/quarry")
    }

    /// Reads a mapping file: one `URL PATH` per line (separated by spaces or a tab; the path is
    /// the rest of the line, so it may hold spaces), `#` comment lines and blank lines skipped.
    /// A relative path is relative to the mapping file's folder.
    public static func readMappingFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExternalDataError(url: "", kind: .localFile, message: "cannot read the mapping file \(path)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var map: [String: String] = [:]
        for (i, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let sep = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw ExternalDataError(url: "", kind: .localFile, message: "\(path):\(i + 1): expected 'URL PATH'")
            }
            let url = String(line[..<sep])
            let file = line[sep...].trimmingCharacters(in: .whitespaces)
            map[url] = file.hasPrefix("/") || folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
        }
        return map
    }
}

/// Why `externaldata` could not get a URL's rows; the message names the URL (query string hidden).
public struct ExternalDataError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// No connection (refused, no such host, timed out).
        case unreachable
        /// The server answered with a status outside 200–299.
        case httpStatus(Int)
        /// `offline` and the URL is neither mapped nor cached.
        case notCached
        /// Past `maxBytes`.
        case tooLarge
        /// The content does not parse in its format (line and column in the message).
        case badContent
        /// A mapped file or the mapping file cannot be read.
        case localFile
    }
    public var url: String
    public var kind: Kind
    public var message: String
    public init(url: String, kind: Kind, message: String) { self.url = url; self.kind = kind; self.message = message }
    public var description: String { url.isEmpty ? message : "\(ExternalDataFormat.displayURL(url)): \(message)" }
}

/// Gets `externaldata` content: a local mapping, else the cache (unless `refresh`), else an HTTP
/// fetch (unless `offline`), then parses it (`ExternalDataParser`, gzip bodies inflated first).
/// Each URL is read once per loader (one query run), whatever the number of uses. Every fetch,
/// cache hit and mapping is logged through `log` with the URL, size and time.
///
/// The cache: `<dir>/<key>.data` with the bytes and `<dir>/<key>.json` with the URL and when it
/// was fetched; the key is a 128-bit hash of the URL, and a hit also needs the metadata's URL to
/// be the same (a hash collision is a miss, never another URL's data).
public final class ExternalDataLoader: @unchecked Sendable {
    public let settings: ExternalDataSettings
    private let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var memo: [String: [UInt8]] = [:]

    public init(settings: ExternalDataSettings, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.settings = settings
        self.log = log
    }

    /// The rows of every URL in order, parsed in `format` (nil = by each URL's extension).
    /// A ZIP archive's files (those matching `zipPattern`, a glob over their paths; all without
    /// it) are read one after another, each as its own file (`ignoreFirstRecord` applies to each;
    /// without `format`, each file's extension decides). `ingestionMapping` (json and multijson
    /// only; a file read in another format with it is an error) takes each column from its path.
    public func table(urls: [String], format: ExternalDataFormat?, schema: Schema, ignoreFirstRecord: Bool,
                      zipPattern: String? = nil, ingestionMapping: ExternalDataMapping? = nil) throws -> Table {
        var batches: [Batch] = []
        for url in urls {
            let bytes = try self.bytes(for: url)
            if ZipArchive.isZip(bytes) {
                let files: [(name: String, bytes: [UInt8])]
                do { files = try ZipArchive.files(bytes, pattern: zipPattern, limit: settings.maxBytes) } catch let e as ZipArchive.Failure {
                    throw ExternalDataError(url: url, kind: e.message.contains("--max-fetch-bytes") ? .tooLarge : .badContent, message: e.message)
                }
                for f in files {
                    batches += try parse(f.bytes, url: url, member: f.name, format: format ?? ExternalDataFormat.detect(fromURL: f.name),
                                         schema: schema, ignoreFirstRecord: ignoreFirstRecord, mapping: ingestionMapping)
                }
                continue
            }
            batches += try parse(bytes, url: url, member: nil, format: format ?? ExternalDataFormat.detect(fromURL: url),
                                 schema: schema, ignoreFirstRecord: ignoreFirstRecord, mapping: ingestionMapping)
        }
        return Table(schema: schema, batches: batches)
    }

    /// One file's rows (a gzip body inflated first); errors name the URL (and the archive member).
    private func parse(_ content: [UInt8], url: String, member: String?, format f: ExternalDataFormat, schema: Schema,
                       ignoreFirstRecord: Bool, mapping: ExternalDataMapping?) throws -> [Batch] {
        if mapping != nil, f != .json, f != .multijson {
            let what = member.map { "the archive member '\($0)'" } ?? "this URL"
            throw ExternalDataError(url: url, kind: .badContent,
                                    message: "ingestionMapping applies to the json and multijson formats only, and \(what) reads as \(f.rawValue); give format='multijson' or format='json'")
        }
        var bytes = content
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
            do {
                bytes = [UInt8](try Gzip.decompress(Data(bytes), limit: settings.maxBytes))
            } catch {
                throw ExternalDataError(url: url, kind: error.tooLarge ? .tooLarge : .badContent,
                                        message: error.tooLarge ? "gzip content inflates past \(settings.maxBytes) bytes (--max-fetch-bytes)" : "bad gzip content: \(error)")
            }
        }
        let shown = ExternalDataFormat.displayURL(url) + (member.map { " (\($0))" } ?? "")
        do {
            let r = try ExternalDataParser.parse(bytes, format: f, schema: schema, ignoreFirstRecord: ignoreFirstRecord, source: shown,
                                                 mapping: mapping)
            if r.unconvertedValues > 0 {
                log("warning: externaldata \(shown): \(r.unconvertedValues) value\(r.unconvertedValues == 1 ? "" : "s") did not parse as the declared column type and read as null (a header line? use ignoreFirstRecord=true)")
            }
            return r.table.batches
        } catch let e as ReadError {
            var m = e.message
            if m.hasPrefix("bad content: ") { m = String(m.dropFirst("bad content: ".count)) }
            let inMember = member.map { " of '\($0)'" } ?? ""
            throw ExternalDataError(url: url, kind: .badContent, message: "bad \(f.rawValue) content\(inMember) at line \(e.line), column \(e.column): \(m)")
        }
    }

    /// The content of `url`: mapped file, cache or download (see the type's comment).
    public func bytes(for url: String) throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if let b = memo[url] { return b }
        let b = try load(url)
        memo[url] = b
        return b
    }

    private func load(_ url: String) throws -> [UInt8] {
        let shown = ExternalDataFormat.displayURL(url)
        let start = DispatchTime.now().uptimeNanoseconds
        func seconds() -> String { String(format: "%.2f s", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        if let path = settings.mappings[url] {
            let b = try readLocal(path, url: url)
            log("externaldata: \(shown) from \(path) (\(b.count) bytes, local mapping, \(seconds()))")
            return b
        }
        let key = Self.cacheKey(url)
        let dir = settings.cacheDirectory as NSString
        let dataPath = dir.appendingPathComponent(key + ".data"), metaPath = dir.appendingPathComponent(key + ".json")
        if !settings.refresh, let cached = cachedBytes(url: url, dataPath: dataPath, metaPath: metaPath) {
            log("externaldata: \(shown) from cache \(dataPath) (\(cached.bytes.count) bytes, fetched \(cached.fetched), \(seconds()))")
            return cached.bytes
        }
        if settings.offline {
            throw ExternalDataError(url: url, kind: .notCached,
                                    message: "not in the cache (\(settings.cacheDirectory)) and --offline is set; fetch it once online, or map it to a file with --external URL=PATH")
        }
        let (bytes, status) = try fetch(url)
        log("externaldata: fetched \(shown) (\(bytes.count) bytes, HTTP \(status), \(seconds()))")
        store(url: url, bytes: bytes, dataPath: dataPath, metaPath: metaPath)
        return bytes
    }

    private func readLocal(_ path: String, url: String) throws -> [UInt8] {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path), let handle = FileHandle(forReadingAtPath: path) else {
            throw ExternalDataError(url: url, kind: .localFile, message: "cannot read the mapped file \(path)")
        }
        defer { try? handle.close() }
        if let size = attrs[.size] as? Int, size > settings.maxBytes {
            throw ExternalDataError(url: url, kind: .tooLarge, message: "the mapped file \(path) has \(size) bytes, more than \(settings.maxBytes) (--max-fetch-bytes)")
        }
        // Read at most one byte past the limit (a pipe or a growing file has no useful size).
        let data = (try? handle.read(upToCount: settings.maxBytes + 1)) ?? Data()
        if data.count > settings.maxBytes {
            throw ExternalDataError(url: url, kind: .tooLarge, message: "the mapped file \(path) has more than \(settings.maxBytes) bytes (--max-fetch-bytes)")
        }
        return [UInt8](data)
    }

    private func cachedBytes(url: String, dataPath: String, metaPath: String) -> (bytes: [UInt8], fetched: String)? {
        guard let meta = FileManager.default.contents(atPath: metaPath),
              case .object(let bag)? = try? JSON.parse([UInt8](meta)),
              case .string(let u)? = bag["url"], u == url,
              let data = FileManager.default.contents(atPath: dataPath) else { return nil }
        var fetched = "unknown"
        if case .string(let f)? = bag["fetched"] { fetched = f }
        if case .datetime(let t)? = bag["fetched"] { fetched = DateTime.format(t) }
        return ([UInt8](data), fetched)
    }

    private func store(url: String, bytes: [UInt8], dataPath: String, metaPath: String) {
        do {
            try FileManager.default.createDirectory(atPath: settings.cacheDirectory, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: dataPath), options: .atomic)
            let now = ISO8601DateFormatter().string(from: Date())
            let meta = JSON.serialize(.object(PropertyBag([("url", .string(url)), ("fetched", .string(now)), ("bytes", .long(Int64(bytes.count)))])))
            try Data(meta.utf8).write(to: URL(fileURLWithPath: metaPath), options: .atomic)
        } catch {
            log("warning: externaldata: could not cache \(ExternalDataFormat.displayURL(url)) in \(settings.cacheDirectory): \(error)")
        }
    }

    /// Two 64-bit FNV-1a hashes of the URL (different offset bases), as 32 hex digits.
    static func cacheKey(_ url: String) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in url.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        func hex(_ x: UInt64) -> String { let s = String(x, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }
        return hex(a) + hex(b)
    }

    // MARK: Fetching

    private func fetch(_ url: String) throws -> (bytes: [UInt8], status: Int) {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw ExternalDataError(url: url, kind: .unreachable, message: "not an http(s) URL")
        }
        let timeout = settings.timeout.isFinite && settings.timeout > 0 ? min(settings.timeout, 86_400) : 60
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        config.urlCache = nil
        let delegate = FetchDelegate(maxBytes: settings.maxBytes)
        let session = URLSession(configuration: config, delegate: delegate, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: u)
        task.resume()
        if delegate.done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw ExternalDataError(url: url, kind: .unreachable, message: "no complete answer within \(timeout) s (--fetch-timeout)")
        }
        let r = delegate.result()
        if r.tooLarge {
            throw ExternalDataError(url: url, kind: .tooLarge, message: "the download is larger than \(settings.maxBytes) bytes (--max-fetch-bytes)")
        }
        if let e = r.error {
            throw ExternalDataError(url: url, kind: .unreachable, message: "cannot fetch: \(e.localizedDescription)")
        }
        guard (200..<300).contains(r.status) else {
            throw ExternalDataError(url: url, kind: .httpStatus(r.status), message: "HTTP status \(r.status)")
        }
        return ([UInt8](r.data), r.status)
    }
}

/// Collects one download, cancelling it past the size cap.
private final class FetchDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let maxBytes: Int
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var data = Data()
    private var status = 0
    private var error: Error?
    private var tooLarge = false

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    func result() -> (data: Data, status: Int, error: Error?, tooLarge: Bool) {
        lock.lock(); defer { lock.unlock() }
        return (data, status, error, tooLarge)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.lock()
        status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let big = response.expectedContentLength > Int64(maxBytes)
        if big { tooLarge = true }
        lock.unlock()
        completionHandler(big ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive d: Data) {
        lock.lock()
        data.append(d)
        let big = data.count > maxBytes
        if big { tooLarge = true; data = Data() }
        lock.unlock()
        if big { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError e: Error?) {
        lock.lock()
        error = e
        lock.unlock()
        done.signal()
    }
}
