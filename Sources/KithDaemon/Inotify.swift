import KithMail

#if canImport(Glibc)
import Glibc
#endif

/// The inotify calls, each through `SystemCall.retrying` (EINTR retried, errno thrown).
package enum Inotify {
    /// What the watcher acts on (inotify(7)).
    package static let fileEvents = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_CREATE)
    package static let folderEvents = fileEvents | UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    package static func initialize() throws(SystemCallError) -> Int32 {
        try SystemCall.retrying("inotify_init1", "") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
    }

    package static func addWatch(_ descriptor: Int32, path: String) throws(SystemCallError) -> Int32 {
        try SystemCall.retrying("inotify_add_watch", path) { inotify_add_watch(descriptor, path, folderEvents) }
    }

    package static func removeWatch(_ descriptor: Int32, _ watch: Int32) {
        _ = inotify_rm_watch(descriptor, watch)
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
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
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
