import ArgumentParser
@preconcurrency import Dispatch
import Foundation
import KithCore
import KithDaemon
import KithFormats
import KithMail
import KithStore

/// `kith run`: the service. Sleeps on inotify and one timer; sends each digest slot once.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Kith as a service: watch the inbox, send the weekly digest (systemd Type=notify)."
    )

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Flag(help: "Also print each digest's text on standard output when it is sent (for a first try).")
    var printDigest = false

    func run() throws {
        let service = try Service(config: config, printDigest: printDigest)
        try service.start()
        dispatchMain()
    }
}

/// The running service; every handler runs on the main queue, one at a time.
final class Service: @unchecked Sendable {
    private let configOption: String?
    private var workspace: Workspace
    private var store: StateStore
    private var delivery: Delivery
    private var documents: [String: Document]
    private var watcher: InboxWatcher?
    private let timer = WallClockTimer(queue: .main)
    private var watchdog: DispatchSourceTimer?
    private var signals: SignalHandlers?
    private let notifier = SystemdNotifier()
    private var people = 0
    private var nextDigest = 0
    /// A slot whose digest could not even be composed and queued (the state or the disk failed): it stays due,
    /// tried again with the outbox's back-off until it is queued or `mail.give_up` has passed.
    private var unqueued: (slot: Int, attempts: Int, retryAt: Int)?
    private let printDigest: Bool

    init(config: String?, printDigest: Bool) throws {
        configOption = config
        self.printDigest = printDigest
        workspace = try Workspace.load(config: config, preflight: true)
        store = try workspace.openState()
        delivery = try Delivery(settings: workspace.settings)
        documents = Dictionary(workspace.documents.map { ($0.path, $0) }, uniquingKeysWith: { $1 })
    }

    /// One line per event; under journald (`$JOURNAL_STREAM`) with the syslog priority prefix it reads.
    static func log(_ level: String, _ message: String) {
        let priority = level == "error" ? 3 : level == "warning" ? 4 : 6
        let prefix = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] == nil ? "" : "<\(priority)>"
        // Messages quote names and paths from the inbox: no control character reaches the journal or a terminal.
        FileHandle.standardError.write(Data("\(prefix)\(level): \(PrintableText.printable(message))\n".utf8))
    }

    /// At most this many problems of one file are logged at a time; `kith inspect` shows them all.
    static let maximumLoggedPerFile = 20

    /// Logs a problem of an inbox file as `kith inspect` prints it, `path:line:column: warning: …`: for the
    /// service every such problem is a warning (the bad part is skipped and the service goes on).
    static func log(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        diagnostic.severity = .warning
        let prefix = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] == nil ? "" : "<4>"
        FileHandle.standardError.write(Data("\(prefix)\(PrintableText.printable(diagnostic.description))\n".utf8))
    }

    static func pidFile(_ settings: Settings) -> String { settings.stateDirectory + "/kith.pid" }

    func start() throws {
        try? Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: Self.pidFile(workspace.settings)))
        Self.log(
            "info",
            "watching \(workspace.settings.inbox) (\(documents.count) files), config \(workspace.configPath)"
        )
        let watcher = InboxWatcher(
            root: workspace.settings.inbox,
            queue: .main,
            log: { Service.log($0, $1) },
            onChange: { [weak self] changed, rescan in self?.inboxChanged(changed, rescan: rescan) }
        )
        do {
            try watcher.start()
        } catch {
            Self.log("error", "cannot watch \(workspace.settings.inbox): \(error)")
            throw ExitCode(1)
        }
        self.watcher = watcher
        // Stopping must not wait for a send in flight (the outbox keeps it); a reload waits its turn on main.
        StopOnSignal.install(
            notifySocket: ProcessInfo.processInfo.environment["NOTIFY_SOCKET"],
            pidFile: Self.pidFile(workspace.settings)
        )
        signals = SignalHandlers(queue: .main, [SIGHUP: { [weak self] in self?.reload() }])
        replan(reporting: Set(documents.keys))
        catchUp()
        notifier.notify("READY=1\nSTATUS=\(status)")
        if let interval = SystemdNotifier.watchdogInterval() {
            let source = DispatchSource.makeTimerSource(queue: .main)
            source.schedule(deadline: .now() + interval, repeating: interval)
            source.setEventHandler { [notifier] in notifier.notify("WATCHDOG=1") }
            source.resume()
            watchdog = source
        }
        arm()
    }

    private var status: String {
        let next = workspace.zone.local(atUTC: nextDigest)
        return "watching \(documents.count) files, \(people) people, next digest \(CivilCalendar.short(next.date)) "
            + String(format: "%02d:%02d", next.hour, next.minute)
    }

    /// Plans again, and logs the problems of the files in `reporting`: those read anew because they changed
    /// (every file at start). A file that did not change is not logged again on each re-plan.
    private func replan(reporting: Set<String> = []) {
        var current = workspace
        current.documents = documents.keys.sorted().map { documents[$0]! }
        var expansion: [Diagnostic] = []
        do {
            let (planner, diagnostics) = try current.planner(now: Workspace.now(), state: store)
            people = planner.network.people.count
            expansion = diagnostics
        } catch {
            Self.log("error", "planning failed: \(error)")
        }
        report(reporting, expansion: expansion)
        nextDigest = DigestSchedule(settings: workspace.settings, zone: workspace.zone).next(after: Workspace.now())
    }

    /// Each file's reading problems, then those of expanding its events (which the planner names relative
    /// to the inbox), as `kith inspect` would show them.
    private func report(_ paths: Set<String>, expansion: [Diagnostic]) {
        guard !paths.isEmpty else { return }
        let inbox = workspace.settings.inbox.hasSuffix("/") ? workspace.settings.inbox : workspace.settings.inbox + "/"
        var expanded: [String: [Diagnostic]] = [:]
        for var diagnostic in expansion {
            if !diagnostic.path.hasPrefix("/") { diagnostic.path = inbox + diagnostic.path }
            if paths.contains(diagnostic.path) { expanded[diagnostic.path, default: []].append(diagnostic) }
        }
        for path in paths.sorted() {
            guard let document = documents[path] else { continue }
            let problems = document.diagnostics + (expanded[path] ?? [])
            for diagnostic in problems.prefix(Self.maximumLoggedPerFile) { Self.log(diagnostic) }
            if problems.count > Self.maximumLoggedPerFile {
                Self.log(
                    "warning",
                    "\(path): \(problems.count - Self.maximumLoggedPerFile) more problems (kith inspect shows them all)"
                )
            }
        }
    }

    /// The files of `fresh` that are new or read differently from `old`: after a rescan or a reload every file
    /// is read again, but only those are worth logging again.
    private static func changedFiles(_ fresh: [String: Document], from old: [String: Document]) -> Set<String> {
        Set(fresh.keys.filter { old[$0]?.diagnostics != fresh[$0]!.diagnostics })
    }

    private func inboxChanged(_ changed: Set<String>, rescan: Bool) {
        var reread: Set<String> = []
        if rescan {
            let files = (try? InputFiles.expand([workspace.settings.inbox])) ?? []
            let fresh = Dictionary(Workspace.readInParallel(files).map { ($0.path, $0) }, uniquingKeysWith: { $1 })
            reread = Self.changedFiles(fresh, from: documents)
            documents = fresh
        } else {
            for path in changed {
                if FileManager.default.fileExists(atPath: path) {
                    documents[path] = InputFiles.read(path)
                    reread.insert(path)
                } else {
                    documents[path] = nil
                }
            }
        }
        replan(reporting: reread)
        Self.log("info", "inbox changed (\(rescan ? "rescanned" : "\(changed.count) files")); \(status)")
        notifier.notify("STATUS=\(status)")
    }

    /// A slot missed while the machine was off is sent on start when younger than `digest.catch_up`.
    private func catchUp() {
        let now = Workspace.now()
        let schedule = DigestSchedule(settings: workspace.settings, zone: workspace.zone)
        let latest = schedule.latest(atOrBefore: now)
        let slotName = CivilCalendar(zone: workspace.zone).slot(workspace.zone.local(atUTC: latest).date)
        let composed = (try? store.slot(slotName)?.composedAt) ?? nil
        if composed == nil, now - latest <= workspace.settings.digest.catchUp.approximateSeconds {
            Self.log(
                "info",
                "catching up the digest of \(slotName), due \(Date(timeIntervalSince1970: TimeInterval(latest)))"
            )
            queueDigest(at: latest)
        } else {
            deliverOutbox()
        }
    }

    /// Composes, queues and sends the digest of the slot at `instant`; when it cannot be queued, keeps the slot
    /// due (a failure while sending is the outbox's to retry).
    private func queueDigest(at instant: Int) {
        let now = Workspace.now()
        if sendDigest(at: instant) {
            unqueued = nil
            return
        }
        let attempts = (unqueued?.slot == instant ? unqueued!.attempts : 0) + 1
        if now - instant >= workspace.settings.mail.giveUp.approximateSeconds {
            Self.log(
                "error",
                "the digest due at \(Self.describe(instant)) could not be queued for mail.give_up; giving up"
            )
            unqueued = nil
            return
        }
        let retryAt = now + Outbox.backoff[min(attempts - 1, Outbox.backoff.count - 1)]
        unqueued = (instant, attempts, retryAt)
        Self.log("info", "the digest due at \(Self.describe(instant)) will be tried again at \(Self.describe(retryAt))")
    }

    private static func describe(_ instant: Int) -> String { "\(Date(timeIntervalSince1970: TimeInterval(instant)))" }

    /// Whether the slot's digest is queued now (or was before).
    @discardableResult
    private func sendDigest(at instant: Int) -> Bool {
        var current = workspace
        current.documents = documents.keys.sorted().map { documents[$0]! }
        do {
            let (planner, _) = try current.planner(now: instant, state: store)
            let sent = try DigestRun.send(planner: planner, workspace: current, store: store, delivery: delivery)
            for line in sent.lines { Self.log("info", line) }
            if printDigest, let digest = sent.composed {
                print("Subject: \(digest.subject)\n\n" + digest.text)
                print(
                    "(Kith keeps watching \(workspace.settings.inbox): drop a .vcf or .ics file into it to see it react;"
                )
                print(" Ctrl-C to stop.)")
                fflush(nil)
            }
            return true
        } catch {
            Self.log("error", "composing or queueing the digest failed: \(error)")
            return false
        }
    }

    private func deliverOutbox() {
        do {
            for line in try DigestRun.deliverDue(workspace: workspace, store: store, delivery: delivery) {
                Self.log("info", line)
            }
        } catch {
            Self.log("error", "delivery failed: \(error)")
        }
    }

    /// One timer: the next digest, the next outbox retry, or a minute from now (to notice clock jumps and
    /// suspend, which wall-clock timers alone do not), whichever comes first.
    private func arm() {
        let now = Workspace.now()
        let wake = [nextDigest, delivery.nextAttempt ?? Int.max, unqueued?.retryAt ?? Int.max, now + 60].min()!
        timer.arm(at: max(wake, now + 1)) { [weak self] in self?.tick() }
    }

    private func tick() {
        let now = Workspace.now()
        if now >= nextDigest {
            queueDigest(at: nextDigest)
            nextDigest = DigestSchedule(settings: workspace.settings, zone: workspace.zone).next(after: now)
            notifier.notify("STATUS=\(status)")
        } else if let pending = unqueued, pending.retryAt <= now {
            queueDigest(at: pending.slot)
        } else if let due = delivery.nextAttempt, due <= now {
            deliverOutbox()
        } else {
            // The wall clock may have jumped: the schedule is recomputed from the clock, not from the timer.
            nextDigest = DigestSchedule(settings: workspace.settings, zone: workspace.zone).next(after: now)
        }
        arm()
    }

    private func reload() {
        notifier.notify("RELOADING=1")
        do {
            let fresh = try Workspace.load(config: configOption, preflight: true)
            let freshStore = try fresh.openState()
            let freshDelivery = try Delivery(settings: fresh.settings)
            workspace = fresh
            store = freshStore
            delivery = freshDelivery
            let freshDocuments = Dictionary(fresh.documents.map { ($0.path, $0) }, uniquingKeysWith: { $1 })
            let reread = Self.changedFiles(freshDocuments, from: documents)
            documents = freshDocuments
            replan(reporting: reread)
            Self.log("info", "configuration reloaded; \(status)")
        } catch {
            Self.log("error", "the new configuration has errors; still running on the previous one")
        }
        notifier.notify("READY=1\nSTATUS=\(status)")
        arm()
    }

}
