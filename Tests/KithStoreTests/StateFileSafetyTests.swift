import Foundation
import KithStore
import KithTestSupport
import Testing

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
