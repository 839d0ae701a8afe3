import Foundation
import GRDB
import KithCore

/// Kith's memory of what the files cannot say, in one SQLite file (WAL mode) in `state_dir`.
///
/// Several processes may use it at once (the daemon and the CLI): every change is one transaction, and a
/// busy database is waited for. A damaged file or one written by a newer Kith is an error naming the file
/// and how to recover; Kith never silently starts over with an empty state.
package final class StateStore: Sendable {
    /// The schema this Kith writes; `PRAGMA user_version` of the file.
    package static let schemaVersion = StateFormat.version
    /// How long a writer waits for another process's transaction.
    package static let busyTimeout: TimeInterval = 10

    package let path: String
    private let pool: DatabasePool

    /// The pool, for the export and import extension.
    var poolForExport: DatabasePool { pool }

    /// Opens (creating when absent) the state at `path`, migrating an older schema.
    ///
    /// Only a missing file is a new state: an empty one is an error, since it means the state was lost (a
    /// truncated copy, a full disk), not that there never was one. The file, its `-wal` and `-shm` are private
    /// to the user (0600, the folder 0700) whichever command creates them.
    package init(path: String) throws(StateError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "kith-state"
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: folder,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            }
        } catch {
            throw StateError(
                .unavailable,
                path: path,
                "cannot create the folder \(folder): \(error.localizedDescription)"
            )
        }
        let created = try Self.prepareFile(path)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in try Self.migrate(db, path: path) }
        } catch {
            // A file this call made and SQLite never wrote would read as a lost state next time.
            var info = stat()
            if created, stat(path, &info) == 0, info.st_size == 0 { unlink(path) }
            if let error = error as? StateError { throw error }
            throw Self.translate(error, path: path)
        }
    }

    /// Refuses an empty database file, creates a missing one as 0600 (SQLite gives `-wal` and `-shm` the
    /// database's mode), and takes group and other access away from files an older Kith left readable.
    /// Returns whether it created the file.
    private static func prepareFile(_ path: String) throws(StateError) -> Bool {
        var created = false
        var info = stat()
        if stat(path, &info) == 0 {
            var journal = stat()
            let journalHasData = stat(path + "-wal", &journal) == 0 && journal.st_size > 0
            if info.st_size == 0 && !journalHasData {
                throw StateError(
                    .corrupt,
                    path: path,
                    "the state database is empty (0 bytes), so what Kith remembered is gone; restore a backup "
                        + "with `kith state import FILE` after moving it aside (mv \(path) \(path).empty), or remove "
                        + "it to start afresh knowing that snoozes, ignores, manual meetings and the record of sent "
                        + "digests are then lost"
                )
            }
        } else if errno == ENOENT {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                close(descriptor)
                created = true
            }
        }
        for file in [path, path + "-wal", path + "-shm"] where stat(file, &info) == 0 && info.st_mode & 0o077 != 0 {
            chmod(file, info.st_mode & 0o700)
        }
        return created
    }

    static func translate(_ error: any Error, path: String) -> StateError {
        if let database = error as? DatabaseError {
            switch database.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return StateError(
                    .corrupt,
                    path: path,
                    "the state database is damaged or not a database (\(database.message ?? "\(database.resultCode)")); "
                        + "move it aside (mv \(path) \(path).broken) and restore a backup with `kith state import FILE`, "
                        + "or start afresh knowing that snoozes, ignores and manual meetings are then lost"
                )
            default:
                return StateError(
                    .unavailable,
                    path: path,
                    "cannot use the state database: \(database.message ?? "\(database)")"
                )
            }
        }
        return StateError(.unavailable, path: path, "cannot use the state database: \(error)")
    }

    private static func migrate(_ db: Database, path: String) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version > schemaVersion {
            throw StateError(
                .newerSchema,
                path: path,
                "the state database was written by a newer Kith (schema \(version), this one knows \(schemaVersion)); "
                    + "upgrade Kith, or export the state with the newer one and import it here"
            )
        }
        if version < 1 {
            try db.execute(
                sql: """
                    CREATE TABLE manual_interactions (
                        id INTEGER PRIMARY KEY,
                        person TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('met', 'done')),
                        at INTEGER NOT NULL,
                        note TEXT,
                        recorded INTEGER NOT NULL
                    );
                    CREATE INDEX manual_interactions_person ON manual_interactions(person, at);
                    CREATE TABLE snoozes (person TEXT PRIMARY KEY, until INTEGER NOT NULL);
                    CREATE TABLE ignores (person TEXT PRIMARY KEY, since INTEGER NOT NULL);
                    CREATE TABLE first_seen (person TEXT PRIMARY KEY, at INTEGER NOT NULL);
                    CREATE TABLE sent_nudges (
                        slot TEXT NOT NULL, person TEXT NOT NULL, kind TEXT NOT NULL,
                        PRIMARY KEY (slot, person, kind)
                    );
                    CREATE TABLE digest_slots (slot TEXT PRIMARY KEY, composed_at INTEGER, sent_at INTEGER);
                    PRAGMA user_version = 1;
                    """
            )
        }
        if version < 2 {
            // What the user says about a person beyond meetings (`kith every`, `circle`, `note`), and the journal
            // `kith undo` takes changes back from: each change with what the rows it touched held before.
            try db.execute(
                sql: """
                    CREATE TABLE rhythms (person TEXT PRIMARY KEY, every TEXT NOT NULL);
                    CREATE TABLE person_circles (person TEXT PRIMARY KEY, circle TEXT NOT NULL);
                    CREATE TABLE notes (
                        id INTEGER PRIMARY KEY,
                        person TEXT NOT NULL,
                        text TEXT NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX notes_person ON notes(person, at);
                    CREATE TABLE changes (
                        id INTEGER PRIMARY KEY,
                        at INTEGER NOT NULL,
                        person TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        undo TEXT NOT NULL,
                        row_id INTEGER,
                        old_kind TEXT,
                        old_at INTEGER,
                        old_text TEXT,
                        old_recorded INTEGER
                    );
                    PRAGMA user_version = 2;
                    """
            )
        }
        if version < 3 {
            // Each source's fetches (`[sources.NAME]`): validators, the copy kept, how the last attempts went.
            try db.execute(sql: sourceTable + ";\nPRAGMA user_version = 3;")
        }
        if version < 4 {
            // The address a source's state is about, and what a reply to a digest needs: the secret its
            // Message-ID holds, and who each numbered item was.
            try db.execute(
                sql: """
                    ALTER TABLE source_fetches ADD COLUMN url TEXT;
                    CREATE TABLE digest_secrets (slot TEXT PRIMARY KEY, secret TEXT NOT NULL);
                    CREATE TABLE digest_items (
                        slot TEXT NOT NULL, item INTEGER NOT NULL, person TEXT NOT NULL,
                        PRIMARY KEY (slot, item)
                    );
                    PRAGMA user_version = 4;
                    """
            )
        }
    }

    /// One transaction that writes (the store's extensions in other files use it too).
    func write<T>(_ body: @escaping @Sendable (Database) throws -> T) throws(StateError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    /// One read of a consistent snapshot.
    func read<T>(_ body: @escaping @Sendable (Database) throws -> T) throws(StateError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    // MARK: - Changes

    /// A meeting (`met`) or a follow-up done (`done`) the user tells Kith about.
    package struct ManualEntry: Sendable, Hashable {
        package typealias Kind = ManualKind
        package var id: Int64
        package var person: String
        package var kind: Kind
        /// UTC instant.
        package var at: Int
        package var note: String?
    }

    @discardableResult
    package func record(
        _ kind: ManualEntry.Kind,
        person: String,
        at: Int,
        note: String?,
        now: Int
    ) throws(StateError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO manual_interactions (person, kind, at, note, recorded) VALUES (?, ?, ?, ?, ?)",
                arguments: [person, kind.rawValue, at, note, now]
            )
            return db.lastInsertedRowID
        }
    }

    package func snooze(_ person: String, until: Int) throws(StateError) {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO snoozes (person, until) VALUES (?, ?)",
                arguments: [person, until]
            )
        }
    }

    /// Returns whether the person was snoozed.
    @discardableResult
    package func unsnooze(_ person: String) throws(StateError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM snoozes WHERE person = ?", arguments: [person])
            return db.changesCount > 0
        }
    }

    package func ignore(_ person: String, since: Int) throws(StateError) {
        try write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO ignores (person, since) VALUES (?, ?)",
                arguments: [person, since]
            )
        }
    }

    @discardableResult
    package func unignore(_ person: String) throws(StateError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM ignores WHERE person = ?", arguments: [person])
            return db.changesCount > 0
        }
    }

    /// Records the first sight of every person not seen before, and returns every first sight.
    ///
    /// The `first_seen` row that holds when Kith first ran (no person has an empty key).
    static let firstRunKey = ""

    /// A person is first seen `now`. On the very first run (nothing recorded yet) the network was there before
    /// Kith: each card counts from its REV when it has one, else from that first run, which is recorded too
    /// (`PlannerState.firstRun`), so that the first digest neither calls everyone new nor everyone overdue
    /// "since 1970". A state an earlier Kith wrote (cards at 0, no first run) counts those cards from now.
    package func noteFirstSeen(_ people: [(key: String, revision: Int?)], now: Int) throws(StateError) -> [String: Int]
    {
        try write { db in
            let key = Self.firstRunKey
            let firstRun = try Int.fetchOne(db, sql: "SELECT at FROM first_seen WHERE person = ?", arguments: [key])
            let recorded = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM first_seen") ?? 0
            if firstRun == nil {
                // An older state's cards "from 1970" count from now, as if Kith first saw them today.
                try db.execute(sql: "INSERT INTO first_seen (person, at) VALUES (?, ?)", arguments: [key, now])
                try db.execute(sql: "UPDATE first_seen SET at = ? WHERE at <= 0", arguments: [now])
            }
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO first_seen (person, at) VALUES (?, ?)")
            for person in people where person.key != key {
                let at = recorded == 0 ? min(person.revision ?? now, now) : now
                try statement.execute(arguments: [person.key, at])
            }
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT person, at FROM first_seen") {
                if let person = row.text("person"), person != key, let at = row.instant("at") { result[person] = at }
            }
            return result
        }
    }

    /// Records which nudges went out in a digest slot (for rotation, and not to repeat a nudge every week).
    package func recordSent(slot: String, nudges: [(person: String, kind: String)]) throws(StateError) {
        try write { db in
            let statement = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO sent_nudges (slot, person, kind) VALUES (?, ?, ?)"
            )
            for nudge in nudges { try statement.execute(arguments: [slot, nudge.person, nudge.kind]) }
        }
    }

    /// Marks a digest slot composed and/or sent (instants); a slot is composed once and sent once.
    package func markSlot(_ slot: String, composedAt: Int? = nil, sentAt: Int? = nil) throws(StateError) {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO digest_slots (slot) VALUES (?)", arguments: [slot])
            if let composedAt {
                try db.execute(
                    sql: "UPDATE digest_slots SET composed_at = ? WHERE slot = ? AND composed_at IS NULL",
                    arguments: [composedAt, slot]
                )
            }
            if let sentAt {
                try db.execute(
                    sql: "UPDATE digest_slots SET sent_at = ? WHERE slot = ? AND sent_at IS NULL",
                    arguments: [sentAt, slot]
                )
            }
        }
    }

    /// The most recent slot sent, and when.
    package func lastSent() throws(StateError) -> (slot: String, at: Int)? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT slot, sent_at FROM digest_slots WHERE sent_at IS NOT NULL ORDER BY slot DESC LIMIT 1"
                )
            else { return nil }
            guard let slot = row.text("slot"), let at = row.instant("sent_at") else { return nil }
            return (slot, at)
        }
    }

    /// When a slot was composed and sent, if it was.
    package func slot(_ slot: String) throws(StateError) -> (composedAt: Int?, sentAt: Int?)? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT composed_at, sent_at FROM digest_slots WHERE slot = ?",
                    arguments: [slot]
                )
            else { return nil }
            // A value that is there but unreadable still means "done": the slot must not go out twice.
            func done(_ column: String) -> Int? {
                let value: DatabaseValue = row[column]
                return value.isNull ? nil : row.instant(column) ?? 0
            }
            return (done("composed_at"), done("sent_at"))
        }
    }

    // MARK: - Reading

    package func manualEntries(person: String? = nil) throws(StateError) -> [ManualEntry] {
        try read { db in
            let rows =
                person == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM manual_interactions ORDER BY at, id")
                : try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM manual_interactions WHERE person = ? ORDER BY at, id",
                    arguments: [person]
                )
            return rows.compactMap { row in
                guard let id = row.integer("id"), let person = row.text("person"), let at = row.instant("at"),
                    let kind = row.text("kind").flatMap(ManualEntry.Kind.init(rawValue:))
                else { return nil }
                return ManualEntry(id: Int64(id), person: person, kind: kind, at: at, note: row.text("note"))
            }
        }
    }

    /// Everything the planner needs, as values.
    package func plannerState() throws(StateError) -> PlannerState {
        try read { db in
            var state = PlannerState()
            for row in try Row.fetchAll(db, sql: "SELECT person, until FROM snoozes") {
                if let person = row.text("person"), let until = row.instant("until") {
                    state.snoozedUntil[person] = until
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT person FROM ignores") {
                if let person = row.text("person") { state.ignored.insert(person) }
            }
            for row in try Row.fetchAll(db, sql: "SELECT person, at FROM first_seen") {
                guard let person = row.text("person"), let at = row.instant("at") else { continue }
                if person == Self.firstRunKey {
                    state.firstRun = at
                } else {
                    state.firstSeen[person] = at
                }
            }
            // When each person was last in a digest, per kind: the instant the digest was composed.
            let shown = try Row.fetchAll(
                db,
                sql: """
                    SELECT n.person, n.kind, MAX(s.composed_at) AS at FROM sent_nudges n
                    JOIN digest_slots s ON s.slot = n.slot
                    WHERE s.composed_at IS NOT NULL
                    GROUP BY n.person, n.kind
                    """
            )
            for row in shown {
                // A kind this Kith does not know (written by a newer one) tells it nothing.
                if let person = row.text("person"), let kind = row.text("kind").flatMap(Nudge.Kind.init(rawValue:)),
                    let at = row.instant("at")
                {
                    state.lastShown[person, default: [:]][kind] = at
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT person, every FROM rhythms") {
                // A rhythm this Kith cannot read (a hand-edited state) sets nothing.
                if let person = row.text("person"), let every = row.text("every").flatMap { ConfigDuration.parse($0) } {
                    state.rhythm[person] = every
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT person, circle FROM person_circles") {
                if let person = row.text("person"), let circle = row.text("circle") { state.circle[person] = circle }
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, person, text, at FROM notes ORDER BY at, id") {
                if let id = row.integer("id"), let person = row.text("person"), let text = row.text("text"),
                    let at = row.instant("at")
                {
                    state.notes[person, default: []].append(PlannerState.Note(id: Int64(id), text: text, at: at))
                }
            }
            return state
        }
    }

    /// Manual entries as interactions, by person key, for the network.
    package func manualInteractions() throws(StateError) -> [String: [Interaction]] {
        var result: [String: [Interaction]] = [:]
        for entry in try manualEntries() {
            let summary =
                entry.note.map { "\(entry.kind == .done ? "Done" : "Met"): \($0)" }
                ?? (entry.kind == .done ? "Done (kith done)" : "Met (kith met)")
            let info = EventInfo(
                summary: summary,
                file: "state:kith \(entry.kind.rawValue)",
                line: Int(entry.id),
                uid: nil,
                ordinal: Int(entry.id)
            )
            result[entry.person, default: []].append(
                Interaction(kind: .manual, start: entry.at, attendeeCount: 2, event: info)
            )
        }
        return result
    }

    package func snoozedUntil(_ person: String) throws(StateError) -> Int? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT until FROM snoozes WHERE person = ?", arguments: [person])?
                .instant("until")
        }
    }

    package func isIgnored(_ person: String) throws(StateError) -> Bool {
        try read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM ignores WHERE person = ?", arguments: [person]) != nil
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    package func integrityCheck() throws(StateError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}
