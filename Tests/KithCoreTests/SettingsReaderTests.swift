import Foundation
import KithCore
import KithFormats
import Testing

@Suite struct SettingsReaderTests {
    static let environment = ConfigEnvironment(
        systemTimeZone: "UTC",
        defaultStateDirectory: "/var/lib/kith",
        configFileMode: 0o600,
        isKnownTimeZone: { ["UTC", "Europe/Helsinki", "America/New_York"].contains($0) }
    )

    static func read(_ text: String, mode: UInt16 = 0o600) -> (settings: Settings?, diagnostics: [Diagnostic]) {
        guard case .success(let table) = TOMLParser.parse(Array(text.utf8)) else {
            Issue.record("syntax error in fixture")
            return (nil, [])
        }
        var environment = environment
        environment.configFileMode = mode
        return SettingsReader.read(table, path: "kith.toml", environment: environment)
    }

    @Test func theExampleConfigIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/kith.toml.example")
        let text = try String(contentsOf: url, encoding: .utf8)
        let result = Self.read(text)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        let settings = try #require(result.settings)
        #expect(settings.timezone == "Europe/Helsinki")
        #expect(settings.digest.day == .monday && settings.digest.time == 480)
        #expect(settings.circles.map(\.name) == ["close", "clients", "network"])
        #expect(settings.circles[0].every == ConfigDuration(seconds: 21 * 86_400))
        #expect(settings.people["zhang.wei@example.com"]?.every == ConfigDuration(months: 1))
        #expect(settings.mail.transport == .maildir)
    }

    @Test func defaults() throws {
        let settings = try #require(Self.read("inbox = \"/in\"\n[me]\nemails = [\"Me@Example.org\"]\n").settings)
        #expect(settings.timezone == "UTC")
        #expect(settings.stateDirectory == "/var/lib/kith")
        #expect(settings.digest.to == ["me@example.org"])
        #expect(settings.digest.followUpWithin == .days(7))
        #expect(settings.meetings.maxAttendees == 12)
        #expect(settings.mail.tls == .required)
    }

    @Test func everyMeaningErrorAtOnceWithPositions() {
        let text = """
            inbox = "/in"
            timezone = "Mars/Olympus"
            [digest]
            to = "not-an-address"
            time = "25:00"
            day = "funday"
            lookahed = "14d"
            catch_up = "soon"
            max_items = "5"
            [circles.close]
            every = "3w"
            members = ["ana@example.org"]
            [circles.work]
            every = "2w"
            members = ["Ana@example.org"]
            [people."bob@example.org"]
            circle = "clsoe"

            """
        let result = Self.read(text)
        #expect(result.settings == nil)
        let found = result.diagnostics.map { "\($0.line):\($0.column) \($0.code)" }
        #expect(
            found == [
                "2:1 config-value", "4:1 config-value", "5:1 config-value", "6:1 config-value",
                "7:1 config-unknown-key",
                "8:1 config-value", "9:1 config-type", "15:1 config-contradiction", "17:1 config-value",
            ]
        )
        #expect(result.diagnostics[4].message.contains("did you mean lookahead?"))
        #expect(result.diagnostics[7].message.contains("both circles"))
        #expect(result.diagnostics[8].message.contains("did you mean close?"))
    }

    @Test func inlinePasswordIsRefusedWhenOthersCanReadTheFile() {
        let text =
            "inbox = \"/in\"\n[me]\nemails = [\"a@example.org\"]\n[mail]\ntransport = \"smtp\"\nurl = \"smtp://mx.example.org\"\npassword = \"hunter2\"\n"
        let readable = Self.read(text, mode: 0o644)
        #expect(readable.settings == nil)
        #expect(readable.diagnostics.map(\.code) == [.configInsecure])
        let private_ = Self.read(text, mode: 0o600)
        #expect(private_.settings?.mail.password == "hunter2")
        #expect(private_.diagnostics.map(\.severity) == [.warning])
        #expect(private_.settings?.effectiveDescription.contains("hunter2") == false)
    }

    /// The effective settings escape control characters as TOML does and write the time as HH:MM.
    @Test func effectiveSettingsEscapeControlCharactersAndPadTheTime() {
        var settings = Settings(timezone: "Europe/Helsinki", inbox: "/in\u{1}box\u{7F}", stateDirectory: "/state")
        settings.digest.time = 7 * 60 + 5
        let description = settings.effectiveDescription
        #expect(description.contains(#"inbox = "/in\u0001box\u007F""#))
        #expect(description.contains(#"time = "07:05""#))
    }

    @Test(arguments: [
        ("36h", ConfigDuration(seconds: 36 * 3600)), ("10d", .days(10)), ("3w", .days(21)),
        ("2mo", ConfigDuration(months: 2)), ("1y", ConfigDuration(months: 12)), ("1w3d", .days(10)),
        ("90s", ConfigDuration(seconds: 90)), ("15m", ConfigDuration(seconds: 900)),
    ])
    func durations(text: String, expected: ConfigDuration) {
        #expect(ConfigDuration.parse(text) == expected)
    }

    @Test(arguments: ["", "3", "w", "3x", "-1d", "0d", "3 w"])
    func notDurations(text: String) {
        #expect(ConfigDuration.parse(text) == nil)
    }

    /// Checks made outside the reader (is the inbox there?) point at the line that set the value.
    @Test func keepsWhereEachSettingWasWritten() throws {
        let text = """
            # comment
            inbox = "/in"
            digest.from = "kith@example.org"
            [me]
            emails = ["me@example.org"]

            [mail]
              password_file = "/etc/kith/pw"
            """
        let settings = try #require(Self.read(text).settings)
        #expect(settings.positions["inbox"] == SourcePosition(line: 2, column: 1))
        #expect(settings.positions["digest.from"] == SourcePosition(line: 3, column: 1))
        #expect(settings.positions["me.emails"] == SourcePosition(line: 5, column: 1))
        #expect(settings.positions["mail.password_file"] == SourcePosition(line: 8, column: 3))
        // Defaults were written nowhere.
        #expect(settings.positions["state_dir"] == nil)
        #expect(settings.positions["mail.transport"] == nil)
    }
}

@Suite struct ZeroDurationTests {
    static let base = "inbox = \"/in\"\n[me]\nemails = [\"me@example.org\"]\n"

    @Test(arguments: ["catch_up", "rest", "lookahead", "follow_up_within", "new_contact_within"])
    func zeroMeansNoneWhereNoneMakesSense(key: String) throws {
        let result = SettingsReaderTests.read(Self.base + "[digest]\n\(key) = \"0s\"\n")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let digest = try #require(result.settings).digest
        let value = [
            "catch_up": digest.catchUp, "rest": digest.rest, "lookahead": digest.lookahead,
            "follow_up_within": digest.followUpWithin, "new_contact_within": digest.newContactWithin,
        ][key]
        #expect(value?.isZero == true)
    }

    @Test func aZeroRhythmIsRefusedWithWhy() {
        let result = SettingsReaderTests.read(Self.base + "[circles.close]\nevery = \"0d\"\n")
        #expect(
            result.diagnostics.map(\.message).contains {
                $0.contains("circles.close.every \"0d\" must be longer than zero")
            }
        )
    }
}

@Suite struct RepliesSettingsTests {
    static let base = "inbox = \"/in\"\n[me]\nemails = [\"me@example.org\"]\n"

    @Test func repliesAreReadAndCheckedAndShown() throws {
        let text =
            Self.base + """
                [replies]
                imap = "imaps://imap.example.org/INBOX"
                username = "me"
                password_file = "/etc/kith/imap-password"
                every = "10m"
                address = "replies@example.org"

                """
        let result = SettingsReaderTests.read(text)
        #expect(result.diagnostics.map(\.message).allSatisfy { $0.contains("not read yet") }, "\(result.diagnostics)")
        let replies = try #require(result.settings).replies
        #expect(replies.imap == "imaps://imap.example.org/INBOX" && replies.every == ConfigDuration(seconds: 600))
        #expect(replies.address == "replies@example.org" && replies.secretLifetime == .days(56))
        #expect(
            try #require(result.settings).effectiveDescription.contains(
                "[replies]\nimap = \"imaps://imap.example.org/INBOX\""
            )
        )
        let plain = SettingsReaderTests.read(Self.base + "[replies]\nimap = \"imap://imap.example.org/INBOX\"\n")
        #expect(
            plain.diagnostics.map(\.message) == [
                "replies.imap \"imap://imap.example.org/INBOX\" must start with imaps://"
            ]
        )
    }
}
