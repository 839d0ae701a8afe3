@preconcurrency import Dispatch
import Foundation
import KithMail

/// Watches the inbox and every sub-folder with inotify, and reports the files that changed once a burst has
/// settled. New folders are watched as they appear, removed ones dropped; on queue overflow everything is
/// rescanned. Hidden, temporary and editor files are ignored. No polling: it sleeps on the descriptor.
package final class InboxWatcher: @unchecked Sendable {
    private let root: String
    private let queue: DispatchQueue
    private let settle: DispatchTimeInterval
    private let onChange: @Sendable (_ changed: Set<String>, _ rescan: Bool) -> Void
    private var descriptor: Int32 = -1
    private var watches: [Int32: String] = [:]
    private var source: DispatchSourceRead?
    private var settleTimer: DispatchSourceTimer?
    private var pending: Set<String> = []
    private var rescan = false

    /// - Parameter onChange: called on `queue` with absolute paths of files created, changed, moved or deleted.
    package init(
        root: String,
        queue: DispatchQueue,
        settle: DispatchTimeInterval = .milliseconds(300),
        onChange: @escaping @Sendable (Set<String>, Bool) -> Void
    ) {
        self.root = root
        self.queue = queue
        self.settle = settle
        self.onChange = onChange
    }

    /// Folders watched.
    package var folderCount: Int { watches.count }

    package func start() throws(SystemCallError) {
        descriptor = try Inotify.initialize()
        try watchTree(root)
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

    /// Whether a file name is one Kith reads: not hidden, not a temporary or editor file.
    package static func isInteresting(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasPrefix("#") || name.hasSuffix("~") || name.hasSuffix(".tmp")
            || name.hasSuffix(".swp")
        {
            return false
        }
        let lower = name.lowercased()
        return lower.hasSuffix(".ics") || lower.hasSuffix(".vcf") || lower.hasSuffix(".vcard")
            || lower.hasSuffix(".ical")
    }

    private func watchTree(_ folder: String) throws(SystemCallError) {
        let watch = try Inotify.addWatch(descriptor, path: folder)
        watches[watch] = folder
        let children = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for child in children where !child.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + child
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                try? watchTree(path)
            }
        }
    }

    private func drain() {
        for event in Inotify.readEvents(descriptor) {
            if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                rescan = true
                continue
            }
            if event.mask & UInt32(IN_IGNORED) != 0 {
                watches[event.watch] = nil
                continue
            }
            guard let folder = watches[event.watch], !event.name.isEmpty else { continue }
            let path = folder + "/" + event.name
            if event.mask & UInt32(IN_ISDIR) != 0 {
                if event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !event.name.hasPrefix(".") {
                    try? watchTree(path)
                    // Files may have arrived before the watch did.
                    rescan = true
                }
                if event.mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 { rescan = true }
                continue
            }
            // IN_CREATE alone means a file is being written: wait for IN_CLOSE_WRITE.
            if event.mask == UInt32(IN_CREATE) { continue }
            if Self.isInteresting(event.name) { pending.insert(path) }
        }
        guard !pending.isEmpty || rescan else { return }
        settleTimer?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + settle)
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
        settleTimer = timer
    }

    private func flush() {
        let changed = pending
        let all = rescan
        pending = []
        rescan = false
        onChange(changed, all)
    }
}

/// A one-shot timer for a wall-clock instant, re-armable.
package final class WallClockTimer: @unchecked Sendable {
    private let queue: DispatchQueue
    private var timer: DispatchSourceTimer?

    package init(queue: DispatchQueue) { self.queue = queue }

    /// Fires `handler` on the queue at the UTC instant (seconds since the epoch).
    ///
    /// The delay is measured on the monotonic clock; the service re-arms at least once a minute and
    /// recomputes its schedule from the wall clock each time, which is what catches clock jumps and suspend.
    package func arm(at instant: Int, handler: @escaping @Sendable () -> Void) {
        timer?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let delay = max(0, Double(instant) - Double(now.tv_sec) - Double(now.tv_nsec) / 1e9)
        timer.schedule(deadline: .now() + delay, leeway: .milliseconds(100))
        timer.setEventHandler(handler: handler)
        timer.resume()
        self.timer = timer
    }

    package func cancel() { timer?.cancel() }
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
