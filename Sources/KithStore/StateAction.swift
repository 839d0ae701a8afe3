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

        package var description: String {
            switch self {
            case .inTheFuture(_, let text): "\(text) is in the future; record it once it has happened"
            case .endsInThePast(let text): "\(text) is already past; a snooze must end later than now"
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
    /// Applies `action` to `person` at `now`; `zone` is the configured one, for the days in the summary.
    /// Throws `StateAction.Refusal` when the action makes no sense (nothing changes), `StateError` when the
    /// state cannot be written.
    package func apply(
        _ action: StateAction,
        to person: Person,
        now: Int,
        zone: ZoneRules
    ) throws -> StateAction.Outcome {
        let who = StateAction.describe(person)
        func day(_ instant: Int) -> String { StateAction.day(instant, zone: zone) }
        switch action {
        case .done(let at, let note):
            let moment = at ?? now
            if moment > now { throw StateAction.Refusal.inTheFuture(moment, text: day(moment)) }
            try record(.done, person: person.key, at: moment, note: note, now: now)
            return .init(summary: "Recorded: done with \(who) on \(day(moment)).", changed: true)
        case .met(let at, let note):
            if at > now { throw StateAction.Refusal.inTheFuture(at, text: day(at)) }
            try record(.met, person: person.key, at: at, note: note, now: now)
            return .init(summary: "Recorded: met \(who) on \(day(at)).", changed: true)
        case .snooze(let snooze):
            let end = StateAction.end(of: snooze, now: now, zone: zone)
            if end <= now { throw StateAction.Refusal.endsInThePast(text: day(end)) }
            try self.snooze(person.key, until: end)
            return .init(summary: "Snoozed \(who) until \(day(end)).", changed: true)
        case .unsnooze:
            let changed = try unsnooze(person.key)
            return .init(
                summary: changed ? "\(who) is no longer snoozed." : "\(who) was not snoozed; nothing changed.",
                changed: changed
            )
        case .ignore:
            try ignore(person.key, since: now)
            return .init(summary: "Ignoring \(who) from now on (undo with kith unignore).", changed: true)
        case .unignore:
            let changed = try unignore(person.key)
            return .init(
                summary: changed ? "\(who) is no longer ignored." : "\(who) was not ignored; nothing changed.",
                changed: changed
            )
        }
    }
}
