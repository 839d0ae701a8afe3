import Foundation

/// Writes a backup of the state beside it, so that a reader sees all of it or nothing and no backup replaces
/// another: a temporary file, fsync, then a hard link under the first free name, then fsync of the folder.
///
/// KithStore keeps its own few calls rather than using KithMail's atomic write: the store must not depend on the
/// mail target (see DESIGN.md, targets).
enum BackupFile {
    /// The folder is made 0700 and the file 0600: a backup holds the same private facts as the database.
    static let folderMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600
    /// How many names (`stem`, `stem-2`, …) are tried before giving up.
    static let maximumAttempts = 1000

    /// Writes `bytes` as `folder/stem.json`, or `stem-2.json`, `stem-3.json`, … when that name is taken; returns
    /// the path written. Throws `unavailable` naming the call that failed.
    static func save(_ bytes: [UInt8], folder: String, stem: String) throws(StateError) -> String {
        try makeFolder(folder)
        let temporary = "\(folder)/.tmp-\(stem)-\(getpid()).json"
        let descriptor = try call("open", temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
        }
        do throws(StateError) {
            // The umask could have taken bits away, never added them; say the mode outright.
            try call("fchmod", temporary) { fchmod(descriptor, fileMode) }
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { buffer in
                    write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                }
                if count < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    throw failure("write", temporary, code)
                }
                written += count
            }
            try call("fsync", temporary) { fsync(descriptor) }
            try call("close", temporary) { close(descriptor) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        // link(2) fails on an existing name where rename(2) would replace it: two imports within one second keep
        // both backups.
        var attempt = 1
        var path: String
        while true {
            path = "\(folder)/\(stem)\(attempt == 1 ? "" : "-\(attempt)").json"
            if link(temporary, path) == 0 { break }
            let code = errno
            if code == EINTR { continue }
            guard code == EEXIST, attempt < maximumAttempts else {
                unlink(temporary)
                throw failure("link", path, code)
            }
            attempt += 1
        }
        unlink(temporary)
        try syncFolder(folder)
        return path
    }

    private static func makeFolder(_ folder: String) throws(StateError) {
        if mkdir(folder, folderMode) != 0 && errno != EEXIST { throw failure("mkdir", folder, errno) }
        try call("chmod", folder) { chmod(folder, folderMode) }
    }

    private static func syncFolder(_ folder: String) throws(StateError) {
        let descriptor = try call("open", folder) { open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(descriptor) }
        try call("fsync", folder) { fsync(descriptor) }
    }

    /// Runs a system call, again on EINTR; a negative result is thrown with errno and the call's name.
    @discardableResult
    private static func call<T: BinaryInteger>(
        _ name: String,
        _ path: String,
        _ body: () -> T
    ) throws(StateError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code != EINTR { throw failure(name, path, code) }
        }
    }

    private static func failure(_ name: String, _ path: String, _ code: Int32) -> StateError {
        StateError(.unavailable, path: path, "cannot write the backup: \(name): \(String(cString: strerror(code)))")
    }

    /// `state-20261130T080000Z`: the UTC moment, so that names sort as the backups were made.
    static func stem(at instant: Int) -> String {
        var seconds = time_t(instant)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "state-\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}
