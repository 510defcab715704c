import Foundation
import Logging
import QuarryIO
import QuarryWorkspace

/// What `quarry serve` serves and how.
public struct ServerConfiguration: Sendable {
    /// The databases, in order: each a workspace spec (a data folder, `--database NAME=DIR`).
    /// The first is the default database (a request with no `db`, or Kusto's `NetDefaultDB`).
    public var databases: [(name: String, spec: WorkspaceSpec)]
    public var host: String = "127.0.0.1"
    /// 0 picks a free port (`onListening` reports it).
    public var port: Int = 8080
    /// Requests must carry `Authorization: Bearer <token>` when set.
    public var token: String? = nil
    /// HTTPS: a PEM certificate chain and its private key (both or neither; `ServerTLS`).
    public var tlsCertificatePath: String? = nil
    public var tlsKeyPath: String? = nil
    /// Largest request body accepted (413 past it).
    public var maxBodyBytes: Int = 1 << 20
    /// `servertimeout` when a request gives none: 4 minutes, Kusto's default for queries.
    public var defaultTimeout: Double = 240
    /// Upper bound of any request's `servertimeout`.
    public var maxTimeout: Double = 3600
    /// Memory budget of one query's operators (nil: the engine's default, half of physical memory).
    public var maxMemoryPerQuery: Int? = nil
    /// Threads one query's operators may use (nil: every core).
    public var threadsPerQuery: Int? = nil
    public var readOptions = ReadOptions()
    /// Bytes of table rows each database keeps in memory after a first scan (so the next query
    /// over the same export does not read it again); nil keeps none. Default: a quarter of
    /// physical memory.
    public var keepRowsBytes: Int? = Int(min(ProcessInfo.processInfo.physicalMemory / 4, UInt64(Int.max)))
    /// Hummingbird's own log (standard error). Tests set `.critical`: stopping a server by
    /// cancelling its task logs an error for the waiting child channel.
    public var logLevel: Logger.Level = .warning

    public init(databases: [(name: String, spec: WorkspaceSpec)]) { self.databases = databases }

    /// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
