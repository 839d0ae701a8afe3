import Foundation
import KithTestSupport
import Testing

/// The running daemon against what broke it before (#13): a disk that fills after the server accepted the
/// digest, and a reload into a config built to overflow the parser's stack.
@Suite(.serialized) struct DaemonHardeningTests {
    typealias EndToEnd = DaemonEndToEndTests

    @Test(.enabled(if: geteuid() == 0, "mounting a full tmpfs needs root"))
    func aFullDiskAfterAcceptanceSendsTheDigestOnce() throws {
        let (folder, _, config) = try ServicePreflightTests.workspace("kith-daemon-full")
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(SMTPTestServer.isAvailable, "python3-aiosmtpd is missing: make deps installs it")
        let server = try SMTPTestServer([], folder: folder)
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text += "\n[mail]\ntransport = \"smtp\"\nurl = \"smtp://127.0.0.1:\(server.port)\"\ntls = \"none\"\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        // outbox/sent/ is a file system of its own, full before the daemon starts: recording the delivery
        // fails after the server has accepted the message.
        let sent = folder.appendingPathComponent("state/outbox/sent")
        try FileManager.default.createDirectory(at: sent, withIntermediateDirectories: true)
        let mount = try Command.run("mount", ["-t", "tmpfs", "-o", "size=4k,nr_inodes=2", "tmpfs", sent.path])
        try #require(mount.status == 0, "\(mount.err)")
        defer { _ = try? Command.run("umount", [sent.path]) }
        _ = FileManager.default.createFile(
            atPath: sent.appendingPathComponent("filler").path,
            contents: Data(count: 4096)
        )

        let notify = try EndToEnd.NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        let log = folder.appendingPathComponent("kith.log")
        let daemon = try EndToEnd.start(config: config, notify: notify.path, log: log)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        #expect(notify.wait(for: "READY=1", seconds: 20) != nil)
        #expect(
            Wait.poll(timeout: .seconds(10)) { server.received.count == 1 },
            "the catch-up digest was not delivered"
        )
        // The old daemon sent the same digest again every second from here on.
        let logged = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        #expect(Wait.poll(timeout: .seconds(10)) { logged().contains("not yet moved to sent/") }, "\(logged())")
        #expect(!Wait.poll(timeout: .seconds(5)) { server.received.count > 1 }, "the accepted digest was sent again")
        #expect(daemon.isRunning)
        kill(daemon.processIdentifier, SIGTERM)
        #expect(EndToEnd.waitForExit(daemon, seconds: 10))
    }

    /// The digest of a slot that could not even be queued (the outbox's disk full) stays due and goes out once
    /// there is room again, at the outbox's first back-off (a minute): it used to wait for next week's slot.
    @Test(.enabled(if: geteuid() == 0, "mounting a full tmpfs needs root"))
    func aSlotThatCouldNotBeQueuedIsTriedAgain() throws {
        let (folder, _, config) = try ServicePreflightTests.workspace("kith-daemon-unqueued")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = folder.appendingPathComponent("state/outbox")
        try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
        let mount = try Command.run("mount", ["-t", "tmpfs", "-o", "size=64k,nr_inodes=16", "tmpfs", outbox.path])
        try #require(mount.status == 0, "\(mount.err)")
        defer { _ = try? Command.run("umount", [outbox.path]) }
        for folder in ["sent", "failed"] {
            try FileManager.default.createDirectory(
                at: outbox.appendingPathComponent(folder),
                withIntermediateDirectories: true
            )
        }
        let filler = outbox.appendingPathComponent("filler")
        _ = FileManager.default.createFile(atPath: filler.path, contents: Data(count: 65536))

        let notify = try EndToEnd.NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        let log = folder.appendingPathComponent("kith.log")
        let daemon = try EndToEnd.start(config: config, notify: notify.path, log: log)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        #expect(notify.wait(for: "READY=1", seconds: 20) != nil)
        let logged = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        #expect(Wait.poll(timeout: .seconds(10)) { logged().contains("will be tried again at") }, "\(logged())")

        try FileManager.default.removeItem(at: filler)
        let maildir = folder.appendingPathComponent("state/mail/new").path
        let delivered = Wait.poll(timeout: .seconds(90)) {
            ((try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? []).count == 1
        }
        #expect(delivered, "the slot's digest was not queued again: \(logged())")
        #expect(daemon.isRunning)
        kill(daemon.processIdentifier, SIGTERM)
        #expect(EndToEnd.waitForExit(daemon, seconds: 10))
    }

    @Test func aReloadIntoAHostileConfigKeepsTheOldOne() throws {
        let (folder, _, config) = try ServicePreflightTests.workspace("kith-daemon-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let notify = try EndToEnd.NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        let log = folder.appendingPathComponent("kith.log")
        let daemon = try EndToEnd.start(config: config, notify: notify.path, log: log)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        #expect(notify.wait(for: "READY=1", seconds: 20) != nil)

        let original = try String(contentsOfFile: config, encoding: .utf8)
        let hostile = [
            "deep = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
            "deep = " + String(repeating: "{ a = ", count: 10_000) + "1" + String(repeating: " }", count: 10_000),
            (0..<3_000).map { "k\($0)" }.joined(separator: ".") + " = 1",
        ]
        for (index, line) in hostile.enumerated() {
            try Data((original + "\n" + line + "\n").utf8).write(to: URL(fileURLWithPath: config))
            kill(daemon.processIdentifier, SIGHUP)
            let ready = notify.wait(for: "READY=1", seconds: 20)
            #expect(ready != nil, "no READY after reload \(index)")
            #expect(daemon.isRunning, "the daemon died on reload \(index)")
        }
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.components(separatedBy: "still running on the previous one").count - 1 == hostile.count)
        try Data(original.utf8).write(to: URL(fileURLWithPath: config))
        let status = try KithProcess.run(["status", "--config", config])
        #expect(status.out.contains("daemon: running"), "\(status.out)")
        kill(daemon.processIdentifier, SIGTERM)
        #expect(EndToEnd.waitForExit(daemon, seconds: 10))
    }
}

/// A file over the size limit in the inbox is refused from its size, before it is read (#13, class 5).
@Suite struct OversizedInboxFileTests {
    @Test func aSparseFileOverTheLimitIsRefusedWithoutReadingIt() throws {
        let folder = try TemporaryFolder.make("kith-oversized")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.ics")
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data("BEGIN:VCALENDAR\r\n".utf8)))
        #expect(truncate(file.path, 1_536 * 1024 * 1024) == 0)
        let started = Date()
        let result = try KithProcess.run(["inspect", "--summary", file.path])
        #expect(result.status == 1)
        #expect(result.err.contains("more than the limit"), "\(result.err)")
        // Reading 1.5 GB of zeros would take seconds and gigabytes; refusing it takes a moment.
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
