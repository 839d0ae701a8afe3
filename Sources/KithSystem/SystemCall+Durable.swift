import Glibc

/// Writes that survive a crash: whole or not at all, and still there after the power goes.
extension SystemCall {
    /// Writes `bytes` to a new file at `path` (replacing one there) with `mode`, fsyncs and closes it; on any
    /// failure the file is removed again. Not atomic by itself: a reader can see it half written.
    package static func writeFile(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(SystemCallError) {
        let descriptor = try open(path, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        do throws(SystemCallError) {
            // The umask could have taken bits away, never added them; say the mode outright.
            try setMode(descriptor, mode, path: path)
            try writeAll(descriptor, bytes, path: path)
            try sync(descriptor, path: path)
        } catch {
            Glibc.close(descriptor)
            Glibc.unlink(path)
            throw error
        }
        do throws(SystemCallError) {
            try close(descriptor, path: path)
        } catch {
            Glibc.unlink(path)
            throw error
        }
    }

    /// Writes `bytes` to `path` so that a reader sees all of them or nothing: a temporary file in the same
    /// folder, fsync, rename, then fsync of the folder (the rename itself must survive a crash). No temporary
    /// file is left behind when it fails; what `path` held before is then untouched.
    package static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(SystemCallError)
    {
        let temporary = temporaryPath(for: path)
        try writeFile(bytes, to: temporary, mode: mode)
        do throws(SystemCallError) {
            try rename(temporary, to: path)
        } catch {
            Glibc.unlink(temporary)
            throw error
        }
        try syncFolder(parent(path))
    }

    /// `folder/.tmp-NAME-PID`: hidden, so that the inbox's readers and Maildir readers pass over it, and
    /// beside the file, so that the rename stays within one file system.
    package static func temporaryPath(for path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return "\(parent(path))/\(temporaryPrefix)\(name)-\(getpid())"
    }

    /// What the names of temporary files begin with; a file with it that is found later was left by a crash.
    package static let temporaryPrefix = ".tmp-"

    /// Makes the names in a folder durable: a rename or a new file is only safe from a crash after this.
    package static func syncFolder(_ folder: String) throws(SystemCallError) {
        let descriptor = try openFolder(folder)
        defer { Glibc.close(descriptor) }
        try sync(descriptor, path: folder)
    }

    /// Creates an empty file (or keeps the one there), durably.
    package static func makeEmptyFile(_ path: String, mode: mode_t = 0o600) throws(SystemCallError) {
        let descriptor = try open(path, O_WRONLY | O_CREAT, mode: mode)
        Glibc.close(descriptor)
        try syncFolder(parent(path))
    }

    /// Moves a file within one file system, durably: both folders are synced.
    package static func move(_ from: String, to: String) throws(SystemCallError) {
        try rename(from, to: to)
        try syncFolder(parent(to))
        if parent(from) != parent(to) { try syncFolder(parent(from)) }
    }
}
