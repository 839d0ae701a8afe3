import Foundation
import KithCore
import KithFormats
import Testing

@testable import KithStore

/// `undoLast` takes back exactly the latest change: the rows it touched come back as they were before it.
@Suite struct StateUndoTests {
    typealias Fixture = StateActionTests

    @Test func eachChangeIsTakenBackNewestFirst() throws {
        let (store, folder) = try Fixture.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Fixture.at(2026, 12, 3)
        func apply(_ action: StateAction) throws {
            _ = try store.apply(action, to: Fixture.ana, now: now, zone: Fixture.zone)
        }
        let empty = try store.exportJSON()
        try apply(.snooze(.until(now + 10 * 86_400)))
        let firstSnooze = try store.exportJSON()
        try apply(.snooze(.until(now + 20 * 86_400)))
        try apply(.every(try #require(ConfigDuration.parse("2w"))))
        let firstRhythm = try store.exportJSON()
        try apply(.every(try #require(ConfigDuration.parse("5w"))))
        try apply(.circle("close"))
        try apply(.note("Loves rye bread"))
        try apply(.met(at: now - 86_400, note: "Lunch"))
        try apply(.ignore)

        #expect(
            try store.undoLast()?.summary
                == "Ignoring Ana Ahola <ana@example.org> from now on (undo with kith unignore)."
        )
        #expect(try store.plannerState().ignored.isEmpty)
        #expect(try store.undoLast()?.summary == "Recorded: met Ana Ahola <ana@example.org> on Wed 2 Dec 2026.")
        #expect(try store.manualEntries().isEmpty)
        #expect(try store.undoLast()?.summary == "Noted about Ana Ahola <ana@example.org>: Loves rye bread")
        #expect(try store.plannerState().notes.isEmpty)
        #expect(try store.undoLast()?.summary == "Ana Ahola <ana@example.org> is now in your close circle.")
        #expect(try store.plannerState().circle.isEmpty)
        // A rhythm replaced comes back as it was, not removed.
        #expect(try store.undoLast()?.summary == "Ana Ahola <ana@example.org> now has a rhythm of every 5w.")
        #expect(try store.exportJSON() == firstRhythm)
        _ = try store.undoLast()
        #expect(try store.undoLast() != nil)
        #expect(try store.exportJSON() == firstSnooze, "the earlier snooze is back")
        #expect(try store.undoLast() != nil)
        #expect(try store.exportJSON() == empty)
        #expect(try store.undoLast() == nil)
    }

    @Test func whatChangesNothingIsNotJournaled() throws {
        let (store, folder) = try Fixture.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Fixture.at(2026, 12, 3)
        try store.snooze("ana@example.org", until: now + 86_400)
        let unsnooze = try store.apply(.unsnooze, to: Fixture.ana, now: now, zone: Fixture.zone)
        #expect(unsnooze.changed)
        let again = try store.apply(.unsnooze, to: Fixture.ana, now: now, zone: Fixture.zone)
        #expect(!again.changed)
        // Only the unsnooze that changed something is taken back: the snooze is there again.
        #expect(try store.undoLast()?.summary == "Ana Ahola <ana@example.org> is no longer snoozed.")
        #expect(try store.snoozedUntil("ana@example.org") == now + 86_400)
        #expect(try store.undoLast() == nil)
    }

    @Test func forgottenEntriesComeBackWithTheirNumber() throws {
        let (store, folder) = try Fixture.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Fixture.at(2026, 12, 3)
        _ = try store.apply(.met(at: now - 86_400, note: "Lunch"), to: Fixture.ana, now: now, zone: Fixture.zone)
        _ = try store.apply(.done(at: nil, note: nil), to: Fixture.ana, now: now, zone: Fixture.zone)
        let before = try store.manualEntries()
        #expect(try store.forget(1, summary: "Forgot #1.", now: now))
        #expect(try store.forget(1, summary: "Forgot #1.", now: now) == false, "already gone")
        #expect(try store.manualEntries().map(\.id) == [2])
        #expect(try store.undoLast()?.summary == "Forgot #1.")
        #expect(try store.manualEntries() == before)
    }

    @Test func refusalsChangeNothing() throws {
        let (store, folder) = try Fixture.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Fixture.at(2026, 12, 3)
        #expect(throws: StateAction.Refusal.emptyNote) {
            try store.apply(.note(" \n "), to: Fixture.ana, now: now, zone: Fixture.zone)
        }
        #expect(throws: StateAction.Refusal.rhythmTooShort(text: "12h")) {
            try store.apply(.every(.hours(12)), to: Fixture.ana, now: now, zone: Fixture.zone)
        }
        #expect(try store.undoLast() == nil)
    }
}

extension StateUndoTests {
    @Test func aStateOfVersion1GainsTheNewTablesAndKeepsItsRows() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        do {
            let store = try StateStore(path: path)
            try store.record(.met, person: "ana@example.org", at: 1_000, note: "Lunch", now: 2_000)
            // The state as Kith 1 left it.
            try store.executeScript(
                "DROP TABLE rhythms; DROP TABLE person_circles; DROP TABLE notes; DROP TABLE changes; "
                    + "DROP TABLE source_fetches; DROP TABLE digest_secrets; DROP TABLE digest_items; "
                    + "PRAGMA user_version = 1"
            )
            #expect(try store.count("PRAGMA user_version") == 1)
        }
        let store = try StateStore(path: path)
        #expect(try store.count("PRAGMA user_version") == StateFormat.version)
        #expect(try store.manualEntries().map(\.note) == ["Lunch"])
        let now = Fixture.at(2026, 12, 3)
        _ = try store.apply(.note("Rye bread"), to: Fixture.ana, now: now, zone: Fixture.zone)
        #expect(try store.plannerState().notes["ana@example.org"]?.map(\.text) == ["Rye bread"])
    }
}

extension StateUndoTests {
    /// A state of version 3 (sources without an address, no digest secrets or items) gains what 4 adds.
    @Test func aStateOfVersion3GainsTheAddressAndTheDigestTables() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        do {
            let store = try StateStore(path: path)
            var state = SourceState(name: "work")
            state.nextFetch = 4600
            try store.saveSourceState(state)
            try store.executeScript(
                "ALTER TABLE source_fetches DROP COLUMN url; DROP TABLE digest_secrets; DROP TABLE digest_items; "
                    + "PRAGMA user_version = 3"
            )
        }
        let store = try StateStore(path: path)
        #expect(try store.count("PRAGMA user_version") == 4)
        #expect(try store.sourceStates()["work"]?.nextFetch == 4600)
        #expect(try store.claimSlot("2026-W49", nudges: [], items: [(1, "ana@example.org")], secret: "00ff"))
        #expect(try store.digestItems("2026-W49") == [1: "ana@example.org"])
    }
}
