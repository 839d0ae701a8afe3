import Foundation
import KithSystem

/// Writes a backup of the state beside it, so that a reader sees all of it or nothing and no backup replaces
/// another: a temporary file, fsync, then a hard link under the first free name, then fsync of the folder.
/// The calls are KithSystem's, as every target's are.
enum BackupFile {
    /// The folder is made 0700 and the file 0600: a backup holds the same private facts as the database.
    static let folderMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600
    /// How many names (`stem`, `stem-2`, …) are tried before giving up.
    static let maximumAttempts = 1000

    /// Writes `bytes` as `folder/stem.json`, or `stem-2.json`, `stem-3.json`, … when that name is taken; returns
    /// the path written. Throws `unavailable` naming the call that failed, with it as the cause.
    static func save(_ bytes: [UInt8], folder: String, stem: String) throws(StateError) -> String {
        do {
            return try write(bytes, folder: folder, stem: stem)
        } catch {
            throw StateError(
                .unavailable,
                path: error.path,
                "cannot write the backup: \(error.call): \(error.reason)",
                cause: error
            )
        }
    }

    private static func write(_ bytes: [UInt8], folder: String, stem: String) throws(SystemCallError) -> String {
        try SystemCall.makeFolders(folder, mode: folderMode)
        try SystemCall.setMode(folder, folderMode)
        let temporary = "\(folder)/\(SystemCall.temporaryPrefix)\(stem)-\(getpid()).json"
        try SystemCall.writeFile(bytes, to: temporary, mode: fileMode)
        defer { try? SystemCall.remove(temporary) }
        // link(2) fails on an existing name where rename(2) would replace it: two imports within one second keep
        // both backups.
        var attempt = 1
        while true {
            let path = "\(folder)/\(stem)\(attempt == 1 ? "" : "-\(attempt)").json"
            do {
                try SystemCall.link(temporary, to: path)
                try? SystemCall.remove(temporary)
                try SystemCall.syncFolder(folder)
                return path
            } catch  where error.call == "link" && error.errno == EEXIST && attempt < maximumAttempts {
                attempt += 1
            }
        }
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
