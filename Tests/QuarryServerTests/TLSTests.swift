import Foundation
import QuarryServer
import QuarryWorkspace
import Testing

/// `--tls-cert/--tls-key`: a self-signed certificate made at test time with openssl, a query over
/// HTTPS from Python's `ssl` (trusting that certificate only), plain HTTP to the TLS port refused
/// while the server goes on serving; unreadable, invalid and mismatched files are errors naming them.
@Suite(.serialized) struct TLSTests {
    static let openssl = findTool("openssl")
    static let python = findTool("python3")

    /// A certificate for 127.0.0.1 and its key in a new folder: (cert, key).
    static func makeCertificate(cn: String = "127.0.0.1") async throws -> (String, String) {
        let dir = NSTemporaryDirectory() + "quarry-tls-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try await runTool(openssl!, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem",
                                             "-days", "1", "-subj", "/CN=\(cn)", "-addext", "subjectAltName=IP:127.0.0.1"])
        #expect(r.status == 0, "\(r.output)")
        return (dir + "/cert.pem", dir + "/key.pem")
    }

    static func startTLS(cert: String, key: String) async throws -> TestServer {
        let dir = NSTemporaryDirectory() + "quarry-tls-data-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/Things.csv", contents: Data("Name,Count\nalpha,1\nbeta,2\ngamma,3\n".utf8))
        var config = ServerConfiguration(databases: [("Net", WorkspaceSpec(dataDirectories: [dir]))])
        config.port = 0
        config.logLevel = .critical
        config.tlsCertificatePath = cert
        config.tlsKeyPath = key
        return try await TestServer.start(config)
    }

    /// A v2 query over HTTPS from Python, trusting `cafile` only: "status\nbody".
    static let client = """
    import http.client, json, ssl, sys
    ctx = ssl.create_default_context(cafile=sys.argv[2])
    c = http.client.HTTPSConnection("127.0.0.1", int(sys.argv[1]), context=ctx, timeout=30)
    c.request("POST", "/v2/rest/query", body=json.dumps({"db": "Net", "csl": "Things | summarize n = count(), s = sum(Count)"}),
              headers={"Content-Type": "application/json"})
    r = c.getresponse()
    print(r.status)
    print(r.read().decode())
    """

    @Test(.enabled(if: openssl != nil && python != nil, "openssl or python3 not on PATH: TLS test skipped"))
    func httpsQuery() async throws {
        let (cert, key) = try await Self.makeCertificate()
        let s = try await Self.startTLS(cert: cert, key: key)
        defer { s.stop() }
        func query() async throws -> String {
            let r = try await runTool(Self.python!, ["-c", Self.client, String(s.port), cert])
            #expect(r.status == 0, "\(r.output)")
            return r.output
        }
        let out = try await query()
        let lines = out.split(separator: "\n", maxSplits: 1)
        #expect(lines.first == "200", "\(out)")
        let json = lines.count > 1 ? try? JSONSerialization.jsonObject(with: Data(lines[1].utf8)) : nil
        let row = (table(json, kind: "PrimaryResult")?["Rows"] as? [[Any]])?.first
        #expect(row?[0] as? Int == 3)
        #expect(row?[1] as? Int == 6)

        // Plain HTTP to the TLS port: the handshake fails and the connection closes, no HTTP answer.
        let plain = try RawClient(port: s.port)
        plain.put(RawClient.post("/v2/rest/query", body: "{\"db\":\"Net\",\"csl\":\"print 1\"}"))
        let answer = await blocking { plain.receiveAll(timeout: 10) }
        plain.disconnect()
        #expect(!String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/"))
        // The server goes on serving HTTPS.
        #expect(try await query().hasPrefix("200"))
    }

    @Test(.enabled(if: openssl != nil, "openssl not on PATH: TLS test skipped"))
    func badFilesAreNamed() async throws {
        let (cert, key) = try await Self.makeCertificate()
        let (otherCert, _) = try await Self.makeCertificate(cn: "other")
        #expect(throws: Never.self) { try ServerTLS.configuration(certificate: cert, key: key) }
        func message(_ c: String, _ k: String) -> String {
            do { _ = try ServerTLS.configuration(certificate: c, key: k); return "" } catch { return "\(error)" }
        }
        #expect(message("/nonexistent/cert.pem", key).contains("--tls-cert: cannot read '/nonexistent/cert.pem'"))
        #expect(message(cert, "/nonexistent/key.pem").contains("--tls-key: cannot read '/nonexistent/key.pem'"))
        let junk = NSTemporaryDirectory() + "quarry-tls-junk-\(UUID().uuidString.prefix(8)).pem"
        FileManager.default.createFile(atPath: junk, contents: Data("not a certificate\n".utf8))
        #expect(message(junk, key).contains("'\(junk)' "))
        #expect(message(cert, junk).contains("--tls-key: '\(junk)' is not a PEM private key"))
        #expect(message(cert, cert).contains("--tls-key: '\(cert)' is not a PEM private key"))
        #expect(message(otherCert, key).contains("does not match the certificate in '\(otherCert)'"))
        // One without the other: the server does not start.
        var config = ServerConfiguration(databases: [("Net", WorkspaceSpec(dataDirectories: [NSTemporaryDirectory()]))])
        config.port = 0
        config.tlsCertificatePath = cert
        let server = KustoServer(configuration: config, log: { _ in })
        await #expect(throws: ServerTLS.SetupError.self) { try await server.run() }
    }
}
