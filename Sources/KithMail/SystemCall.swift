#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: which one, on what, and errno.
package struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    package var call: String
    package var path: String
    package var errno: Int32

    package var description: String { "\(call)(\(path)): \(String(cString: strerror(errno)))" }
}

/// Every system call of Kith's own goes through here: retried on EINTR, failures thrown with errno and the
/// call's name (the outbox, Maildir delivery, and the daemon's inotify calls).
package enum SystemCall {
    @discardableResult
    package static func retrying<T: BinaryInteger>(
        _ call: String,
        _ path: String,
        _ body: () -> T
    ) throws(SystemCallError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemCallError(call: call, path: path, errno: code)
        }
    }

    /// Writes `bytes` to `path` so that a reader sees all of them or nothing: a temporary file in the same
    /// folder, fsync, rename, then fsync of the folder (the rename itself must survive a crash).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(SystemCallError) {
        let folder = parent(path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(folder)/.tmp-\(name)-\(getpid())"
        let descriptor = try retrying("open", temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        }
        do throws(SystemCallError) {
            var written = 0
            while written < bytes.count {
                let result: Result<Int, SystemCallError> = bytes.withUnsafeBytes { buffer in
                    Result { () throws(SystemCallError) in
                        try retrying("write", temporary) {
                            write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                        }
                    }
                }
                written += try result.get()
            }
            try retrying("fsync", temporary) { fsync(descriptor) }
            try retrying("close", temporary) { close(descriptor) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        try retrying("rename", path) { rename(temporary, path) }
        try syncFolder(folder)
    }

    static func syncFolder(_ folder: String) throws(SystemCallError) {
        let descriptor = try retrying("open", folder) { open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(descriptor) }
        try retrying("fsync", folder) { fsync(descriptor) }
    }

    /// Creates an empty file (or keeps the one there), durably.
    static func makeEmptyFile(_ path: String) throws(SystemCallError) {
        let descriptor = try retrying("open", path) { open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600) }
        close(descriptor)
        try syncFolder(parent(path))
    }

    /// A file's access and modification times in Unix seconds, or nil when it does not exist.
    static func times(_ path: String) -> (accessed: Int, modified: Int)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int(info.st_atim.tv_sec), Int(info.st_mtim.tv_sec))
    }

    /// Sets a file's access and modification times, which a full disk does not prevent; best effort.
    static func setTimes(_ path: String, accessed: Int, modified: Int) {
        var times = [timespec(tv_sec: accessed, tv_nsec: 0), timespec(tv_sec: modified, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    static func makeFolder(_ path: String) throws(SystemCallError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw SystemCallError(call: "mkdir", path: current, errno: errno)
            }
        }
    }

    /// Moves a file within one file system, durably.
    static func move(_ from: String, to: String) throws(SystemCallError) {
        try retrying("rename", from) { rename(from, to) }
        try syncFolder(parent(to))
        if parent(from) != parent(to) { try syncFolder(parent(from)) }
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
