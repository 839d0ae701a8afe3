import GRDB
import KithCore

/// Claiming a digest slot, in two steps around writing its message to the outbox (which is on disk, not in
/// SQLite): `claimSlot` records the slot and its nudges with no `composed_at`; once the message is queued,
/// `completeClaim` sets it. A claim left open by a crash is settled by whoever finds it (`openClaims`): completed
/// when the outbox holds the slot's message, abandoned (`abandonClaim`) when it does not, so that the slot is
/// composed again and exactly one digest goes out.
extension StateStore {
    /// Claims `slot` for composing, with the nudges its digest shows, who each numbered item is, and the secret
    /// its Message-ID holds (a reply must name it); false when it was composed before.
    package func claimSlot(
        _ slot: String,
        nudges: [(person: String, kind: String)],
        items: [(number: Int, person: String)] = [],
        secret: String? = nil
    ) throws(StateError) -> Bool {
        try write { db in
            let composed = try Row.fetchOne(
                db,
                sql: "SELECT composed_at, sent_at FROM digest_slots WHERE slot = ?",
                arguments: [slot]
            )
            if let composed,
                !(composed["composed_at"] as DatabaseValue).isNull || !(composed["sent_at"] as DatabaseValue).isNull
            {
                return false
            }
            // An open claim of the same slot (settled as abandoned, or never settled) is replaced whole.
            try db.execute(sql: "DELETE FROM sent_nudges WHERE slot = ?", arguments: [slot])
            try db.execute(sql: "INSERT OR IGNORE INTO digest_slots (slot) VALUES (?)", arguments: [slot])
            let statement = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO sent_nudges (slot, person, kind) VALUES (?, ?, ?)"
            )
            for nudge in nudges { try statement.execute(arguments: [slot, nudge.person, nudge.kind]) }
            try db.execute(sql: "DELETE FROM digest_items WHERE slot = ?", arguments: [slot])
            let item = try db.makeStatement(sql: "INSERT INTO digest_items (slot, item, person) VALUES (?, ?, ?)")
            for entry in items { try item.execute(arguments: [slot, entry.number, entry.person]) }
            if let secret {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO digest_secrets (slot, secret) VALUES (?, ?)",
                    arguments: [slot, secret]
                )
            }
            return true
        }
    }

    /// The claim's message is in the outbox: the slot is composed.
    package func completeClaim(_ slot: String, at instant: Int) throws(StateError) {
        try markSlot(slot, composedAt: instant)
    }

    /// The claim's message never reached the outbox: forget the claim, so that the slot can be composed.
    package func abandonClaim(_ slot: String) throws(StateError) {
        try write { db in
            let open = try Int.fetchOne(
                db,
                sql: "SELECT 1 FROM digest_slots WHERE slot = ? AND composed_at IS NULL AND sent_at IS NULL",
                arguments: [slot]
            )
            guard open != nil else { return }
            try db.execute(sql: "DELETE FROM sent_nudges WHERE slot = ?", arguments: [slot])
            try db.execute(sql: "DELETE FROM digest_slots WHERE slot = ?", arguments: [slot])
        }
    }

    /// Slots claimed and neither composed nor sent: a claim a crash interrupted.
    package func openClaims() throws(StateError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT slot FROM digest_slots WHERE composed_at IS NULL AND sent_at IS NULL ORDER BY slot"
            )
        }
    }
}

extension StateStore {
    /// The secrets of the digests composed since `instant`, by slot: a reply is acted on only when it names one.
    package func digestSecrets(composedSince instant: Int) throws(StateError) -> [String: String] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.slot AS slot, s.secret AS secret FROM digest_secrets s
                    JOIN digest_slots d ON d.slot = s.slot WHERE d.composed_at >= ?
                    """,
                arguments: [instant]
            )
            return Dictionary(rows.map { ($0["slot"] as String, $0["secret"] as String) }, uniquingKeysWith: { $1 })
        }
    }

    /// Who each numbered item of the slot's digest was (person keys).
    package func digestItems(_ slot: String) throws(StateError) -> [Int: String] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT item, person FROM digest_items WHERE slot = ?",
                arguments: [slot]
            )
            return Dictionary(rows.map { ($0["item"] as Int, $0["person"] as String) }, uniquingKeysWith: { $1 })
        }
    }
}
