import GRDB
import KithCore

/// The journal `kith undo` reads: every change the user made (through `apply` or `forget`), newest last, with
/// what the rows it touched held before, so that taking it back restores exactly that. An import empties it:
/// the state it replaced is in the import's backup, and the journal's row ids would name other rows.
extension StateStore {
    /// How many changes the journal keeps; older ones can no longer be undone.
    package static let journalLimit = 1_000

    /// How to take one change back: what the rows it touched held before it.
    enum Undo: Sendable, Hashable {
        /// The change added this manual entry.
        case deleteManual(Int64)
        /// The change removed this manual entry (`kith forget`): it comes back with its id.
        case restoreManual(id: Int64, kind: ManualKind, at: Int, note: String?, recorded: Int)
        /// The change added this note.
        case deleteNote(Int64)
        /// The person's snooze, ignore, rhythm or circle as it was (nil: none).
        case snooze(Int?)
        case ignore(Int?)
        case rhythm(String?)
        case circle(String?)

        /// The name the journal's `undo` column holds.
        var name: String {
            switch self {
            case .deleteManual: "delete_manual"
            case .restoreManual: "restore_manual"
            case .deleteNote: "delete_note"
            case .snooze: "snooze"
            case .ignore: "ignore"
            case .rhythm: "rhythm"
            case .circle: "circle"
            }
        }
    }

    /// A change the journal holds.
    package struct Change: Sendable, Hashable {
        /// The line the change printed when it was made.
        package var summary: String
        /// UTC instant it was made.
        package var at: Int
        package var person: String
    }

    /// One change in one transaction: `body` changes the rows and returns how to undo it (nil: nothing changed,
    /// nothing journaled) and the line to show.
    func change(
        _ person: String,
        now: Int,
        _ body: @escaping @Sendable (Database) throws -> (Undo?, String)
    ) throws(StateError) -> StateAction.Outcome {
        try write { db in
            let (undo, summary) = try body(db)
            guard let undo else { return StateAction.Outcome(summary: summary, changed: false) }
            try Self.journal(db, undo, person: person, summary: summary, now: now)
            return StateAction.Outcome(summary: summary, changed: true)
        }
    }

    private static func journal(_ db: Database, _ undo: Undo, person: String, summary: String, now: Int) throws {
        var id: Int64?
        var kind: String?
        var at: Int?
        var text: String?
        var recorded: Int?
        switch undo {
        case .deleteManual(let row), .deleteNote(let row): id = row
        case .restoreManual(let row, let oldKind, let oldAt, let note, let oldRecorded):
            (id, kind, at, text, recorded) = (row, oldKind.rawValue, oldAt, note, oldRecorded)
        case .snooze(let until): at = until
        case .ignore(let since): at = since
        case .rhythm(let every): text = every
        case .circle(let name): text = name
        }
        try db.execute(
            sql: """
                INSERT INTO changes (at, person, summary, undo, row_id, old_kind, old_at, old_text, old_recorded)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [now, person, summary, undo.name, id, kind, at, text, recorded]
        )
        try db.execute(
            sql: "DELETE FROM changes WHERE id <= ?",
            arguments: [db.lastInsertedRowID - Int64(journalLimit)]
        )
    }

    /// The manual entry with an id (as `kith history` lists them), if there is one.
    package func manualEntry(id: Int64) throws(StateError) -> ManualEntry? {
        try manualEntries().first { $0.id == id }
    }

    /// Removes one manual entry (`kith forget`), journaled for `kith undo`; `summary` is the line to show and
    /// keep. Returns false when there is no such entry (any more).
    package func forget(_ id: Int64, summary: String, now: Int) throws(StateError) -> Bool {
        try write { db in
            guard
                let row = try Row.fetchOne(db, sql: "SELECT * FROM manual_interactions WHERE id = ?", arguments: [id]),
                let person = row.text("person"), let kind = row.text("kind").flatMap(ManualKind.init(rawValue:)),
                let at = row.instant("at")
            else { return false }
            let undo = Undo.restoreManual(
                id: id,
                kind: kind,
                at: at,
                note: row.text("note"),
                recorded: row.integer("recorded") ?? at
            )
            try db.execute(sql: "DELETE FROM manual_interactions WHERE id = ?", arguments: [id])
            try Self.journal(db, undo, person: person, summary: summary, now: now)
            return true
        }
    }

    /// Takes the latest change in the journal back and removes it from the journal; nil when there is none.
    package func undoLast() throws(StateError) -> Change? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM changes ORDER BY id DESC LIMIT 1"),
                let id = row.integer("id")
            else { return nil }
            let person = row.text("person") ?? ""
            let entry = row.integer("row_id").map(Int64.init)
            switch row.text("undo") {
            case "delete_manual":
                try db.execute(sql: "DELETE FROM manual_interactions WHERE id = ?", arguments: [entry])
            case "restore_manual":
                try db.execute(
                    sql:
                        "INSERT INTO manual_interactions (id, person, kind, at, note, recorded) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        entry, person, row.text("old_kind"), row.integer("old_at"), row.text("old_text"),
                        row.integer("old_recorded"),
                    ]
                )
            case "delete_note":
                try db.execute(sql: "DELETE FROM notes WHERE id = ?", arguments: [entry])
            case "snooze":
                try Self.restore(db, table: "snoozes", column: "until", person: person, to: row.integer("old_at"))
            case "ignore":
                try Self.restore(db, table: "ignores", column: "since", person: person, to: row.integer("old_at"))
            case "rhythm":
                try Self.restore(db, table: "rhythms", column: "every", person: person, to: row.text("old_text"))
            case "circle":
                try Self.restore(
                    db,
                    table: "person_circles",
                    column: "circle",
                    person: person,
                    to: row.text("old_text")
                )
            default:
                // Written by a newer Kith: this one cannot take it back, and must not pretend to.
                throw StateError(
                    .unavailable,
                    path: self.path,
                    "the last change (\(row.text("summary") ?? "?")) is one this Kith cannot undo"
                )
            }
            try db.execute(sql: "DELETE FROM changes WHERE id = ?", arguments: [id])
            return Change(summary: row.text("summary") ?? "", at: row.integer("at") ?? 0, person: person)
        }
    }

    /// Sets a person's row of a one-value table back to `value`, or removes it when `value` is nil.
    private static func restore(
        _ db: Database,
        table: String,
        column: String,
        person: String,
        to value: (any DatabaseValueConvertible & Sendable)?
    ) throws {
        if let value {
            try db.execute(
                sql: "INSERT OR REPLACE INTO \(table) (person, \(column)) VALUES (?, ?)",
                arguments: [person, value]
            )
        } else {
            try db.execute(sql: "DELETE FROM \(table) WHERE person = ?", arguments: [person])
        }
    }
}
