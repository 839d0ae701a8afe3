import Foundation

/// Debian's Dovecot (scripts/dovecot-test-server.py) on 127.0.0.1 over IMAPS with a test certificate, holding
/// one user's Maildir; started for a test and killed with it.
package final class DovecotTestServer {
    package let user: String
    package let password: String
    /// The test CA (the server's self-signed certificate) to verify it with.
    package let caFile: String
    /// The user's Maildir: INBOX is the folder itself (`new/`, `cur/`, `tmp/`).
    package let maildir: URL
    private let server: ScriptedServer

    /// Starts the server in `folder`; throws (failing the test) when Dovecot is missing or does not start:
    /// `make deps` installs dovecot-imapd.
    package init(folder: URL, user: String = "ana", password: String = "s3cret imap") throws {
        self.user = user
        self.password = password
        let certificate = try TestCertificate.make(in: folder)
        caFile = certificate.cert
        maildir = folder.appendingPathComponent("dovecot/mail/\(user)")
        server = try ScriptedServer(
            script: "dovecot-test-server.py",
            [
                "--folder", folder.appendingPathComponent("dovecot").path, "--user", "\(user):\(password)", "--cert",
                certificate.cert, "--key", certificate.key,
            ]
        )
    }

    package var port: Int { server.port }

    /// `imaps://127.0.0.1:PORT/MAILBOX`.
    package func url(_ mailbox: String = "INBOX") -> String { "imaps://127.0.0.1:\(port)/\(mailbox)" }
}
