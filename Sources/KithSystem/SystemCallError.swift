import Glibc

/// A failed system call: which one, on what, and errno.
///
/// `path` is the file or folder the call was about, or what the descriptor stands for ("inotify") when it has
/// no path; empty when there is nothing to name.
package struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    package var call: String
    package var path: String
    package var errno: Int32

    package init(call: String, path: String, errno: Int32) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    /// `open(/var/lib/kith/outbox): Permission denied`.
    package var description: String { "\(call)(\(path)): \(reason)" }

    /// The system's sentence for errno, without the call and path.
    package var reason: String { String(cString: strerror(errno)) }
}
