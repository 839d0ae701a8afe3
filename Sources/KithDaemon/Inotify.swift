import KithMail

#if canImport(Glibc)
import Glibc
#endif

/// The inotify calls, each through `SystemCall.retrying` (EINTR retried, errno thrown).
package enum Inotify {
    /// What the watcher acts on in each folder (inotify(7)); IN_ATTRIB so that a folder made readable, or a
    /// file whose mode was fixed, is read again.
    package static let fileEvents = UInt32(
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_CREATE | IN_ATTRIB
    )
    package static let folderEvents = fileEvents | UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
    /// On the inbox's parent, for the inbox's own name only: it coming, going or being renamed over. Added to
    /// what may already be watched there (the parent can be a folder of the tree, through a link to `..`).
    package static let parentEvents = UInt32(
        IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR | IN_MASK_ADD
    )

    package static func initialize() throws(SystemCallError) -> Int32 {
        try SystemCall.retrying("inotify_init1", "") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
    }

    /// Watches a folder (following a symlink); the same folder reached by another path gives the same watch.
    package static func addWatch(
        _ descriptor: Int32,
        path: String,
        mask: UInt32 = folderEvents
    ) throws(SystemCallError) -> Int32 {
        try SystemCall.retrying("inotify_add_watch", path) { inotify_add_watch(descriptor, path, mask) }
    }

    /// Best effort: a watch the kernel already dropped (its folder deleted) fails with EINVAL, which is fine.
    package static func removeWatch(_ descriptor: Int32, _ watch: Int32) {
        _ = try? SystemCall.retrying("inotify_rm_watch", "") { inotify_rm_watch(descriptor, watch) }
    }

    /// One event: the watch, what happened, and the name within the watched folder.
    package struct Event: Sendable {
        package var watch: Int32
        package var mask: UInt32
        package var name: String
    }

    /// Reads every pending event (non-blocking descriptor); empty when none.
    package static func readEvents(_ descriptor: Int32) -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            // EAGAIN ends the batch; any other failure too, the read source calls again when there is more.
            let result = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(SystemCallError) in
                    try SystemCall.retrying("read", "inotify") { read(descriptor, raw.baseAddress, raw.count) }
                }
            }
            guard case .success(let count) = result, count > 0 else { break }
            var offset = 0
            buffer.withUnsafeBytes { raw in
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = raw[nameStart..<(nameStart + Int(event.len))].prefix { $0 != 0 }
                    events.append(
                        Event(watch: event.wd, mask: event.mask, name: String(decoding: nameBytes, as: UTF8.self))
                    )
                    offset = nameStart + Int(event.len)
                }
            }
        }
        return events
    }
}
