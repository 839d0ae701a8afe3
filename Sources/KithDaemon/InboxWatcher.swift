@preconcurrency import Dispatch
import Foundation
import KithFormats
import KithSystem

#if canImport(Glibc)
import Glibc
#endif

/// Watches the inbox and every sub-folder with inotify, and reports the files that changed once a burst has
/// settled: the files `InboxFile.isInboxName` says are inbox files. No polling: it sleeps on the descriptor.
///
/// The folders watched are those `InboxFiles.scan` reaches: each (device, inode) once, so a symlink to `.` or
/// a bind mount cannot make it loop, and at most `InboxFiles.maximumDepth` levels deep. Whenever folders may
/// have come or gone the tree is walked again once the burst settles, new folders watched, vanished ones
/// dropped, and a rescan reported. The inbox's parent is watched for the inbox's name, so that replacing the
/// inbox folder itself (`mv inbox old; mkdir inbox`, as sync tools do) is a rescan of the new folder, and its
/// removal a rescan that finds nothing. Folders that cannot be read or watched, and links that lead nowhere,
/// are logged once.
package final class InboxWatcher: @unchecked Sendable {
    /// Where the watcher's own warnings go: a level ("info", "warning") and a sentence.
    package typealias Log = @Sendable (_ level: String, _ message: String) -> Void

    private let root: String
    private let parent: String
    private let rootName: String
    private let queue: DispatchQueue
    private let settle: DispatchTimeInterval
    private let log: Log
    private let openFolder: InboxFiles.OpenFolder
    private let onChange: @Sendable (_ changed: Set<String>, _ rescan: Bool) -> Void
    private var descriptor: Int32 = -1
    /// Each watched folder by its watch, at the path the walk reached it by first.
    private var folders: [Int32: String] = [:]
    private var identities: [FileIdentity: Int32] = [:]
    /// Those paths, to notice when a symlink that led to a folder is removed or replaced.
    private var folderPaths: Set<String> = []
    private var rootWatch: Int32?
    /// The inbox last seen, nil while it is missing: what a walk compares with to tell gone, back, replaced.
    private var rootIdentity: FileIdentity?
    private var parentWatch: Int32?
    private var reported: Set<Report> = []
    private var source: DispatchSourceRead?
    private var settleTimer: DispatchSourceTimer?
    private var pending: Set<String> = []
    private var rescan = false
    private var needsWalk = false

    /// - Parameters:
    ///   - log: the watcher's own warnings (an unreadable folder, the inbox gone or back); standard error
    ///     as the service prints it by default.
    ///   - onChange: called on `queue` with absolute paths of files created, changed, moved or deleted, and
    ///     whether every file must be listed again (folders came or went, the inbox was replaced or removed,
    ///     the event queue overflowed); the paths are then a hint only.
    package init(
        root: String,
        queue: DispatchQueue,
        settle: DispatchTimeInterval = .milliseconds(300),
        log: @escaping Log = InboxWatcher.standardError,
        openFolder: @escaping InboxFiles.OpenFolder = InboxFiles.openFolder,
        onChange: @escaping @Sendable (Set<String>, Bool) -> Void
    ) {
        self.root = InboxFiles.trimmed(root)
        self.parent = SystemCall.parent(self.root)
        self.rootName = self.root.split(separator: "/").last.map(String.init) ?? self.root
        self.queue = queue
        self.settle = settle
        self.log = log
        self.openFolder = openFolder
        self.onChange = onChange
    }

    /// Folders watched: each distinct folder of the inbox once, the inbox's parent not counted.
    package var folderCount: Int { folders.count }

    /// Starts watching; throws when the inbox itself cannot be read or watched.
    package func start() throws(SystemCallError) {
        descriptor = try Inotify.initialize()
        // The parent before the tree: if the inbox is replaced in between, the event is already queued.
        if root != parent {
            do {
                parentWatch = try Inotify.addWatch(descriptor, path: parent, mask: Inotify.parentEvents)
            } catch {
                log("warning", "replacing the inbox folder \(root) will not be noticed: \(error)")
            }
        }
        let result = walk()
        guard rootWatch != nil else {
            close(descriptor)
            throw result.failure ?? result.watchFailure ?? SystemCallError(call: "open", path: root, errno: ENOENT)
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        source.setEventHandler { [weak self] in self?.drain() }
        source.setCancelHandler { [descriptor] in close(descriptor) }
        source.resume()
        self.source = source
    }

    package func stop() {
        settleTimer?.cancel()
        source?.cancel()
    }

    /// The service's log format on standard error, with journald's priority prefix under `$JOURNAL_STREAM`.
    package static let standardError: Log = { level, message in
        let priority = level == "error" ? 3 : level == "warning" ? 4 : 6
        let prefix = getenv("JOURNAL_STREAM") == nil ? "" : "<\(priority)>"
        FileHandle.standardError.write(Data("\(prefix)\(level): \(message)\n".utf8))
    }

    /// Walks the tree and makes the watches match it: new folders watched, those no longer reached dropped.
    /// Returns whether the watched folders or their paths changed (files may have come or gone with them),
    /// and why the inbox could not be read or watched, if so.
    @discardableResult
    private func walk() -> (changed: Bool, failure: SystemCallError?, watchFailure: SystemCallError?) {
        let tree = InboxFiles.scan(root, keeping: { _ in false }, openFolder: openFolder)
        var problems = Set(tree.problems.map(Report.walk))
        var watchedFolders: [Int32: String] = [:]
        var watchedIdentities: [FileIdentity: Int32] = [:]
        var rootFailure: SystemCallError?
        for folder in tree.folders {
            if let watch = identities[folder.identity] {
                watchedFolders[watch] = folder.path
                watchedIdentities[folder.identity] = watch
                continue
            }
            do {
                let watch = try Inotify.addWatch(descriptor, path: folder.path)
                // The same watch for another path: the folder was replaced by one already watched meanwhile.
                guard watchedFolders[watch] == nil else { continue }
                watchedFolders[watch] = folder.path
                watchedIdentities[folder.identity] = watch
            } catch {
                if folder.path == root { rootFailure = error }
                problems.insert(.unwatchable(path: folder.path, error))
            }
        }
        for (identity, watch) in identities where watchedIdentities[identity] == nil && watch != parentWatch {
            Inotify.removeWatch(descriptor, watch)
        }
        let changed = watchedFolders != folders
        folders = watchedFolders
        identities = watchedIdentities
        folderPaths = Set(watchedFolders.values)
        let previous = rootIdentity
        let current = tree.folders.first.flatMap { watchedIdentities[$0.identity] == nil ? nil : $0.identity }
        rootWatch = current.flatMap { watchedIdentities[$0] }
        rootIdentity = current
        if source != nil {
            if previous != nil, current == nil {
                let why = tree.failure.map { $0.errno == ENOENT ? "" : " (\($0))" } ?? ""
                log("warning", "the inbox \(root) is gone\(why); its files are forgotten until it is back")
            } else if previous == nil, current != nil {
                log("info", "the inbox \(root) is back; reading it again")
            } else if let previous, let current, previous != current {
                log("info", "the inbox \(root) was replaced by a new folder; reading it again")
            }
        }
        // A missing inbox is said above, not as a problem of its own; an unreadable one is a problem.
        if let failure = tree.failure, failure.errno != ENOENT {
            problems.insert(.walk(InboxFiles.Problem(path: root, kind: .unreadable(failure))))
        }
        for problem in problems.subtracting(reported).sorted(by: { $0.path < $1.path }) {
            log("warning", problem.description)
        }
        // Forgetting what is solved means that it is said again if it comes back.
        reported = problems
        return (changed, tree.failure, rootFailure)
    }

    /// Forgets every watch of the tree at once: after the inbox itself moved they would report the files of
    /// its new place under the inbox's name.
    private func dropTree() {
        for watch in folders.keys where watch != parentWatch { Inotify.removeWatch(descriptor, watch) }
        folders = [:]
        identities = [:]
        folderPaths = []
        rootWatch = nil
    }

    private func drain() {
        guard take(Inotify.readEvents(descriptor)) else { return }
        // Each relevant batch restarts the wait, so that a burst (a sync of thousands of files) is one report.
        settleTimer?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + settle)
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
        settleTimer = timer
    }

    /// Records what the events mean; returns whether any of them mattered (the parent's other names do not).
    private func take(_ events: [Inotify.Event]) -> Bool {
        let entries = UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM)
        var relevant = false
        for event in events {
            if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                rescan = true
                needsWalk = true
                relevant = true
                continue
            }
            if let parentWatch, event.watch == parentWatch {
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    self.parentWatch = nil
                    log("warning", "the inbox's folder \(parent) is gone; replacing the inbox will not be noticed")
                } else if event.name == rootName, event.mask & entries != 0 {
                    // The inbox itself appeared, vanished, or was renamed over: read whatever is there now.
                    needsWalk = true
                    rescan = true
                    relevant = true
                }
                // The parent may be a folder of the tree too (a link to `..`): go on.
            }
            guard let folder = folders[event.watch] else { continue }
            if event.mask & UInt32(IN_IGNORED) != 0 {
                // The kernel dropped the watch: the folder was deleted or its file system unmounted.
                forget(event.watch)
                needsWalk = true
                relevant = true
                continue
            }
            if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT) != 0 {
                if event.watch == rootWatch { dropTree() }
                needsWalk = true
                rescan = true
                relevant = true
                continue
            }
            guard !event.name.isEmpty else { continue }
            let path = folder == "/" ? "/" + event.name : folder + "/" + event.name
            if event.mask & UInt32(IN_ISDIR) != 0 {
                guard !event.name.hasPrefix(".") else { continue }
                if event.mask & entries != 0 {
                    // Files may have arrived before the new folder's watch does, or left with an old one.
                    needsWalk = true
                    rescan = true
                    relevant = true
                } else if event.mask & UInt32(IN_ATTRIB) != 0 {
                    // A folder's mode changed: it may have become readable, or stopped being so.
                    needsWalk = true
                    relevant = true
                }
                continue
            }
            if folderPaths.contains(path) {
                // A symlink that led to a watched folder was removed or replaced.
                needsWalk = true
                rescan = true
                relevant = true
            }
            let isLink = event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 && SystemCall.isSymbolicLink(path)
            if isLink {
                // It may lead to a folder (watched by the walk, which reports a rescan) or nowhere (reported).
                needsWalk = true
                relevant = true
            }
            // IN_CREATE alone means a file is being written: wait for IN_CLOSE_WRITE. A link is whole at once.
            if event.mask == UInt32(IN_CREATE) && !isLink { continue }
            if InboxFile.isInboxName(event.name) {
                pending.insert(path)
                relevant = true
            }
        }
        return relevant
    }

    private func forget(_ watch: Int32) {
        if let path = folders.removeValue(forKey: watch) { folderPaths.remove(path) }
        if let identity = identities.first(where: { $0.value == watch })?.key { identities[identity] = nil }
        if watch == rootWatch {
            rootWatch = nil
            rescan = true
        }
    }

    private func flush() {
        settleTimer = nil
        // Events queued while the timer was due belong to this report, and an IN_IGNORED among them must be
        // seen before a walk that could otherwise take a reused inode number for the folder it watched.
        _ = take(Inotify.readEvents(descriptor))
        if needsWalk {
            needsWalk = false
            if walk().changed { rescan = true }
        }
        guard !pending.isEmpty || rescan else { return }
        let changed = pending
        let all = rescan
        pending = []
        rescan = false
        onChange(changed, all)
    }
}

extension InboxWatcher {
    /// What the watcher warns about once: what a walk could not follow, and folders it could not watch.
    private enum Report: Hashable, CustomStringConvertible {
        case walk(InboxFiles.Problem)
        /// No permission, or `fs.inotify.max_user_watches` reached.
        case unwatchable(path: String, SystemCallError)

        var path: String {
            switch self {
            case .walk(let problem): problem.path
            case .unwatchable(let path, _): path
            }
        }

        var description: String {
            switch self {
            case .walk(let problem):
                return problem.description
            case .unwatchable(let path, let error):
                let hint = error.errno == ENOSPC ? " (raise the sysctl fs.inotify.max_user_watches)" : ""
                return "cannot watch the folder \(path), its changes are not noticed: \(error)\(hint)"
            }
        }
    }
}

/// Signals handled on a queue (SIGHUP: the reload waits until the queue is free).
package final class SignalHandlers: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    package init(queue: DispatchQueue, _ handlers: [Int32: @Sendable () -> Void]) {
        for (number, handler) in handlers {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }
}
