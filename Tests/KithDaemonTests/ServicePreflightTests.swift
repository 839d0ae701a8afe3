import Foundation
import KithTestSupport
import Testing

/// `kith run` under systemd: what would only fail later ends it with 78 at once, and a broken inbox file is
/// logged when it is read, not on every re-plan.
@Suite struct ServicePreflightTests {
    typealias EndToEnd = DaemonEndToEndTests

    /// A folder with `inbox/contacts.vcf` and the demo config pointing at it and at `state/`.
    static func workspace(_ prefix: String) throws -> (folder: URL, inbox: URL, config: String) {
        let folder = try TemporaryFolder.make(prefix)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: EndToEnd.root.appendingPathComponent("examples/inbox/contacts.vcf"),
            to: inbox.appendingPathComponent("contacts.vcf")
        )
        var config = try String(contentsOf: EndToEnd.root.appendingPathComponent("examples/kith.toml"), encoding: .utf8)
        config = config.replacingOccurrences(of: "inbox = \"inbox\"", with: "inbox = \"\(inbox.path)\"")
        config = config.replacingOccurrences(of: "state_dir = \"state\"", with: "state_dir = \"\(folder.path)/state\"")
        let path = folder.appendingPathComponent("kith.toml").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        return (folder, inbox, path)
    }

    @Test func runExits78ForAMissingInboxBeforeWatching() throws {
        let (folder, inbox, config) = try Self.workspace("kith-run-78")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: inbox)
        let notify = try EndToEnd.NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        let log = folder.appendingPathComponent("kith.log")
        let daemon = try EndToEnd.start(config: config, notify: notify.path, log: log)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        #expect(EndToEnd.waitForExit(daemon, seconds: 20), "kith run kept running without an inbox")
        #expect(daemon.terminationStatus == 78)
        let logged = try String(contentsOf: log, encoding: .utf8)
        let line = try #require(
            try String(contentsOfFile: config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.hasPrefix("inbox = ") }
        )
        #expect(logged.contains("\(config):\(line + 1):1: error: inbox \(inbox.path) does not exist"), "\(logged)")
        // Nothing was started: no state written, no READY sent.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("state").path))
        #expect(notify.wait(for: "READY=1", seconds: 1) == nil)
    }

    @Test func aBrokenFileIsLoggedOncePerChange() throws {
        let (folder, inbox, config) = try Self.workspace("kith-run-log")
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = inbox.appendingPathComponent("broken.ics")
        let text =
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:b1\r\nTHIS LINE HAS NO COLON\r\n"
            + "DTSTART:20261120T100000Z\r\nSUMMARY:Coffee\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        try Data(text.utf8).write(to: broken)
        // What `kith inspect` says of the file, as the service must say it: every problem a warning.
        let inspect = try KithProcess.run(["inspect", broken.path])
        let expected = inspect.err.split(separator: "\n").map {
            $0.replacingOccurrences(of: ": error: ", with: ": warning: ")
        }
        try #require(!expected.isEmpty, "the fixture has no problem to log")
        #expect(expected.allSatisfy { $0.hasPrefix("\(broken.path):") && $0.contains(": warning: ") })

        let notify = try EndToEnd.NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        let log = folder.appendingPathComponent("kith.log")
        let daemon = try EndToEnd.start(config: config, notify: notify.path, log: log)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        func count(_ line: String) throws -> Int {
            try String(contentsOf: log, encoding: .utf8).components(separatedBy: line + "\n").count - 1
        }
        #expect(notify.wait(for: "READY=1", seconds: 20) != nil)
        for line in expected { #expect(try count(line) == 1, "\(line) not logged once at start") }

        // Another file arrives: a re-plan, but the broken file did not change and is not logged again.
        let card = folder.appendingPathComponent("lena.vcf")
        try Data("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Lena Fischer\r\nEMAIL:lena@example.com\r\nEND:VCARD\r\n".utf8)
            .write(to: card)
        try FileManager.default.moveItem(at: card, to: inbox.appendingPathComponent("lena.vcf"))
        #expect(notify.wait(for: "watching 3 files", seconds: 5) != nil)
        for line in expected { #expect(try count(line) == 1, "\(line) logged again for another file's change") }

        // The broken file itself changes (still broken, alike): read again, so logged again, once.
        let staging = folder.appendingPathComponent("broken.ics")
        try Data(text.replacingOccurrences(of: "SUMMARY:Coffee", with: "SUMMARY:Tea").utf8).write(to: staging)
        #expect(rename(staging.path, broken.path) == 0)
        #expect(
            try Wait.poll(timeout: .seconds(5)) { try count(expected[0]) >= 2 },
            "the changed file was not read again"
        )
        #expect(notify.wait(for: "watching 3 files", seconds: 5) != nil)
        for line in expected { #expect(try count(line) == 2, "\(line) not logged once more after its change") }

        kill(daemon.processIdentifier, SIGTERM)
        #expect(EndToEnd.waitForExit(daemon, seconds: 5))
    }
}
