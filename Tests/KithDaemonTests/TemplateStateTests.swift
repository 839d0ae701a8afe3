import Foundation
import KithTestSupport
import Testing

/// Under `kith@USER` the service keeps its state in `/var/lib/kith/USER` (`StateDirectory=kith/%i`); the same
/// config, used by USER from a shell without a `state_dir`, must find that state rather than start a second,
/// empty one in `~/.local/state`.
@Suite(.serialized) struct TemplateStateTests {
    static let user: uid_t = 65534

    static func asUser(_ arguments: [String]) throws -> ProcessResult {
        try Command.run(
            "/usr/bin/setpriv",
            ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", KithProcess.executable.path] + arguments,
            environment: ["HOME": "/nonexistent", "XDG_STATE_HOME": "", "STATE_DIRECTORY": ""]
        )
    }

    @Test(.enabled(if: geteuid() == 0, "making /var/lib/kith/USER needs root"))
    func theShellFindsTheTemplateUnitsState() throws {
        let (folder, _, config) = try ServicePreflightTests.workspace("kith-template")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The config as a user writes it for kith@USER: no state_dir.
        let text = try String(contentsOfFile: config, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("state_dir") }.joined(separator: "\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        let name = try #require(getpwuid(Self.user).map { String(cString: $0.pointee.pw_name) })
        let state = "/var/lib/kith/\(name)"
        let madeParent = !FileManager.default.fileExists(atPath: "/var/lib/kith")
        try #require(!FileManager.default.fileExists(atPath: state), "\(state) exists already; not touching it")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(atPath: state)
            if madeParent { try? FileManager.default.removeItem(atPath: "/var/lib/kith") }
        }

        // Someone else's folder of that name is not taken for the user's own.
        let notYours = try Self.asUser(["check-config", "--config", config])
        #expect(!notYours.out.contains("state_dir = \"\(state)\""), "\(notYours.out)")

        #expect(chown(state, Self.user, Self.user) == 0)
        let checked = try Self.asUser(["check-config", "--config", config])
        #expect(checked.out.contains("state_dir = \"\(state)\""), "\(checked.out)\(checked.err)")
        let done = try Self.asUser(["done", "--config", config, "aino.virtanen@ateljee.fi"])
        #expect(done.status == 0, "\(done.err)")
        #expect(FileManager.default.fileExists(atPath: state + "/kith.sqlite"))
    }
}
