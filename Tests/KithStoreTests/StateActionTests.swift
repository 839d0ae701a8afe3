import Foundation
import KithCore
import KithFormats
import KithStore
import Testing

/// The state verbs as a library: what each action changes and says, and what it refuses.
@Suite struct StateActionTests {
    static let zone = TimeZoneDatabase().rules(named: "Europe/Helsinki")!
    static let ana = Person(
        .init(key: "ana@example.org", name: "Ana Ahola", emails: ["ana@example.org"], inContacts: true)
    )

    /// Local wall time in Helsinki.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 10) -> Int {
        zone.instant(
            ofLocal: CivilDateTime(date: CivilDate(year: year, month: month, day: day), secondOfDay: hour * 3600)
        )
    }

    static func store() throws -> (StateStore, URL) {
        let folder = try StateStoreTests.temporaryFolder()
        return (try StateStore(path: folder.appendingPathComponent("kith.sqlite").path), folder)
    }

    @Test func doneAndMetAreRecordedAtTheirMoment() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Self.at(2026, 12, 3)
        let done = try store.apply(
            .done(at: Self.at(2026, 11, 27), note: "Wrote"),
            to: Self.ana,
            now: now,
            zone: Self.zone
        )
        #expect(
            done == .init(summary: "Recorded: done with Ana Ahola <ana@example.org> on Fri 27 Nov 2026.", changed: true)
        )
        _ = try store.apply(.done(at: nil, note: nil), to: Self.ana, now: now, zone: Self.zone)
        _ = try store.apply(.met(at: Self.at(2026, 11, 1), note: nil), to: Self.ana, now: now, zone: Self.zone)
        let entries = try store.manualEntries(person: "ana@example.org")
        #expect(entries.map(\.kind) == [.met, .done, .done])
        #expect(entries.map(\.at) == [Self.at(2026, 11, 1), Self.at(2026, 11, 27), now])
        #expect(entries.map(\.note) == [nil, "Wrote", nil])
    }

    @Test func whatHasNotHappenedIsRefusedAndChangesNothing() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Self.at(2026, 12, 3)
        let tomorrow = now + 86_400
        #expect(throws: StateAction.Refusal.inTheFuture(tomorrow, text: "Fri 4 Dec 2026")) {
            try store.apply(.met(at: tomorrow, note: nil), to: Self.ana, now: now, zone: Self.zone)
        }
        #expect(throws: StateAction.Refusal.self) {
            try store.apply(.done(at: tomorrow, note: nil), to: Self.ana, now: now, zone: Self.zone)
        }
        #expect(throws: StateAction.Refusal.endsInThePast(text: "Wed 2 Dec 2026")) {
            try store.apply(.snooze(.until(now - 86_400)), to: Self.ana, now: now, zone: Self.zone)
        }
        #expect(try store.manualEntries().isEmpty)
        #expect(try store.snoozedUntil("ana@example.org") == nil)
    }

    @Test func aSnoozeOfMonthsKeepsTheTimeOfDayAndTheMonthsEnd() throws {
        // 31 January + 1 month is the last day of February, at the same wall time (DST does not move it).
        let now = Self.at(2027, 1, 31, 9)
        #expect(
            StateAction.end(of: .lasting(ConfigDuration(months: 1)), now: now, zone: Self.zone)
                == Self.at(2027, 2, 28, 9)
        )
        // Across the change to summer time, three weeks are exact.
        let march = Self.at(2027, 3, 20, 9)
        #expect(StateAction.end(of: .lasting(.days(21)), now: march, zone: Self.zone) == march + 21 * 86_400)
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try store.apply(
            .snooze(.lasting(ConfigDuration(months: 1))),
            to: Self.ana,
            now: now,
            zone: Self.zone
        )
        #expect(outcome.summary == "Snoozed Ana Ahola <ana@example.org> until Sun 28 Feb 2027.")
        #expect(try store.snoozedUntil("ana@example.org") == Self.at(2027, 2, 28, 9))
    }

    @Test func undoingWhatIsNotThereSaysSoAndChangesNothing() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Self.at(2026, 12, 3)
        #expect(try store.apply(.unsnooze, to: Self.ana, now: now, zone: Self.zone).changed == false)
        #expect(try store.apply(.unignore, to: Self.ana, now: now, zone: Self.zone).changed == false)
        #expect(try store.apply(.ignore, to: Self.ana, now: now, zone: Self.zone).changed)
        #expect(try store.isIgnored("ana@example.org"))
        let undone = try store.apply(.unignore, to: Self.ana, now: now, zone: Self.zone)
        #expect(undone == .init(summary: "Ana Ahola <ana@example.org> is no longer ignored.", changed: true))
    }
}
