import Foundation
import KithCore
import KithFormats
import KithMail
import KithSources
import KithStore

/// What the config decides, made on start and again on each reload.
package struct ServiceSetup {
    package var configPath: String
    package var settings: Settings
    package var zone: ZoneRules
    package var database: TimeZoneDatabase
    package var store: StateStore
    package var delivery: Delivery
    /// Every file of the inbox, read.
    package var documents: [Document]

    package init(
        configPath: String,
        settings: Settings,
        zone: ZoneRules,
        database: TimeZoneDatabase,
        store: StateStore,
        delivery: Delivery,
        documents: [Document]
    ) {
        self.configPath = configPath
        self.settings = settings
        self.zone = zone
        self.database = database
        self.store = store
        self.delivery = delivery
        self.documents = documents
    }
}

/// What the service reacts to.
package enum ServiceEvent: Sendable {
    case started
    /// Files of the inbox changed (the paths), or it must be read again whole (`rescan`).
    case inboxChanged(Set<String>, rescan: Bool)
    /// SIGHUP: read the config again.
    case reload
    /// The timer armed on the clock fired.
    case timerFired
    /// A fetch of a source ended (`ServiceEnvironment.fetch`): its new state, and what it did.
    case sourceFetched(SourceState, SourceFetch.Outcome)
}

/// The parts the service works with, injected: real ones from `ServiceRunner`, manual ones in tests.
package struct ServiceEnvironment {
    package var clock: any ServiceClock
    package var notifier: any ServiceNotifier
    package var log: ServiceLog
    /// Makes the setup anew (a reload); throws when the config has errors.
    package var load: () throws -> ServiceSetup
    /// Every file of the inbox `settings.inbox`, read (a rescan).
    package var readInbox: (Settings) -> [Document]
    /// One file, read.
    package var read: (String) -> Document
    /// Called with each digest the service composed (`kith run --print-digest`).
    package var composed: (Digest, Settings) -> Void = { _, _ in }
    /// Fetches a source (into `SourceFetch.folder`) and calls back with what came of it, on the service's
    /// queue. By default at once, on the caller's thread; `ServiceRunner` fetches on another queue, so that a
    /// slow server never holds up the watchdog or the digest.
    package var fetch:
        (Settings, Settings.Source, SourceState, Int, @escaping @Sendable (SourceState, SourceFetch.Outcome) -> Void) ->
            Void = {
                settings,
                source,
                state,
                now,
                done in
                let (fresh, outcome) = SourceFetch.fetch(
                    source,
                    state: state,
                    folder: SourceFetch.folder(settings),
                    now: now
                )
                done(fresh, outcome)
            }

    package init(
        clock: any ServiceClock,
        notifier: any ServiceNotifier,
        log: ServiceLog,
        load: @escaping () throws -> ServiceSetup,
        readInbox: @escaping (Settings) -> [Document],
        read: @escaping (String) -> Document
    ) {
        self.clock = clock
        self.notifier = notifier
        self.log = log
        self.load = load
        self.readInbox = readInbox
        self.read = read
    }
}

/// The service: plans on every change of the inbox, sends each digest slot once, retries what could not be
/// sent, and sleeps in between on one timer. Driven by `handle(_:)`, one event at a time, on one queue; every
/// moment comes from the injected clock. Used on one queue only (the main queue in `ServiceRunner`).
package final class Service: @unchecked Sendable {
    private var setup: ServiceSetup
    private var environment: ServiceEnvironment
    private var documents: [String: Document]
    private var people = 0
    /// The next digest slot, as an instant.
    private var nextDigest = 0
    /// Each configured source's fetch state (from the state on start and reload), and those being fetched.
    private var sources: [String: SourceState] = [:]
    private var fetching: Set<String> = []
    /// The start's catch-up, until the fetches it waits for have ended.
    private var catchUpAfterFetches = false
    /// A slot whose digest could not even be composed and queued (the state or the disk failed): it stays due,
    /// tried again with the outbox's back-off until it is queued or `mail.give_up` has passed.
    private var unqueued: (slot: Int, attempts: Int, retryAt: Int)?

    /// At most this many problems of one file are logged at a time; `kith inspect` shows them all.
    package static let maximumLoggedPerFile = 20

    package init(setup: ServiceSetup, environment: ServiceEnvironment) {
        self.setup = setup
        self.environment = environment
        documents = Dictionary(setup.documents.map { ($0.path, $0) }, uniquingKeysWith: { $1 })
    }

    /// The running service's pid file, which `kith status` reads.
    package static func pidFile(_ settings: Settings) -> String { settings.stateDirectory + "/kith.pid" }

    package var settings: Settings { setup.settings }

    private var now: Int { environment.clock.now }
    private var log: ServiceLog { environment.log }

    package func handle(_ event: ServiceEvent) {
        switch event {
        case .started: start()
        case .inboxChanged(let paths, let rescan): inboxChanged(paths, rescan: rescan)
        case .reload: reload()
        case .timerFired: tick()
        case .sourceFetched(let state, let outcome): sourceFetched(state, outcome)
        }
    }

    // MARK: - Events

    private func start() {
        log(.info, "watching \(settings.inbox) (\(Plural.of(documents.count, "file"))), config \(setup.configPath)")
        try? DigestRun.settleClaims(store: setup.store, outbox: setup.delivery.outbox, now: now)
        replan(reporting: Set(documents.keys))
        loadSources()
        // A digest caught up on start waits for the sources due now, so that it is not composed without them
        // (a week's digest is composed once).
        catchUpAfterFetches = true
        fetchDueSources()
        if fetching.isEmpty { catchUpOnce() }
        environment.notifier.notify("READY=1\nSTATUS=\(status)")
        arm()
    }

    private func inboxChanged(_ changed: Set<String>, rescan: Bool) {
        var reread: Set<String> = []
        if rescan {
            let fresh = Self.byPath(environment.readInbox(settings))
            reread = Self.changedFiles(fresh, from: documents)
            documents = fresh
        } else {
            for path in changed {
                if FileManager.default.fileExists(atPath: path) {
                    documents[path] = environment.read(path)
                    reread.insert(path)
                } else {
                    documents[path] = nil
                }
            }
        }
        replan(reporting: reread)
        log(.info, "inbox changed (\(rescan ? "rescanned" : Plural.of(changed.count, "file"))); \(status)")
        environment.notifier.notify("STATUS=\(status)")
        arm()
    }

    private func reload() {
        environment.notifier.notify("RELOADING=1")
        do {
            let fresh = try environment.load()
            let freshDocuments = Self.byPath(fresh.documents)
            let reread = Self.changedFiles(freshDocuments, from: documents)
            setup = fresh
            documents = freshDocuments
            replan(reporting: reread)
            loadSources()
            fetchDueSources()
            log(.info, "configuration reloaded; \(status)")
        } catch {
            log(.error, "the new configuration has errors; still running on the previous one")
        }
        environment.notifier.notify("READY=1\nSTATUS=\(status)")
        arm()
    }

    /// Whatever is due now: the digest slot, a slot that could not be queued, an outbox retry; or, when the
    /// wall clock jumped, the schedule computed again from it.
    private func tick() {
        let now = self.now
        if now >= nextDigest {
            queueDigest(at: nextDigest)
            nextDigest = schedule.next(after: now)
            environment.notifier.notify("STATUS=\(status)")
        } else if let pending = unqueued, pending.retryAt <= now {
            queueDigest(at: pending.slot)
        } else if let due = setup.delivery.nextAttempt, due <= now {
            deliverOutbox()
        } else {
            nextDigest = schedule.next(after: now)
        }
        fetchDueSources()
        arm()
    }

    // MARK: - Sources

    /// The start's catch-up, once.
    private func catchUpOnce() {
        guard catchUpAfterFetches else { return }
        catchUpAfterFetches = false
        catchUp()
    }

    /// The sources' states from the state; copies and states of sources no longer configured go, and a source
    /// whose address changed is fetched now, its old address's errors and back-off forgotten.
    private func loadSources() {
        let names = Set(settings.sources.map(\.name))
        for path in SourceFiles.prune(settings) { log(.info, "removed \(path): its source is no longer configured") }
        do {
            try setup.store.forgetSources(keeping: names)
            sources = try setup.store.sourceStates()
            for source in settings.sources {
                guard let state = sources[source.name], state.url != nil, state.url != source.fetchURL else {
                    continue
                }
                let fresh = state.readdressed(now: now)
                sources[source.name] = fresh
                try setup.store.saveSourceState(fresh)
            }
        } catch {
            log(.error, "cannot read the sources' state: \(error)")
        }
    }

    /// Starts the fetch of every source that is due and not already being fetched.
    private func fetchDueSources() {
        let now = self.now
        for source in settings.sources where !fetching.contains(source.name) {
            let state = sources[source.name] ?? SourceState(name: source.name)
            guard (state.nextFetch ?? Int.min) <= now else { continue }
            fetching.insert(source.name)
            environment.fetch(settings, source, state, now) { [weak self] fresh, outcome in
                self?.handle(.sourceFetched(fresh, outcome))
            }
        }
    }

    /// Keeps a fetch's state. A new copy is re-read by the inbox path (the watcher of `state_dir/sources`
    /// sees it written); a 304 changes nothing and re-plans nothing.
    private func sourceFetched(_ state: SourceState, _ outcome: SourceFetch.Outcome) {
        fetching.remove(state.name)
        defer { if fetching.isEmpty { catchUpOnce() } }
        guard settings.sources.contains(where: { $0.name == state.name }) else { return }
        sources[state.name] = state
        do {
            try setup.store.saveSourceState(state)
        } catch {
            log(.error, "cannot record the fetch of source \(state.name): \(error)")
        }
        if case .updated(let path, _) = outcome {
            // Read now, not only when the watcher reports it: what is planned next (a catch-up) must see it.
            documents[path] = environment.read(path)
            replan(reporting: [path])
        }
        switch outcome {
        case .updated(let path, let bytes):
            log(.info, "source \(state.name): fetched \(Plural.of(bytes, "byte")) into \(path)")
        case .notModified: log(.info, "source \(state.name): not modified")
        case .failed(let why): log(.warning, "source \(state.name): \(why)")
        }
        arm()
    }

    // MARK: - Planning

    private var schedule: DigestSchedule { DigestSchedule(settings: settings, zone: setup.zone) }

    package var status: String {
        let next = setup.zone.local(atUTC: nextDigest)
        return
            "watching \(Plural.of(documents.count, "file")), \(Plural.of(people, "person", "people")), next digest \(CivilCalendar.short(next.date)) "
            + String(format: "%02d:%02d", next.hour, next.minute)
    }

    private var sortedDocuments: [Document] { documents.keys.sorted().map { documents[$0]! } }

    private func planner(at instant: Int) throws -> (Planner, [Diagnostic]) {
        try setup.store.planner(
            documents: sortedDocuments,
            settings: settings,
            now: instant,
            seenAt: now,
            zone: setup.zone,
            database: setup.database
        )
    }

    /// Plans again, and logs the problems of the files in `reporting`: those read anew because they changed
    /// (every file at start). A file that did not change is not logged again on each re-plan.
    private func replan(reporting: Set<String> = []) {
        var expansion: [Diagnostic] = []
        do {
            let (planner, diagnostics) = try planner(at: now)
            people = planner.network.people.count
            expansion = diagnostics
        } catch {
            log(.error, "planning failed: \(error)")
        }
        report(reporting, expansion: expansion)
        nextDigest = schedule.next(after: now)
    }

    /// Each file's reading problems, then those of expanding its events (which the planner names relative
    /// to the inbox), as `kith inspect` would show them.
    private func report(_ paths: Set<String>, expansion: [Diagnostic]) {
        guard !paths.isEmpty else { return }
        let inbox = settings.inbox.hasSuffix("/") ? settings.inbox : settings.inbox + "/"
        var expanded: [String: [Diagnostic]] = [:]
        for var diagnostic in expansion {
            if !diagnostic.path.hasPrefix("/") { diagnostic.path = inbox + diagnostic.path }
            if paths.contains(diagnostic.path) { expanded[diagnostic.path, default: []].append(diagnostic) }
        }
        for path in paths.sorted() {
            guard let document = documents[path] else { continue }
            let problems = document.diagnostics + (expanded[path] ?? [])
            for diagnostic in problems.prefix(Self.maximumLoggedPerFile) { log(diagnostic) }
            if problems.count > Self.maximumLoggedPerFile {
                log(
                    .warning,
                    "\(path): \(problems.count - Self.maximumLoggedPerFile) more problems (kith inspect shows them all)"
                )
            }
        }
    }

    private static func byPath(_ documents: [Document]) -> [String: Document] {
        Dictionary(documents.map { ($0.path, $0) }, uniquingKeysWith: { $1 })
    }

    /// The files of `fresh` that are new or read differently from `old`: after a rescan or a reload every file
    /// is read again, but only those are worth logging again.
    private static func changedFiles(_ fresh: [String: Document], from old: [String: Document]) -> Set<String> {
        Set(fresh.keys.filter { old[$0]?.diagnostics != fresh[$0]!.diagnostics })
    }

    // MARK: - Sending

    /// A slot missed while the machine was off is sent on start when younger than `digest.catch_up`.
    private func catchUp() {
        let now = self.now
        let latest = schedule.latest(atOrBefore: now)
        let slotName = CivilCalendar(zone: setup.zone).slot(setup.zone.local(atUTC: latest).date)
        let composed = (try? setup.store.slot(slotName)?.composedAt) ?? nil
        if composed == nil, !settings.digest.catchUp.isZero, now - latest <= settings.digest.catchUp.approximateSeconds
        {
            log(.info, "catching up the digest of \(slotName), due \(describe(latest))")
            queueDigest(at: latest)
        } else {
            deliverOutbox()
        }
    }

    /// Composes, queues and sends the digest of the slot at `instant`; when it cannot be queued, keeps the slot
    /// due (a failure while sending is the outbox's to retry).
    private func queueDigest(at instant: Int) {
        let now = self.now
        if sendDigest(at: instant) {
            unqueued = nil
            return
        }
        let attempts = (unqueued?.slot == instant ? unqueued!.attempts : 0) + 1
        if now - instant >= settings.mail.giveUp.approximateSeconds {
            log(.error, "the digest due at \(describe(instant)) could not be queued for mail.give_up; giving up")
            unqueued = nil
            return
        }
        let retryAt = now + Outbox.backoff[min(attempts - 1, Outbox.backoff.count - 1)]
        unqueued = (instant, attempts, retryAt)
        log(.info, "the digest due at \(describe(instant)) will be tried again at \(describe(retryAt))")
    }

    private func describe(_ instant: Int) -> String { CivilCalendar(zone: setup.zone).moment(instant) }

    /// Whether the slot's digest is queued now (or was before).
    private func sendDigest(at instant: Int) -> Bool {
        do {
            let (planner, _) = try planner(at: instant)
            let sent = try DigestRun.send(
                planner: planner,
                settings: settings,
                zone: setup.zone,
                store: setup.store,
                delivery: setup.delivery,
                now: now
            )
            for line in sent.lines { log(.info, line) }
            if let digest = sent.composed { environment.composed(digest, settings) }
            return true
        } catch {
            log(.error, "composing or queueing the digest failed: \(error)")
            return false
        }
    }

    private func deliverOutbox() {
        do {
            let lines = try DigestRun.deliverDue(
                settings: settings,
                store: setup.store,
                delivery: setup.delivery,
                now: now,
                zone: setup.zone
            )
            for line in lines { log(.info, line) }
        } catch {
            log(.error, "delivery failed: \(error)")
        }
    }

    /// One timer, for whichever comes first: the next digest, a digest to queue again, the next outbox retry,
    /// the next fetch of a source. The clock wakes the service early when the wall clock is set, and `tick`
    /// then computes the schedule again; in between nothing runs.
    private func arm() {
        let now = self.now
        let nextFetch =
            settings.sources.lazy.filter { !self.fetching.contains($0.name) }
            .map { self.sources[$0.name]?.nextFetch ?? now }.min() ?? Int.max
        let wake = [
            nextDigest, setup.delivery.nextAttempt ?? Int.max, unqueued?.retryAt ?? Int.max, nextFetch,
        ]
        .min()!
        environment.clock.arm(at: max(wake, now + 1)) { [weak self] in self?.handle(.timerFired) }
    }

}
