import Foundation
import KithTestSupport
import Testing

/// `kith every / circle / note / undo / forget` change the very next `kith preview`, and `kith show` says so.
@Suite struct PersonCommandTests {
    typealias Kith = StateCommandTests.Kith

    /// The preview's nudges at `at`: name → (kind, reason, context).
    static func nudges(_ kith: Kith, at: String) throws -> [String: (kind: String, reason: String, context: [String])] {
        let preview = try kith.run(["preview", "--at", at, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(preview.out.utf8)) as? [String: Any]
        var result: [String: (kind: String, reason: String, context: [String])] = [:]
        for nudge in object?["nudges"] as? [[String: Any]] ?? [] {
            result[nudge["name"] as! String] = (
                nudge["kind"] as! String, nudge["reason"] as! String, nudge["context"] as? [String] ?? []
            )
        }
        return result
    }

    @Test func everyMakesAReconnectAndUndoTakesItBack() throws {
        let (kith, folder) = try StateCommandTests.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Aino was met on Thu 26 Nov; her close circle meets every 3 weeks, so on 7 Dec she is not due.
        #expect(try Self.nudges(kith, at: "2026-12-07T08:00")["Aino Virtanen"] == nil)
        let every = try kith.run(["every", "aino", "1w"])
        #expect(every.status == 0, "\(every.err)")
        #expect(every.out == "Aino Virtanen <aino.virtanen@ateljee.fi> now has a rhythm of every 1w.\n")
        let after = try Self.nudges(kith, at: "2026-12-07T08:00")["Aino Virtanen"]
        #expect(after?.kind == "reconnect")
        #expect(after?.reason.contains("last met 10 days ago") == true, "\(after?.reason ?? "")")
        let show = try kith.run(["show", "aino", "--at", "2026-12-07T08:00"])
        #expect(show.out.contains("  Rhythm:    every 1w (set with kith every)\n"), "\(show.out)")
        #expect(show.out.contains("  Nudge:     reconnect now, in this digest: Reconnect with Aino"), "\(show.out)")

        let undo = try kith.run(["undo"])
        #expect(undo.status == 0, "\(undo.err)")
        #expect(undo.out.hasPrefix("Undid your change of "), "\(undo.out)")
        #expect(undo.out.hasSuffix(": Aino Virtanen <aino.virtanen@ateljee.fi> now has a rhythm of every 1w.\n"))
        #expect(try Self.nudges(kith, at: "2026-12-07T08:00")["Aino Virtanen"] == nil)
        // --clear drops it, and the config's rhythm applies again.
        #expect(try kith.run(["every", "aino", "1w"]).status == 0)
        let clear = try kith.run(["every", "aino", "--clear"])
        #expect(
            clear.out
                == "Aino Virtanen <aino.virtanen@ateljee.fi> no longer has a rhythm of their own; the config's applies.\n"
        )
        #expect(try Self.nudges(kith, at: "2026-12-07T08:00")["Aino Virtanen"] == nil)
        #expect(try kith.run(["every", "aino"]).status == 2)
        #expect(try kith.run(["undo"]).status == 0)
        #expect(try Self.nudges(kith, at: "2026-12-07T08:00")["Aino Virtanen"]?.kind == "reconnect")
        #expect(try kith.run(["undo"]).status == 0)
        // Nothing left to undo: said so, and a status a script can test.
        let nothing = try kith.run(["undo"])
        #expect(nothing.status == 1)
        #expect(nothing.err == "error: nothing to undo\n")
    }

    @Test func circleMovesSomeoneAndTheConfigComesSecond() throws {
        let (kith, folder) = try StateCommandTests.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        // By mid-January Aino is overdue in her close circle (from her card's categories).
        let before = try Self.nudges(kith, at: "2027-01-18T08:00")["Aino Virtanen"]
        #expect(before?.reason.contains("your close circle: every") == true, "\(before?.reason ?? "")")
        let moved = try kith.run(["circle", "aino", "Research"])
        #expect(moved.status == 0, "\(moved.err)")
        #expect(moved.out == "Aino Virtanen <aino.virtanen@ateljee.fi> is now in your research circle.\n")
        let after = try Self.nudges(kith, at: "2027-01-18T08:00")["Aino Virtanen"]
        #expect(after?.reason.contains("your research circle: every") == true, "\(after?.reason ?? "")")
        let listed = try kith.run(["people", "--circle", "research", "--at", "2027-01-18T08:00"])
        #expect(listed.out.contains("Aino Virtanen "), "\(listed.out)")
        #expect(listed.out.contains(" kith circle "), "\(listed.out)")
        let show = try kith.run(["show", "aino"])
        #expect(show.out.contains("  Circle:    research (set with kith circle)\n"), "\(show.out)")

        // A circle removed from the config since places no one: the config's rules apply again, and show says so.
        let text = try String(contentsOfFile: kith.config, encoding: .utf8)
            .replacingOccurrences(of: "[circles.research]\nevery = \"6w\"\ncategories = [\"Research\"]\n", with: "")
        try Data(text.utf8).write(to: URL(fileURLWithPath: kith.config))
        let stale = try kith.run(["show", "aino"])
        #expect(stale.out.contains("  Circle:    close (from the card's categories)\n"), "\(stale.out)")
        #expect(stale.out.contains("kith circle put them in \"research\", which the config no longer defines"))

        let cleared = try kith.run(["circle", "aino", "--clear"])
        #expect(
            cleared.out.hasSuffix("is no longer in a circle by kith circle; the config decides.\n"),
            "\(cleared.out)"
        )
        #expect(try kith.run(["circle", "aino", "--clear"]).out.hasSuffix("nothing changed.\n"))

        let unknown = try kith.run(["circle", "aino", "family"])
        #expect(unknown.status == 2)
        #expect(
            unknown.err == "error: there is no circle \"family\" (the config has close, clients, network)\n"
        )
        #expect(try kith.run(["people", "--circle", "family"]).err == unknown.err)
    }

    @Test func aNoteShowsInShowAndBesideTheNudge() throws {
        let (kith, folder) = try StateCommandTests.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let note = try kith.run(["note", "josé", "Ask about the sabbatical"])
        #expect(note.status == 0, "\(note.err)")
        #expect(note.out == "Noted about José Álvarez Núñez <jose.alvarez@example.org>: Ask about the sabbatical\n")
        let show = try kith.run(["show", "jose.alvarez@example.org"])
        #expect(show.out.contains("  Notes:\n"), "\(show.out)")
        #expect(show.out.contains("  Ask about the sabbatical\n"), "\(show.out)")
        let reconnect = try Self.nudges(kith, at: "2026-11-30T08:00")["José Álvarez Núñez"]
        #expect(reconnect?.kind == "reconnect")
        #expect(reconnect?.context.last == "Your note: Ask about the sabbatical", "\(reconnect?.context ?? [])")
        let empty = try kith.run(["note", "josé", "  "])
        #expect(empty.status == 2)
        #expect(empty.err == "error: a note needs some text\n")
    }

    @Test func forgetRemovesOneEntryAndUndoBringsItBack() throws {
        let (kith, folder) = try StateCommandTests.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try kith.run(["met", "josé", "--on", "2026-11-27", "--note", "Coffee"]).status == 0)
        #expect(try kith.run(["met", "josé", "--on", "2026-11-20", "--note", "Call"]).status == 0)
        #expect(try kith.kinds()["José Álvarez Núñez"] == nil)
        let history = try kith.run(["history", "josé"])
        #expect(history.out.contains("  Fri 27 Nov 2026  manual  Met: Coffee  (#1, kith met)\n"), "\(history.out)")
        #expect(history.out.contains("  Fri 20 Nov 2026  manual  Met: Call  (#2, kith met)\n"), "\(history.out)")

        for id in ["1", "#2"] {
            let forgot = try kith.run(["forget", id])
            #expect(forgot.status == 0, "\(forgot.err)")
        }
        let after = try kith.run(["history", "josé"]).out
        #expect(!after.contains("manual"), "\(after)")
        #expect(try kith.kinds()["José Álvarez Núñez"] == "reconnect")

        let undo = try kith.run(["undo"])
        #expect(
            undo.out.hasSuffix(
                ": Forgot #2: met José Álvarez Núñez <jose.alvarez@example.org> on Fri 20 Nov 2026.\n"
            ),
            "\(undo.out)"
        )
        #expect(try kith.run(["history", "josé"]).out.contains("Met: Call  (#2, kith met)"))
        #expect(try kith.kinds()["José Álvarez Núñez"] == nil)

        let missing = try kith.run(["forget", "99"])
        #expect(missing.status == 1)
        #expect(missing.err == "error: there is no entry #99 (kith history PERSON lists them)\n")
        #expect(try kith.run(["forget", "first"]).status == 2)
    }

    @Test func aMeetingInTheFutureIsRefusedAndNothingIsRecorded() throws {
        let (kith, folder) = try StateCommandTests.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        for day in ["tomorrow", "+3d", "2099-01-01"] {
            let future = try kith.run(["met", "aino", "--on", day])
            #expect(future.status == 2)
            #expect(future.err.hasPrefix("error: "), "\(future.err)")
            #expect(future.err.hasSuffix(" is in the future; record it once it has happened\n"), "\(future.err)")
        }
        #expect(try kith.run(["undo"]).status == 1, "nothing was recorded, so nothing can be undone")
        let export = try JSONSerialization.jsonObject(with: Data(try kith.run(["state", "export"]).out.utf8))
        #expect(((export as? [String: Any])?["manual"] as? [Any])?.isEmpty == true)
    }

    @Test func theStateExportCarriesRhythmsCirclesAndNotes() throws {
        let (kith, folder) = try StateCommandTests.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try kith.run(["every", "aino", "10d"]).status == 0)
        #expect(try kith.run(["circle", "zhang", "close"]).status == 0)
        #expect(try kith.run(["note", "maja", "Q1 pilot"]).status == 0)
        let exported = try kith.run(["state", "export"]).out
        let object = try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any]
        #expect(object?["kith_state"] as? Int == 4)
        #expect((object?["rhythms"] as? [[String: Any]])?.first?["every"] as? String == "1w3d")
        #expect((object?["circles"] as? [[String: Any]])?.first?["circle"] as? String == "close")
        #expect((object?["notes"] as? [[String: Any]])?.first?["text"] as? String == "Q1 pilot")
        let file = folder.appendingPathComponent("backup.json")
        try Data(exported.utf8).write(to: file)
        #expect(try kith.run(["undo"]).status == 0)
        #expect(try kith.run(["state", "import", file.path]).status == 0)
        #expect(try kith.run(["state", "export"]).out == exported)
        // The journal names rows the import replaced: it starts empty.
        #expect(try kith.run(["undo"]).status == 1)
    }
}

/// `kith people`: a header, names in natural order, filters that combine, and calendar-only attendees summed up.
@Suite struct PeopleCommandTests {
    typealias Kith = StateCommandTests.Kith

    /// A network of three cards ("Person 1", "Person 2", "Person 10") and three attendees in no card, all met
    /// on Mon 2 Nov 2026; Person 2 is a member of the close circle, the rest are in the default one.
    static func network() throws -> (Kith, URL) {
        let folder = try StateStoreTests.temporaryFolder()
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let cards = [10, 2, 1].map { number in
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person \(number)\r\nEMAIL:p\(number)@example.org\r\nEND:VCARD\r\n"
        }
        try Data(cards.joined().utf8).write(to: inbox.appendingPathComponent("contacts.vcf"))
        let attendees = ["p1", "p2", "x1", "x2", "x3"].map { "ATTENDEE;CN=\($0):mailto:\($0)@example.org\r\n" }
        let event = """
            BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:all@example.org\r\n\
            DTSTAMP:20261101T000000Z\r\nDTSTART:20261102T100000Z\r\nDTEND:20261102T110000Z\r\nSUMMARY:Kick-off\r\n\
            ORGANIZER:mailto:me@example.org\r\n\(attendees.joined())END:VEVENT\r\nEND:VCALENDAR\r\n
            """
        try Data(event.utf8).write(to: inbox.appendingPathComponent("calendar.ics"))
        let config = """
            timezone = "Europe/Helsinki"
            inbox = "inbox"
            state_dir = "state"
            default_circle = "network"

            [me]
            emails = ["me@example.org"]

            [digest]
            to = "me@example.org"

            [circles.close]
            every = "3w"
            members = ["p2@example.org"]
            jitter = 0

            [circles.network]
            every = "4mo"
            jitter = 0
            """
        let file = folder.appendingPathComponent("kith.toml")
        try Data(config.utf8).write(to: file)
        return (Kith(config: file.path), folder)
    }

    /// The names `people` lists (the first column), header and summary left out.
    static func names(_ output: String) -> [String] {
        output.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("…") }.map {
            String($0.prefix(26)).trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func aHeaderNaturalOrderAndTheCalendarOnlySummedUp() throws {
        let (kith, folder) = try Self.network()
        defer { try? FileManager.default.removeItem(at: folder) }
        let people = try kith.run(["people", "--at", "2026-11-30T08:00"])
        #expect(people.status == 0, "\(people.err)")
        let lines = people.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME ") == true, "\(people.out)")
        #expect(lines.first?.hasSuffix("RHYTHM      FROM         LAST MET          STATUS") == true, "\(people.out)")
        #expect(Self.names(people.out) == ["Person 1", "Person 2", "Person 10"])
        #expect(lines.last == "… and 3 others seen only in calendars (--all lists them).")
        let two = try #require(lines.first { $0.hasPrefix("Person 2 ") })
        #expect(
            two.contains("close       3w          members      Mon 2 Nov 2026    overdue since Mon 23 Nov 2026"),
            "\(two)"
        )
        let one = try #require(lines.first { $0.hasPrefix("Person 1 ") })
        #expect(one.contains("network     4mo         default      Mon 2 Nov 2026"), "\(one)")

        let all = try kith.run(["people", "--all", "--at", "2026-11-30T08:00"])
        #expect(Self.names(all.out) == ["Person 1", "Person 2", "Person 10", "x1", "x2", "x3"])
        #expect(!all.out.contains("seen only in calendars"))
        #expect(all.out.contains("not in contacts"))
    }

    @Test func filtersCombine() throws {
        let (kith, folder) = try Self.network()
        defer { try? FileManager.default.removeItem(at: folder) }
        let at = ["--at", "2026-11-30T08:00"]
        #expect(Self.names(try kith.run(["people", "--circle", "close"] + at).out) == ["Person 2"])
        #expect(Self.names(try kith.run(["people", "--overdue"] + at).out) == ["Person 2"])
        #expect(Self.names(try kith.run(["people", "--overdue", "--circle", "network"] + at).out) == [])
        #expect(try kith.run(["people", "--overdue", "--circle", "network"] + at).out == "No one matches.\n")
        // A search term lists the attendees in no card too.
        #expect(Self.names(try kith.run(["people", "person 1"] + at).out) == ["Person 1", "Person 10"])
        #expect(Self.names(try kith.run(["people", "x2"] + at).out) == ["x2"])

        #expect(Self.names(try kith.run(["people", "--overdue", "--at", "+1d"]).out) == ["Person 2"])
        #expect(try kith.run(["snooze", "Person 2", "3w"]).status == 0)
        #expect(try kith.run(["ignore", "p10@example.org"]).status == 0)
        #expect(try kith.run(["ignore", "x1@example.org"]).status == 0)
        let snoozed = try kith.run(["people", "--snoozed"])
        #expect(Self.names(snoozed.out) == ["Person 2"])
        #expect(snoozed.out.contains("snoozed until "))
        let ignored = try kith.run(["people", "--ignored"])
        #expect(Self.names(ignored.out) == ["Person 10"])
        #expect(ignored.out.hasSuffix("… and 1 other seen only in calendars (--all lists them).\n"), "\(ignored.out)")
        // Someone snoozed is not overdue: the digest leaves them out too.
        #expect(Self.names(try kith.run(["people", "--overdue", "--at", "+1d"]).out) == [])

        #expect(try kith.run(["every", "Person 1", "2w"]).status == 0)
        let own = try kith.run(["people", "Person 1", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(own.out.split(separator: "\n")[0].utf8))
        #expect((object as? [String: Any])?["rhythm"] as? String == "2w")
        #expect((object as? [String: Any])?["rhythm_from"] as? String == "state")
    }
}
