import Foundation
import KithCurl
import KithMail
import KithTestSupport
import Testing

/// SMTP through libcurl against a real aiosmtpd server on 127.0.0.1, with a CA made by the test.
@Suite(.serialized) struct SMTPTransportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Fails the test, not skips it, where the server or the certificate tool is missing: `make test` installs them.
    static func requireTools() throws {
        try #require(SMTPTestServer.isAvailable, "python3-aiosmtpd is missing: make deps installs it")
        try #require(
            (try? run("/usr/bin/env", ["openssl", "version"]).status) == 0,
            "openssl is missing: make deps installs it"
        )
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    typealias Server = SMTPTestServer

    static func certificate(in folder: URL) throws -> (cert: String, key: String) {
        try TestCertificate.make(in: folder)
    }

    static let envelope = Envelope(from: "kith@example.org", to: ["ana@example.org"])
    static let message = Array(
        "From: kith@example.org\r\nTo: ana@example.org\r\nSubject: Kith test\r\nMessage-ID: <t@kith>\r\n\r\nHello Ana\r\n"
            .utf8
    )

    static func options(
        _ port: Int,
        scheme: String = "smtp",
        ca: String? = nil,
        tls: Bool = true
    ) -> SMTPTransport.Options {
        var options = SMTPTransport.Options(url: "\(scheme)://127.0.0.1:\(port)")
        options.caFile = ca
        options.requireTLS = tls
        options.username = "kith"
        options.password = "s3cret"
        options.timeout = 5
        options.connectTimeout = 5
        return options
    }

    @Test func startTLSWithAuthDelivers() throws {
        try Self.requireTools()
        SMTPTransport.initializeLibrary()
        let folder = try TemporaryFolder.make("kith-smtp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cert, key) = try Self.certificate(in: folder)
        let server = try Server(["--starttls", cert, key, "--auth", "kith:s3cret"], folder: folder)
        let reply = try SMTPTransport(Self.options(server.port, ca: cert)).deliver(
            Self.message,
            envelope: Self.envelope
        )
        #expect(reply.hasPrefix("250 2.0.0 Ok: queued as kith-test-1"))
        #expect(server.received == ["1.eml"])
        let stored = try Data(contentsOf: server.spool.appendingPathComponent("1.eml"))
        #expect(String(decoding: stored, as: UTF8.self).contains("Hello Ana"))
    }

    @Test func implicitTLSDelivers() throws {
        try Self.requireTools()
        let folder = try TemporaryFolder.make("kith-smtp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cert, key) = try Self.certificate(in: folder)
        let server = try Server(["--implicit-tls", cert, key, "--auth", "kith:s3cret"], folder: folder)
        _ = try SMTPTransport(Self.options(server.port, scheme: "smtps", ca: cert)).deliver(
            Self.message,
            envelope: Self.envelope
        )
        #expect(server.received.count == 1)
    }

    @Test func anUntrustedCertificateIsRefused() throws {
        try Self.requireTools()
        let folder = try TemporaryFolder.make("kith-smtp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cert, key) = try Self.certificate(in: folder)
        let server = try Server(["--starttls", cert, key, "--auth", "kith:s3cret"], folder: folder)
        var caught: DeliveryError?
        do { _ = try SMTPTransport(Self.options(server.port)).deliver(Self.message, envelope: Self.envelope) } catch {
            caught = error
        }
        #expect(caught?.kind == .permanent, "\(caught?.message ?? "delivered")")
        #expect(server.received.isEmpty)
    }

    @Test func aWrongPasswordIsPermanent() throws {
        try Self.requireTools()
        let folder = try TemporaryFolder.make("kith-smtp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cert, key) = try Self.certificate(in: folder)
        let server = try Server(["--starttls", cert, key, "--auth", "kith:other"], folder: folder)
        var caught: DeliveryError?
        do {
            _ = try SMTPTransport(Self.options(server.port, ca: cert)).deliver(Self.message, envelope: Self.envelope)
        } catch {
            caught = error
        }
        #expect(caught?.kind == .permanent)
        #expect(server.received.isEmpty)
    }

    @Test(arguments: [
        ("greeting421", DeliveryError.Kind.temporary), ("rcpt451", .temporary), ("data554", .permanent),
        ("drop-data", .temporary), ("slow", .temporary),
    ])
    func faultsEndAsTheyShould(fault: String, kind: DeliveryError.Kind) throws {
        try Self.requireTools()
        let folder = try TemporaryFolder.make("kith-smtp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try Server(["--fault", fault], folder: folder)
        var options = Self.options(server.port, tls: false)
        options.username = nil
        options.password = nil
        options.timeout = 3
        var caught: DeliveryError?
        do { _ = try SMTPTransport(options).deliver(Self.message, envelope: Self.envelope) } catch { caught = error }
        #expect(caught?.kind == kind, "\(fault): \(caught?.message ?? "delivered")")
        print("\(fault): \(caught?.description ?? "delivered")")
        #expect(server.received.isEmpty)
        // The cause is kept whole: curl's code, and the reply the message quotes.
        guard case .curl(let cause) = caught?.cause else {
            Issue.record("\(fault): no curl cause in \(String(describing: caught))")
            return
        }
        #expect(caught?.message.hasPrefix(cause.code.description) == true)
        #expect(cause.serverReply.isEmpty || caught?.message.contains(cause.serverReply) == true)
    }

    @Test func aTemporaryFailureIsRetriedAndDeliveredExactlyOnce() throws {
        try Self.requireTools()
        let folder = try TemporaryFolder.make("kith-smtp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = try Outbox(directory: folder.appendingPathComponent("outbox").path)
        try outbox.enqueue(id: "digest-2026-W49", message: Self.message, envelope: Self.envelope, now: 0)
        let busy = try Server(["--fault", "rcpt451"], folder: folder)
        var options = Self.options(busy.port, tls: false)
        options.username = nil
        options.password = nil
        let first = outbox.deliverDue(through: SMTPTransport(options), now: 0, giveUp: 86_400)
        #expect(first.count == 1)
        if case .retryLater = first[0].1 {} else { Issue.record("expected a retry, got \(first[0].1)") }
        let good = try Server([], folder: folder)
        options.url = "smtp://127.0.0.1:\(good.port)"
        let second = outbox.deliverDue(through: SMTPTransport(options), now: 60, giveUp: 86_400)
        #expect(second.count == 1)
        #expect(outbox.deliverDue(through: SMTPTransport(options), now: 10_000, giveUp: 86_400).isEmpty)
        #expect(good.received == ["1.eml"])
        #expect(outbox.location(of: "digest-2026-W49") == .sent)
    }
}

extension SMTPTransportTests {
    /// The whole way: the digest of examples/inbox, composed by `kith digest --send`, over STARTTLS with AUTH.
    @Test func theExampleDigestArrivesOverSTARTTLS() throws {
        try Self.requireTools()
        let folder = try TemporaryFolder.make("kith-smtp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cert, key) = try Self.certificate(in: folder)
        let server = try Server(["--starttls", cert, key, "--auth", "kith:s3cret"], folder: folder)
        var config = try String(contentsOf: Self.root.appendingPathComponent("examples/kith.toml"), encoding: .utf8)
        config = config.replacingOccurrences(
            of: "inbox = \"inbox\"",
            with: "inbox = \"\(Self.root.path)/examples/inbox\""
        )
        config += """

            [mail]
            transport = "smtp"
            url = "smtp://127.0.0.1:\(server.port)"
            username = "kith"
            ca_file = "\(cert)"
            timeout = "10s"

            """
        config = config.replacingOccurrences(of: "[mail]\ntransport = \"maildir\"\n", with: "")
        let configPath = folder.appendingPathComponent("kith.toml").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        let result = try KithProcess.run(
            ["digest", "--send", "--at", "2026-11-30T08:00"],
            environment: ["KITH_CONFIG": configPath, "KITH_SMTP_PASSWORD": "s3cret"]
        )
        #expect(result.status == 0, "\(result.err)")
        #expect(
            result.out.contains("digest-2026-W49: delivered (250 2.0.0 Ok: queued as kith-test-1)"),
            "\(result.out)"
        )
        #expect(server.received == ["1.eml"])
        let check = try Self.run(
            "/usr/bin/env",
            [
                "python3", Self.root.appendingPathComponent("scripts/check-mail.py").path,
                server.spool.appendingPathComponent("1.eml").path,
            ]
        )
        let parsed = try JSONSerialization.jsonObject(with: Data(check.out.utf8)) as? [String: Any]
        #expect(parsed?["error"] == nil)
        #expect((parsed?["defects"] as? [String])?.isEmpty == true)
        #expect(
            (parsed?["parts"] as? [[String: Any]])?.map { $0["type"] as? String } == [
                "text/plain", "text/html", "text/calendar",
            ]
        )
    }
}
