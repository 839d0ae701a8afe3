import Foundation
import KithCore
import KithFormats
import KithTestSupport
import Testing

/// Messages as Python's `email` package reads them under `policy=strict`.
@Suite struct MailMessageTests {
    struct Parsed {
        var headers: [(String, String)]
        var defects: [String]
        var parts: [(type: String, filename: String?, text: String)]
        var maxLine: Int
        var bareLF: Bool
        var error: String?

        func header(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
    }

    static func parse(_ messages: [[UInt8]]) throws -> [Parsed] {
        let folder = try TemporaryFolder.make("kith-mail")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            let url = folder.appendingPathComponent("\(index).eml")
            try Data(message).write(to: url)
            paths.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", DigestGoldenTests.root.appendingPathComponent("scripts/check-mail.py").path] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            return Parsed(
                headers: (object["headers"] as? [[String]] ?? []).map { ($0[0], $0[1]) },
                defects: object["defects"] as? [String] ?? [],
                parts: (object["parts"] as? [[String: Any]] ?? []).map {
                    ($0["type"] as! String, $0["filename"] as? String, $0["text"] as? String ?? "")
                },
                maxLine: object["max_line"] as! Int,
                bareLF: object["bare_lf"] as! Bool,
                error: object["error"] as? String
            )
        }
    }

    static func example(_ body: String = "Hello", html: String? = nil) -> MailMessage {
        MailMessage(
            from: MailAddress(name: "Kith", address: "kith@example.org"),
            to: [MailAddress(name: "Ana Åberg", address: "ana@example.org")],
            subject: "Kith: 3 follow-ups, 2 birthdays (week 49) — Åland",
            date: 1_796_011_200,
            dateOffset: 7200,
            messageID: "digest-2026-W49-1@example.org",
            text: body,
            html: html
        )
    }

    @Test func everyKindOfMessageIsStrictlyValid() throws {
        let digest = try DigestGoldenTests.exampleDigest()
        let zone = TimeZoneDatabase().rules(named: "Europe/Helsinki")!
        var settings = Settings(timezone: "Europe/Helsinki", inbox: "/in", stateDirectory: "/st")
        settings.me.name = "Mé Myself"
        settings.digest.to = ["me@kith.example"]
        settings.digest.from = "kith@kith.example"
        let monday = zone.instant(
            ofLocal: CivilDateTime(date: CivilDate(year: 2026, month: 11, day: 30), hour: 8, minute: 0, second: 0)
        )
        let digestMessage = try DigestMail.message(digest, settings: settings, now: monday, zone: zone).render()
        let long = String(repeating: "A very long line of text without any line break at all. ", count: 60)
        let messages = [
            digestMessage,
            try Self.example("Plain text only.\n.leading dot\nFrom here on\ntrailing space \n").render(),
            try Self.example(long, html: "<p>" + long + "</p>").render(),
        ]
        let parsed = try Self.parse(messages)
        for (index, message) in parsed.enumerated() {
            #expect(message.error == nil, "message \(index): \(message.error ?? "")")
            #expect(message.defects.isEmpty, "message \(index): \(message.defects)")
            #expect(message.maxLine <= 78, "message \(index): a line of \(message.maxLine)")
            #expect(!message.bareLF, "message \(index) has a line end without CR")
        }
        let digestParsed = parsed[0]
        #expect(digestParsed.parts.map(\.type) == ["text/plain", "text/html", "text/calendar"])
        #expect(digestParsed.parts[2].filename == "nudges.ics")
        // Text travels with CRLF line ends (RFC 5322); the reader gets back what Kith wrote.
        #expect(digestParsed.parts[0].text.replacingOccurrences(of: "\r\n", with: "\n") == digest.text)
        #expect(digestParsed.header("Subject") == [digest.subject])
        #expect(digestParsed.header("Message-ID").first?.hasPrefix("<digest-2026-W49-") == true)
        #expect(digestParsed.header("Date") == ["Mon, 30 Nov 2026 08:00:00 +0200"])
        #expect(digestParsed.header("To") == ["Mé Myself <me@kith.example>"])
        // RFC 3834: sent by a program, which vacation responders leave unanswered.
        #expect(digestParsed.header("Auto-Submitted") == ["auto-generated"])
        let todos = digestParsed.parts[2].text
        #expect(todos.components(separatedBy: "BEGIN:VTODO").count - 1 == digest.nudges.count)
        #expect(
            parsed[1].parts.map { $0.text.replacingOccurrences(of: "\r\n", with: "\n") } == [
                "Plain text only.\n.leading dot\nFrom here on\ntrailing space \n"
            ]
        )
        #expect(parsed[2].parts.map(\.type) == ["text/plain", "text/html"])
    }

    @Test func nothingFromInputCanAddAHeader() throws {
        var message = Self.example()
        message.to = [MailAddress(name: "Ana\r\nBcc: someone@example.org", address: "ana@example.org")]
        message.subject = "Hi\r\nBcc: someone@example.org\u{0}\u{7}"
        let digestLike = try message.render()
        let parsed = try Self.parse([digestLike])[0]
        #expect(parsed.header("Bcc").isEmpty)
        #expect(parsed.defects.isEmpty)
        #expect(parsed.header("To") == ["\"Ana Bcc: someone@example.org\" <ana@example.org>"])
        #expect(parsed.header("Subject") == ["Hi Bcc: someone@example.org"])
        message.to = [MailAddress(name: "Ana", address: "ana@example.org>\r\nBcc: x@example.org")]
        #expect(throws: MailMessage.RenderError.self) { try message.render() }
    }

    @Test func aCardNameWithAHeaderInItStaysInTheBody() throws {
        let vcf =
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\\nBcc: someone@example.org\r\nEMAIL:ana@example.org\r\n"
            + "BDAY:--1203\r\nEND:VCARD\r\n"
        let zone = TimeZoneDatabase().rules(named: "Europe/Helsinki")!
        var settings = Settings(timezone: "Europe/Helsinki", inbox: "/in", stateDirectory: "/st")
        settings.digest.to = ["me@kith.example"]
        let now = zone.instant(
            ofLocal: CivilDateTime(date: CivilDate(year: 2026, month: 11, day: 30), hour: 8, minute: 0, second: 0)
        )
        let documents = [Document.parse(bytes: Array(vcf.utf8), path: "c.vcf", kind: .contacts)]
        let planner = Planner.make(
            documents: documents,
            settings: settings,
            now: now,
            zone: zone,
            database: TimeZoneDatabase()
        ).planner
        let digest = Digest.compose(planner)
        #expect(digest.nudges.count == 1)
        let bytes = try DigestMail.message(digest, settings: settings, now: now, zone: zone).render()
        let parsed = try Self.parse([bytes])[0]
        #expect(parsed.header("Bcc").isEmpty)
        #expect(parsed.defects.isEmpty)
        #expect(!parsed.parts[2].text.contains("\r\nBcc"))
    }

    /// The VTODOs of a digest's `nudges.ics`, each as its properties (name without parameters → value), unfolded.
    static func todos(_ digest: Digest, at now: Int) throws -> [[String: String]] {
        let zone = TimeZoneDatabase().rules(named: "Europe/Helsinki")!
        var settings = Settings(timezone: "Europe/Helsinki", inbox: "/in", stateDirectory: "/st")
        settings.digest.to = ["me@kith.example"]
        let message = DigestMail.message(digest, settings: settings, now: now, zone: zone)
        let data = try #require(message.attachments.first { $0.filename == "nudges.ics" }?.data)
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
        var todos: [[String: String]] = []
        for line in text.components(separatedBy: "\r\n") {
            if line == "BEGIN:VTODO" { todos.append([:]) }
            guard !todos.isEmpty, let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].split(separator: ";")[0]
            todos[todos.count - 1][String(name)] = String(line[line.index(after: colon)...])
        }
        return todos
    }

    @Test func aNudgeShownAgainIsTheSameTaskWithAHigherSequence() throws {
        typealias Scenario = PlannerScenarioTests
        let cards = [Scenario.card("Ana Ahola", ["ana@example.org"], extra: ["CATEGORIES:Friends", "BDAY:--1203"])]
        let events = [Scenario.event("old", "20261001T090000", ["ana@example.org"])]
        let first = Scenario.at(2026, 11, 30)
        let digest = Digest.compose(Scenario.plan(cards: cards, events: events, now: first).planner)
        let todos = try Self.todos(digest, at: first)
        #expect(todos.count == digest.nudges.count)
        let reconnect = try #require(todos.first { $0["CATEGORIES"] == "Reconnect" })
        let birthday = try #require(todos.first { $0["CATEGORIES"] == "Birthday" })
        // The day to act: the birthday itself; for a reconnect that fell due on 22 Oct, the digest's day.
        #expect(birthday["DUE"] == "20261203")
        #expect(reconnect["DUE"] == "20261130")
        #expect(reconnect["UID"]?.hasPrefix("reconnect-") == true && reconnect["UID"]?.contains("W49") == false)
        #expect(reconnect["DESCRIPTION"]?.hasPrefix("Item 1 of the digest of 2026-W49") == true)
        // A resent digest is the same to the last byte.
        #expect(try Self.todos(digest, at: first + 3600).map { $0["SEQUENCE"] } == todos.map { $0["SEQUENCE"] })

        // Shown, not acted on, rested for three weeks and shown again: the same task, moved on.
        var state = PlannerState()
        for nudge in digest.nudges { state.lastShown[nudge.personKey, default: [:]][nudge.kind] = first }
        let later = first + 21 * 86_400
        let again = Digest.compose(Scenario.plan(cards: cards, events: events, now: later, state: state).planner)
        let next = try #require(try Self.todos(again, at: later).first { $0["CATEGORIES"] == "Reconnect" })
        #expect(next["UID"] == reconnect["UID"])
        #expect(Int(next["SEQUENCE"] ?? "") ?? 0 > Int(reconnect["SEQUENCE"] ?? "") ?? 0)
        #expect(next["DUE"] == "20261221")

        // Another meeting is another occasion: a new task.
        let metAgain = events + [Scenario.event("newer", "20261105T090000", ["ana@example.org"])]
        let moved = Digest.compose(Scenario.plan(cards: cards, events: metAgain, now: later, state: state).planner)
        let other = try #require(try Self.todos(moved, at: later).first { $0["CATEGORIES"] == "Reconnect" })
        #expect(other["UID"] != reconnect["UID"])
    }

    @Test func encodedWordsStayShortAndWhole() {
        let subject = String(repeating: "Äiti ja Ångström — ", count: 8)
        let encoded = MailMessage.encodeWords(subject)
        for word in encoded.split(separator: " ") {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="))
        }
        #expect(MailMessage.encodeWords("Plain ASCII") == "Plain ASCII")
    }
}
