import Glibc

/// The one place Kith's own system calls go through: each is retried on EINTR, and a failure is thrown as a
/// `SystemCallError` with errno, the call's name and the path it was about.
///
/// The wrappers take and return Swift types; descriptors are plain `Int32`s, closed by whoever opened them.
package enum SystemCall {
    /// Runs `body` again while it fails with EINTR (a negative result, errno EINTR); throws any other failure.
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

    /// Opens a file; `mode` applies when `flags` has O_CREAT. O_CLOEXEC is always added: a command Kith runs
    /// (sendmail, a password command) must not inherit its files.
    package static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try retrying("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// Opens a folder for reading its entries or syncing it, following symbolic links.
    package static func openFolder(_ path: String) throws(SystemCallError) -> Int32 {
        try open(path, O_RDONLY | O_DIRECTORY)
    }

    /// Reads at most `buffer.count` bytes; 0 at the end. EAGAIN on a non-blocking descriptor is thrown.
    package static func read(
        _ descriptor: Int32,
        into buffer: UnsafeMutableRawBufferPointer,
        path: String
    ) throws(SystemCallError) -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        return try retrying("read", path) { Glibc.read(descriptor, base, buffer.count) }
    }

    /// Writes every byte, however many calls that takes.
    package static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(SystemCallError) {
        var written = 0
        while written < bytes.count {
            let result: Result<Int, SystemCallError> = bytes.withUnsafeBytes { buffer in
                Result { () throws(SystemCallError) in
                    try retrying("write", path) {
                        Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                    }
                }
            }
            written += try result.get()
        }
    }

    /// The status of an open file.
    package static func status(_ descriptor: Int32, path: String) throws(SystemCallError) -> stat {
        var info = stat()
        try retrying("fstat", path) { fstat(descriptor, &info) }
        return info
    }

    /// Flushes a file's data and metadata to the disk.
    package static func sync(_ descriptor: Int32, path: String) throws(SystemCallError) {
        try retrying("fsync", path) { fsync(descriptor) }
    }

    /// Closes a descriptor, reporting what a delayed write error says (NFS reports them here). Not retried
    /// on EINTR: Linux has closed the descriptor by then, and a second close could close another file.
    package static func close(_ descriptor: Int32, path: String) throws(SystemCallError) {
        guard Glibc.close(descriptor) != 0 else { return }
        let code = errno
        if code == EINTR { return }
        throw SystemCallError(call: "close", path: path, errno: code)
    }

    /// Renames within one file system, replacing what `to` named (not durable by itself: see `move`).
    package static func rename(_ from: String, to: String) throws(SystemCallError) {
        try retrying("rename", from) { Glibc.rename(from, to) }
    }

    /// Gives a file a second name; fails with EEXIST rather than replace one (unlike `rename`).
    package static func link(_ from: String, to: String) throws(SystemCallError) {
        try retrying("link", to) { Glibc.link(from, to) }
    }

    /// Removes a name; a name that is already gone is not an error.
    package static func remove(_ path: String) throws(SystemCallError) {
        guard Glibc.unlink(path) != 0 else { return }
        let code = errno
        if code == ENOENT { return }
        throw SystemCallError(call: "unlink", path: path, errno: code)
    }

    /// Sets a file's permission bits outright (the umask only ever takes bits away when a file is made).
    package static func setMode(_ path: String, _ mode: mode_t) throws(SystemCallError) {
        try retrying("chmod", path) { chmod(path, mode) }
    }

    /// Sets an open file's permission bits outright.
    package static func setMode(_ descriptor: Int32, _ mode: mode_t, path: String) throws(SystemCallError) {
        try retrying("fchmod", path) { fchmod(descriptor, mode) }
    }

    /// Makes a folder and any missing parents (`mkdir -p`), each with `mode`; those already there are kept
    /// as they are.
    package static func makeFolders(_ path: String, mode: mode_t = 0o700) throws(SystemCallError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, mode) != 0 && errno != EEXIST {
                throw SystemCallError(call: "mkdir", path: current, errno: errno)
            }
        }
    }

    /// A file's access and modification times in Unix seconds, or nil when it does not exist.
    package static func times(_ path: String) -> (accessed: Int, modified: Int)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int(info.st_atim.tv_sec), Int(info.st_mtim.tv_sec))
    }

    /// Sets a file's access and modification times (Unix seconds), which a full disk does not prevent.
    package static func setTimes(_ path: String, accessed: Int, modified: Int) throws(SystemCallError) {
        var times = [timespec(tv_sec: accessed, tv_nsec: 0), timespec(tv_sec: modified, tv_nsec: 0)]
        try retrying("utimensat", path) { utimensat(AT_FDCWD, path, &times, 0) }
    }

    /// Whether `path` itself is a symbolic link (not followed); false when it does not exist.
    package static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// The folder a path is in: `.` for a bare name, `/` for a name at the root.
    package static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
