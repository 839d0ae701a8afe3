import Foundation
import KithCore
import KithDaemon
import KithFormats
import KithMail
import KithStore
import KithTestSupport
import Testing

/// The service on a manual clock: catch-up, the slot while running, the wall clock jumping, suspend, the DST
/// weeks, the outbox's back-off and give-up, a reload while a message waits, and a run stopped between any two
/// steps of claiming a slot. Nothing sleeps.
@Suite struct ServiceClockTests {
    static let database = TimeZoneDatabase()
    static let zone = database.rules(named: "Europe/Helsinki")!
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let inbox = root.appendingPathComponent("examples/inbox").path

    /// Local wall time in Helsinki.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Int {
        zone.instant(
            ofLocal: CivilDateTime(
                date: CivilDate(year: year, month: month, day: day),
                secondOfDay: hour * 3600 + minute * 60
            )
        )
    }

    static func local(_ instant: Int) -> String { zone.local(atUTC: instant).description }

    /// Lines the service logs, kept.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [String] = []
        var all: [String] { lock.withLock { kept } }
        func add(_ line: String) { lock.withLock { kept.append(line) } }
    }

    /// A service on the sample inbox, its own state folder, a manual clock and a recording transport.
    final class Harness {
        let clock: ManualClock
        let transport: RecordingTransport
        let notifier = RecordingNotifier()
        let lines = Lines()
        let folder: URL
        let settings: Settings
        let store: StateStore
        let outbox: Outbox
        private(set) var service: Service!
        /// What the next reload loads.
        var reloaded: (() throws -> ServiceSetup)?

        init(now: Int, folder existing: URL? = nil, configure: (inout Settings) -> Void = { _ in }) throws {
            clock = ManualClock(now: now)
            transport = RecordingTransport(clock: clock)
            folder = try existing ?? TemporaryFolder.make("kith-service-clock")
            var settings = Settings(
                timezone: "Europe/Helsinki",
                inbox: ServiceClockTests.inbox,
                stateDirectory: folder.path
            )
            settings.me.emails = ["me@kith.example"]
            settings.digest.to = ["me@kith.example"]
            settings.circles = [Settings.Circle(name: "network", every: ConfigDuration(months: 4))]
            settings.defaultCircle = "network"
            configure(&settings)
            self.settings = settings
            store = try StateStore(path: folder.appendingPathComponent("kith.sqlite").path)
            outbox = try Outbox(directory: folder.appendingPathComponent("outbox").path)
            service = Service(setup: setup(transport: transport), environment: environment())
        }

        func setup(transport: any Transport) -> ServiceSetup {
            ServiceSetup(
                configPath: folder.appendingPathComponent("kith.toml").path,
                settings: settings,
                zone: ServiceClockTests.zone,
                database: ServiceClockTests.database,
                store: store,
                delivery: Delivery(outbox: outbox, transport: transport),
                documents: Self.documents()
            )
        }

        static func documents() -> [Document] {
            ["contacts.vcf", "work/calendar.ics"].map { Document.read(path: ServiceClockTests.inbox + "/" + $0) }
        }

        private func environment() -> ServiceEnvironment {
            let lines = self.lines
            return ServiceEnvironment(
                clock: clock,
                notifier: notifier,
                log: ServiceLog(journal: false) { lines.add($0) },
                load: { [unowned self] in
                    guard let reloaded else { throw CocoaError(.fileReadUnknown) }
                    return try reloaded()
                },
                readInbox: { _ in Self.documents() },
                read: { Document.read(path: $0) }
            )
        }

        func start() { service.handle(.started) }

        /// The week each delivered digest is for, from its subject.
        var weeks: [String] { transport.deliveries.map { Self.week(of: $0.message) } }

        static func week(of message: [UInt8]) -> String {
            let text = String(decoding: message, as: UTF8.self)
            guard let range = text.range(of: #"\(week \d+\)"#, options: .regularExpression) else { return "?" }
            return String(text[range].dropFirst(6).dropLast())
        }
    }

    // MARK: - Catch-up

    @Test func aSlotMissedWithinCatchUpIsSentOnStart() throws {
        let harness = try Harness(now: Self.at(2026, 11, 30, 10))
        harness.start()
        #expect(harness.weeks == ["49"])
        #expect(try harness.store.slot("2026-W49")?.sentAt == Self.at(2026, 11, 30, 10))
        #expect(harness.notifier.states.first?.hasPrefix("READY=1") == true)
    }

    @Test func aSlotMissedLongerAgoThanCatchUpIsNotAndTheNextOneIsOnTime() throws {
        // Four days after the slot; catch_up is three days.
        let harness = try Harness(now: Self.at(2026, 12, 4, 9))
        harness.start()
        #expect(harness.weeks.isEmpty)
        #expect(harness.lines.all.allSatisfy { !$0.contains("catching up") })
        harness.clock.advance(to: Self.at(2026, 12, 7, 9))
        #expect(harness.weeks == ["50"])
        #expect(harness.transport.deliveries.map(\.at) == [Self.at(2026, 12, 7, 8)])
    }

    @Test func noCatchUpAtAllWhenCatchUpIsZero() throws {
        let harness = try Harness(now: Self.at(2026, 11, 30, 8, 1)) { $0.digest.catchUp = ConfigDuration(seconds: 0) }
        harness.start()
        #expect(harness.weeks.isEmpty)
    }

    // MARK: - The slot while running

    @Test func eachSlotGoesOutOnceAtItsTime() throws {
        let harness = try Harness(now: Self.at(2026, 12, 4, 9))
        harness.start()
        harness.clock.advance(to: Self.at(2026, 12, 25, 12))
        #expect(harness.weeks == ["50", "51", "52"])
        #expect(
            harness.transport.deliveries.map(\.at) == [
                Self.at(2026, 12, 7, 8), Self.at(2026, 12, 14, 8), Self.at(2026, 12, 21, 8),
            ]
        )
        // Asleep in between: the next wake is the next slot, nothing before it.
        #expect(harness.clock.armedAt == Self.at(2026, 12, 28, 8))
    }

    @Test func theWallClockJumpingForwardPastTheSlotSendsItOnceAndBackDoesNotResend() throws {
        let harness = try Harness(now: Self.at(2026, 12, 6, 20))
        harness.start()
        // An NTP step of thirteen and a half hours: the clock's timer wakes the service at once.
        harness.clock.jump(to: Self.at(2026, 12, 7, 9, 30))
        #expect(harness.weeks == ["50"])
        // Back before the slot, and through it again: the slot was composed; not again.
        harness.clock.jump(to: Self.at(2026, 12, 7, 7))
        harness.clock.advance(to: Self.at(2026, 12, 7, 9))
        #expect(harness.weeks == ["50"])
        harness.clock.advance(to: Self.at(2026, 12, 14, 9))
        #expect(harness.weeks == ["50", "51"])
    }

    @Test func aSuspendAcrossTheSlotSendsItOnWaking() throws {
        let harness = try Harness(now: Self.at(2026, 12, 6, 22))
        harness.start()
        harness.clock.resume(at: Self.at(2026, 12, 7, 11, 15))
        #expect(harness.weeks == ["50"])
        #expect(harness.transport.deliveries.map(\.at) == [Self.at(2026, 12, 7, 11, 15)])
    }

    @Test(arguments: [
        // Autumn: 25 October 2026, EEST to EET, a week an hour longer; spring: 28 March 2027, an hour shorter.
        (Self.at(2026, 10, 18, 12), Self.at(2026, 10, 27, 9), 7 * 86_400 + 3600),
        (Self.at(2027, 3, 21, 12), Self.at(2027, 3, 30, 9), 7 * 86_400 - 3600),
    ])
    func theDSTWeeksKeepEightOClockLocal(_ start: Int, _ end: Int, _ gap: Int) throws {
        let harness = try Harness(now: start)
        harness.start()
        harness.clock.advance(to: end)
        let deliveries = harness.transport.deliveries.map(\.at)
        #expect(deliveries.map(Self.local).allSatisfy { $0.hasSuffix("T08:00:00") }, "\(deliveries.map(Self.local))")
        #expect(deliveries.count == 2)
        #expect(deliveries.count == 2 && deliveries[1] - deliveries[0] == gap)
    }

    // MARK: - The outbox

    @Test func aFailingServerIsRetriedWithBackOffThenGivenUp() throws {
        let slot = Self.at(2026, 11, 30, 8)
        let harness = try Harness(now: slot) { $0.mail.giveUp = .days(1) }
        harness.transport.failure = DeliveryError(.temporary, "421 try later")
        harness.start()
        harness.clock.advance(to: slot + 2 * 3600)
        // At the slot, then 1, 5, 15 minutes and an hour after each attempt.
        #expect(harness.transport.attempts.map { $0 - slot } == [0, 60, 360, 1260, 4860])
        harness.clock.advance(to: slot + 2 * 86_400)
        #expect(harness.transport.deliveries.isEmpty)
        #expect(harness.outbox.entries(in: .failed).map(\.id) == ["digest-2026-W49"])
        let attempts = harness.transport.attempts.count
        harness.clock.advance(to: slot + 4 * 86_400)
        #expect(harness.transport.attempts.count == attempts, "nothing is tried after giving up")
        // Kept, reported, and the slot is never composed again.
        #expect(try harness.store.slot("2026-W49")?.composedAt == slot)
    }

    @Test func aReloadWhileAMessageWaitsSendsItOnceThroughTheNewTransport() throws {
        let slot = Self.at(2026, 11, 30, 8)
        let harness = try Harness(now: slot)
        harness.transport.failure = DeliveryError(.temporary, "421 try later")
        harness.start()
        let fixed = RecordingTransport(clock: harness.clock)
        harness.reloaded = { harness.setup(transport: fixed) }
        harness.clock.advance(by: 30)
        harness.service.handle(.reload)
        harness.clock.advance(by: 3600)
        #expect(harness.transport.deliveries.isEmpty)
        #expect(harness.transport.attempts.count == 1)
        #expect(fixed.deliveries.map(\.at) == [slot + 60])
        #expect(harness.notifier.states.contains("RELOADING=1"))
        #expect(harness.lines.all.contains { $0.contains("configuration reloaded") })
    }

    @Test func aReloadIntoABadConfigKeepsRunningOnTheOldOne() throws {
        let harness = try Harness(now: Self.at(2026, 12, 4, 9))
        harness.start()
        harness.service.handle(.reload)
        #expect(harness.lines.all.contains { $0.contains("still running on the previous one") })
        harness.clock.advance(to: Self.at(2026, 12, 7, 9))
        #expect(harness.weeks == ["50"])
    }

    // MARK: - Claiming a slot

    @Test(arguments: DigestRun.Step.allCases)
    func aRunStoppedAfterAnyStepStillEndsInExactlyOneDigest(_ step: DigestRun.Step) throws {
        struct Stopped: Error {}
        let now = Self.at(2026, 11, 30, 8, 5)
        let first = try Harness(now: now)
        let (planner, _) = try first.store.planner(
            documents: Harness.documents(),
            settings: first.settings,
            now: now,
            seenAt: now,
            zone: Self.zone,
            database: Self.database
        )
        #expect(throws: Stopped.self) {
            try DigestRun.send(
                planner: planner,
                settings: first.settings,
                zone: Self.zone,
                store: first.store,
                delivery: Delivery(outbox: first.outbox, transport: first.transport),
                now: now
            ) { reached in if reached == step { throw Stopped() } }
        }
        #expect(first.transport.attempts.isEmpty)
        // The next start, on the same state and outbox.
        let restart = try Harness(now: now + 60, folder: first.folder)
        restart.start()
        #expect(restart.weeks == ["49"], "stopped after \(step)")
        #expect(try restart.store.openClaims().isEmpty)
        #expect(try restart.store.slot("2026-W49")?.sentAt == now + 60)
        // And a third start sends nothing more.
        let again = try Harness(now: now + 120, folder: first.folder)
        again.start()
        #expect(again.transport.attempts.isEmpty)
        #expect(restart.outbox.entries(in: .sent).map(\.id) == ["digest-2026-W49"])
    }
}
