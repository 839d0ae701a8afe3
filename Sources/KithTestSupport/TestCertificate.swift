import Foundation

/// A self-signed certificate for 127.0.0.1 that serves as its own CA, made by `openssl` for a test.
package enum TestCertificate {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Writes `cert.pem` and `key.pem` into `folder`; throws (failing the test) when openssl is missing:
    /// `make deps` installs it.
    package static func make(in folder: URL) throws -> (cert: String, key: String) {
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl could not make the test certificate (make deps installs openssl)")
        }
        return (cert, key)
    }
}
