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
            # Kith: your settings. Every setting, with what it does: config/kith.toml.example and the README.
            # Change these first:
            #   1. [me] emails: every address you use, so that Kith knows which attendee is you.
            #   2. [circles.*]: how often you want to meet whom. A card joins a circle by its CATEGORIES
            #      (a contact group in most address books) or by `members`; every other card is in
            #      default_circle, so that no one is forgotten for lack of a category.
            #   3. [mail]: where the digest goes. Maildir needs no server; see the README for SMTP.
            # Then drop .ics and .vcf files into the inbox, and look at what Kith makes of them:
            #   kith preview --config \(configPath)

            timezone = "\(ConfigFile.systemTimeZone())"
            inbox = "\(inbox)"
            state_dir = "\(state)"
            # Cards in no circle below: phone contacts, most of the time, kept in touch with twice a year.
            default_circle = "network"

            [me]
            emails = ["\(email)"]

            [digest]
            day = "monday"
            time = "08:00"
            # At most this many people a week, so that the digest stays something to act on.
            max_items = 10

            # The people you want to see most; give their cards the category "Close".
            [circles.close]
            every = "3w"
            categories = ["Close"]

            [circles.friends]
            every = "6w"
            categories = ["Friends", "Family"]

            [circles.work]
            every = "2mo"
            categories = ["Work", "Colleagues"]

            [circles.network]
            every = "6mo"

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
