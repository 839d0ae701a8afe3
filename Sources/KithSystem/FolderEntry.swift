import Glibc

/// A file's identity: the same (device, inode) is the same file or folder, whatever path leads to it (a
/// symlink, a bind mount).
package struct FileIdentity: Hashable, Sendable {
    package var device: UInt64
    package var inode: UInt64

    package init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// One entry of a folder, with symbolic links followed: what a walk of a tree needs to know of it.
package struct FolderEntry: Hashable, Sendable {
    package enum Kind: Hashable, Sendable {
        /// Anything that is not a folder, or a link to one.
        case file
        /// A folder; for a symlink, or a file system that does not say the type, the identity of its target,
        /// known before it is opened.
        case folder(FileIdentity?, isLink: Bool)
        /// A symbolic link to nothing, or to a loop of links: errno of following it.
        case brokenLink(Int32)
    }

    package var name: String
    package var kind: Kind

    package init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

extension SystemCall {
    /// The identity of an open file or folder.
    package static func identity(of descriptor: Int32, path: String) throws(SystemCallError) -> FileIdentity {
        FileIdentity(try status(descriptor, path: path))
    }

    /// Reads a folder's entries, sorted by name, without `.` and `..`; takes `descriptor` over and closes it.
    /// Returns what was read before a failure, and the failure.
    package static func listFolder(
        _ descriptor: Int32,
        path: String
    ) -> (entries: [FolderEntry], failure: SystemCallError?) {
        guard let stream = fdopendir(descriptor) else {
            let error = SystemCallError(call: "fdopendir", path: path, errno: errno)
            Glibc.close(descriptor)
            return ([], error)
        }
        defer { closedir(stream) }
        var entries: [FolderEntry] = []
        var failure: SystemCallError?
        while true {
            // readdir reports failure only through errno, and a null result at the end too.
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { failure = SystemCallError(call: "readdir", path: path, errno: errno) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if let kind = kind(of: entry.pointee.d_type, name: name, in: descriptor) {
                entries.append(FolderEntry(name: name, kind: kind))
            }
        }
        entries.sort { $0.name < $1.name }
        return (entries, failure)
    }

    /// What an entry is; nil for one that vanished or cannot be asked about (not a link: it costs nothing).
    private static func kind(of type: UInt8, name: String, in descriptor: Int32) -> FolderEntry.Kind? {
        switch Int32(type) {
        case Int32(DT_DIR):
            return .folder(nil, isLink: false)
        case Int32(DT_REG):
            return .file
        default:
            // A link, or a file system that does not say: ask, following links.
            var info = stat()
            let isLink = Int32(type) == Int32(DT_LNK)
            if fstatat(descriptor, name, &info, 0) != 0 {
                let code = errno
                return isLink || code == ENOENT || code == ELOOP ? .brokenLink(code) : nil
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { return .file }
            var own = stat()
            let viaLink =
                isLink
                || (fstatat(descriptor, name, &own, AT_SYMLINK_NOFOLLOW) == 0 && (own.st_mode & S_IFMT) == S_IFLNK)
            return .folder(FileIdentity(info), isLink: viaLink)
        }
    }
}
