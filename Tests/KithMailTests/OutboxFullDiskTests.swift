import Foundation
import KithMail
import KithTestSupport
import Synchronization
import Testing

/// A full disk after the server accepted a message: it must never be sent again (#13, class 2), and the
/// bookkeeping that failed is retried with back-off, not every second. A real full file system: a small
/// tmpfs (the tests run as root).
@Suite struct OutboxFullDiskTests {
    static let envelope = Envelope(from: "kith@example.org", to: ["ana@example.org"])
    static let message = Array("Subject: digest\r\n\r\nHello\r\n".utf8)

    /// A 256 KiB tmpfs, unmounted and removed by `close`.
    final class SmallDisk {
        let folder: URL
        init(inodes: Int = 1000) throws {
            folder = try TemporaryFolder.make("kith-fulldisk")
            let options = "size=256k,nr_inodes=\(inodes),mode=0700"
            let mount = try Command.run("mount", ["-t", "tmpfs", "-o", options, "tmpfs", folder.path])
            try #require(mount.status == 0, "cannot mount a tmpfs: \(mount.err)")
        }

        /// Writes a file until the disk refuses more; returns it so that it can be removed.
        func fill() throws -> URL {
            let filler = folder.appendingPathComponent("filler")
            let handle = fopen(filler.path, "w")
            let block = [UInt8](repeating: 0x41, count: 4096)
            while fwrite(block, 1, block.count, handle) == block.count && fflush(handle) == 0 {}
            fclose(handle)
            return filler
        }

        func close() {
            _ = try? Command.run("umount", [folder.path])
            try? FileManager.default.removeItem(at: folder)
        }
    }

    @Test func acceptedOnceWhateverFailsAfterwards() throws {
        let disk = try SmallDisk()
        defer { disk.close() }
        let directory = disk.folder.appendingPathComponent("outbox").path
        let outbox = try Outbox(directory: directory)
        #expect(try outbox.enqueue(id: "digest-2026-W49", message: Self.message, envelope: Self.envelope, now: 1_000))
        let filler = try disk.fill()

        let transport = ScriptedTransport([])
        let first = outbox.deliverDue(through: transport, now: 1_000, giveUp: 86_400)
        guard case .sent(let reply)? = first.first?.1 else {
            Issue.record("the accepted message was not reported sent: \(first)")
            return
        }
        #expect(reply.contains("not yet moved to sent/"), "the full disk did stop the bookkeeping: \(reply)")
        #expect(outbox.location(of: "digest-2026-W49") == .queue)

        // The daemon asks again every second while the disk stays full: nothing is sent again, and the next
        // bookkeeping attempt is a minute away, not now.
        for second in 1...30 {
            _ = outbox.deliverDue(through: transport, now: 1_000 + second, giveUp: 86_400)
        }
        #expect(transport.delivered.withLock { $0.count } == 1)
        let next = try #require(outbox.entries().first?.nextAttempt)
        #expect(next >= 1_060)

        // A restart with the disk still full: the new process knows it was accepted.
        let restarted = try Outbox(directory: directory)
        _ = restarted.deliverDue(through: transport, now: next, giveUp: 86_400)
        #expect(transport.delivered.withLock { $0.count } == 1)
        #expect(restarted.location(of: "digest-2026-W49") == .queue)

        // Space again: the next attempt records it as sent, still without sending it again.
        try FileManager.default.removeItem(at: filler)
        let later = try #require(restarted.entries().first?.nextAttempt)
        let outcomes = restarted.deliverDue(through: transport, now: later, giveUp: 86_400)
        guard case .sent(let recorded)? = outcomes.first?.1 else {
            Issue.record("not recorded as sent: \(outcomes)")
            return
        }
        #expect(!recorded.contains("not yet moved"))
        #expect(restarted.location(of: "digest-2026-W49") == .sent)
        #expect(restarted.entries(in: .sent).first?.sentAt == 1_000)
        #expect(transport.delivered.withLock { $0.count } == 1)
        #expect(restarted.entries().isEmpty)
    }

    @Test func aFullDiskBeforeTheAttemptSendsNothingAndBacksOff() throws {
        let disk = try SmallDisk(inodes: 64)
        defer { disk.close() }
        let outbox = try Outbox(directory: disk.folder.appendingPathComponent("outbox").path)
        try outbox.enqueue(id: "m", message: Self.message, envelope: Self.envelope, now: 0)
        let filler = try disk.fill()
        // Use up the inodes too, so that not even the empty marker can be made.
        var made = 0
        while made < 64,
            FileManager.default.createFile(atPath: disk.folder.appendingPathComponent("i\(made)").path, contents: nil)
        {
            made += 1
        }
        #expect(made < 64, "the inodes ran out")
        let transport = ScriptedTransport([])
        let outcomes = outbox.deliverDue(through: transport, now: 0, giveUp: 86_400)
        if case .retryLater(let at, _)? = outcomes.first?.1 {
            #expect(at >= 60)
        } else {
            Issue.record("expected a later attempt: \(outcomes)")
        }
        #expect(transport.delivered.withLock { $0.isEmpty })
        try FileManager.default.removeItem(at: filler)
    }
}
