import Foundation
import GRDB
import KithCore

extension StateStore {
    /// What an import changes (or, for a dry run, would change): rows per section before and after.
    package struct ImportSummary: Sendable, Hashable {
        package struct Change: Sendable, Hashable {
            package var section: StateExport.Section
            package var before: Int
            package var after: Int
        }

        package var changes: [Change]
        /// The backup of the state as it was, when the import was made (nil for a dry run).
        package var backup: String?
    }

    /// Where imports keep the state they replace: `state_dir/backups`.
    package var backupFolder: String {
        let folder = (path as NSString).deletingLastPathComponent
        return (folder.isEmpty ? "." : folder) + "/backups"
    }

    /// Every table as JSON (`{"kith_state": 2, "manual": […], "snoozes": […], …}`), for backups and moves; the
    /// journal of changes (`kith undo`) is not part of it.
    package func exportJSON() throws(StateError) -> String {
        final class Box: @unchecked Sendable { var text = "" }
        let box = Box()
        do {
            try poolForExport.read { db in box.text = try self.export(db) }
        } catch let error as StateError {
            throw error
        } catch {
            throw Self.translate(error, path: path)
        }
        return box.text
    }

    /// The export of what `db` holds; also what an import writes as its backup, inside its own transaction.
    private func export(_ db: Database) throws -> String {
        var object: [String: Any] = ["kith_state": Self.schemaVersion]
        for section in StateExport.Section.allCases {
            let sql =
                "SELECT \(section.columns.joined(separator: ", ")) FROM \(section.table) ORDER BY \(section.order)"
            object[section.rawValue] = try Row.fetchAll(db, sql: sql).map { row -> [String: Any] in
                var entry: [String: Any] = [:]
                for (column, value) in row {
                    switch value.storage {
                    case .int64(let number): entry[column] = number
                    case .string(let text): entry[column] = text
                    case .double(let number): entry[column] = number
                    case .null: entry[column] = NSNull()
                    case .blob(let data): entry[column] = data.base64EncodedString()
                    }
                }
                return entry
            }
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw StateError(.unavailable, path: path, "cannot write the export: \(error)")
        }
    }

    /// Reads and checks an export without touching the state: the document, or every problem (up to
    /// `StateExport.maximumProblems`) with where it is. Throws `badExport`, or `newerSchema` for an export from a
    /// newer Kith; `source` names the file in the messages.
    package static func checkImport(_ bytes: [UInt8], from source: String) throws(StateError) -> StateExport {
        let value: JSONValue
        switch JSONValue.parse(bytes) {
        case .success(let parsed): value = parsed
        case .failure(let problem):
            throw StateError(.badExport, path: source, "not JSON: \(problem)", problems: [problem])
        }
        switch StateExport.decode(value) {
        case .success(let document):
            return document
        case .failure(let invalid):
            let shown = invalid.shown
            throw StateError(
                invalid.newerVersion == nil ? .badExport : .newerSchema,
                path: source,
                invalid.total == 1 ? "\(shown[0])" : "\(invalid.total) problems, the first: \(shown[0])",
                problems: shown
            )
        }
    }

    /// What importing `bytes` would change, without changing anything or writing a backup. Throws as
    /// `checkImport` does.
    package func importPreview(_ bytes: [UInt8], from source: String) throws(StateError) -> ImportSummary {
        let document = try Self.checkImport(bytes, from: source)
        final class Box: @unchecked Sendable { var counts: [Int] = [] }
        let box = Box()
        do {
            try poolForExport.read { db in box.counts = try Self.counts(db) }
        } catch {
            throw Self.translate(error, path: path)
        }
        return ImportSummary(changes: Self.changes(before: box.counts, after: document), backup: nil)
    }

    /// Replaces the whole state with a checked export, in one transaction: all of it or nothing.
    ///
    /// The document is checked whole before anything changes (see `checkImport`). In the same transaction, before
    /// the tables are emptied, the state as it is is written to `backupFolder` as `state-<UTC time of now>.json`
    /// (an export, 0600); when that fails, nothing changes. `now` is Unix seconds.
    @discardableResult
    package func importJSON(_ bytes: [UInt8], from source: String, now: Int) throws(StateError) -> ImportSummary {
        let document = try Self.checkImport(bytes, from: source)
        let folder = backupFolder
        let stem = BackupFile.stem(at: now)
        final class Box: @unchecked Sendable { var summary = ImportSummary(changes: [], backup: nil) }
        let box = Box()
        do {
            try poolForExport.write { db in
                let before = try Self.counts(db)
                // Written inside the transaction: no other process can change the state between the backup and the
                // replacement, so the backup is exactly what the import replaced.
                let backup = try BackupFile.save(Array(try self.export(db).utf8), folder: folder, stem: stem)
                for section in StateExport.Section.allCases { try db.execute(sql: "DELETE FROM \(section.table)") }
                // The journal's row ids would name the imported rows: what the import replaced is in the backup.
                try db.execute(sql: "DELETE FROM changes")
                try Self.insert(document, into: db)
                box.summary = ImportSummary(changes: Self.changes(before: before, after: document), backup: backup)
            }
        } catch let error as StateError {
            throw error
        } catch {
            throw Self.translate(error, path: path)
        }
        return box.summary
    }

    /// `importJSON` of text.
    @discardableResult
    package func importJSON(_ text: String, from source: String, now: Int) throws(StateError) -> ImportSummary {
        try importJSON(Array(text.utf8), from: source, now: now)
    }

    /// The rows of each section, in `StateExport.Section.allCases` order.
    private static func counts(_ db: Database) throws -> [Int] {
        try StateExport.Section.allCases.map { section in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(section.table)") ?? 0
        }
    }

    private static func changes(before: [Int], after document: StateExport) -> [ImportSummary.Change] {
        zip(StateExport.Section.allCases, before).map { section, count in
            ImportSummary.Change(section: section, before: count, after: document.count(section))
        }
    }

    /// Inserts the checked rows as they are: only values `StateExport.decode` accepted reach the tables.
    private static func insert(_ document: StateExport, into db: Database) throws {
        func statement(_ section: StateExport.Section) throws -> Statement {
            let marks = Array(repeating: "?", count: section.columns.count).joined(separator: ", ")
            return try db.makeStatement(
                sql: "INSERT INTO \(section.table) (\(section.columns.joined(separator: ", "))) VALUES (\(marks))"
            )
        }
        let manual = try statement(.manual)
        for row in document.manual {
            try manual.execute(arguments: [row.person, row.kind.rawValue, row.at, row.note, row.recorded])
        }
        let snoozes = try statement(.snoozes)
        for row in document.snoozes { try snoozes.execute(arguments: [row.person, row.until]) }
        let ignored = try statement(.ignored)
        for row in document.ignored { try ignored.execute(arguments: [row.person, row.since]) }
        let firstSeen = try statement(.firstSeen)
        for row in document.firstSeen { try firstSeen.execute(arguments: [row.person, row.at]) }
        let sentNudges = try statement(.sentNudges)
        for row in document.sentNudges { try sentNudges.execute(arguments: [row.slot, row.person, row.kind.rawValue]) }
        let digestSlots = try statement(.digestSlots)
        for row in document.digestSlots { try digestSlots.execute(arguments: [row.slot, row.composedAt, row.sentAt]) }
        let rhythms = try statement(.rhythms)
        for row in document.rhythms { try rhythms.execute(arguments: [row.person, row.every.description]) }
        let circles = try statement(.circles)
        for row in document.circles { try circles.execute(arguments: [row.person, row.circle]) }
        let notes = try statement(.notes)
        for row in document.notes { try notes.execute(arguments: [row.person, row.text, row.at]) }
        let secrets = try statement(.digestSecrets)
        for row in document.digestSecrets { try secrets.execute(arguments: [row.slot, row.secret]) }
        let items = try statement(.digestItems)
        for row in document.digestItems { try items.execute(arguments: [row.slot, row.item, row.person]) }
        let sources = try statement(.sourceFetches)
        for state in document.sourceFetches {
            try sources.execute(arguments: [
                state.name, state.url, state.etag, state.lastModified, state.lastSuccess, state.lastAttempt,
                state.lastError,
                state.failingSince, state.failures, state.file, state.size, state.nextFetch,
            ])
        }
    }
}
