import Foundation
import KithCore
import KithStore
import KithTestSupport
import Testing

/// `kith state import` checks the whole file before it changes anything, keeps a backup of what it replaces,
/// and writes only values it checked.
@Suite struct StateImportTests {
    /// A valid export with a row or more in every section; `replacing` swaps a section's JSON text.
    static func document(replacing sections: [String: String] = [:], extra: String = "") -> String {
        var parts: [String: String] = [
            "manual": """
            [{"person": "ana@example.org", "kind": "met", "at": 1000, "note": "Lunch \\"at\\" Ateljee ✓", \
            "recorded": 2000}, {"person": "bo@example.org", "kind": "done", "at": 1500, "note": null, "recorded": 2500}]
            """,
            "snoozes": #"[{"person": "bo@example.org", "until": 9000}, {"person": "cy@example.org", "until": 9500}]"#,
            "ignored": #"[{"person": "cy@example.org", "since": 1}]"#,
            "first_seen": #"[{"person": "ana@example.org", "at": 100}]"#,
            "sent_nudges": #"[{"slot": "2026-W48", "person": "ana@example.org", "kind": "reconnect"}]"#,
            "digest_slots": """
            [{"slot": "2026-W46", "composed_at": 10, "sent_at": 20}, {"slot": "2026-W47", "composed_at": 30, \
            "sent_at": null}, {"slot": "2026-W48", "composed_at": null, "sent_at": null}, \
            {"slot": "2026-W49", "composed_at": 40, "sent_at": 50}]
            """,
        ]
        parts.merge(sections) { $1 }
        let body = parts.keys.sorted().map { "\"\($0)\": \(parts[$0]!)" }.joined(separator: ",\n")
        return "{\"kith_state\": 1,\n\(body)\(extra)}"
    }

    /// A store with something in every table, the way the daemon and the CLI fill it.
    static func filledStore(in folder: URL, name: String = "kith.sqlite") throws -> StateStore {
        let store = try StateStore(path: folder.appendingPathComponent(name).path)
        try store.record(.met, person: "old@example.org", at: 1_000, note: "Coffee", now: 2_000)
        try store.snooze("old@example.org", until: 9_000)
        try store.ignore("gone@example.org", since: 5)
        _ = try store.noteFirstSeen([("old@example.org", 100)], now: 5)
        try store.recordSent(slot: "2026-W48", nudges: [("old@example.org", "reconnect")])
        try store.markSlot("2026-W47", composedAt: 100, sentAt: 200)
        try store.markSlot("2026-W48", composedAt: 300, sentAt: 400)
        try store.markSlot("2026-W49", composedAt: 500)
        return store
    }

    static func backups(of store: StateStore) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: store.backupFolder))?.sorted() ?? []
    }

    // MARK: - What is refused

    @Test func anExportWithOnlyTheVersionIsRefusedNamingEverySection() throws {
        let value = try JSONValue.parse(Array(#"{"kith_state": 1}"#.utf8)).get()
        guard case .failure(let invalid) = StateExport.decode(value) else {
            Issue.record("a document without sections was accepted")
            return
        }
        #expect(
            invalid.problems.map(\.description) == [
                "manual: missing (a section without rows is [])",
                "snoozes: missing (a section without rows is [])",
                "ignored: missing (a section without rows is [])",
                "first_seen: missing (a section without rows is [])",
                "sent_nudges: missing (a section without rows is [])",
                "digest_slots: missing (a section without rows is [])",
            ]
        )
    }

    @Test func anExportWithOnlyTheVersionLeavesTheStateAsItWas() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Self.filledStore(in: folder)
        let before = try store.exportJSON()
        let error = #expect(throws: StateError.self) {
            try store.importJSON(#"{"kith_state": 1}"#, from: "state.json", now: 0)
        }
        #expect(error?.code == .badExport)
        #expect(error?.description.contains("state.json: digest_slots: missing") == true)
        #expect(try store.exportJSON() == before)
        #expect(try store.slot("2026-W48")?.sentAt == 400)
        #expect(Self.backups(of: store).isEmpty)
    }

    /// A document with one thing wrong, and the line its error must contain.
    struct Broken: Sendable, CustomStringConvertible {
        var description: String
        var text: String
        var line: String
    }

    static let broken: [Broken] = [
        Broken(
            description: "text where an instant belongs",
            text: document(replacing: ["digest_slots": #"[{"slot": "a", "composed_at": 1, "sent_at": "x"}]"#]),
            line: #"state.json: digest_slots[0].sent_at: expected an integer or null, found "x""#
        ),
        Broken(
            description: "text in the fourth slot",
            text: document(replacing: [
                "digest_slots": """
                [{"slot": "a", "composed_at": 1, "sent_at": 2}, {"slot": "b", "composed_at": 1, "sent_at": 2}, \
                {"slot": "c", "composed_at": 1, "sent_at": 2}, {"slot": "d", "composed_at": 1, "sent_at": "x"}]
                """
            ]),
            line: #"state.json: digest_slots[3].sent_at: expected an integer or null, found "x""#
        ),
        Broken(
            description: "null in a column that is never null",
            text: document(replacing: ["snoozes": #"[{"person": "bo@example.org", "until": null}]"#]),
            line: "state.json: snoozes[0].until: expected an integer (Unix seconds), found null"
        ),
        Broken(
            description: "null for a person",
            text: document(replacing: ["first_seen": #"[{"person": null, "at": 1}]"#]),
            line: "state.json: first_seen[0].person: expected text, found null"
        ),
        Broken(
            description: "Int.min as an instant",
            text: document(replacing: [
                "manual": #"[{"person": "a", "kind": "met", "at": -9223372036854775808, "note": null, "recorded": 1}]"#
            ]),
            line: "state.json: manual[0].at: -9223372036854775808 is out of range"
        ),
        Broken(
            description: "an instant past the year 9999",
            text: document(replacing: ["ignored": #"[{"person": "a", "since": 253402300800}]"#]),
            line: "state.json: ignored[0].since: 253402300800 is out of range"
        ),
        Broken(
            description: "an integer too large for 64 bits",
            text: document(replacing: ["ignored": #"[{"person": "a", "since": 99999999999999999999}]"#]),
            line: "state.json: ignored[0].since: 99999999999999999999 is out of range"
        ),
        Broken(
            description: "a fraction",
            text: document(replacing: ["ignored": #"[{"person": "a", "since": 1.5}]"#]),
            line: "state.json: ignored[0].since: expected an integer (Unix seconds), found 1.5"
        ),
        Broken(
            description: "true for an instant",
            text: document(replacing: ["ignored": #"[{"person": "a", "since": true}]"#]),
            line: "state.json: ignored[0].since: expected an integer (Unix seconds), found true"
        ),
        Broken(
            description: "an unknown manual kind",
            text: document(replacing: [
                "manual": #"[{"person": "a", "kind": "lunch", "at": 1, "note": null, "recorded": 1}]"#
            ]),
            line: #"state.json: manual[0].kind: expected "met" or "done", found "lunch""#
        ),
        Broken(
            description: "an unknown nudge kind",
            text: document(replacing: ["sent_nudges": #"[{"slot": "2026-W48", "person": "a", "kind": "gossip"}]"#]),
            line: #"state.json: sent_nudges[0].kind: expected one of "prepare", "follow_up", "#
        ),
        Broken(
            description: "an empty slot",
            text: document(replacing: ["digest_slots": #"[{"slot": "", "composed_at": null, "sent_at": null}]"#]),
            line: #"state.json: digest_slots[0].slot: a slot has a name, found """#
        ),
        Broken(
            description: "an unknown section",
            text: document(extra: #", "colours": []"#),
            line: "state.json: colours: unknown section"
        ),
        Broken(
            description: "an unknown field",
            text: document(replacing: ["snoozes": #"[{"person": "a", "until": 1, "colour": "red"}]"#]),
            line: "state.json: snoozes[0].colour: unknown field (a row of snoozes has person, until)"
        ),
        Broken(
            description: "an unknown field named with control characters",
            text: document(replacing: ["snoozes": #"[{"person": "a", "until": 1, "\u001b]0;x\u0007": 1}]"#]),
            line: #"state.json: snoozes[0]."\u001b]0;x\u0007": unknown field"#
        ),
        Broken(
            description: "a control character in a value shown",
            text: document(replacing: ["snoozes": #"[{"person": "a", "until": "\u009b2J"}]"#]),
            line: #"state.json: snoozes[0].until: expected an integer (Unix seconds), found "\u009b2J""#
        ),
        Broken(
            description: "a missing field",
            text: document(replacing: ["ignored": #"[{"person": "a"}]"#]),
            line: "state.json: ignored[0].since: missing"
        ),
        Broken(
            description: "a missing note (null says there is none)",
            text: document(replacing: ["manual": #"[{"person": "a", "kind": "met", "at": 1, "recorded": 1}]"#]),
            line: "state.json: manual[0].note: missing (null when there is none)"
        ),
        Broken(
            description: "a section that is no array",
            text: document(replacing: ["first_seen": #"{"person": "a", "at": 1}"#]),
            line: "state.json: first_seen: expected an array of rows, found an object"
        ),
        Broken(
            description: "a row that is no object",
            text: document(replacing: ["first_seen": "[1]"]),
            line: "state.json: first_seen[0]: expected an object, found 1"
        ),
        Broken(
            description: "a person twice in a table keyed by person",
            text: document(replacing: ["snoozes": #"[{"person": "a", "until": 1}, {"person": "a", "until": 2}]"#]),
            line: "state.json: snoozes[1]: the same person as snoozes[0]"
        ),
        Broken(
            description: "a slot twice",
            text: document(replacing: [
                "digest_slots": """
                [{"slot": "w", "composed_at": null, "sent_at": null}, {"slot": "w", "composed_at": 1, "sent_at": 2}]
                """
            ]),
            line: "state.json: digest_slots[1]: the same slot as digest_slots[0]"
        ),
        Broken(
            description: "a version given as text",
            text: #"{"kith_state": "1"}"#,
            line: #"state.json: kith_state: expected an integer, found "1""#
        ),
        Broken(
            description: "version 0",
            text: document().replacingOccurrences(of: #""kith_state": 1"#, with: #""kith_state": 0"#),
            line: "state.json: kith_state: 0 is no state version (1…4)"
        ),
        Broken(
            description: "no version",
            text: #"{"manual": []}"#,
            line: #"state.json: not a Kith state export (no "kith_state" version)"#
        ),
        Broken(
            description: "a member twice in one object",
            text: "{\"kith_state\": 1,\n  \"kith_state\": 1}",
            line: #"state.json:2:3: the member "kith_state" appears twice in this object"#
        ),
        Broken(
            description: "text that is not JSON",
            text: "{\"kith_state\": 1,\n \"manual\": [}",
            line: "state.json:2:13: expected a JSON value"
        ),
        Broken(description: "an empty file", text: "", line: "state.json:1:1: the text ends where a JSON value"),
    ]

    @Test(arguments: broken) func aBrokenExportIsRefusedWhereItIsWrongAndChangesNothing(_ broken: Broken) throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Self.filledStore(in: folder)
        let before = try store.exportJSON()
        let error = #expect(throws: StateError.self) {
            try store.importJSON(broken.text, from: "state.json", now: 0)
        }
        #expect(error?.code == .badExport)
        let lines = error.map { String(describing: $0).split(separator: "\n").map(String.init) } ?? []
        #expect(lines.contains { $0.hasPrefix(broken.line) }, "\(lines)")
        #expect(try store.exportJSON() == before)
        #expect(Self.backups(of: store).isEmpty)
        // A dry run refuses it the same way.
        #expect(throws: StateError.self) { try store.importPreview(Array(broken.text.utf8), from: "state.json") }
    }

    @Test func theBaseDocumentOfTheBrokenOnesIsValid() throws {
        // Otherwise every case above could be refused for the same unrelated reason.
        let document = try StateStore.checkImport(Array(Self.document().utf8), from: "state.json")
        #expect(StateExport.Section.allCases.map(document.count) == [2, 2, 1, 1, 1, 4, 0, 0, 0, 0, 0, 0])
    }

    @Test func theFuzzSeedIsAValidExport() throws {
        // fuzz/targets/state-import starts from this file: a seed that is refused would only explore refusals.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/export-v1.json")
        let document = try StateStore.checkImport(Array(try Data(contentsOf: url)), from: url.path)
        #expect(
            StateExport.Section.allCases.map(document.count) == [2, 1, 1, 1, 1, 2, 0, 0, 0, 0, 0, 0],
            "an export of version 1 still imports"
        )
        #expect(document.manual.first?.note == "coffee after the talk, \"long\" one é")
    }

    /// An export of version 2: version 1's sections and the rhythms, circles and notes set from the command line.
    static func documentV2(replacing sections: [String: String] = [:]) -> String {
        var parts = [
            "rhythms": #"[{"person": "ana@example.org", "every": "2w"}]"#,
            "circles":
                #"[{"person": "ana@example.org", "circle": "close"}, {"person": "bo@example.org", "circle": "x"}]"#,
            "notes": #"[{"person": "ana@example.org", "text": "Loves rye bread", "at": 3000}]"#,
        ]
        parts.merge(sections) { $1 }
        let added = parts.keys.sorted().map { ",\n\"\($0)\": \(parts[$0]!)" }.joined()
        return document(extra: added).replacingOccurrences(of: #""kith_state": 1"#, with: #""kith_state": 2"#)
    }

    @Test func anExportOfVersion2CarriesRhythmsCirclesAndNotes() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Self.filledStore(in: folder)
        try store.importJSON(Self.documentV2(), from: "state.json", now: 0)
        let state = try store.plannerState()
        #expect(state.rhythm["ana@example.org"] == ConfigDuration.parse("2w"))
        #expect(state.circle == ["ana@example.org": "close", "bo@example.org": "x"])
        #expect(state.notes["ana@example.org"]?.map(\.text) == ["Loves rye bread"])
        // What it exports imports again to the same state.
        let exported = try store.exportJSON()
        let again = try StateStore(path: folder.appendingPathComponent("again.sqlite").path)
        try again.importJSON(exported, from: "export.json", now: 0)
        #expect(try again.exportJSON() == exported)
    }

    @Test func anExportOfVersion2NeedsItsSectionsAndReadableRhythms() throws {
        let missing = Self.documentV2().replacingOccurrences(
            of: #",\#n"notes": [{"person": "ana@example.org", "text": "Loves rye bread", "at": 3000}]"#,
            with: ""
        )
        let error = #expect(throws: StateError.self) { try StateStore.checkImport(Array(missing.utf8), from: "s.json") }
        #expect(error?.problems.map(\.description) == ["notes: missing (a section without rows is [])"])
        for every in ["\"often\"", "\"3h\""] {
            let text = Self.documentV2(replacing: ["rhythms": #"[{"person": "ana@example.org", "every": \#(every)}]"#])
            let refused = #expect(throws: StateError.self) {
                try StateStore.checkImport(Array(text.utf8), from: "s.json")
            }
            #expect(
                refused?.problems.map(\.description)
                    == ["rhythms[0].every: expected a rhythm of a day or more such as \"3w\", found \(every)"]
            )
        }
    }

    @Test func anExportFromANewerKithIsRefusedWithoutListingItsSections() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Self.filledStore(in: folder)
        let before = try store.exportJSON()
        let error = #expect(throws: StateError.self) {
            try store.importJSON(#"{"kith_state": 5, "people": []}"#, from: "state.json", now: 0)
        }
        #expect(error?.code == .newerSchema)
        #expect(
            error?.description
                == "state.json: kith_state: exported by a newer Kith (state 5, this one knows 4); upgrade Kith to import it"
        )
        #expect(try store.exportJSON() == before)
    }

    @Test func severalProblemsAreReportedAtOnceUpToALimit() throws {
        let rows = (0..<30).map { #"{"person": "p\#($0)", "since": "x"}"# }.joined(separator: ", ")
        let text = Self.document(replacing: ["ignored": "[\(rows)]", "first_seen": "[2]"])
        let error = #expect(throws: StateError.self) { try StateStore.checkImport(Array(text.utf8), from: "s.json") }
        let problems = error?.problems ?? []
        #expect(problems.count == StateExport.maximumProblems + 1)
        #expect(problems.first?.description == #"ignored[0].since: expected an integer (Unix seconds), found "x""#)
        #expect(problems.last?.description == "and 11 more problems not shown")
    }

    // MARK: - What is accepted

    @Test func anExportRoundTripsThroughImport() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try Self.filledStore(in: folder, name: "source.sqlite")
        try source.record(.done, person: "ana@example.org", at: -62_000_000_000, note: "Ancient \"quote\" ✓ 🎉", now: 1)
        let exported = try source.exportJSON()
        let target = try StateStore(path: folder.appendingPathComponent("target.sqlite").path)
        try target.snooze("someone@example.org", until: 1)
        try target.importJSON(exported, from: "export.json", now: 0)
        #expect(try target.exportJSON() == exported)
        #expect(try target.slot("2026-W48")?.sentAt == 400)
        #expect(try target.slot("2026-W49")?.sentAt == nil)
    }

    @Test func importedValuesAreTheOnesChecked() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("kith.sqlite").path)
        try store.importJSON(Self.document(), from: "state.json", now: 0)
        let entries = try store.manualEntries()
        #expect(entries.map(\.person) == ["ana@example.org", "bo@example.org"])
        #expect(entries.map(\.kind) == [.met, .done])
        #expect(entries.map(\.note) == ["Lunch \"at\" Ateljee ✓", nil])
        #expect(try store.plannerState().snoozedUntil == ["bo@example.org": 9_000, "cy@example.org": 9_500])
        #expect(try store.slot("2026-W46")! == (10, 20))
        #expect(try store.slot("2026-W47")! == (30, nil))
        #expect(try store.lastSent()! == ("2026-W49", 50))
    }

    @Test func theStateReplacedIsBackedUpPrivatelyAndCanBeImportedAgain() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Self.filledStore(in: folder)
        let before = try store.exportJSON()
        // 2026-11-30T08:00:00Z
        let summary = try store.importJSON(Self.document(), from: "state.json", now: 1_796_025_600)
        let backup = try #require(summary.backup)
        #expect(backup == store.backupFolder + "/state-20261130T080000Z.json")
        #expect(try String(contentsOfFile: backup, encoding: .utf8) == before)
        let fileMode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: store.backupFolder)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(Self.backups(of: store) == ["state-20261130T080000Z.json"], "no temporary file is left")

        let again = try store.importJSON(
            String(contentsOfFile: backup, encoding: .utf8),
            from: backup,
            now: 1_796_025_600
        )
        #expect(try store.exportJSON() == before)
        #expect(again.backup == store.backupFolder + "/state-20261130T080000Z-2.json", "the first backup is kept")
        #expect(try String(contentsOfFile: again.backup!, encoding: .utf8) != before)
    }

    @Test func theSummaryCountsRowsBeforeAndAfter() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Self.filledStore(in: folder)
        let before = try store.exportJSON()
        let preview = try store.importPreview(Array(Self.document().utf8), from: "state.json")
        #expect(preview.backup == nil)
        #expect(
            preview.changes.map { "\($0.section.rawValue): \($0.before) → \($0.after)" } == [
                "manual: 1 → 2", "snoozes: 1 → 2", "ignored: 1 → 1", "first_seen: 2 → 1", "sent_nudges: 1 → 1",
                "digest_slots: 3 → 4", "rhythms: 0 → 0", "circles: 0 → 0", "notes: 0 → 0", "source_fetches: 0 → 0",
                "digest_secrets: 0 → 0", "digest_items: 0 → 0",
            ]
        )
        #expect(try store.exportJSON() == before)
        #expect(Self.backups(of: store).isEmpty)
        let made = try store.importJSON(Self.document(), from: "state.json", now: 0)
        #expect(made.changes == preview.changes)
    }

    // MARK: - The JSON reader

    @Test func theReaderKeepsIntegersTextAndBooleansApart() throws {
        let text = #"[1, -0, 1.0, 1e3, true, null, "\u00e9\ud83c\udf89\/\n", 9223372036854775808, {}]"#
        let value = try JSONValue.parse(Array(text.utf8)).get()
        #expect(
            value
                == .array([
                    .integer(1), .integer(0), .number("1.0"), .number("1e3"), .bool(true), .null, .string("é🎉/\n"),
                    .number("9223372036854775808"), .object([:]),
                ])
        )
    }

    @Test(arguments: [
        "[01]", "[1.]", "[-]", "[\"\\x\"]", "[\"\\ud83c\"]", "[\"\\udf89\"]", "[\"a\nb\"]", "[1,]", "{\"a\" 1}",
        "[1] 2", "[tru]", "[\"\\u12\"]", "",
    ])
    func theReaderRefusesWhatIsNotJSON(_ text: String) {
        #expect(throws: StateExportProblem.self) { try JSONValue.parse(Array(text.utf8)).get() }
    }

    @Test func theReaderRefusesInvalidUTF8AndDeepNesting() {
        #expect(throws: StateExportProblem.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]).get() }
        let deep =
            String(repeating: "[", count: JSONValue.maximumDepth + 1)
            + String(repeating: "]", count: JSONValue.maximumDepth + 1)
        #expect(throws: StateExportProblem.self) { try JSONValue.parse(Array(deep.utf8)).get() }
        let fine =
            String(repeating: "[", count: JSONValue.maximumDepth)
            + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect((try? JSONValue.parse(Array(fine.utf8)).get()) != nil)
    }
}

/// `kith state import` through the real binary: what it prints, its exit status, the files it leaves.
@Suite struct StateImportCommandTests {
    static func stateFolder(_ folder: URL) -> URL { folder.appendingPathComponent("state") }

    static func backups(_ folder: URL) -> [String] {
        let path = stateFolder(folder).appendingPathComponent("backups").path
        return (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? []
    }

    /// A sample workspace that has sent one digest (so it has digest slots and sent nudges) and snoozed someone.
    static func usedSample() throws -> (StateCommandTests.Kith, URL) {
        let (kith, folder) = try StateCommandTests.sample()
        let sent = try kith.run(["digest", "--send", "--at", "2026-11-30T08:00"])
        #expect(sent.status == 0, "\(sent.err)")
        #expect(try kith.run(["snooze", "aino", "3w"]).status == 0)
        return (kith, folder)
    }

    @Test func aVersionAloneIsRefusedAndTheSentDigestIsStillRemembered() throws {
        let (kith, folder) = try Self.usedSample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try kith.run(["state", "export"]).out
        #expect(before.contains("2026-W49"))
        let file = folder.appendingPathComponent("state.json")
        try Data(#"{"kith_state": 1}"#.utf8).write(to: file)
        let refused = try kith.run(["state", "import", file.path])
        #expect(refused.status == 1)
        #expect(refused.out.isEmpty)
        #expect(refused.err.contains("error: \(file.path): digest_slots: missing"), "\(refused.err)")
        #expect(refused.err.contains("error: \(file.path): manual: missing"))
        #expect(try kith.run(["state", "export"]).out == before)
        #expect(Self.backups(folder).isEmpty)
        let again = try kith.run(["digest", "--send", "--at", "2026-12-01T08:00"])
        #expect(again.out.contains("was composed before"))
    }

    @Test func aWrongTypeIsRefusedWithThePathInTheDocument() throws {
        let (kith, folder) = try Self.usedSample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try kith.run(["state", "export"]).out
        let broken = before.replacingOccurrences(of: #""sent_at" : "#, with: #""sent_at" : "x", "was" : "#)
        #expect(broken != before)
        let file = folder.appendingPathComponent("state.json")
        try Data(broken.utf8).write(to: file)
        let refused = try kith.run(["state", "import", file.path])
        #expect(refused.status == 1)
        #expect(
            refused.err.contains(#"\#(file.path): digest_slots[0].sent_at: expected an integer or null, found "x""#)
        )
        #expect(refused.err.contains("\(file.path): digest_slots[0].was: unknown field"), "\(refused.err)")
        #expect(try kith.run(["state", "export"]).out == before)
    }

    @Test func anImportSavesTheStateItReplacesAndNamesTheBackup() throws {
        let (kith, folder) = try Self.usedSample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let used = try kith.run(["state", "export"]).out
        let file = folder.appendingPathComponent("state.json")
        try Data(StateImportTests.document().utf8).write(to: file)

        let imported = try kith.run(["state", "import", file.path])
        #expect(imported.status == 0, "\(imported.err)")
        let names = Self.backups(folder)
        #expect(names.count == 1)
        let name = try #require(names.first)
        #expect(name.hasPrefix("state-") && name.hasSuffix("Z.json"))
        let backup = Self.stateFolder(folder).appendingPathComponent("backups/\(name)").path
        #expect(imported.out.contains("The state it replaced is saved in \(backup)."), "\(imported.out)")
        #expect(imported.out.contains("digest_slots: 1 → 4"))
        let mode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: backup, encoding: .utf8) + "\n" == used)

        let restored = try kith.run(["state", "import", backup])
        #expect(restored.status == 0, "\(restored.err)")
        #expect(try kith.run(["state", "export"]).out == used)
    }

    @Test func aDryRunPrintsTheCountsAndChangesNothing() throws {
        let (kith, folder) = try Self.usedSample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try kith.run(["state", "export"]).out
        let file = folder.appendingPathComponent("state.json")
        try Data(StateImportTests.document().utf8).write(to: file)

        let dry = try kith.run(["state", "import", "--dry-run", file.path])
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.out.contains("  digest_slots: 1 → 4\n"), "\(dry.out)")
        #expect(dry.out.contains("  snoozes: 1 → 2\n"))
        #expect(dry.out.contains("Nothing changed"))
        #expect(try kith.run(["state", "export"]).out == before)
        #expect(Self.backups(folder).isEmpty)

        try Data(#"{"kith_state": 1}"#.utf8).write(to: file)
        let invalid = try kith.run(["state", "import", "--dry-run", file.path])
        #expect(invalid.status == 1)
        #expect(invalid.err.contains("sent_nudges: missing"))
        #expect(Self.backups(folder).isEmpty)
    }

    @Test func aFileThatCannotBeReadIsAnErrorThatChangesNothing() throws {
        let (kith, folder) = try StateCommandTests.sample()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nowhere.json").path
        let result = try kith.run(["state", "import", missing])
        #expect(result.status == 1)
        #expect(result.err == "error: \(missing): cannot read the file\n")
    }
}

extension StateImportTests {
    /// Version 3: the sources' fetch state goes out with the export and comes back with an import.
    @Test func anExportCarriesTheSourcesFetchState() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Self.filledStore(in: folder)
        var state = SourceState(name: "work")
        state.url = "https://example.org/work.ics"
        state.etag = "\"v1\""
        state.lastSuccess = 1_000
        state.lastError = "the server answered HTTP 500"
        state.failingSince = 2_000
        state.failures = 2
        state.file = "/state/sources/work.ics"
        state.size = 306
        state.nextFetch = 2_600
        try store.saveSourceState(state)
        let exported = try store.exportJSON()
        #expect(exported.contains("\"source_fetches\""))
        try store.forgetSources(keeping: [])
        #expect(try store.sourceStates().isEmpty)
        try store.importJSON(exported, from: "state.json", now: 0)
        #expect(try store.sourceStates() == ["work": state])
        // A row with a negative count is refused where it is.
        let broken = exported.replacingOccurrences(of: "\"failures\" : 2", with: "\"failures\" : -1")
        let error = #expect(throws: StateError.self) { try store.importJSON(broken, from: "state.json", now: 0) }
        #expect(
            error?.description.contains("source_fetches[0].failures: expected a count") == true,
            "\(error?.description ?? "")"
        )
    }
}

extension StateImportTests {
    /// An export of version 3 has sources without an address and no digest secrets or items: it imports.
    @Test func anExportOfVersion3StillImports() throws {
        let folder = try StateStoreTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Self.filledStore(in: folder)
        let row =
            #"{"name": "work", "etag": null, "last_modified": null, "last_success": 1000, "last_attempt": 1000, "#
            + #""last_error": null, "failing_since": null, "failures": 0, "file": null, "size": null, "next_fetch": 4600}"#
        let text = Self.documentV2(replacing: [:]).replacingOccurrences(
            of: #""kith_state": 2"#,
            with: #""kith_state": 3"#
        )
        .replacingOccurrences(of: #""notes": ["#, with: #""source_fetches": [\#(row)], "notes": ["#)
        try store.importJSON(text, from: "state.json", now: 0)
        let states = try store.sourceStates()
        #expect(states["work"]?.nextFetch == 4600 && states["work"]?.url == nil)
    }
}
