import Foundation
import KithCore
import KithFormats
import KithTestSupport
import Testing

/// Control characters from names in contact and calendar files never reach the terminal or the digest, and
/// `nudges.ics` keeps to 75 octets a line however long a name is (#13, class 11).
@Suite struct HostileTextTests {
    static let hostileName = "Eve\u{1B}]0;pwned\u{07}\u{1B}[2J Mallory\u{00}\u{9B}31m"
    static let longName = String(repeating: "Ålänningen Ümlaut-Łukasiewicz ", count: 6) + "👩‍👩‍👧‍👦"

    static var card: String {
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\(hostileName)\r\nEMAIL:eve@example.org\r\nCATEGORIES:Friends\r\nEND:VCARD\r\n"
    }

    static var calendar: String {
        """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//test//EN\r
        BEGIN:VEVENT\r
        UID:hostile-1@test\r
        DTSTAMP:20261120T000000Z\r
        DTSTART:20261127T100000Z\r
        DTEND:20261127T110000Z\r
        SUMMARY:Coffee \u{1B}[31mred\u{1B}[0m\r
        ORGANIZER:mailto:me@kith.example\r
        ATTENDEE;CN="\(longName)":mailto:long@example.org\r
        ATTENDEE;CN=Eve:mailto:eve@example.org\r
        END:VEVENT\r
        END:VCALENDAR\r

        """
    }

    static func digest() throws -> (Digest, MailMessage) {
        let database = TimeZoneDatabase()
        let zone = try #require(database.rules(named: "Europe/Helsinki"))
        var settings = Settings(timezone: "Europe/Helsinki", inbox: "/inbox", stateDirectory: "/state")
        settings.me.emails = ["me@kith.example"]
        settings.digest.to = ["me@kith.example"]
        settings.circles = [Settings.Circle(name: "close", every: .days(21), categories: ["Friends"])]
        let documents = [
            Document.parse(bytes: Array(card.utf8), path: "/inbox/eve.vcf", kind: .contacts),
            Document.parse(bytes: Array(calendar.utf8), path: "/inbox/cal.ics", kind: .calendar),
        ]
        let now = zone.instant(
            ofLocal: CivilDateTime(date: CivilDate(year: 2026, month: 11, day: 30), hour: 8, minute: 0, second: 0)
        )
        let planner = Planner.make(documents: documents, settings: settings, now: now, zone: zone, database: database)
            .planner
        let digest = Digest.compose(planner)
        return (digest, DigestMail.message(digest, settings: settings, now: now, zone: zone))
    }

    static func controls(in text: String) -> [UInt32] {
        text.unicodeScalars.map(\.value).filter {
            ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || (0x7F...0x9F).contains($0)
        }
    }

    @Test func theDigestCarriesNoControlCharacters() throws {
        let (digest, _) = try Self.digest()
        #expect(digest.nudges.contains { $0.personKey.contains("eve@example.org") }, "Eve has a nudge")
        #expect(digest.text.contains("Eve"))
        #expect(Self.controls(in: digest.text).isEmpty, "\(digest.text)")
        #expect(Self.controls(in: digest.html).isEmpty)
        #expect(Self.controls(in: digest.subject).isEmpty)
    }

    @Test func nudgesCalendarLinesAreFoldedAtSeventyFiveOctets() throws {
        let (_, message) = try Self.digest()
        let data = try #require(message.attachments.first?.data)
        var lines: [[UInt8]] = [[]]
        var index = 0
        while index < data.count {
            if data[index] == 0x0D, index + 1 < data.count, data[index + 1] == 0x0A {
                lines.append([])
                index += 2
                continue
            }
            lines[lines.count - 1].append(data[index])
            index += 1
        }
        #expect(lines.count > 10)
        for line in lines {
            #expect(line.count <= 75, "\(String(decoding: line, as: UTF8.self))")
            #expect(!line.contains { $0 < 0x20 && $0 != 0x09 }, "a control octet in \(line)")
            // Never cut inside a UTF-8 sequence: a continuation line does not start with a continuation byte.
            if let first = line.dropFirst().first, line.first == 0x20 { #expect(first & 0xC0 != 0x80) }
        }
        // Unfolded, the long name is whole again.
        let unfolded = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains(Self.longName) || !unfolded.contains("long@example.org"))
    }

    @Test func theCommandLinePrintsNoControlCharacters() throws {
        let folder = try TemporaryFolder.make("kith-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Data(Self.card.utf8).write(to: inbox.appendingPathComponent("eve.vcf"))
        try Data(Self.calendar.utf8).write(to: inbox.appendingPathComponent("cal.ics"))
        let config = """
            timezone = "Europe/Helsinki"
            inbox = "inbox"
            state_dir = "state"
            [me]
            emails = ["me@kith.example"]
            [circles.close]
            every = "3w"
            categories = ["Friends"]

            """
        try Data(config.utf8).write(to: folder.appendingPathComponent("kith.toml"))
        let path = folder.appendingPathComponent("kith.toml").path
        for arguments in [
            ["people", "--config", path], ["preview", "--config", path, "--at", "2026-11-30T08:00"],
            ["preview", "--config", path, "--at", "2026-11-30T08:00", "--format", "html"],
            ["history", "--config", path, "eve@example.org"], ["inspect", inbox.path],
        ] {
            let result = try KithProcess.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.err)")
            #expect(result.out.contains("Eve") || result.out.contains("eve@"), "\(arguments): \(result.out)")
            #expect(Self.controls(in: result.out).isEmpty, "\(arguments) printed a control character")
        }
    }
}
