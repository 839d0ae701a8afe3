import Foundation
import KithSystem
import Synchronization

/// What a command run by root writes into `state_dir` is handed to the folder's owner, so that the service,
/// which runs as that user, can still write its database and outbox afterwards.
///
/// Dropping privileges for the command instead does not work with systemd's `DynamicUser=`: the state lives
/// under `/var/lib/private`, which is 0700 root, so no other user even reaches it.
enum StateOwnership {
    /// How deep the walk goes below `state_dir`; Kith's own tree is two levels deep (`outbox/sent`, `mail/new`).
    static let maximumDepth = 8

    private static let pending = Mutex<Set<String>>([])

    /// Hands `directory` over (see `handOver`) when the process exits: after a command returns, and also when it
    /// ends with an error, since ArgumentParser ends those through `exit`, which runs `atexit` handlers.
    static func handOverAtExit(_ directory: String) {
        guard geteuid() == 0 else { return }
        let first = pending.withLock { folders in
            defer { folders.insert(directory) }
            return folders.isEmpty
        }
        if first {
            atexit {
                for folder in StateOwnership.pending.withLock({ $0 }) { StateOwnership.handOver(folder) }
            }
        }
    }

    /// When the process runs as root and `directory` belongs to another user, gives every file and folder below
    /// it that root owns to the directory's owner and group; returns how many. Does nothing otherwise.
    ///
    /// Symbolic links are never followed (the link itself is handed over), and a root-owned file with more than
    /// one link is left alone: the service's user could have made it a second name of a file elsewhere.
    @discardableResult
    static func handOver(_ directory: String) -> Int {
        guard geteuid() == 0,
            let top = try? SystemCall.retrying(
                "open",
                directory,
                { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
            )
        else { return 0 }
        var status = stat()
        guard fstat(top, &status) == 0, status.st_uid != 0 else {
            close(top)
            return 0
        }
        return handOver(in: top, path: directory, to: status.st_uid, status.st_gid, depth: 0)
    }

    /// Walks one folder; takes ownership of `descriptor` and closes it.
    private static func handOver(in descriptor: Int32, path: String, to owner: uid_t, _ group: gid_t, depth: Int) -> Int
    {
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            return 0
        }
        defer { closedir(stream) }
        var count = 0
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            var status = stat()
            guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let isFolder = status.st_mode & S_IFMT == S_IFDIR
            if status.st_uid == 0 && (isFolder || status.st_nlink == 1) {
                let changed = try? SystemCall.retrying("fchownat", path + "/" + name) {
                    fchownat(descriptor, name, owner, group, AT_SYMLINK_NOFOLLOW)
                }
                if changed != nil { count += 1 }
            }
            if isFolder && depth < maximumDepth,
                let child = try? SystemCall.retrying(
                    "openat",
                    path + "/" + name,
                    {
                        openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    }
                )
            {
                count += handOver(in: child, path: path + "/" + name, to: owner, group, depth: depth + 1)
            }
        }
        return count
    }
}
