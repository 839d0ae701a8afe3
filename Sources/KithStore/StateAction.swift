import GRDB
import KithCore
import KithFormats

/// What a user tells Kith about one person, from any front end (the command line now, a reply to the digest
/// next): applied to a store at a moment, it changes the state and says in one line what it did.
package enum StateAction: Sendable, Hashable {
    /// A follow-up done, at a moment (nil: now).
    case done(at: Int?, note: String?)
    /// A meeting the calendar does not show.
    case met(at: Int, note: String?)
    /// Hear nothing about them for a span from now, or until a moment.
    case snooze(Snooze)
    case unsnooze
    case ignore
    case unignore
    /// A note to remember about them, shown by `kith show` and beside their nudges.
    case note(String)
    /// Their own rhythm, before `[people]` in the config and their circle's; nil: none of their own any more.
    case every(ConfigDuration?)
    /// Their circle (a name the config defines), before `[people]` and the circles' members and categories;
    /// nil: the config decides again.
    case circle(String?)

    package enum Snooze: Sendable, Hashable {
        case lasting(ConfigDuration)
        case until(Int)
    }

    /// Why an action was not applied (nothing changed).
    package enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// `done` or `met` at a moment still to come.
        case inTheFuture(Int, text: String)
        /// A snooze that ends before it starts.
        case endsInThePast(text: String)
        /// A note with nothing in it.
        case emptyNote
        /// A rhythm shorter than `StateAction.shortestRhythm`.
        case rhythmTooShort(text: String)

        package var description: String {
            switch self {
            case .inTheFuture(_, let text): "\(text) is in the future; record it once it has happened"
            case .endsInThePast(let text): "\(text) is already past; a snooze must end later than now"
            case .emptyNote: "a note needs some text"
            case .rhythmTooShort(let text): "\(text) is too short for a rhythm; give a day or more (e.g. 10d, 3w, 2mo)"
            }
        }
    }

    /// What applying did: the line to show, and whether anything changed.
    package struct Outcome: Sendable, Hashable {
        package var summary: String
        package var changed: Bool

        package init(summary: String, changed: Bool) {
            self.summary = summary
            self.changed = changed
        }
    }

    /// The shortest rhythm `kith every` takes (`StateFormat.shortestRhythm`).
    package static let shortestRhythm = StateFormat.shortestRhythm

    /// A person as the outcomes name them: `Ana Ahola <ana@example.org>`.
    package static func describe(_ person: Person) -> String {
        "\(person.name) <\(person.emails.first ?? person.key)>"
    }

    /// A day as the outcomes name it, in `zone`: `Fri 27 Nov 2026`.
    package static func day(_ instant: Int, zone: ZoneRules) -> String {
        let date = zone.local(atUTC: instant).date
        return CivilCalendar.short(date) + " \(date.year)"
    }

    /// The moment a snooze ends, seen from `now` in `zone`: a month or year span keeps the wall time of day
    /// (the 31st becomes the month's last day), the rest is exact.
    package static func end(of snooze: Snooze, now: Int, zone: ZoneRules) -> Int {
        switch snooze {
        case .until(let instant):
            return instant
        case .lasting(let span):
            let today = zone.local(atUTC: now)
            var date = today.date.adding(months: span.months)
            while !date.isValid { date.day -= 1 }
            return zone.instant(ofLocal: CivilDateTime(date: date, secondOfDay: today.secondOfDay)) + span.seconds
        }
    }
}

extension StateStore {
    /// Applies `action` to `person` at `now`, and journals it for `kith undo` in the same transaction; `zone` is
    /// the configured one, for the days in the summary. Throws `StateAction.Refusal` when the action makes no
    /// sense (nothing changes), `StateError` when the state cannot be written.
    package func apply(
        _ action: StateAction,
        to person: Person,
        now: Int,
        zone: ZoneRules
    ) throws -> StateAction.Outcome {
        let who = StateAction.describe(person)
        let key = person.key
        func day(_ instant: Int) -> String { StateAction.day(instant, zone: zone) }
        switch action {
        case .done(let at, let note):
            let moment = at ?? now
            if moment > now { throw StateAction.Refusal.inTheFuture(moment, text: day(moment)) }
            let summary = "Recorded: done with \(who) on \(day(moment))."
            return try change(key, now: now) { db in
                (
                    .deleteManual(try Self.insertManual(db, .done, person: key, at: moment, note: note, now: now)),
                    summary
                )
            }
        case .met(let at, let note):
            if at > now { throw StateAction.Refusal.inTheFuture(at, text: day(at)) }
            let summary = "Recorded: met \(who) on \(day(at))."
            return try change(key, now: now) { db in
                (.deleteManual(try Self.insertManual(db, .met, person: key, at: at, note: note, now: now)), summary)
            }
        case .snooze(let snooze):
            let end = StateAction.end(of: snooze, now: now, zone: zone)
            if end <= now { throw StateAction.Refusal.endsInThePast(text: day(end)) }
            let summary = "Snoozed \(who) until \(day(end))."
            return try change(key, now: now) { db in
                let before = try Self.integer(db, "until", of: "snoozes", key)
                try db.execute(
                    sql: "INSERT OR REPLACE INTO snoozes (person, until) VALUES (?, ?)",
                    arguments: [key, end]
                )
                return (.snooze(before), summary)
            }
        case .unsnooze:
            return try change(key, now: now) { db in
                guard let before = try Self.integer(db, "until", of: "snoozes", key) else {
                    return (nil, "\(who) was not snoozed; nothing changed.")
                }
                try db.execute(sql: "DELETE FROM snoozes WHERE person = ?", arguments: [key])
                return (.snooze(before), "\(who) is no longer snoozed.")
            }
        case .ignore:
            return try change(key, now: now) { db in
                let summary = "Ignoring \(who) from now on (undo with kith unignore)."
                if try Self.integer(db, "since", of: "ignores", key) != nil { return (nil, summary) }
                try db.execute(sql: "INSERT INTO ignores (person, since) VALUES (?, ?)", arguments: [key, now])
                return (.ignore(nil), summary)
            }
        case .unignore:
            return try change(key, now: now) { db in
                guard let before = try Self.integer(db, "since", of: "ignores", key) else {
                    return (nil, "\(who) was not ignored; nothing changed.")
                }
                try db.execute(sql: "DELETE FROM ignores WHERE person = ?", arguments: [key])
                return (.ignore(before), "\(who) is no longer ignored.")
            }
        case .note(let text):
            let text = text.trimmingWhitespace
            if text.isEmpty { throw StateAction.Refusal.emptyNote }
            return try change(key, now: now) { db in
                try db.execute(
                    sql: "INSERT INTO notes (person, text, at) VALUES (?, ?, ?)",
                    arguments: [key, text, now]
                )
                return (.deleteNote(db.lastInsertedRowID), "Noted about \(who): \(text)")
            }
        case .every(let every):
            if let every, every.approximateSeconds < StateAction.shortestRhythm {
                throw StateAction.Refusal.rhythmTooShort(text: every.description)
            }
            return try change(key, now: now) { db in
                let before = try Self.text(db, "every", of: "rhythms", key)
                guard let every else {
                    guard before != nil else { return (nil, "\(who) had no rhythm of their own; nothing changed.") }
                    try db.execute(sql: "DELETE FROM rhythms WHERE person = ?", arguments: [key])
                    return (.rhythm(before), "\(who) no longer has a rhythm of their own; the config's applies.")
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO rhythms (person, every) VALUES (?, ?)",
                    arguments: [key, every.description]
                )
                return (.rhythm(before), "\(who) now has a rhythm of every \(every).")
            }
        case .circle(let name):
            return try change(key, now: now) { db in
                let before = try Self.text(db, "circle", of: "person_circles", key)
                guard let name else {
                    guard before != nil else {
                        return (nil, "\(who) was in no circle by kith circle; nothing changed.")
                    }
                    try db.execute(sql: "DELETE FROM person_circles WHERE person = ?", arguments: [key])
                    return (.circle(before), "\(who) is no longer in a circle by kith circle; the config decides.")
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO person_circles (person, circle) VALUES (?, ?)",
                    arguments: [key, name]
                )
                return (.circle(before), "\(who) is now in your \(name) circle.")
            }
        }
    }

    /// Inserts a manual entry; returns its id.
    static func insertManual(
        _ db: Database,
        _ kind: ManualKind,
        person: String,
        at: Int,
        note: String?,
        now: Int
    ) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO manual_interactions (person, kind, at, note, recorded) VALUES (?, ?, ?, ?, ?)",
            arguments: [person, kind.rawValue, at, note, now]
        )
        return db.lastInsertedRowID
    }

    /// What `column` of `table` holds for a person: an integer, or nil when there is no row (or no integer).
    static func integer(_ db: Database, _ column: String, of table: String, _ person: String) throws -> Int? {
        try Row.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE person = ?", arguments: [person])?
            .integer(column)
    }

    /// What `column` of `table` holds for a person: text, or nil when there is no row (or no text).
    static func text(_ db: Database, _ column: String, of table: String, _ person: String) throws -> String? {
        try Row.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE person = ?", arguments: [person])?
            .text(column)
    }
}

extension String {
    /// Without leading and trailing white space and newlines.
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
