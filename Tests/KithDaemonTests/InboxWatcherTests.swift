import Foundation
import KithDaemon
import KithFormats
import KithSystem
import KithTestSupport
import Testing

/// The watcher on a real inotify and a real temporary folder: symlink loops, depth, unreadable folders, and
/// the inbox folder itself replaced or removed.
@Suite struct InboxWatcherTests {
    /// What the watcher said, and the inbox as a consumer that follows it sees it (as `Service` does: a rescan
    /// lists everything again, otherwise each changed path is read or forgotten).
    final class Recorder: @unchecked Sendable {
        struct Report {
            var changed: Set<String>
            var rescan: Bool
        }

        let root: String
        private let condition = NSCondition()
        private var reports: [Report] = []
        private var logs: [(level: String, message: String)] = []
        private var known: Set<String> = []

        init(root: String) {
            self.root = root
            known = Set(InboxFiles.scan(root).files)
        }

        func record(_ changed: Set<String>, rescan: Bool) {
            let listed = rescan ? Set(InboxFiles.scan(root).files) : nil
            condition.lock()
            reports.append(Report(changed: changed, rescan: rescan))
            if let listed {
                known = listed
            } else {
                for path in changed {
                    if FileManager.default.fileExists(atPath: path) { known.insert(path) } else { known.remove(path) }
                }
            }
            condition.broadcast()
            condition.unlock()
        }

        func log(_ level: String, _ message: String) {
            condition.lock()
            logs.append((level, message))
            condition.broadcast()
            condition.unlock()
        }

        var snapshot: (reports: [Report], logs: [(level: String, message: String)], known: Set<String>) {
            condition.lock()
            defer { condition.unlock() }
            return (reports, logs, known)
        }

        /// Waits for the watcher's reports until `done` holds, for at most `seconds`; whether it came to hold.
        func wait(
            seconds: Double = 10,
            until done: ([Report], [(level: String, message: String)], Set<String>) -> Bool
        ) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            condition.lock()
            defer { condition.unlock() }
            while !done(reports, logs, known) {
                if !condition.wait(until: deadline) { return done(reports, logs, known) }
            }
            return true
        }

        func warnings(containing text: String) -> Int {
            snapshot.logs.filter { $0.level == "warning" && $0.message.contains(text) }.count
        }
    }

    /// A started watcher on `root` with a short settle time, and its queue.
    static func watch(
        _ root: URL,
        openFolder: @escaping InboxFiles.OpenFolder = InboxFiles.openFolder
    ) throws -> (InboxWatcher, Recorder, DispatchQueue) {
        let recorder = Recorder(root: root.path)
        let queue = DispatchQueue(label: "kith.test.watcher")
        let watcher = InboxWatcher(
            root: root.path,
            queue: queue,
            settle: .milliseconds(50),
            log: { recorder.log($0, $1) },
            openFolder: openFolder,
            onChange: { recorder.record($0, rescan: $1) }
        )
        // Before its read source exists nothing else touches the watcher: no need to be on its queue yet.
        try watcher.start()
        return (watcher, recorder, queue)
    }

    static func write(_ text: String = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\nEND:VCARD\r\n", to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    static func link(_ path: URL, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path.path, withDestinationPath: target)
    }

    static func folder(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// An inbox (`base/inbox`) in a fresh folder; the caller removes `base`.
    static func inbox() throws -> (base: URL, inbox: URL) {
        let base = try TemporaryFolder.make("kith-watcher")
        let inbox = base.appendingPathComponent("inbox")
        try folder(inbox)
        return (base, inbox)
    }

    @Test func twoLinksToItsOwnFolderAreOneFolderAndAFileIsReportedOnce() throws {
        let (base, inbox) = try Self.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        try Self.link(inbox.appendingPathComponent("a"), to: ".")
        try Self.link(inbox.appendingPathComponent("b"), to: ".")
        try Self.folder(inbox.appendingPathComponent("sub"))
        try Self.link(inbox.appendingPathComponent("sub/up"), to: "..")

        let (watcher, recorder, queue) = try Self.watch(inbox)
        defer { queue.sync { watcher.stop() } }
        // The inbox and sub: the links add no folder (before #13 they added watches without end).
        #expect(queue.sync { watcher.folderCount } == 2)

        let first = inbox.appendingPathComponent("x.vcf").path
        let second = inbox.appendingPathComponent("sub/y.vcf").path
        try Self.write(to: URL(fileURLWithPath: first))
        #expect(recorder.wait { reports, _, _ in reports.contains { $0.changed.contains(first) } })
        // Reported in order: once the second file is in, any second report of the first would be too.
        try Self.write(to: URL(fileURLWithPath: second))
        #expect(recorder.wait { reports, _, _ in reports.contains { $0.changed.contains(second) } })
        let reports = recorder.snapshot.reports
        #expect(reports.flatMap(\.changed).sorted() == [second, first].sorted())
        #expect(reports.allSatisfy { !$0.rescan })
        #expect(queue.sync { watcher.folderCount } == 2)
        #expect(recorder.snapshot.logs.isEmpty, "\(recorder.snapshot.logs)")
    }

    @Test func aLinkToASiblingFolderIsWatchedOnceUnderTheFolderOwnName() throws {
        let (base, inbox) = try Self.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        let real = inbox.appendingPathComponent("real")
        try Self.folder(real)
        try Self.write(to: real.appendingPathComponent("a.vcf"))
        // "alias" sorts before "real": the folder's own path must still be the one files are named by.
        try Self.link(inbox.appendingPathComponent("alias"), to: "real")

        #expect(InboxFiles.scan(inbox.path).files == [real.appendingPathComponent("a.vcf").path])
        let (watcher, recorder, queue) = try Self.watch(inbox)
        defer { queue.sync { watcher.stop() } }
        #expect(queue.sync { watcher.folderCount } == 2)
        let added = real.appendingPathComponent("b.vcf").path
        try Self.write(to: URL(fileURLWithPath: added))
        #expect(recorder.wait { _, _, known in known.contains(added) })
        #expect(recorder.snapshot.reports.flatMap(\.changed) == [added])
    }

    @Test func aLinkedFolderOutsideTheInboxAddedLaterIsWatchedThroughItsLink() throws {
        let (base, inbox) = try Self.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        let elsewhere = base.appendingPathComponent("elsewhere")
        try Self.folder(elsewhere)
        try Self.write(to: elsewhere.appendingPathComponent("e.vcf"))
        let (watcher, recorder, queue) = try Self.watch(inbox)
        defer { queue.sync { watcher.stop() } }
        #expect(queue.sync { watcher.folderCount } == 1)

        try Self.link(inbox.appendingPathComponent("shared"), to: elsewhere.path)
        let listed = inbox.appendingPathComponent("shared/e.vcf").path
        #expect(recorder.wait { reports, _, known in reports.contains(where: \.rescan) && known == [listed] })
        #expect(queue.sync { watcher.folderCount } == 2)
        // Now watched: a file written in the target is reported by the link's path.
        try Self.write(to: elsewhere.appendingPathComponent("f.vcf"))
        let added = inbox.appendingPathComponent("shared/f.vcf").path
        #expect(recorder.wait { reports, _, _ in reports.contains { $0.changed.contains(added) } })

        // The link removed: its folder is dropped and its files forgotten.
        try FileManager.default.removeItem(atPath: inbox.appendingPathComponent("shared").path)
        #expect(recorder.wait { _, _, known in known.isEmpty })
        #expect(queue.sync { watcher.folderCount } == 1)
    }

    @Test func foldersDeeperThanTheLimitAreLeftOutAndSaidOnce() throws {
        let (base, inbox) = try Self.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        var level = inbox
        var expected: [String] = []
        for depth in 0...(InboxFiles.maximumDepth + 3) {
            try Self.folder(level)
            try Self.write(to: level.appendingPathComponent("f\(depth).vcf"))
            if depth <= InboxFiles.maximumDepth {
                expected.append(level.appendingPathComponent("f\(depth).vcf").path)
            }
            level = level.appendingPathComponent("d")
        }
        let tree = InboxFiles.scan(inbox.path)
        #expect(tree.files == expected.sorted())
        #expect(tree.folders.count == InboxFiles.maximumDepth + 1)
        #expect(tree.problems.count == 1)

        let (watcher, recorder, queue) = try Self.watch(inbox)
        defer { queue.sync { watcher.stop() } }
        #expect(queue.sync { watcher.folderCount } == InboxFiles.maximumDepth + 1)
        #expect(recorder.warnings(containing: "\(InboxFiles.maximumDepth) levels") == 1)
        // Walked again for a new folder: still said once.
        try Self.folder(inbox.appendingPathComponent("new"))
        #expect(recorder.wait { reports, _, _ in reports.contains(where: \.rescan) })
        #expect(recorder.warnings(containing: "\(InboxFiles.maximumDepth) levels") == 1)
        #expect(queue.sync { watcher.folderCount } == InboxFiles.maximumDepth + 2)
    }

    @Test func anUnreadableFolderIsSaidOnceByNameAndTheRestStillWorks() throws {
        let (base, inbox) = try Self.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        let secret = inbox.appendingPathComponent("secret")
        try Self.folder(secret)
        try Self.write(to: secret.appendingPathComponent("hidden.vcf"))
        try Self.write(to: inbox.appendingPathComponent("open.vcf"))
        // As root every folder can be read: the failure an unprivileged user gets is made here, through the
        // same helper a real open fails through.
        let denying: InboxFiles.OpenFolder = { path throws(SystemCallError) in
            if path.hasSuffix("/secret") {
                try SystemCall.retrying("open", path) { () -> Int32 in
                    errno = EACCES
                    return -1
                }
            }
            return try InboxFiles.openFolder(path)
        }
        let tree = InboxFiles.scan(inbox.path, openFolder: denying)
        #expect(tree.files == [inbox.appendingPathComponent("open.vcf").path])
        #expect(tree.problems.map(\.path) == [secret.path])

        let (watcher, recorder, queue) = try Self.watch(inbox, openFolder: denying)
        defer { queue.sync { watcher.stop() } }
        #expect(recorder.warnings(containing: secret.path) == 1)
        #expect(recorder.snapshot.logs.first?.message.contains("Permission denied") == true)
        #expect(queue.sync { watcher.folderCount } == 1)

        // The tree walked again (a new folder): not said a second time; files elsewhere still reported.
        try Self.folder(inbox.appendingPathComponent("work"))
        #expect(recorder.wait { reports, _, _ in reports.contains(where: \.rescan) })
        let added = inbox.appendingPathComponent("work/new.vcf").path
        try Self.write(to: URL(fileURLWithPath: added))
        #expect(recorder.wait { _, _, known in known.contains(added) })
        #expect(recorder.warnings(containing: secret.path) == 1)
    }

    @Test func linksThatLeadNowhereAreSaidOnceAndLinksToFilesAreRead() throws {
        let (base, inbox) = try Self.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        try Self.write(to: base.appendingPathComponent("outside.vcf"))
        try Self.link(inbox.appendingPathComponent("linked.vcf"), to: "../outside.vcf")
        try Self.link(inbox.appendingPathComponent("gone.vcf"), to: "../missing.vcf")
        try Self.link(inbox.appendingPathComponent("self.vcf"), to: "self.vcf")

        let tree = InboxFiles.scan(inbox.path)
        #expect(tree.files == [inbox.appendingPathComponent("linked.vcf").path])
        #expect(tree.problems.map(\.path).sorted() == ["gone.vcf", "self.vcf"].map { inbox.path + "/" + $0 })

        let (watcher, recorder, queue) = try Self.watch(inbox)
        defer { queue.sync { watcher.stop() } }
        #expect(recorder.warnings(containing: "gone.vcf is a symbolic link that leads nowhere") == 1)
        #expect(recorder.warnings(containing: "self.vcf") == 1)
        // A link made later is noticed (a link comes whole, with IN_CREATE alone), and a dangling one said.
        let later = inbox.appendingPathComponent("later.vcf")
        try Self.link(later, to: "../outside.vcf")
        try Self.link(inbox.appendingPathComponent("broken.vcf"), to: "../nothing.vcf")
        #expect(recorder.wait { _, _, known in known.contains(later.path) })
        #expect(recorder.wait { _, logs, _ in logs.contains { $0.message.contains("broken.vcf") } })
        #expect(recorder.warnings(containing: "broken.vcf") == 1)
        #expect(recorder.warnings(containing: "gone.vcf") == 1)
    }

    @Test func anInboxMovedAsideAndMadeAgainIsWatchedAndReadAgain() throws {
        let (base, inbox) = try Self.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        try Self.write(to: inbox.appendingPathComponent("old.vcf"))
        let (watcher, recorder, queue) = try Self.watch(inbox)
        defer { queue.sync { watcher.stop() } }
        #expect(recorder.snapshot.known == [inbox.appendingPathComponent("old.vcf").path])

        // What a sync tool does: mv inbox old; mkdir inbox; cp file inbox/.
        let aside = base.appendingPathComponent("old")
        try FileManager.default.moveItem(at: inbox, to: aside)
        try Self.folder(inbox)
        let fresh = inbox.appendingPathComponent("new.vcf").path
        try Self.write(to: URL(fileURLWithPath: fresh))
        #expect(recorder.wait { reports, _, known in reports.contains(where: \.rescan) && known == [fresh] })
        #expect(
            recorder.snapshot.logs.contains {
                $0.message.contains("\(inbox.path) was replaced") || $0.message.contains("\(inbox.path) is back")
            },
            "\(recorder.snapshot.logs)"
        )
        #expect(queue.sync { watcher.folderCount } == 1)

        // Not deaf: the new folder is watched, and the old one, now elsewhere, no longer.
        try Self.write(to: aside.appendingPathComponent("stale.vcf"))
        let more = inbox.appendingPathComponent("more.vcf").path
        try Self.write(to: URL(fileURLWithPath: more))
        #expect(recorder.wait { _, _, known in known.contains(more) })
        #expect(!recorder.snapshot.reports.flatMap(\.changed).contains { $0.hasSuffix("stale.vcf") })
    }

    @Test func aRemovedInboxForgetsItsFilesAndItsReturnIsRead() throws {
        let (base, inbox) = try Self.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        try Self.folder(inbox.appendingPathComponent("sub"))
        try Self.write(to: inbox.appendingPathComponent("a.vcf"))
        try Self.write(to: inbox.appendingPathComponent("sub/b.vcf"))
        let (watcher, recorder, queue) = try Self.watch(inbox)
        defer { queue.sync { watcher.stop() } }
        #expect(recorder.snapshot.known.count == 2)

        try FileManager.default.removeItem(at: inbox)
        #expect(recorder.wait { reports, _, known in reports.contains(where: \.rescan) && known.isEmpty })
        #expect(recorder.wait { _, logs, _ in logs.contains { $0.message.contains("\(inbox.path) is gone") } })
        #expect(queue.sync { watcher.folderCount } == 0)

        try Self.folder(inbox)
        let back = inbox.appendingPathComponent("c.vcf").path
        try Self.write(to: URL(fileURLWithPath: back))
        #expect(recorder.wait { _, _, known in known == [back] })
        #expect(recorder.wait { _, logs, _ in logs.contains { $0.message.contains("\(inbox.path) is back") } })
        #expect(queue.sync { watcher.folderCount } == 1)
    }

    @Test func aMissingInboxIsAnErrorAtStart() throws {
        let base = try TemporaryFolder.make("kith-watcher")
        defer { try? FileManager.default.removeItem(at: base) }
        let missing = base.appendingPathComponent("inbox")
        #expect(throws: SystemCallError.self) { try Self.watch(missing) }
    }
}
