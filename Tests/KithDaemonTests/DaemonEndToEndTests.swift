import Foundation
import KithDaemon
import KithTestSupport
import Testing

/// `kith run` as systemd runs it: a real process, real inotify, a NOTIFY_SOCKET made by the test.
@Suite struct DaemonEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A datagram socket standing in for systemd's notification socket.
    final class NotifySocket {
        let path: String
        let descriptor: Int32

        init(path: String) throws {
            self.path = path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            let length = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count)
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
            }
            guard result == 0 else { throw CocoaError(.fileWriteUnknown) }
            // A daemon that is not root (setpriv in the watcher tests) must be able to send to it.
            chmod(path, 0o666)
            var timeout = timeval(tv_sec: 1, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        /// Waits up to `seconds` for a message containing `text`.
        func wait(for text: String, seconds: Int) -> String? {
            let deadline = Date().addingTimeInterval(TimeInterval(seconds))
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    let message = String(decoding: buffer[0..<count], as: UTF8.self)
                    if message.contains(text) { return message }
                }
            }
            return nil
        }

        deinit {
            close(descriptor)
            unlink(path)
        }
    }

    static func start(config: String, notify: String, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = KithProcess.executable
        process.arguments = ["run", "--config", config]
        process.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": notify]) { $1 }
        if !FileManager.default.fileExists(atPath: log.path) {
            FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        return process
    }

    static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        Wait.poll(timeout: .seconds(seconds)) { !process.isRunning }
    }

    @Test func servesWatchesReloadsAndStops() throws {
        let (folder, inbox, configPath) = try ServicePreflightTests.workspace("kith-daemon")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try String(contentsOfFile: configPath, encoding: .utf8)
        let notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        let log = folder.appendingPathComponent("kith.log")
        let maildir = folder.appendingPathComponent("state/mail/new").path

        var daemon = try Self.start(config: configPath, notify: notify.path, log: log)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        let ready = notify.wait(for: "READY=1", seconds: 20)
        #expect(ready?.contains("STATUS=watching 1 file") == true, "\(ready ?? "no READY=1")")
        // The catch-up digest was delivered before READY.
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir).count == 1)

        // A sync tool writes elsewhere and renames into the inbox.
        let staging = folder.appendingPathComponent("calendar.ics")
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("examples/inbox/work/calendar.ics"),
            to: staging
        )
        try FileManager.default.moveItem(at: staging, to: inbox.appendingPathComponent("calendar.ics"))
        let changed = notify.wait(for: "watching 2 files", seconds: 2)
        #expect(changed != nil, "the new calendar was not noticed within 2 s")
        let status = try KithProcess.run(["status", "--config", configPath])
        #expect(status.out.contains("daemon: running"))
        #expect(status.out.contains("2 files, 8 people"))

        // A card file renamed in shows in preview too.
        let card = folder.appendingPathComponent("lena.vcf")
        try Data(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lena Fischer\r\nEMAIL:lena.fischer@example.com\r\nEND:VCARD\r\n".utf8
        )
        .write(to: card)
        try FileManager.default.moveItem(at: card, to: inbox.appendingPathComponent("lena.vcf"))
        #expect(notify.wait(for: "watching 3 files, 8 people", seconds: 2) != nil)
        let preview = try KithProcess.run(["preview", "--config", configPath, "--at", "2026-11-30T08:00"])
        #expect(preview.out.contains("Lena Fischer"))
        #expect(!preview.out.contains("Not in your contacts yet\n  (lena"))

        // Their people leave with the files.
        try FileManager.default.removeItem(at: inbox.appendingPathComponent("calendar.ics"))
        try FileManager.default.removeItem(at: inbox.appendingPathComponent("lena.vcf"))
        #expect(notify.wait(for: "watching 1 file, 7 people", seconds: 2) != nil)

        // A vdirsyncer-like sync of 5 000 files settles into one re-plan.
        let burst = folder.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: burst, withIntermediateDirectories: true)
        let vdir = inbox.appendingPathComponent("contacts")
        try FileManager.default.createDirectory(at: vdir, withIntermediateDirectories: true)
        #expect(notify.wait(for: "watching 1 file", seconds: 2) != nil)
        for index in 0..<5_000 {
            let text =
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person \(index)\r\nEMAIL:p\(index)@example.org\r\nEND:VCARD\r\n"
            try Data(text.utf8).write(to: burst.appendingPathComponent("\(index).vcf"))
        }
        let before = try String(contentsOf: log, encoding: .utf8).components(separatedBy: "inbox changed").count
        for index in 0..<5_000 {
            try FileManager.default.moveItem(
                at: burst.appendingPathComponent("\(index).vcf"),
                to: vdir.appendingPathComponent("\(index).vcf")
            )
        }
        #expect(notify.wait(for: "watching 5001 files", seconds: 10) != nil)
        // A second re-plan would come within the watcher's settling time: half a second of nothing is the proof.
        Wait.hold(for: .milliseconds(500))
        let after = try String(contentsOf: log, encoding: .utf8).components(separatedBy: "inbox changed").count
        #expect(after - before == 1, "\(after - before) re-plans for one sync")

        // A broken config on SIGHUP: logged, and the daemon keeps running on the old one.
        try Data("inbox = \n".utf8).write(to: URL(fileURLWithPath: configPath))
        kill(daemon.processIdentifier, SIGHUP)
        #expect(notify.wait(for: "READY=1", seconds: 5) != nil)
        #expect(daemon.isRunning)
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.contains("still running on the previous one"))
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))

        // SIGTERM: STOPPING=1 and exit 0 within 5 s.
        kill(daemon.processIdentifier, SIGTERM)
        #expect(notify.wait(for: "STOPPING=1", seconds: 5) != nil)
        #expect(Self.waitForExit(daemon, seconds: 5))
        #expect(daemon.terminationStatus == 0)

        // After a restart, no second digest for the same slot.
        daemon = try Self.start(config: configPath, notify: notify.path, log: log)
        #expect(notify.wait(for: "READY=1", seconds: 20) != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir).count == 1)
        kill(daemon.processIdentifier, SIGTERM)
        #expect(Self.waitForExit(daemon, seconds: 5))
    }
}

extension DaemonEndToEndTests {
    @Test func aDigestKilledInFlightIsDeliveredExactlyOnceAfterARestart() throws {
        try #require(SMTPTestServer.isAvailable, "python3-aiosmtpd is missing: make deps installs it")
        let folder = try TemporaryFolder.make("kith-daemon-smtp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("examples/inbox/contacts.vcf"),
            to: inbox.appendingPathComponent("contacts.vcf")
        )
        func writeConfig(port: Int) throws -> String {
            var config = try String(contentsOf: Self.root.appendingPathComponent("examples/kith.toml"), encoding: .utf8)
            config = config.replacingOccurrences(of: "inbox = \"inbox\"", with: "inbox = \"\(inbox.path)\"")
            config = config.replacingOccurrences(
                of: "state_dir = \"state\"",
                with: "state_dir = \"\(folder.path)/state\""
            )
            config +=
                "\n[mail]\ntransport = \"smtp\"\nurl = \"smtp://127.0.0.1:\(port)\"\ntls = \"none\"\ntimeout = \"60s\"\n"
            let path = folder.appendingPathComponent("kith.toml").path
            try Data(config.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        let log = folder.appendingPathComponent("kith.log")
        let queued = folder.appendingPathComponent("state/outbox").path

        // A server that stalls: the daemon is killed while it waits for it.
        let slow = try SMTPTestServer(["--fault", "slow"], folder: folder)
        var daemon = try Self.start(config: try writeConfig(port: slow.port), notify: notify.path, log: log)
        try Wait.until("the digest queued in \(queued)", timeout: .seconds(20)) {
            ((try? FileManager.default.contentsOfDirectory(atPath: queued)) ?? []).contains { $0.hasSuffix(".eml") }
        }
        // Queued first, then sent: half a second on, the daemon is in the middle of the stalled send.
        Wait.hold(for: .milliseconds(500))
        // SIGTERM in the middle of the send: out within 5 s with status 0, the message still queued.
        kill(daemon.processIdentifier, SIGTERM)
        #expect(Self.waitForExit(daemon, seconds: 5))
        #expect(daemon.terminationStatus == 0)
        // Again, and this time SIGKILL.
        daemon = try Self.start(config: try writeConfig(port: slow.port), notify: notify.path, log: log)
        // A second for the restarted daemon to read its outbox and stall on the server again.
        Wait.hold(for: .seconds(1))
        kill(daemon.processIdentifier, SIGKILL)
        daemon.waitUntilExit()
        #expect(slow.received.isEmpty)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: queued).contains {
                $0.hasPrefix("digest-") && $0.hasSuffix(".eml")
            }
        )

        // Restarted against a working server: the queued digest goes out once, and no second one is composed.
        let good = try SMTPTestServer([], folder: folder)
        daemon = try Self.start(config: try writeConfig(port: good.port), notify: notify.path, log: log)
        #expect(notify.wait(for: "READY=1", seconds: 20) != nil)
        #expect(good.received.count == 1)
        kill(daemon.processIdentifier, SIGTERM)
        #expect(Self.waitForExit(daemon, seconds: 5))
        daemon = try Self.start(config: try writeConfig(port: good.port), notify: notify.path, log: log)
        #expect(notify.wait(for: "READY=1", seconds: 20) != nil)
        kill(daemon.processIdentifier, SIGTERM)
        #expect(Self.waitForExit(daemon, seconds: 5))
        #expect(good.received.count == 1)
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.contains("delivered (250 2.0.0 Ok: queued as kith-test-1)"))
    }
}
