import ArgumentParser
import Foundation
import KithCore

/// `kith init [DIR]`: a starter config with the Maildir transport, and its folders.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter config and create the inbox and state folders (never overwrites).",
        discussion: """
            With DIR: DIR/kith.toml, DIR/inbox and DIR/state. Without: the XDG folders \
            ($XDG_CONFIG_HOME/kith/kith.toml, $XDG_DATA_HOME/kith/inbox, $XDG_STATE_HOME/kith).
            """
    )

    @Argument(help: "Folder to set Kith up in.")
    var directory: String?

    @Option(help: "Your e-mail address, where the digest goes.")
    var email: String = "me@example.org"

    func run() throws {
        let configPath: String
        let inbox: String
        let state: String
        if let directory {
            let base = URL(fileURLWithPath: directory).standardizedFileURL.path
            configPath = base + "/kith.toml"
            inbox = base + "/inbox"
            state = base + "/state"
        } else {
            let environment = ProcessInfo.processInfo.environment
            let data =
                environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ConfigFile.home() + "/.local/share"
            configPath = ConfigFile.userConfigPath()
            inbox = data + "/kith/inbox"
            state = ConfigFile.defaultStateDirectory()
        }
        guard !FileManager.default.fileExists(atPath: configPath) else {
            FileHandle.standardError.write(Data("\(configPath) already exists; not overwritten\n".utf8))
            throw ExitCode(1)
        }
        // Private to the user whatever the umask: contacts, calendars, notes and the digest live in them.
        for folder in [inbox, state, (configPath as NSString).deletingLastPathComponent] {
            try FileManager.default.createDirectory(
                atPath: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        let text = """
            # Kith configuration: see config/kith.toml.example for every setting.
            timezone = "\(ConfigFile.systemTimeZone())"
            inbox = "\(inbox)"
            state_dir = "\(state)"

            [me]
            emails = ["\(email)"]

            [digest]
            day = "monday"
            time = "08:00"

            [circles.close]
            every = "3w"
            categories = ["Friends"]

            [circles.network]
            every = "4mo"

            [mail]
            transport = "maildir"   # delivers into \(state)/mail; no server needed

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath), options: .withoutOverwriting)
        chmod(configPath, 0o600)
        print("wrote \(configPath)")
        print("inbox: \(inbox)")
        print("state: \(state)")
        print("check it with: kith check-config --config \(configPath)")
    }
}
