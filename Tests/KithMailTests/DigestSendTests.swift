import Foundation
import KithTestSupport
import Testing

/// `kith digest --send` and `kith outbox retry` as a timer unit or a shell runs them, against a real SMTP
/// server on 127.0.0.1: exit statuses say whether the digest went out, waits, or failed for good.
@Suite(.serialized) struct DigestSendTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A folder with the demo inbox's contacts and a config sending through SMTP on `port`.
    final class Setup {
        let folder: URL
        let config: String
        let outbox: String

        init(_ prefix: String) throws {
            folder = try TemporaryFolder.make(prefix)
            let inbox = folder.appendingPathComponent("inbox")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: DigestSendTests.root.appendingPathComponent("examples/inbox/contacts.vcf"),
                to: inbox.appendingPathComponent("contacts.vcf")
            )
            config = folder.appendingPathComponent("kith.toml").path
            outbox = folder.appendingPathComponent("state/outbox").path
        }

        /// Writes the config (mode 0600, so that an inline password is accepted) for a server on `port`.
        func write(port: Int, mail extra: String = "") throws {
            var text = try String(
                contentsOf: DigestSendTests.root.appendingPathComponent("examples/kith.toml"),
                encoding: .utf8
            )
            text = text.replacingOccurrences(of: "inbox = \"inbox\"", with: "inbox = \"\(folder.path)/inbox\"")
            text = text.replacingOccurrences(of: "state_dir = \"state\"", with: "state_dir = \"\(folder.path)/state\"")
            text += "\n[mail]\ntransport = \"smtp\"\nurl = \"smtp://127.0.0.1:\(port)\"\ntls = \"none\"\n"
            text += "timeout = \"10s\"\n" + extra
            try Data(text.utf8).write(to: URL(fileURLWithPath: config))
            chmod(config, 0o600)
        }

        /// The ids of the messages waiting in the outbox.
        var waiting: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { $0.hasSuffix(".eml") }
                .map { String($0.dropLast(4)) }.sorted()
        }

        func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
            try KithProcess.run(
                arguments + ["--config", config],
                environment: ["KITH_SMTP_PASSWORD": "", "CREDENTIALS_DIRECTORY": ""].merging(environment) { $1 }
            )
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    /// A port nothing listens on: bound once by the test, then closed.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Fails the test, not skips it, where the server is missing: `make test` installs it.
    static func requireServer() throws {
        try #require(SMTPTestServer.isAvailable, "python3-aiosmtpd is missing: make deps installs it")
    }

    @Test func deliveredExits0AndSoDoesASlotSentBefore() throws {
        let setup = try Setup("kith-send-0")
        try Self.requireServer()
        let good = try SMTPTestServer([], folder: setup.folder)
        try setup.write(port: good.port)
        let first = try setup.run(["digest", "--send"])
        #expect(first.status == 0, "\(first.err)")
        #expect(good.received.count == 1)
        let again = try setup.run(["digest", "--send"])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out.contains("was composed before"))
        #expect(good.received.count == 1)
    }

    /// A 4xx reply, or no server at all: the digest waits in the outbox for the next attempt.
    @Test(arguments: ["rcpt451", "closed port"])
    func aTemporaryFailureExits75(_ fault: String) throws {
        let setup = try Setup("kith-send-75")
        var server: SMTPTestServer? = nil
        if fault == "closed port" {
            try setup.write(port: try Self.closedPort())
        } else {
            try Self.requireServer()
            server = try SMTPTestServer(["--fault", fault], folder: setup.folder)
            try setup.write(port: server!.port)
        }
        let first = try setup.run(["digest", "--send"])
        #expect(first.status == 75, "\(first.out)\(first.err)")
        #expect(first.err.contains("is waiting in"))
        #expect(setup.waiting.count == 1)
        // Run again before the next attempt is due: still waiting, still 75, and not composed twice.
        let again = try setup.run(["digest", "--send"])
        #expect(again.status == 75)
        #expect(setup.waiting.count == 1)
        #expect(server?.received.isEmpty ?? true)
    }

    @Test func aPermanentFailureExits1() throws {
        let setup = try Setup("kith-send-1")
        try Self.requireServer()
        let rejecting = try SMTPTestServer(["--fault", "data554"], folder: setup.folder)
        try setup.write(port: rejecting.port)
        let result = try setup.run(["digest", "--send"])
        #expect(result.status == 1, "\(result.out)\(result.err)")
        #expect(result.out.contains("failed for good"))
        #expect(setup.waiting.isEmpty)
        let failed = try FileManager.default.contentsOfDirectory(atPath: setup.outbox + "/failed")
        #expect(failed.contains { $0.hasPrefix("digest-") && $0.hasSuffix(".eml") })
    }

    @Test func outboxRetryWithoutAnIdDeliversEverythingWaiting() throws {
        let setup = try Setup("kith-retry-all")
        try Self.requireServer()
        let busy = try SMTPTestServer(["--fault", "rcpt451"], folder: setup.folder)
        try setup.write(port: busy.port)
        // Two weeks' digests, both turned away for now.
        for week in ["2026-11-30T08:00", "2026-12-07T08:00"] {
            let sent = try setup.run(["digest", "--send", "--at", week])
            #expect(sent.status == 75, "\(sent.err)")
        }
        try #require(setup.waiting.count == 2, "\(setup.waiting)")

        let good = try SMTPTestServer([], folder: setup.folder)
        try setup.write(port: good.port)
        let retry = try setup.run(["outbox", "retry"])
        #expect(retry.status == 0, "\(retry.err)")
        #expect(good.received.count == 2)
        #expect(setup.waiting.isEmpty)
        #expect(retry.out.components(separatedBy: ": delivered (").count == 3, "\(retry.out)")
        // The digests delivered this way count as sent.
        let status = try setup.run(["status"])
        #expect(status.out.contains("last digest sent: 2026-W"), "\(status.out)")

        let nothing = try setup.run(["outbox", "retry"])
        #expect(nothing.status == 0)
        #expect(nothing.out.contains("Nothing is waiting"))
    }

    /// The units fall back to an empty `SetCredential=smtp-password:`: that means no credential, so the inline
    /// password is used, never an empty one.
    @Test(arguments: ["", " \n", nil] as [String?])
    func anEmptyCredentialFallsThroughToThePassword(_ credential: String?) throws {
        let setup = try Setup("kith-credential")
        try Self.requireServer()
        let server = try SMTPTestServer(["--auth", "kith:s3cret"], folder: setup.folder)
        try setup.write(port: server.port, mail: "username = \"kith\"\npassword = \"s3cret\"\n")
        let credentials = setup.folder.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        if let credential {
            try Data(credential.utf8).write(to: credentials.appendingPathComponent("smtp-password"))
        }
        let sent = try setup.run(["digest", "--send"], environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(sent.status == 0, "\(sent.out)\(sent.err)")
        #expect(server.received.count == 1)
    }

    /// The other side of the rule: a credential with text in it is the password, before the inline one.
    @Test func aCredentialWithTextIsThePassword() throws {
        let setup = try Setup("kith-credential-set")
        try Self.requireServer()
        let server = try SMTPTestServer(["--auth", "kith:s3cret"], folder: setup.folder)
        try setup.write(port: server.port, mail: "username = \"kith\"\npassword = \"wrong\"\n")
        let credentials = setup.folder.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try Data("s3cret\n".utf8).write(to: credentials.appendingPathComponent("smtp-password"))
        let sent = try setup.run(["digest", "--send"], environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(sent.status == 0, "\(sent.out)\(sent.err)")
        #expect(server.received.count == 1)
    }
}
