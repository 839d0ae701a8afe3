import Glibc

/// The inotify calls (inotify(7)), each through `SystemCall` (EINTR retried, errno thrown).
package enum Inotify {
    /// What the watcher acts on in each folder; IN_ATTRIB so that a folder made readable, or a file whose
    /// mode was fixed, is read again.
    package static let fileEvents = UInt32(
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_CREATE | IN_ATTRIB
    )
    package static let folderEvents = fileEvents | UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
    /// On the inbox's parent, for the inbox's own name only: it coming, going or being renamed over. Added to
    /// what may already be watched there (the parent can be a folder of the tree, through a link to `..`).
    package static let parentEvents = UInt32(
        IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR | IN_MASK_ADD
    )

    /// How many bytes one read takes at most: room for hundreds of events with long names.
    package static let bufferSize = 64 * 1024

    /// A non-blocking, close-on-exec inotify descriptor.
    package static func initialize() throws(SystemCallError) -> Int32 {
        try SystemCall.retrying("inotify_init1", "inotify") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
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
        _ = try? SystemCall.retrying("inotify_rm_watch", "inotify") { inotify_rm_watch(descriptor, watch) }
    }

    /// One event: the watch, what happened, and the name within the watched folder (empty for the folder).
    package struct Event: Sendable, Hashable {
        package var watch: Int32
        package var mask: UInt32
        package var name: String

        package init(watch: Int32, mask: UInt32, name: String) {
            self.watch = watch
            self.mask = mask
            self.name = name
        }
    }

    /// Reads every pending event of a non-blocking descriptor; empty when there are none.
    ///
    /// EAGAIN ends the batch; so does any other failure, which is not thrown: the caller reads again when the
    /// descriptor is readable again, and a lost event queue shows as IN_Q_OVERFLOW.
    package static func readEvents(_ descriptor: Int32) -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let result = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(SystemCallError) in try SystemCall.read(descriptor, into: raw, path: "inotify") }
            }
            guard case .success(let count) = result, count > 0 else { break }
            buffer.withUnsafeBytes { raw in
                events.append(contentsOf: decode(UnsafeRawBufferPointer(rebasing: raw[..<count])))
            }
        }
        return events
    }

    /// The events in what one read returned: each a fixed header and `len` bytes of NUL-padded name.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> [Event] {
        var events: [Event] = []
        let header = MemoryLayout<inotify_event>.size
        var offset = 0
        while offset + header <= bytes.count {
            let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            let nameStart = offset + header
            let nameEnd = min(nameStart + Int(event.len), bytes.count)
            let name = bytes[nameStart..<nameEnd].prefix { $0 != 0 }
            events.append(Event(watch: event.wd, mask: event.mask, name: String(decoding: name, as: UTF8.self)))
            offset = nameStart + Int(event.len)
        }
        return events
    }
}
