import Foundation
import KithSystem
import KithTestSupport
import Testing

/// The system-call helper on real files in a temporary folder.
@Suite struct SystemCallTests {
    @Test func eintrIsRetriedAndNeverSeen() throws {
        var calls = 0
        let result = try SystemCall.retrying("read", "pipe") { () -> Int in
            calls += 1
            guard calls > 3 else {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7)
        #expect(calls == 4)
    }

    @Test func anyOtherFailureIsThrownOnceWithTheCallThePathAndErrno() {
        var calls = 0
        #expect(throws: SystemCallError(call: "fsync", path: "/x", errno: EIO)) {
            try SystemCall.retrying("fsync", "/x") { () -> Int32 in
                calls += 1
                errno = EIO
                return -1
            }
        }
        #expect(calls == 1)
    }

    @Test func aRealFailureNamesCallPathAndErrno() throws {
        let folder = try TemporaryFolder.make("kith-system")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing").path
        var caught: SystemCallError?
        do { _ = try SystemCall.open(missing, O_RDONLY) } catch { caught = error }
        #expect(caught == SystemCallError(call: "open", path: missing, errno: ENOENT))
        #expect(caught?.description == "open(\(missing)): No such file or directory")
    }

    @Test func anAtomicWriteReplacesTheWholeFileAndLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder.make("kith-system")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("outbox.json").path
        try SystemCall.writeAtomically([UInt8](repeating: UInt8(ascii: "a"), count: 100_000), to: path)
        try SystemCall.writeAtomically(Array("new".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["outbox.json"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aFailedRenameLeavesNoTemporaryFileAndTheTargetAsItWas() throws {
        let folder = try TemporaryFolder.make("kith-system")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder with a file in it cannot be renamed over: the rename fails after the data was written.
        let target = folder.appendingPathComponent("busy")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("kept".utf8).write(to: target.appendingPathComponent("inside"))
        var caught: SystemCallError?
        do { try SystemCall.writeAtomically(Array("lost".utf8), to: target.path) } catch { caught = error }
        #expect(caught?.call == "rename")
        #expect(caught?.errno == EISDIR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["busy"])
        #expect(FileManager.default.contents(atPath: target.appendingPathComponent("inside").path) == Data("kept".utf8))
    }

    @Test func aWriteIntoAMissingFolderNamesTheTemporaryFile() throws {
        let folder = try TemporaryFolder.make("kith-system")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("gone/a.eml").path
        #expect(throws: SystemCallError(call: "open", path: SystemCall.temporaryPath(for: path), errno: ENOENT)) {
            try SystemCall.writeAtomically([1, 2, 3], to: path)
        }
    }

    @Test func aFileGetsItsModeWhateverTheUmask() throws {
        let folder = try TemporaryFolder.make("kith-system")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("shared").path
        // The usual umask (022) takes the group's and others' write bits from what open(2) makes.
        try SystemCall.writeFile([1], to: path, mode: 0o666)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o666)
        try SystemCall.setMode(path, 0o400)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o400)
    }

    @Test func aLinkNeverReplacesAName() throws {
        let folder = try TemporaryFolder.make("kith-system")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a").path
        let second = folder.appendingPathComponent("b").path
        try SystemCall.writeFile(Array("a".utf8), to: first)
        try SystemCall.writeFile(Array("b".utf8), to: second)
        #expect(throws: SystemCallError(call: "link", path: second, errno: EEXIST)) {
            try SystemCall.link(first, to: second)
        }
        #expect(FileManager.default.contents(atPath: second) == Data("b".utf8))
    }

    @Test func foldersAreMadeWithTheirParentsAndAMoveIsDurable() throws {
        let folder = try TemporaryFolder.make("kith-system")
        defer { try? FileManager.default.removeItem(at: folder) }
        let deep = folder.appendingPathComponent("a/b/c").path
        try SystemCall.makeFolders(deep, mode: 0o700)
        try SystemCall.makeFolders(deep, mode: 0o700)
        #expect(try FileManager.default.attributesOfItem(atPath: deep)[.posixPermissions] as? Int == 0o700)
        let from = folder.appendingPathComponent("a/x").path
        try SystemCall.makeEmptyFile(from)
        try SystemCall.move(from, to: deep + "/x")
        #expect(!FileManager.default.fileExists(atPath: from))
        #expect(FileManager.default.contents(atPath: deep + "/x") == Data())
    }

    @Test func removingWhatIsGoneIsNotAnError() throws {
        let folder = try TemporaryFolder.make("kith-system")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SystemCall.remove(folder.appendingPathComponent("never").path)
        #expect(throws: SystemCallError(call: "unlink", path: folder.path, errno: EISDIR)) {
            try SystemCall.remove(folder.path)
        }
    }
}
