import Foundation
import KithTestSupport
import Testing

/// `kith done / met / snooze / ignore` change the very next `kith preview`.
@Suite struct StateCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Kith {
        let config: String

        func run(_ arguments: [String]) throws -> ProcessResult {
            try KithProcess.run(arguments, environment: ["KITH_CONFIG": config])
        }

        func kinds() throws -> [String: String] {
            let preview = try run(["preview", "--at", "2026-11-30T08:00", "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(preview.out.utf8)) as? [String: Any]
            var result: [String: String] = [:]
            for nudge in object?["nudges"] as? [[String: Any]] ?? [] {
                // A person's first nudge leads their item.
                if result[nudge["name"] as! String] == nil {
                    result[nudge["name"] as! String] = nudge["kind"] as? String
                }
            }
            return result
        }
    }

    static func sample() throws -> (Kith, URL) {
        let folder = try StateStoreTests.temporaryFolder()
        let config = folder.appendingPathComponent("kith.toml")
        var text = try String(contentsOf: root.appendingPathComponent("examples/kith.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "inbox = \"inbox\"", with: "inbox = \"\(root.path)/examples/inbox\"")
        try Data(text.utf8).write(to: config)
        return (Kith(config: config.path), folder)
    }

    @Test func changesShowInTheNextPreview() throws {
        let (kith, folder) = try Self.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try kith.kinds()
        #expect(before["Aino Virtanen"] == "follow_up")
        #expect(before["José Álvarez Núñez"] == "reconnect")
        #expect(before["Zhang Wei"] == "prepare")
        #expect(before["Maja Berg"] == "new_contact")

        let met = try kith.run(["met", "josé", "--on", "2026-11-27", "--note", "Coffee"])
        #expect(met.status == 0, "\(met.err)")
        #expect(met.out == "Recorded: met José Álvarez Núñez <jose.alvarez@example.org> on Fri 27 Nov 2026.\n")
        #expect(try kith.run(["snooze", "zhang.wei@example.com", "--until", "+6w"]).status == 0)
        #expect(try kith.run(["ignore", "Maja"]).status == 0)
        let after = try kith.kinds()
        #expect(after["José Álvarez Núñez"] == nil)
        #expect(after["Zhang Wei"] == nil)
        #expect(after["Maja Berg"] == nil)
        #expect(after["Aino Virtanen"] == "follow_up")

        #expect(try kith.run(["unignore", "Maja"]).status == 0)
        #expect(try kith.kinds()["Maja Berg"] == "new_contact")
    }

    @Test func doneOnADayTheUserNames() throws {
        let (kith, folder) = try Self.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try kith.kinds()["José Álvarez Núñez"] == "reconnect")
        let done = try kith.run(["done", "josé", "--on", "2026-11-27", "--note", "Wrote to him"])
        #expect(done.status == 0, "\(done.err)")
        #expect(done.out == "Recorded: done with José Álvarez Núñez <jose.alvarez@example.org> on Fri 27 Nov 2026.\n")
        #expect(try kith.kinds()["José Álvarez Núñez"] == nil)

        // Relative days, seen from today in the configured zone.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Helsinki")!
        let yesterday = calendar.date(byAdding: .day, value: -1, to: Date())!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE d MMM yyyy"
        // A date that starts with a dash is still the option's value.
        let dashed = try kith.run(["met", "zhang", "--on", "-1d"])
        #expect(dashed.status == 0, "\(dashed.err)")
        #expect(dashed.out.hasSuffix(" on \(formatter.string(from: yesterday)).\n"), "\(dashed.out)")
        let relative = try kith.run(["done", "aino", "--on", "yesterday"])
        #expect(relative.status == 0, "\(relative.err)")
        #expect(relative.out.hasSuffix(" on \(formatter.string(from: yesterday)).\n"), "\(relative.out)")

        // What has not happened yet cannot be recorded, and nothing is.
        for command in [["done", "aino", "--on", "tomorrow"], ["met", "aino", "--on", "+1w"]] {
            let future = try kith.run(command)
            #expect(future.status != 0)
            #expect(future.err.contains("is in the future"), "\(future.err)")
        }
        let unreadable = try kith.run(["done", "aino", "--on", "someday"])
        #expect(unreadable.status != 0)
        #expect(unreadable.err.contains("\"someday\" is not a date (YYYY-MM-DD"), "\(unreadable.err)")
        let export = try JSONSerialization.jsonObject(with: Data(try kith.run(["state", "export"]).out.utf8))
        let manual = (export as? [String: Any])?["manual"] as? [[String: Any]] ?? []
        #expect(
            manual.map { $0["person"] as? String } == [
                "jose.alvarez@example.org", "zhang.wei@example.com", "aino.virtanen@ateljee.fi",
            ]
        )
    }

    @Test func ambiguousAndUnknownPeopleAreErrors() throws {
        let (kith, folder) = try Self.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ambiguous = try kith.run(["done", "e"])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.err.contains("matches"))
        #expect(ambiguous.err.contains("Zhang Wei <zhang.wei@example.com>"))
        let unknown = try kith.run(["done", "nobody@nowhere.example"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("no one in your network matches \"nobody@nowhere.example\""))
    }

    @Test func exportAndImportThroughTheCommandLine() throws {
        let (kith, folder) = try Self.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try kith.run(["snooze", "aino", "3w"]).status == 0)
        let exported = try kith.run(["state", "export"])
        #expect(exported.status == 0)
        let file = folder.appendingPathComponent("backup.json")
        try Data(exported.out.utf8).write(to: file)
        #expect(try kith.run(["unsnooze", "aino"]).status == 0)
        #expect(try kith.run(["state", "import", file.path]).status == 0)
        #expect(try kith.run(["state", "export"]).out == exported.out)
    }
}

extension StateCommandTests {
    @Test func aBirthdayEarlyInTheWeekIsSentOnceInTheDigestBefore() throws {
        let (_, folder) = try Self.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The sample inbox and one more card: a birthday on Tuesday 7 December 2027, the second day of week 49.
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/inbox"), to: inbox)
        let card =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Early Week\r\nEMAIL:early@example.org\r\nBDAY:--1207\r\nEND:VCARD\r\n"
        try Data(card.utf8).write(to: inbox.appendingPathComponent("early.vcf"))
        let config = folder.appendingPathComponent("kith.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "\(Self.root.path)/examples/inbox", with: inbox.path)
        try Data(text.utf8).write(to: config)
        let kith = Kith(config: config.path)
        // Sent with --at a year from now: what was shown is kept on the digests' own dates, not the wall clock's.
        for at in ["2027-11-29T08:00", "2027-12-06T08:00"] {
            let sent = try kith.run(["digest", "--send", "--at", at])
            #expect(sent.status == 0, "\(sent.err)")
        }
        let maildir = folder.appendingPathComponent("state/mail/new")
        let messages = try FileManager.default.contentsOfDirectory(atPath: maildir.path).map {
            try String(contentsOf: maildir.appendingPathComponent($0), encoding: .utf8)
        }
        #expect(messages.count == 2)
        let week48 = messages.filter { $0.contains("(week 48)") }
        let week49 = messages.filter { $0.contains("(week 49)") }
        #expect(week48.count == 1 && week48[0].contains("Early Week's birthday is on Tue 7 Dec"))
        #expect(week49.count == 1 && !week49[0].contains("Early Week's birthday"))
    }

    @Test func digestSendDeliversIntoTheMaildirOncePerSlot() throws {
        let (kith, folder) = try Self.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try kith.run(["digest", "--send", "--at", "2026-11-30T08:00"])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("Digest 2026-W49 composed"))
        #expect(first.out.contains("digest-2026-W49: delivered"))
        let again = try kith.run(["digest", "--send", "--at", "2026-12-01T08:00"])
        #expect(again.out.contains("was composed before"))
        let maildir = folder.appendingPathComponent("state/mail/new").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir).count == 1)
        #expect(try kith.run(["outbox", "list"]).out.isEmpty)
    }
}
