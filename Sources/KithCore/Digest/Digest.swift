import KithFormats

/// The weekly digest as a value: its slot and week, sections of numbered items, statistics and footer. Pure.
package struct Digest: Sendable {
    /// One person and everything the digest tells about them this week.
    package struct Item: Sendable {
        /// 1…n in the digest's reading order: what a reply ("done 2") names.
        package var number: Int
        /// The person's nudges, the most urgent first (it decides the section), then by the day each is about.
        package var nudges: [Nudge]

        package var lead: Nudge { nudges[0] }
        package var personKey: String { lead.personKey }
        package var name: String { lead.name }
        package var emails: [String] { lead.emails }

        /// Where the item's nudges come from, each place once.
        package var sources: [SourceReference] {
            var seen = Set<String>()
            return nudges.flatMap(\.sources).filter { seen.insert($0.location).inserted }
        }

        /// The nudges' context lines (organisation, notes, last meeting), each once.
        package var context: [String] {
            var seen = Set<String>()
            return nudges.flatMap(\.context).filter { seen.insert($0).inserted }
        }
    }

    package struct Section: Sendable {
        package var title: String
        package var items: [Item]
    }

    /// The digest's identity: the ISO week of its date in the configured zone, e.g. `2026-W49`.
    package var slot: String
    /// The day it was composed, in the configured zone.
    package var date: CivilDate
    /// The first day of the week it is for: the last `digest.day` on or before `date`.
    package var weekStart: CivilDate
    package var sections: [Section]
    package var statistics: DigestStatistics
    /// Files that could not be read, with why.
    package var unreadable: [Diagnostic]
    /// Mail waiting to be resent (one line each), from the outbox.
    package var waitingMail: [String]
    /// Sources that have failed to fetch for more than a day (one line each).
    package var failingSources: [String] = []

    /// The items in reading order, numbered 1…n.
    package var items: [Item] { sections.flatMap(\.items) }
    /// Every nudge shown, item by item: what the state records as shown.
    package var nudges: [Nudge] { items.flatMap(\.nudges) }
    /// The last day of the digest's week.
    package var weekEnd: CivilDate { weekStart.adding(days: 6) }

    /// Composes the digest of `planner.now`.
    package static func compose(
        _ planner: Planner,
        waitingMail: [String] = [],
        failingSources: [String] = []
    ) -> Digest {
        let chosen = planner.items()
        let today = planner.calendar.date(of: planner.now)
        // The people drifting away first: what a reader acts on first should keep the network alive. Coming up
        // goes by date, the rest by rank.
        var number = 0
        let sections = Nudge.Share.allCases.map { share in
            var people = chosen.filter { $0[0].kind.share == share }
            if share == .comingUp { people.sort { ($0[0].due, $0[0].name) < ($1[0].due, $1[0].name) } }
            let items = people.map { nudges in
                number += 1
                return Item(number: number, nudges: nudges)
            }
            return Section(title: share.title, items: items)
        }
        return Digest(
            slot: planner.calendar.slot(today),
            date: today,
            weekStart: DigestStatistics.weekStart(containing: today, day: planner.settings.digest.day),
            sections: sections,
            statistics: planner.statistics(),
            unreadable: planner.network.unreadable,
            waitingMail: waitingMail,
            failingSources: failingSources
        )
    }

    /// "Kith, 30 Nov – 6 Dec: 8 people, 10 nudges — 1 to reconnect, 2 follow-ups, 3 birthdays, …": the week the
    /// digest is for, and the nudges it shows by kind (the people when some have more than one).
    package var subject: String {
        let shown = nudges
        let week = Self.span(weekStart, weekEnd, withYear: false)
        guard !shown.isEmpty else { return "Kith, \(week): a quiet week" }
        func count(_ kind: Nudge.Kind, _ singular: String, _ plural: String) -> String? {
            let number = shown.count { $0.kind == kind }
            return number == 0 ? nil : Plural.of(number, singular, plural)
        }
        let kinds = [
            count(.reconnect, "to reconnect", "to reconnect"), count(.followUp, "follow-up", "follow-ups"),
            count(.prepare, "meeting to prepare", "meetings to prepare"), count(.birthday, "birthday", "birthdays"),
            count(.anniversary, "anniversary", "anniversaries"), count(.newContact, "new contact", "new contacts"),
        ].compactMap { $0 }
        let people = items.count
        let total =
            people == shown.count
            ? Plural.of(people, "person", "people")
            : Plural.of(people, "person", "people") + ", " + Plural.of(shown.count, "nudge", "nudges")
        return "Kith, \(week): \(total) — \(kinds.joined(separator: ", "))"
    }

    /// The footer's notes, each under a heading that counts them: files that could not be read (with their first
    /// error), mail waiting to be resent.
    var notes: [(heading: String, lines: [String])] {
        var notes: [(heading: String, lines: [String])] = []
        if !unreadable.isEmpty {
            notes.append(
                ("Could not read \(Plural.of(unreadable.count, "file", "files")):", unreadable.map(\.description))
            )
        }
        if !waitingMail.isEmpty {
            notes.append(
                ("Waiting to be resent, \(Plural.of(waitingMail.count, "message", "messages")):", waitingMail)
            )
        }
        if !failingSources.isEmpty {
            let count = Plural.of(failingSources.count, "source", "sources")
            notes.append(("Not fetched for more than a day, \(count):", failingSources))
        }
        return notes
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "7 Sep".
    static func dayAndMonth(_ date: CivilDate) -> String { "\(date.day) \(months[date.month - 1])" }

    /// "30 Nov – 6 Dec 2026", "7 – 13 Dec 2026", "28 Dec 2026 – 3 Jan 2027"; without the year, "30 Nov – 6 Dec".
    package static func span(_ first: CivilDate, _ last: CivilDate, withYear: Bool) -> String {
        let end = dayAndMonth(last) + (withYear ? " \(last.year)" : "")
        if withYear, first.year != last.year { return "\(dayAndMonth(first)) \(first.year) – \(end)" }
        if first.month != last.month || first.year != last.year { return "\(dayAndMonth(first)) – \(end)" }
        return "\(first.day) – \(end)"
    }
}
