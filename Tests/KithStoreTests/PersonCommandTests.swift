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
        #expect(before?.reason.contains("your close circle meets every") == true, "\(before?.reason ?? "")")
        let moved = try kith.run(["circle", "aino", "research"])
        #expect(moved.status == 0, "\(moved.err)")
        #expect(moved.out == "Aino Virtanen <aino.virtanen@ateljee.fi> is now in your research circle.\n")
        let after = try Self.nudges(kith, at: "2027-01-18T08:00")["Aino Virtanen"]
        #expect(after?.reason.contains("your research circle meets every") == true, "\(after?.reason ?? "")")
        let listed = try kith.run(["people", "--circle", "research", "--at", "2027-01-18T08:00"])
        #expect(listed.out.contains("Aino Virtanen "), "\(listed.out)")
        #expect(listed.out.contains(" kith circle "), "\(listed.out)")
        let show = try kith.run(["show", "aino"])
        #expect(show.out.contains("  Circle:    research (set with kith circle)\n"), "\(show.out)")

        let unknown = try kith.run(["circle", "aino", "family"])
        #expect(unknown.status == 2)
        #expect(
            unknown.err == "error: there is no circle \"family\" (the config has close, clients, research, network)\n"
        )
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
        #expect(object?["kith_state"] as? Int == 2)
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
