import Foundation
import KithTestSupport
import Testing

/// The `kith` executable as users run it: exit statuses and what it prints.
@Suite struct ConfigCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try KithProcess.run(arguments, environment: environment)
    }

    static func temporaryFolder() throws -> URL { try TemporaryFolder.make("kith-cli") }

    /// Tests run as root, who may read and write everything: permission checks run kith as nobody.
    static let isRoot = geteuid() == 0
    static let nobody: uid_t = 65534

    static func runAsNobody(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try Command.run(
            "/usr/bin/setpriv",
            ["--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", KithProcess.executable.path] + arguments,
            environment: environment
        )
    }

    /// A folder with `inbox/` and `kith.toml` holding `text` (mode 0600, so an inline password is allowed).
    static func workspace(_ text: (URL) -> String) throws -> (folder: URL, config: String) {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("inbox"),
            withIntermediateDirectories: true
        )
        let path = folder.appendingPathComponent("kith.toml").path
        try Data(text(folder).utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        return (folder, path)
    }

    static func chown(_ url: URL, to user: uid_t) throws {
        try #require(Foundation.chown(url.path, user, user) == 0)
    }

    @Test func exampleConfigPasses() throws {
        // The example names Ana's inbox, which this machine does not have: point it at one that exists.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("inbox"),
            withIntermediateDirectories: true
        )
        var text = try String(
            contentsOf: Self.packageRoot.appendingPathComponent("config/kith.toml.example"),
            encoding: .utf8
        )
        text = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix("inbox = ") ? "inbox = \"\(folder.path)/inbox\"" : String($0)
        }.joined(separator: "\n")
        let path = folder.appendingPathComponent("kith.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let result = try Self.run(
            ["check-config", "--config", path],
            environment: ["STATE_DIRECTORY": folder.appendingPathComponent("state").path]
        )
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("[circles.close]"))
    }

    @Test func badConfigExits78WithEveryError() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kith.toml").path
        try Data("inbox = \"/in\"\n[digest]\ntiem = \"08:00\"\nto = \"x\"\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try Self.run(["check-config"], environment: ["KITH_CONFIG": path])
        #expect(result.status == 78)
        #expect(result.err.contains("\(path):3:1: error: unknown setting digest.tiem; did you mean time?"))
        #expect(result.err.contains("\(path):4:1: error: digest.to: \"x\" is not an e-mail address"))
    }

    @Test func syntaxOnlyJSON() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.toml").path
        try Data("a.b = [1, \"x\"]\n".utf8).write(to: URL(fileURLWithPath: good))
        let ok = try Self.run(["check-config", "--syntax-only", "--json", good])
        #expect(ok.status == 0)
        #expect(
            ok.out
                == "{\"a\": {\"b\": [{\"type\": \"integer\", \"value\": \"1\"}, {\"type\": \"string\", \"value\": \"x\"}]}}\n"
        )
        let bad = folder.appendingPathComponent("bad.toml").path
        try Data("a = 1\na = 2\n".utf8).write(to: URL(fileURLWithPath: bad))
        let failed = try Self.run(["check-config", "--syntax-only", "--json", bad])
        #expect(failed.status == 1)
        #expect(failed.err.hasPrefix("\(bad):2:1: error: duplicate key"))
    }

    @Test func initWritesAStarterConfigOnce() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Self.run(
            ["init", folder.path, "--email", "ana@example.org"],
            environment: ["TZ": "Europe/Helsinki"]
        )
        #expect(first.status == 0, "\(first.err)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("inbox").path))
        let check = try Self.run(["check-config", "--config", folder.appendingPathComponent("kith.toml").path])
        #expect(check.status == 0, "\(check.err)")
        let again = try Self.run(["init", folder.path])
        #expect(again.status == 1)
        #expect(again.err.contains("already exists"))
    }

    /// A phone export has no CATEGORIES: with the starter config such a card still gets a rhythm, from the
    /// default circle ([digest] issue).
    @Test func theStarterConfigGivesACardWithoutCategoriesARhythm() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("kith.toml").path
        #expect(try Self.run(["init", folder.path, "--email", "ana@example.org"]).status == 0)
        let text = try String(contentsOfFile: config, encoding: .utf8)
        #expect(text.contains("default_circle = \"network\""))
        #expect(text.contains("# Change these first:"))
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Phone\r\nEMAIL:bob@example.org\r\nEND:VCARD\r\n"
        try Data(card.utf8).write(to: folder.appendingPathComponent("inbox/phone.vcf"))
        let people = try Self.run(["people", "--config", config, "--json"])
        #expect(people.status == 0, "\(people.err)")
        #expect(people.out.contains("\"circle\": \"network\""), "\(people.out)")
    }

    // MARK: - What `kith run` would fail on

    @Test func aMissingInboxExits78AtTheInboxLineButPreviewOnlyWarns() throws {
        let (folder, path) = try Self.workspace { _ in
            "# Kith\ntimezone = \"UTC\"\ninbox = \"elsewhere\"\nstate_dir = \"state\"\n[me]\nemails = [\"ana@example.org\"]\n"
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let check = try Self.run(["check-config", path])
        #expect(check.status == 78)
        #expect(
            check.err.contains(
                "\(path):3:1: error: inbox \(folder.path)/elsewhere does not exist; create it or point inbox at your sync folder [inbox-missing]"
            ),
            "\(check.err)"
        )
        let preview = try Self.run(["preview", "--config", path])
        #expect(preview.status == 0, "\(preview.err)")
        #expect(preview.err.contains("warning: inbox \(folder.path)/elsewhere does not exist yet"))
    }

    @Test func anInboxThatIsAFileIsNotAFolder() throws {
        let (folder, path) = try Self.workspace { _ in
            "inbox = \"kith.toml\"\nstate_dir = \"state\"\n[me]\nemails = [\"ana@example.org\"]\n"
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let check = try Self.run(["check-config", path])
        #expect(check.status == 78)
        #expect(
            check.err.contains("\(path):1:1: error: inbox \(path) is not a folder [inbox-not-folder]"),
            "\(check.err)"
        )
    }

    /// What the service's user meets, one case each: (the setup, the line the error is on, what it says).
    enum Unusable: String, CaseIterable {
        case inboxNotListable, stateDirectoryNotWritable, stateDirectoryNotCreatable, stateDirectoryFromEnvironment,
            databaseLeftByRoot, maildirNotWritable, passwordFileUnreadable
    }

    @Test(.enabled(if: isRoot, "becoming another user needs root"), arguments: Unusable.allCases)
    func asTheServiceUserExits78(_ problem: Unusable) throws {
        let (folder, path) = try Self.workspace { folder in
            var text = "timezone = \"UTC\"\ninbox = \"inbox\"\n"
            if problem != .stateDirectoryFromEnvironment {
                text +=
                    problem == .stateDirectoryNotCreatable
                    ? "state_dir = \"root/deeper/state\"\n" : "state_dir = \"state\"\n"
            }
            text += "[me]\nemails = [\"ana@example.org\"]\n"
            if problem == .passwordFileUnreadable {
                text += "[mail]\ntransport = \"smtp\"\nurl = \"smtp://127.0.0.1:25\"\nusername = \"ana\"\n"
                text += "password_file = \"\(folder.path)/smtp-password\"\n"
            }
            return text
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.chown(URL(fileURLWithPath: path), to: Self.nobody)
        let state = folder.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("root"),
            withIntermediateDirectories: true
        )
        // Everything usable by nobody, but for the one problem of the case.
        if problem != .stateDirectoryNotWritable && problem != .stateDirectoryFromEnvironment {
            try Self.chown(state, to: Self.nobody)
        }
        let expected: (line: Int, message: String)
        switch problem {
        case .inboxNotListable:
            chmod(folder.appendingPathComponent("inbox").path, 0o700)
            expected = (2, "inbox \(folder.path)/inbox cannot be listed by uid 65534")
        case .stateDirectoryNotWritable:
            expected = (3, "state_dir \(state.path) is not writable by uid 65534 [state-dir-not-writable]")
        case .stateDirectoryNotCreatable:
            expected = (
                3,
                "state_dir \(folder.path)/root/deeper/state cannot be created: \(folder.path)/root is not writable by uid 65534"
            )
        case .stateDirectoryFromEnvironment:
            expected = (
                1,
                "state_dir \(state.path) (not set in the config, so from $STATE_DIRECTORY) is not writable by uid 65534"
            )
        case .databaseLeftByRoot:
            _ = FileManager.default.createFile(
                atPath: state.appendingPathComponent("kith.sqlite").path,
                contents: Data()
            )
            expected = (3, "state_dir \(state.path): \(state.path)/kith.sqlite is not writable by uid 65534")
        case .maildirNotWritable:
            try FileManager.default.createDirectory(
                at: state.appendingPathComponent("mail"),
                withIntermediateDirectories: true
            )
            expected = (
                3,
                "the Maildir \(state.path)/mail (mail.transport = \"maildir\", the default) cannot be created: "
                    + "\(state.path)/mail is not writable by uid 65534 [maildir-not-creatable]"
            )
        case .passwordFileUnreadable:
            let secret = folder.appendingPathComponent("smtp-password")
            try Data("s3cret\n".utf8).write(to: secret)
            chmod(secret.path, 0o600)
            expected = (10, "mail.password_file \(secret.path) cannot be read by uid 65534 [password-file-unreadable]")
        }
        let environment = ["STATE_DIRECTORY": state.path, "CREDENTIALS_DIRECTORY": ""]
        let check = try Self.runAsNobody(["check-config", path], environment: environment)
        #expect(check.status == 78, "\(check.err)")
        #expect(check.err.contains("\(path):\(expected.line):1: error: \(expected.message)"), "\(check.err)")
        #expect(check.err.components(separatedBy: ": error: ").count == 2, "exactly one error: \(check.err)")
        // Root, who can write everything, finds nothing wrong: the error is about this user's rights.
        let asRoot = try Self.run(["check-config", path], environment: environment)
        #expect(asRoot.status == 0, "\(asRoot.err)")
    }

    @Test func aPasswordFileEveryoneCanReadIsAWarning() throws {
        let (folder, path) = try Self.workspace { folder in
            "inbox = \"inbox\"\nstate_dir = \"state\"\n[me]\nemails = [\"ana@example.org\"]\n"
                + "[mail]\ntransport = \"smtp\"\nurl = \"smtp://127.0.0.1:25\"\nusername = \"ana\"\n"
                + "password_file = \"\(folder.path)/smtp-password\"\n"
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("smtp-password")
        try Data("s3cret\n".utf8).write(to: secret)
        chmod(secret.path, 0o644)
        let open = try Self.run(["check-config", path])
        #expect(open.status == 0, "\(open.err)")
        #expect(
            open.err.contains(
                "\(path):9:1: warning: mail.password_file \(secret.path) can be read by everyone (mode 644)"
            ),
            "\(open.err)"
        )
        chmod(secret.path, 0o600)
        let closed = try Self.run(["check-config", path])
        #expect(closed.status == 0 && closed.err.isEmpty, "\(closed.err)")
    }

    /// Outside the unit there is no systemd credential: that is worth saying, but the config is fine.
    @Test func anAbsentSystemdCredentialIsOnlyAWarning() throws {
        let (folder, path) = try Self.workspace { _ in
            "inbox = \"inbox\"\nstate_dir = \"state\"\n[me]\nemails = [\"ana@example.org\"]\n"
                + "[mail]\ntransport = \"smtp\"\nurl = \"smtp://127.0.0.1:25\"\nusername = \"ana\"\n"
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = try Self.run(
            ["check-config", path],
            environment: ["CREDENTIALS_DIRECTORY": "", "KITH_SMTP_PASSWORD": ""]
        )
        #expect(outside.status == 0, "\(outside.err)")
        #expect(
            outside.err.contains("\(path):8:1: warning: mail.username is set but no password is given"),
            "\(outside.err)"
        )
        #expect(outside.err.contains("[smtp-credential-absent]"))

        // An empty credential (the units' SetCredential= fallback) is none either.
        let credentials = folder.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try Data(" \n".utf8).write(to: credentials.appendingPathComponent("smtp-password"))
        let empty = try Self.run(
            ["check-config", path],
            environment: ["CREDENTIALS_DIRECTORY": credentials.path, "KITH_SMTP_PASSWORD": ""]
        )
        #expect(empty.status == 0)
        #expect(empty.err.contains("[smtp-credential-absent]"), "\(empty.err)")

        try Data("s3cret\n".utf8).write(to: credentials.appendingPathComponent("smtp-password"))
        let inside = try Self.run(
            ["check-config", path],
            environment: ["CREDENTIALS_DIRECTORY": credentials.path, "KITH_SMTP_PASSWORD": ""]
        )
        #expect(inside.status == 0)
        #expect(!inside.err.contains("smtp-credential-absent"), "\(inside.err)")
    }
}
