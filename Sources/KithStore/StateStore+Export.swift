import Foundation
import GRDB

extension StateStore {
    /// Every table as JSON (`{"kith_state": 1, "manual": […], "snoozes": […], …}`), for backups and moves.
    package func exportJSON() throws(StateError) -> String {
        let tables: [(name: String, sql: String)] = [
            ("manual", "SELECT person, kind, at, note, recorded FROM manual_interactions ORDER BY id"),
            ("snoozes", "SELECT person, until FROM snoozes ORDER BY person"),
            ("ignored", "SELECT person, since FROM ignores ORDER BY person"),
            ("first_seen", "SELECT person, at FROM first_seen ORDER BY person"),
            ("sent_nudges", "SELECT slot, person, kind FROM sent_nudges ORDER BY slot, person, kind"),
            ("digest_slots", "SELECT slot, composed_at, sent_at FROM digest_slots ORDER BY slot"),
        ]
        let object: [String: Any] = try readForExport { db in
            var object: [String: Any] = ["kith_state": Self.schemaVersion]
            for table in tables {
                object[table.name] = try Row.fetchAll(db, sql: table.sql).map { row -> [String: Any] in
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
            return object
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw StateError(.unavailable, path: path, "cannot write the export: \(error)")
        }
    }

    private func readForExport(
        _ body: @escaping @Sendable (Database) throws -> [String: Any]
    ) throws(StateError) -> [String: Any] {
        final class Box: @unchecked Sendable { var value: [String: Any] = [:] }
        let box = Box()
        do {
            try poolForExport.read { db in box.value = try body(db) }
        } catch {
            throw Self.translate(error, path: path)
        }
        return box.value
    }

    /// Replaces the whole state with an export, in one transaction: all of it or nothing.
    package func importJSON(_ text: String, from source: String) throws(StateError) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
            let version = object["kith_state"] as? Int
        else {
            throw StateError(.badExport, path: source, "not a Kith state export (no \"kith_state\" version)")
        }
        guard version <= Self.schemaVersion else {
            throw StateError(
                .badExport,
                path: source,
                "exported by a newer Kith (state \(version)); upgrade Kith to import it"
            )
        }
        func rows(_ key: String) -> [[String: Any]] { object[key] as? [[String: Any]] ?? [] }
        func value(_ any: Any?) -> (any DatabaseValueConvertible & Sendable)? {
            switch any {
            case let number as NSNumber: return number.int64Value
            case let text as String: return text
            default: return nil
            }
        }
        let inserts: [(sql: String, columns: [String], rows: [[String: Any]])] = [
            (
                "INSERT INTO manual_interactions (person, kind, at, note, recorded) VALUES (?, ?, ?, ?, ?)",
                ["person", "kind", "at", "note", "recorded"], rows("manual")
            ),
            ("INSERT INTO snoozes (person, until) VALUES (?, ?)", ["person", "until"], rows("snoozes")),
            ("INSERT INTO ignores (person, since) VALUES (?, ?)", ["person", "since"], rows("ignored")),
            ("INSERT INTO first_seen (person, at) VALUES (?, ?)", ["person", "at"], rows("first_seen")),
            (
                "INSERT INTO sent_nudges (slot, person, kind) VALUES (?, ?, ?)", ["slot", "person", "kind"],
                rows("sent_nudges")
            ),
            (
                "INSERT INTO digest_slots (slot, composed_at, sent_at) VALUES (?, ?, ?)",
                ["slot", "composed_at", "sent_at"],
                rows("digest_slots")
            ),
        ]
        let prepared: [(sql: String, arguments: [StatementArguments])] = inserts.map { insert in
            (insert.sql, insert.rows.map { row in StatementArguments(insert.columns.map { value(row[$0]) }) })
        }
        do {
            try poolForExport.write { db in
                for table in ["manual_interactions", "snoozes", "ignores", "first_seen", "sent_nudges", "digest_slots"]
                {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
                for insert in prepared {
                    let statement = try db.makeStatement(sql: insert.sql)
                    for arguments in insert.arguments { try statement.execute(arguments: arguments) }
                }
            }
        } catch {
            throw StateError(.badExport, path: source, "cannot import: \(error)")
        }
    }
}
