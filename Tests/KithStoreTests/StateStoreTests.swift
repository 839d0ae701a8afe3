import Foundation
import KithCore
import KithTestSupport
import Testing

@testable import KithStore

@Suite struct StateStoreTests {
    static func temporaryFolder() throws -> URL { try TemporaryFolder.make("kith-state") }

    @Test func changesAreRememberedAcrossOpens() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        do {
            let store = try StateStore(path: path)
            try store.record(.met, person: "ana@example.org", at: 1_000, note: "Lunch", now: 2_000)
            try store.record(.done, person: "ana@example.org", at: 3_000, note: nil, now: 3_000)
            try store.snooze("bo@example.org", until: 9_000)
            try store.ignore("cy@example.org", since: 1)
        }
        let store = try StateStore(path: path)
        #expect(try store.manualEntries(person: "ana@example.org").map(\.kind) == [.met, .done])
        let state = try store.plannerState()
        #expect(state.snoozedUntil == ["bo@example.org": 9_000])
        #expect(state.ignored == ["cy@example.org"])
        #expect(
            try store.manualInteractions()["ana@example.org"]?.map(\.summary) == ["Met: Lunch", "Done (kith done)"]
        )
        #expect(try store.unsnooze("bo@example.org"))
        #expect(try !store.unsnooze("bo@example.org"))
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func firstSightOfTheFirstRunComesFromTheCards() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("kith.sqlite").path)
        // Not "since 1970" for a card without REV: from the first run, which is recorded.
        let first = try store.noteFirstSeen([("a@x.org", 500), ("b@x.org", nil)], now: 10_000)
        #expect(first == ["a@x.org": 500, "b@x.org": 10_000])
        let second = try store.noteFirstSeen([("a@x.org", 500), ("c@x.org", 700)], now: 20_000)
        #expect(second == ["a@x.org": 500, "b@x.org": 10_000, "c@x.org": 20_000])
        #expect(try store.plannerState().firstRun == 10_000)
        #expect(try store.plannerState().firstSeen == second)
    }

    @Test func aStateThatCountedCardsFrom1970IsMended() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        let store = try StateStore(path: path)
        // What an earlier Kith wrote at its first run: a card without REV at 0, one with REV, one added later.
        try store.executeScript(
            "INSERT INTO first_seen (person, at) VALUES ('old@x.org', 0), ('rev@x.org', 500), ('new@x.org', 30000);"
        )
        let seen = try store.noteFirstSeen([("old@x.org", nil)], now: 40_000)
        #expect(seen == ["old@x.org": 40_000, "rev@x.org": 500, "new@x.org": 30_000])
        #expect(try store.plannerState().firstRun == 40_000)
    }

    @Test func exportThenImportRoundTrips() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try StateStore(path: folder.appendingPathComponent("a.sqlite").path)
        try source.record(.met, person: "ana@example.org", at: 1_000, note: "Lunch \"at\" Ateljee ✓", now: 2_000)
        try source.snooze("bo@example.org", until: 9_000)
        try source.ignore("cy@example.org", since: 1)
        _ = try source.noteFirstSeen([("ana@example.org", 100)], now: 5)
        let exported = try source.exportJSON()
        let target = try StateStore(path: folder.appendingPathComponent("b.sqlite").path)
        try target.snooze("old@example.org", until: 1)
        try target.importJSON(exported, from: "export.json", now: 0)
        #expect(try target.exportJSON() == exported)
        #expect(try target.plannerState().snoozedUntil == ["bo@example.org": 9_000])
    }

    @Test func aBrokenImportChangesNothing() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("a.sqlite").path)
        try store.snooze("bo@example.org", until: 9_000)
        #expect(throws: StateError.self) { try store.importJSON("{\"nope\": 1}", from: "x.json", now: 0) }
        let bad =
            "{\"kith_state\": 1, \"snoozes\": [{\"person\": \"a@x.org\", \"until\": 1}, {\"person\": \"a@x.org\", \"until\": 2}]}"
        #expect(throws: StateError.self) { try store.importJSON(bad, from: "x.json", now: 0) }
        #expect(try store.plannerState().snoozedUntil == ["bo@example.org": 9_000])
    }

    @Test func aNewerSchemaIsRefusedWithAdvice() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        try StateStore(path: path).executeScript("PRAGMA user_version = 99")
        do {
            _ = try StateStore(path: path)
            Issue.record("opened a newer schema")
        } catch {
            #expect(error.code == .newerSchema)
            #expect(error.description.hasPrefix(path))
            #expect(error.description.contains("upgrade Kith"))
        }
    }

    @Test func aDamagedFileIsRefusedNotReplaced() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        let garbage = Data(repeating: 0x42, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: path))
        do {
            _ = try StateStore(path: path)
            Issue.record("opened a damaged file")
        } catch {
            #expect(error.code == .corrupt)
            #expect(error.description.contains("kith state import"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }
}

extension StateStoreTests {
    @Test func slotsAndSentNudges() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("kith.sqlite").path)
        try store.markSlot("2026-W49", composedAt: 100)
        try store.markSlot("2026-W49", composedAt: 200, sentAt: 300)
        #expect(try store.slot("2026-W49")?.composedAt == 100)
        #expect(try store.slot("2026-W49")?.sentAt == 300)
        #expect(try store.slot("2026-W50") == nil)
        try store.recordSent(slot: "2026-W48", nudges: [("ana@x.org", "reconnect"), ("bo@x.org", "follow_up")])
        try store.recordSent(slot: "2026-W49", nudges: [("ana@x.org", "reconnect"), ("cy@x.org", "no_such_kind")])
        // W48 was never composed here (an import can leave that): its nudges have no moment to rest from.
        #expect(try store.plannerState().lastShown == ["ana@x.org": [.reconnect: 100]])
        try store.markSlot("2026-W48", composedAt: 50)
        #expect(
            try store.plannerState().lastShown == ["ana@x.org": [.reconnect: 100], "bo@x.org": [.followUp: 50]]
        )
    }
}
