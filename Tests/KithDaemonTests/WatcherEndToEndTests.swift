import Foundation
import KithDaemon
import KithTestSupport
import Testing

/// `kith run` on inboxes that once broke the watcher (#13): links to their own folder, the inbox folder moved
/// aside or removed, an unreadable sub-folder for an unprivileged user.
@Suite struct WatcherEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let contacts = root.appendingPathComponent("examples/inbox/contacts.vcf")
    static let calendar = root.appendingPathComponent("examples/inbox/work/calendar.ics")

    typealias NotifySocket = DaemonEndToEndTests.NotifySocket

    /// A folder with an inbox, a config on the example's and a notification socket.
    struct Setup {
        var folder: URL
        var inbox: URL
        var config: String
        var notify: NotifySocket
        var log: URL

        init(_ name: String) throws {
            folder = try TemporaryFolder.make(name)
            inbox = folder.appendingPathComponent("inbox")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            var text = try String(
                contentsOf: WatcherEndToEndTests.root.appendingPathComponent("examples/kith.toml"),
                encoding: .utf8
            )
            text = text.replacingOccurrences(of: "inbox = \"inbox\"", with: "inbox = \"\(inbox.path)\"")
            text = text.replacingOccurrences(of: "state_dir = \"state\"", with: "state_dir = \"\(folder.path)/state\"")
            config = folder.appendingPathComponent("kith.toml").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: config))
            notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
            log = folder.appendingPathComponent("kith.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
        }

        /// `kith run`, as `prefix` (e.g. setpriv) runs it when given.
        func start(as prefix: [String] = []) throws -> Process {
            let process = Process()
            let arguments = ["run", "--config", config]
            if let first = prefix.first {
                process.executableURL = URL(fileURLWithPath: first)
                process.arguments = Array(prefix.dropFirst()) + [KithProcess.executable.path] + arguments
            } else {
                process.executableURL = KithProcess.executable
                process.arguments = arguments
            }
            process.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": notify.path]) { $1 }
            let handle = try FileHandle(forWritingTo: log)
            handle.seekToEndOfFile()
            process.standardError = handle
            process.standardOutput = handle
            try process.run()
            return process
        }

        var logged: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Waits up to `seconds` for the log to hold `text`; whether it did.
        func waitForLog(_ text: String, seconds: Double = 10) -> Bool {
            Wait.poll(timeout: .seconds(seconds)) { logged.contains(text) }
        }

        /// Copies a file in the way sync tools do: written beside the inbox, then renamed into it.
        func drop(_ source: URL, as path: String) throws {
            let staging = folder.appendingPathComponent("staging-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: source, to: staging)
            try FileManager.default.moveItem(at: staging, to: inbox.appendingPathComponent(path))
        }

        func stop(_ daemon: Process) {
            kill(daemon.processIdentifier, SIGTERM)
            if !Wait.poll(timeout: .seconds(5), { !daemon.isRunning }) { kill(daemon.processIdentifier, SIGKILL) }
        }
    }

    /// User plus system CPU time of a process so far, in clock ticks (proc(5): fields 14 and 15 of stat).
    static func cpuTicks(_ pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    @Test func anInboxWithLinksToItselfIsReadyPromptlyStaysIdleAndIsListedOnce() throws {
        let setup = try Setup("kith-watch-loop")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try FileManager.default.copyItem(at: Self.contacts, to: setup.inbox.appendingPathComponent("contacts.vcf"))
        let work = setup.inbox.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.calendar, to: work.appendingPathComponent("calendar.ics"))
        for (name, target) in [("a", "."), ("b", "."), ("work/up", "..")] {
            try FileManager.default.createSymbolicLink(
                atPath: setup.inbox.appendingPathComponent(name).path,
                withDestinationPath: target
            )
        }

        let daemon = try setup.start()
        defer { setup.stop(daemon) }
        // Before #13 this never came: the watcher recursed through a/b/a/… at 100% CPU.
        let ready = setup.notify.wait(for: "READY=1", seconds: 20)
        #expect(ready?.contains("STATUS=watching 2 files") == true, "\(ready ?? "no READY=1")\n\(setup.logged)")
        #expect(setup.logged.contains("watching \(setup.inbox.path) (2 files)"))

        // Idle is idle: measured over a window, which is what CPU use is (nothing here waits for an event).
        let before = Self.cpuTicks(daemon.processIdentifier)
        let start = Date()
        Wait.hold(for: .seconds(2))
        let after = Self.cpuTicks(daemon.processIdentifier)
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let elapsed = Date().timeIntervalSince(start)
        let busy = Double((after ?? Int.max) - (before ?? 0)) / ticksPerSecond / elapsed
        #expect(busy < 0.05, "\(Int(busy * 100))% CPU while idle")

        // A file written through the links is the inbox's own file, read once.
        try setup.drop(Self.contacts, as: "a/b/a/more.vcf")
        #expect(setup.notify.wait(for: "watching 3 files", seconds: 5) != nil, "\(setup.logged)")

        // The same listing for the command line: each file once, by its own path.
        let inspect = try KithProcess.run(["inspect", "--summary", setup.inbox.path])
        let listed = inspect.out.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) }
        let expected = ["contacts.vcf", "more.vcf", "work/calendar.ics"].map { setup.inbox.path + "/" + $0 }
        #expect(listed == expected, "\(inspect.out)\n\(inspect.err)")
    }

    @Test func anInboxMovedAsideAndMadeAgainIsReadAgainAndOneRemovedIsForgotten() throws {
        let setup = try Setup("kith-watch-replace")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try FileManager.default.copyItem(at: Self.contacts, to: setup.inbox.appendingPathComponent("contacts.vcf"))
        let daemon = try setup.start()
        defer { setup.stop(daemon) }
        let ready = setup.notify.wait(for: "READY=1", seconds: 20)
        #expect(ready?.contains("STATUS=watching 1 file") == true, "\(ready ?? "no READY=1")\n\(setup.logged)")

        // mv inbox old && mkdir inbox, then a sync fills the new one.
        try FileManager.default.moveItem(at: setup.inbox, to: setup.folder.appendingPathComponent("old"))
        try FileManager.default.createDirectory(at: setup.inbox, withIntermediateDirectories: false)
        try setup.drop(Self.contacts, as: "contacts.vcf")
        try setup.drop(Self.calendar, as: "calendar.ics")
        #expect(setup.notify.wait(for: "watching 2 files", seconds: 10) != nil, "\(setup.logged)")
        #expect(setup.logged.contains("inbox changed (rescanned)"))
        let inbox = setup.inbox.path
        #expect(setup.logged.contains("\(inbox) was replaced") || setup.logged.contains("\(inbox) is back"))
        // The new folder is watched, not the old one.
        try setup.drop(Self.contacts, as: "more.vcf")
        #expect(setup.notify.wait(for: "watching 3 files", seconds: 5) != nil, "\(setup.logged)")

        // rm -r inbox: its files are forgotten, and said so.
        try FileManager.default.removeItem(at: setup.inbox)
        #expect(setup.notify.wait(for: "watching 0 files", seconds: 10) != nil, "\(setup.logged)")
        #expect(setup.waitForLog("warning: the inbox \(inbox) is gone"))
        #expect(daemon.isRunning)
    }

    @Test(.enabled(if: geteuid() == 0, "running the daemon as nobody needs root"))
    func anUnreadableFolderIsLoggedOnceByAnUnprivilegedDaemon() throws {
        try #require(Command.exists("setpriv"), "setpriv is missing: make deps installs util-linux")
        let setup = try Setup("kith-watch-denied")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try FileManager.default.copyItem(at: Self.contacts, to: setup.inbox.appendingPathComponent("contacts.vcf"))
        let secret = setup.inbox.appendingPathComponent("secret")
        try FileManager.default.createDirectory(at: secret, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: Self.calendar, to: secret.appendingPathComponent("calendar.ics"))
        // Everything is nobody's, and the folder closed to its owner too.
        let owned = try Command.run("chown", ["-R", "65534:65534", setup.folder.path])
        #expect(owned.status == 0, "\(owned.err)")
        chmod(secret.path, 0)
        defer { chmod(secret.path, 0o755) }

        let daemon = try setup.start(as: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        defer { setup.stop(daemon) }
        let ready = setup.notify.wait(for: "READY=1", seconds: 20)
        #expect(ready?.contains("STATUS=watching 1 file") == true, "\(ready ?? "no READY=1")\n\(setup.logged)")
        let warning = "warning: cannot read the folder \(secret.path)"
        #expect(setup.waitForLog(warning), "\(setup.logged)")
        #expect(setup.logged.contains("Permission denied"))

        // The rest still works, and a second walk of the tree (a new folder) does not say it again.
        let work = setup.inbox.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: false)
        #expect(setup.waitForLog("inbox changed (rescanned)"), "\(setup.logged)")
        try setup.drop(Self.calendar, as: "work/calendar.ics")
        #expect(setup.notify.wait(for: "watching 2 files", seconds: 10) != nil, "\(setup.logged)")
        #expect(setup.logged.components(separatedBy: warning).count - 1 == 1, "\(setup.logged)")
    }
}
