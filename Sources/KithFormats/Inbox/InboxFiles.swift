import KithSystem

/// The inbox's files: a folder walked recursively as Kith reads it everywhere, so that `kith inspect`, `kith
/// run`'s first read and the daemon's watcher name each file alike and agree on which files there are.
///
/// Each folder is read once by its (device, inode), so a symlink to `.` or `..` or a bind mount cannot make
/// the walk loop, and at most `maximumDepth` levels deep. Symbolic links to files and folders are followed;
/// links that lead nowhere are reported, not read. Hidden entries are skipped; files are kept by
/// `InboxFile.isInboxName` unless the caller says otherwise.
package enum InboxFiles {
    /// How deep below the inbox folders are read: deeper ones are left out, and said so once. A real vdir is
    /// two or three levels deep; the limit only stops trees that a file system makes up without end.
    package static let maximumDepth = 32

    /// Opens a folder for listing; a parameter so that tests can make one fail as a permission would.
    package typealias OpenFolder = @Sendable (_ path: String) throws(SystemCallError) -> Int32

    /// Opens a folder for listing, following symlinks: what the walk reads by default.
    package static let openFolder: OpenFolder = { path throws(SystemCallError) in try SystemCall.openFolder(path) }

    /// A folder reached by a walk, at the first path that reached it.
    package struct Folder: Hashable, Sendable {
        package var path: String
        package var identity: FileIdentity
    }

    /// Something in the inbox a walk could not follow; it costs only itself.
    package struct Problem: Hashable, Sendable, CustomStringConvertible {
        package enum Kind: Hashable, Sendable {
            /// A folder that cannot be opened or listed.
            case unreadable(SystemCallError)
            /// A symbolic link to nothing, or to a loop of links: following it failed.
            case brokenLink(SystemCallError)
            /// The first folder found beyond `maximumDepth`.
            case tooDeep
        }

        package var path: String
        package var kind: Kind

        package init(path: String, kind: Kind) {
            self.path = path
            self.kind = kind
        }

        package var description: String {
            switch kind {
            case .unreadable(let error):
                return "cannot read the folder \(path), its files are left out: \(error)"
            case .brokenLink(let error):
                return "\(path) is a symbolic link that leads nowhere (\(error.reason)), left out"
            case .tooDeep:
                return "folders more than \(InboxFiles.maximumDepth) levels below the inbox are left out, first \(path)"
            }
        }
    }

    /// What one walk found: the folders in the order reached (the inbox first), the files kept, sorted, and
    /// the problems met. `failure` says why the inbox itself could not be read.
    package struct Tree: Sendable {
        package var folders: [Folder] = []
        package var files: [String] = []
        package var problems: [Problem] = []
        package var failure: SystemCallError?
    }

    /// Lists the inbox at `root` recursively (see the type's summary).
    ///
    /// Real folders are preferred to symlinked ones, so that a folder also reached through a link is named by
    /// its own path; the order is otherwise breadth first by name, the same on every walk of the same tree.
    /// - Parameter keeping: which file names to list.
    package static func scan(
        _ root: String,
        keeping: (String) -> Bool = InboxFile.isInboxName,
        openFolder: OpenFolder = InboxFiles.openFolder
    ) -> Tree {
        var tree = Tree()
        var seen: Set<FileIdentity> = []
        var queue = FolderQueue()
        var deepest: String?
        queue.push(trimmed(root), depth: 0, links: 0)
        while let next = queue.pop() {
            func fail(_ error: SystemCallError) {
                if next.depth == 0 {
                    tree.failure = error
                } else {
                    tree.problems.append(Problem(path: next.path, kind: .unreadable(error)))
                }
            }
            let descriptor: Int32
            let identity: FileIdentity
            do throws(SystemCallError) {
                descriptor = try openFolder(next.path)
                do throws(SystemCallError) {
                    identity = try SystemCall.identity(of: descriptor, path: next.path)
                } catch {
                    try? SystemCall.close(descriptor, path: next.path)
                    throw error
                }
            } catch {
                fail(error)
                continue
            }
            guard seen.insert(identity).inserted else {
                try? SystemCall.close(descriptor, path: next.path)
                continue
            }
            tree.folders.append(Folder(path: next.path, identity: identity))
            let listing = SystemCall.listFolder(descriptor, path: next.path)
            if let error = listing.failure { fail(error) }
            for entry in listing.entries where !entry.name.hasPrefix(".") {
                let path = next.path == "/" ? "/" + entry.name : next.path + "/" + entry.name
                switch entry.kind {
                case .file:
                    if keeping(entry.name) { tree.files.append(path) }
                case .brokenLink(let code):
                    let error = SystemCallError(call: "fstatat", path: path, errno: code)
                    tree.problems.append(Problem(path: path, kind: .brokenLink(error)))
                case .folder(let target, let isLink):
                    if let target, seen.contains(target) { continue }
                    guard next.depth < maximumDepth else {
                        deepest = deepest.map { min($0, path) } ?? path
                        continue
                    }
                    queue.push(path, depth: next.depth + 1, links: next.links + (isLink ? 1 : 0))
                }
            }
        }
        if let deepest { tree.problems.append(Problem(path: deepest, kind: .tooDeep)) }
        tree.files.sort()
        return tree
    }

    /// The path without trailing slashes, so that `inbox/` and `inbox` name files alike.
    package static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Folders still to read: those reached through fewer symlinks first, each level in the order found.
    private struct FolderQueue {
        struct Item {
            var path: String
            var depth: Int
            var links: Int
        }

        private var levels: [[Item]] = []
        private var heads: [Int] = []

        mutating func push(_ path: String, depth: Int, links: Int) {
            while levels.count <= links {
                levels.append([])
                heads.append(0)
            }
            levels[links].append(Item(path: path, depth: depth, links: links))
        }

        mutating func pop() -> Item? {
            for level in levels.indices where heads[level] < levels[level].count {
                defer { heads[level] += 1 }
                return levels[level][heads[level]]
            }
            return nil
        }
    }
}
