import Foundation
import KithTestSupport
import Testing

/// An administrator runs `kith done …` as root against the service's state: the service's user must still be
/// able to write everything in it afterwards.
@Suite struct StateOwnershipTests {
    static let service: uid_t = 65534

    /// Every entry below `folder` (not following symbolic links) with its owner.
    static func owners(under folder: String) -> [(path: String, owner: uid_t, group: gid_t)] {
        var found: [(String, uid_t, gid_t)] = []
        guard let names = FileManager.default.subpaths(atPath: folder) else { return [] }
        for name in names {
            var status = stat()
            if lstat(folder + "/" + name, &status) == 0 { found.append((name, status.st_uid, status.st_gid)) }
        }
        return found
    }

    @Test(.enabled(if: geteuid() == 0, "handing files over needs root"))
    func aCommandRunByRootLeavesTheStateToItsOwner() throws {
        let (folder, _, config) = try ServicePreflightTests.workspace("kith-ownership")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        #expect(chown(state.path, Self.service, Self.service) == 0)
        // A symbolic link in the state must be handed over itself, never followed to what it names.
        let outside = folder.appendingPathComponent("outside")
        _ = FileManager.default.createFile(atPath: outside.path, contents: Data("root's\n".utf8))
        #expect(symlink(outside.path, state.appendingPathComponent("link").path) == 0)

        let asRoot = try KithProcess.run(["done", "--config", config, "aino.virtanen@ateljee.fi"])
        #expect(asRoot.status == 0, "\(asRoot.err)")
        // `outbox` is made too (digest --send as root), so the walk goes into folders.
        let digest = try KithProcess.run(["digest", "--config", config, "--send"])
        #expect(digest.status == 0, "\(digest.err)")

        let entries = Self.owners(under: state.path)
        #expect(entries.contains { $0.path == "kith.sqlite" })
        #expect(entries.contains { $0.path.hasPrefix("outbox/") })
        #expect(entries.contains { $0.path.hasPrefix("mail/new/") })
        for entry in entries {
            #expect(entry.owner == Self.service && entry.group == Self.service, "\(entry.path) is \(entry.owner)")
        }
        var status = stat()
        #expect(stat(outside.path, &status) == 0 && status.st_uid == 0, "the link was followed")

        // The service's user carries on with what root wrote.
        let asService = try Command.run(
            "/usr/bin/setpriv",
            [
                "--reuid=\(Self.service)", "--regid=\(Self.service)", "--clear-groups", KithProcess.executable.path,
                "done", "--config", config, "zhang.wei@example.com",
            ]
        )
        #expect(asService.status == 0, "\(asService.err)")
        let history = try KithProcess.run(["history", "--config", config, "zhang.wei@example.com"])
        #expect(history.out.contains("done"), "\(history.out)")
    }
}
