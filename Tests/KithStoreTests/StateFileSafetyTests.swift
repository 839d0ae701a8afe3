import Foundation
import KithCore
import KithTestSupport
import Testing

@testable import KithStore

/// The state file itself: an empty one is a lost state, not a new one (#13, class 7), and the database and
/// its journals are private to the user whatever the umask (#13, class 10).
@Suite(.serialized) struct StateFileSafetyTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func anEmptyFileIsAnErrorAndIsLeftAsItWas() throws {
        let folder = try TemporaryFolder.make("kith-state")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: StateError.self) { try StateStore(path: path) }
        do {
            _ = try StateStore(path: path)
        } catch {
            #expect(error.code == .corrupt)
            #expect("\(error)".contains("empty"), "\(error)")
            #expect("\(error)".contains(path), "\(error)")
        }
        // Nothing was written over it, and no journal made it look like a state.
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aMissingFileIsANewStateThatNobodyElseCanRead() throws {
        let folder = try TemporaryFolder.make("kith-state")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state/nested")
        let path = state.appendingPathComponent("kith.sqlite").path
        let previous = umask(0o022)
        defer { umask(previous) }
        do {
            let store = try StateStore(path: path)
            try store.snooze("ana@example.org", until: 9_000)
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                #expect(try Self.mode(file) == 0o600, "\(file)")
            }
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        #expect(try Self.mode(state.path) == 0o700)
        // Reopening the same (now non-empty) state works.
        #expect(try StateStore(path: path).plannerState().snoozedUntil == ["ana@example.org": 9_000])
    }

    @Test func initMakesPrivateFoldersAndConfig() throws {
        let folder = try TemporaryFolder.make("kith-init")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("kith")
        let result = try KithProcess.run(["init", target.path, "--email", "ana@example.org"])
        #expect(result.status == 0, "\(result.err)")
        for name in ["", "inbox", "state"] {
            #expect(try Self.mode(target.appendingPathComponent(name).path) == 0o700, "\(name)")
        }
        #expect(try Self.mode(target.appendingPathComponent("kith.toml").path) == 0o600)
        let done = try KithProcess.run(["status", "--config", target.appendingPathComponent("kith.toml").path])
        #expect(done.status == 0, "\(done.err)")
    }

    @Test func aReadableStateFromBeforeIsMadePrivate() throws {
        let folder = try TemporaryFolder.make("kith-state")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.sqlite").path
        do { _ = try StateStore(path: path) }
        chmod(path, 0o644)
        do { _ = try StateStore(path: path) }
        #expect(try Self.mode(path) == 0o600)
    }
}

/// Whatever a state database holds, reading it cannot stop the process (#13, class 6): SQLite keeps text in
/// an INTEGER column, and an instant like Int.min would trap the planner's arithmetic.
@Suite struct StateReadingTests {
    @Test func badRowsCostOnlyThemselves() throws {
        let folder = try TemporaryFolder.make("kith-state")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("kith.sqlite").path)
        try store.record(.met, person: "ana@example.org", at: 1_000, note: "Lunch", now: 2_000)
        try store.snooze("bo@example.org", until: 9_000)
        let hostile = [
            "INSERT INTO manual_interactions (person, kind, at, note, recorded) VALUES ('cy@x.org', 'met', 'soon', NULL, 1)",
            "INSERT INTO manual_interactions (person, kind, at, note, recorded) VALUES ('cy@x.org', 'met', -9223372036854775808, NULL, 1)",
            "INSERT INTO manual_interactions (person, kind, at, note, recorded) VALUES (42, 'met', 5, NULL, 1)",
            "INSERT INTO snoozes (person, until) VALUES ('dee@x.org', 'forever')",
            "INSERT INTO snoozes (person, until) VALUES ('eve@x.org', 9223372036854775807)",
            "INSERT INTO first_seen (person, at) VALUES ('fay@x.org', x'00ff')",
            "INSERT INTO digest_slots (slot, composed_at, sent_at) VALUES ('2026-W49', 'yesterday', NULL)",
            "INSERT INTO digest_slots (slot, composed_at, sent_at) VALUES ('2026-W50', 1, 'later')",
        ]
        for statement in hostile { try store.execute(statement) }

        // SQLite's TEXT affinity keeps 42 as "42": a readable row; the others are skipped.
        #expect(try store.manualEntries().map(\.person) == ["42", "ana@example.org"])
        let state = try store.plannerState()
        #expect(state.snoozedUntil == ["bo@example.org": 9_000])
        #expect(state.firstSeen["fay@x.org"] == nil)
        #expect(try store.snoozedUntil("dee@x.org") == nil)
        #expect(try store.snoozedUntil("eve@x.org") == nil)
        // An unreadable mark still means the slot was composed (or sent): it must not go out again.
        #expect(try store.slot("2026-W49")?.composedAt != nil)
        #expect(try store.slot("2026-W50")?.sentAt != nil)
        #expect(try store.lastSent() == nil)
        _ = try store.manualInteractions()
    }
}
