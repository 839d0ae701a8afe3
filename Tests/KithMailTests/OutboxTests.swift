import Foundation
import KithMail
import KithTestSupport
import Synchronization
import Testing

/// A transport that answers from a script and records what it was given.
final class ScriptedTransport: Transport {
    let answers: Mutex<[Result<String, DeliveryError>]>
    let delivered = Mutex<[[UInt8]]>([])

    init(_ answers: [Result<String, DeliveryError>]) { self.answers = Mutex(answers) }

    func deliver(_ message: [UInt8], envelope: Envelope) throws(DeliveryError) -> String {
        let answer = answers.withLock { $0.isEmpty ? .success("250 OK") : $0.removeFirst() }
        let reply = try answer.get()
        delivered.withLock { $0.append(message) }
        return reply
    }
}

@Suite struct OutboxTests {
    static let envelope = Envelope(from: "kith@example.org", to: ["ana@example.org"])
    static let message = Array("Subject: hi\r\n\r\nHello\r\n".utf8)

    @Test func deliveredOnceAndKeptWithTheReply() throws {
        let folder = try TemporaryFolder.make("kith-outbox")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = try Outbox(directory: folder.path)
        #expect(try outbox.enqueue(id: "digest-2026-W49", message: Self.message, envelope: Self.envelope, now: 1_000))
        #expect(try !outbox.enqueue(id: "digest-2026-W49", message: Self.message, envelope: Self.envelope, now: 1_001))
        let transport = ScriptedTransport([.success("250 2.0.0 queued as 42")])
        let outcomes = outbox.deliverDue(through: transport, now: 1_000, giveUp: 86_400)
        #expect(outcomes.map(\.1) == [.sent(reply: "250 2.0.0 queued as 42")])
        #expect(outbox.location(of: "digest-2026-W49") == .sent)
        #expect(outbox.entries(in: .sent).first?.reply == "250 2.0.0 queued as 42")
        #expect(try !outbox.enqueue(id: "digest-2026-W49", message: Self.message, envelope: Self.envelope, now: 2_000))
        #expect(outbox.deliverDue(through: transport, now: 5_000, giveUp: 86_400).isEmpty)
        #expect(transport.delivered.withLock { $0 } == [Self.message])
    }

    @Test func temporaryFailuresBackOffThenGiveUpWithoutDeleting() throws {
        let folder = try TemporaryFolder.make("kith-outbox")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = try Outbox(directory: folder.path)
        try outbox.enqueue(id: "m", message: Self.message, envelope: Self.envelope, now: 0)
        let busy = DeliveryError(.temporary, "451 4.3.0 try again later")
        let transport = ScriptedTransport(Array(repeating: .failure(busy), count: 10))
        #expect(
            outbox.deliverDue(through: transport, now: 0, giveUp: 20_000).map(\.1) == [
                .retryLater(at: 60, error: busy.message)
            ]
        )
        #expect(outbox.deliverDue(through: transport, now: 30, giveUp: 20_000).isEmpty)
        #expect(
            outbox.deliverDue(through: transport, now: 60, giveUp: 20_000).map(\.1) == [
                .retryLater(at: 360, error: busy.message)
            ]
        )
        #expect(
            outbox.deliverDue(through: transport, now: 360, giveUp: 20_000).map(\.1) == [
                .retryLater(at: 1_260, error: busy.message)
            ]
        )
        #expect(outbox.entries().first?.attempts == 3)
        #expect(
            outbox.deliverDue(through: transport, now: 20_000, giveUp: 20_000).map(\.1) == [
                .failed(error: busy.message)
            ]
        )
        #expect(outbox.location(of: "m") == .failed)
        #expect(FileManager.default.contents(atPath: folder.path + "/failed/m.eml") == Data(Self.message))
    }

    @Test func permanentFailuresAreKeptAside() throws {
        let folder = try TemporaryFolder.make("kith-outbox")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = try Outbox(directory: folder.path)
        try outbox.enqueue(id: "m", message: Self.message, envelope: Self.envelope, now: 0)
        let rejected = DeliveryError(.permanent, "554 5.7.1 rejected")
        let outcomes = outbox.deliverDue(through: ScriptedTransport([.failure(rejected)]), now: 0, giveUp: 86_400)
        #expect(outcomes.map(\.1) == [.failed(error: rejected.message)])
        #expect(outbox.entries(in: .failed).first?.lastError == rejected.message)
    }

    @Test func leftoversOfACrashAreCleanedOnOpen() throws {
        let folder = try TemporaryFolder.make("kith-outbox")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Outbox(directory: folder.path)
        try Data("half".utf8).write(to: folder.appendingPathComponent(".tmp-m.eml-123"))
        let outbox = try Outbox(directory: folder.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["failed", "sent"])
        #expect(outbox.entries().isEmpty)
    }

    @Test func maildirDeliveryLeavesACompleteMessageInNew() throws {
        let folder = try TemporaryFolder.make("kith-maildir")
        defer { try? FileManager.default.removeItem(at: folder) }
        let transport = MaildirTransport(root: folder.path + "/mail")
        let first = try transport.deliver(Self.message, envelope: Self.envelope)
        let second = try transport.deliver(Self.message, envelope: Self.envelope)
        #expect(first != second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/mail/tmp").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/mail/new").count == 2)
        #expect(FileManager.default.contents(atPath: first) == Data(Self.message))
    }
}
