import Foundation
import KithSystem
import KithTestSupport
import Testing

/// The inotify calls on a real descriptor and a real folder: events are queued by the time the call that
/// caused them returns, so nothing here waits.
@Suite struct InotifyTests {
    @Test func anAtomicWriteIsSeenAsItsTemporaryFileMovedToItsName() throws {
        let folder = try TemporaryFolder.make("kith-inotify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let descriptor = try Inotify.initialize()
        defer { close(descriptor) }
        let watch = try Inotify.addWatch(descriptor, path: folder.path)
        #expect(Inotify.readEvents(descriptor).isEmpty)

        try SystemCall.writeAtomically(Array("BEGIN:VCARD\r\n".utf8), to: folder.appendingPathComponent("a.vcf").path)
        let events = Inotify.readEvents(descriptor)
        #expect(events.allSatisfy { $0.watch == watch })
        let moved = events.filter { $0.mask & UInt32(IN_MOVED_TO) != 0 }
        #expect(moved.map(\.name) == ["a.vcf"])
        let written = events.filter { $0.mask & UInt32(IN_CLOSE_WRITE) != 0 }.map(\.name)
        #expect(written == [String(SystemCall.temporaryPath(for: "a.vcf").dropFirst(2))])
        #expect(Inotify.readEvents(descriptor).isEmpty)
    }

    @Test func manyEventsAreReadInOneBatch() throws {
        let folder = try TemporaryFolder.make("kith-inotify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let descriptor = try Inotify.initialize()
        defer { close(descriptor) }
        _ = try Inotify.addWatch(descriptor, path: folder.path)
        // More than one buffer's worth of events with long names: the read goes on until EAGAIN.
        let names = (0..<2_000).map { "contact-\($0)-" + String(repeating: "x", count: 40) + ".vcf" }
        for name in names {
            close(try SystemCall.open(folder.appendingPathComponent(name).path, O_WRONLY | O_CREAT, mode: 0o600))
        }
        let created = Inotify.readEvents(descriptor).filter { $0.mask & UInt32(IN_CREATE) != 0 }.map(\.name)
        #expect(created == names)
    }

    @Test func watchingAMissingFolderNamesItAndTheCall() throws {
        let folder = try TemporaryFolder.make("kith-inotify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let descriptor = try Inotify.initialize()
        defer { close(descriptor) }
        let missing = folder.appendingPathComponent("missing").path
        #expect(throws: SystemCallError(call: "inotify_add_watch", path: missing, errno: ENOENT)) {
            try Inotify.addWatch(descriptor, path: missing)
        }
    }
}
