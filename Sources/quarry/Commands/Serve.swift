import ArgumentParser
import Dispatch
import Foundation
import QuarryIO
import QuarryServer
import QuarryWorkspace

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve folders of exports as a Kusto cluster: the REST API (v1/v2 query, management) that Kusto's clients speak.")

    @Option(name: .customLong("data"), help: ArgumentHelp("A data folder of the default database (repeatable: one database over all of them).", valueName: "DIR"))
    var dataDirectories: [String] = []

    @Option(name: .customLong("name"), help: ArgumentHelp("The name of the --data database (default: the first folder's name).", valueName: "NAME"))
    var name: String?

    @Option(name: .customLong("database"), help: ArgumentHelp("Another database: a name and its data folder (repeatable).", valueName: "NAME=DIR"))
    var databases: [String] = []

    @Option(help: ArgumentHelp("Address and port to listen on (port 0 picks a free one); a warning when not loopback.", valueName: "ADDR:PORT"))
    var listen: String = "127.0.0.1:8080"

    @Option(help: ArgumentHelp("Require 'Authorization: Bearer <token>', the token being this file's content (trimmed).", valueName: "FILE"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "PATH"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "PATH"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Largest request body accepted, in bytes.", valueName: "BYTES"))
    var maxBodyBytes: Int = 1 << 20

    @Option(help: ArgumentHelp("Threads one query's operators may use (default: every core).", valueName: "N"))
    var threads: Int?

    @Option(help: ArgumentHelp("Memory one query's operators may hold: bytes, or with K, M, G (default: half of physical memory).", valueName: "SIZE"))
    var maxMemory: String?

    @Option(help: ArgumentHelp("Table rows each database keeps in memory after a first scan, until the files change: bytes, or with K, M, G; 0 keeps none (default: a quarter of physical memory).", valueName: "SIZE"))
    var keepRows: String?

    @Flag(help: "Skip rows that fail to parse instead of failing the query.")
    var skipBadRows = false

    func run() throws {
        var dbs: [(name: String, spec: WorkspaceSpec)] = []
        if !dataDirectories.isEmpty {
            let first = URL(fileURLWithPath: dataDirectories[0]).standardizedFileURL.lastPathComponent
            dbs.append((name ?? first, WorkspaceSpec(dataDirectories: dataDirectories)))
        }
        for d in databases {
            guard let eq = d.firstIndex(of: "="), eq != d.startIndex, d.index(after: eq) != d.endIndex else {
                throw ValidationError("--database expects NAME=DIR, got '\(d)'")
            }
            let n = String(d[..<eq])
            if dbs.contains(where: { $0.name == n }) { throw ValidationError("--database: '\(n)' is given twice") }
            dbs.append((n, WorkspaceSpec(dataDirectories: [String(d[d.index(after: eq)...])])))
        }
        guard !dbs.isEmpty else { throw ValidationError("give a data folder: --data DIR, or --database NAME=DIR") }
        for db in dbs {
            for dir in db.spec.dataDirectories {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                    throw ValidationError("database '\(db.name)': '\(dir)' is not a folder")
                }
            }
        }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen expects ADDR:PORT, got '\(listen)'")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together: give both or neither")
        }
        if let tlsCert, let tlsKey {
            do { _ = try ServerTLS.configuration(certificate: tlsCert, key: tlsKey) } catch { throw ValidationError("\(error)") }
        }
        var config = ServerConfiguration(databases: dbs)
        config.tlsCertificatePath = tlsCert
        config.tlsKeyPath = tlsKey
        config.host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        config.port = port
        config.maxBodyBytes = max(1024, maxBodyBytes)
        config.threadsPerQuery = threads
        config.readOptions.skipBadRows = skipBadRows
        if let maxMemory {
            guard let bytes = LimitOptions.parseSize(maxMemory) else { throw ValidationError("--max-memory: '\(maxMemory)' is not a size (e.g. 512M, 4G)") }
            config.maxMemoryPerQuery = bytes
        }
        if let keepRows {
            guard let bytes = LimitOptions.parseSize(keepRows) else { throw ValidationError("--keep-rows: '\(keepRows)' is not a size (e.g. 512M, 4G)") }
            config.keepRowsBytes = bytes == 0 ? nil : bytes
        }
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile),
                  let token = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
                throw ValidationError("--token-file: cannot read a token from '\(tokenFile)'")
            }
            config.token = token
        }
        if !config.isLoopback {
            printError("warning: listening on \(config.host), not a loopback address: anyone who can reach it can query these files\(config.token == nil ? " (no --token-file)" : "")")
        }
        let server = KustoServer(configuration: config, log: { printError($0) })
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        let names = dbs.map(\.name).joined(separator: ", ")
        let host = config.host
        let scheme = tlsCert == nil ? "http" : "https"
        Task {
            do {
                try await server.run(onListening: { port in
                    printError("quarry serve: \(scheme)://\(host):\(port) (databases: \(names))")
                })
            } catch {
                failure.error = error
            }
            done.signal()
        }
        done.wait()
        if let e = failure.error { throw ValidationError("serve: \(e)") }
    }
}

private final class FailureBox: @unchecked Sendable { var error: Error? }
