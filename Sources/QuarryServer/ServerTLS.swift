import Foundation
import NIOSSL

/// `--tls-cert PATH --tls-key PATH`: HTTPS with a PEM certificate chain and private key
/// (swift-nio-ssl, through HummingbirdTLS).
///
/// Both files are read and checked when the server is configured, before it listens: a file that
/// cannot be read, holds no PEM certificate or key, or a key that does not match the certificate
/// is an error naming the file, not a server that fails at the first handshake.
public enum ServerTLS {
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// The TLS configuration of a server presenting `certificate` (a PEM file, the leaf first,
    /// then any intermediates) and `key` (a PEM private key).
    public static func configuration(certificate: String, key: String) throws -> TLSConfiguration {
        for (option, path) in [("--tls-cert", certificate), ("--tls-key", key)] {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  FileManager.default.isReadableFile(atPath: path) else {
                throw SetupError("\(option): cannot read '\(path)'")
            }
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw SetupError("--tls-cert: '\(certificate)' is not a PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw SetupError("--tls-cert: '\(certificate)' holds no PEM certificate") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw SetupError("--tls-key: '\(key)' is not a PEM private key (\(error))")
        }
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        do {
            _ = try NIOSSLContext(configuration: tls)
        } catch {
            throw SetupError("--tls-key: '\(key)' does not match the certificate in '\(certificate)' (\(error))")
        }
        return tls
    }
}
