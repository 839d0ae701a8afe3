import KithFormats

/// The weekly digest as a value: its slot, sections of nudges, statistics and footer. Pure.
package struct Digest: Sendable {
    package struct Section: Sendable {
        package var title: String
        package var nudges: [Nudge]
    }

    /// The digest's identity: the ISO week of its date in the configured zone, e.g. `2026-W49`.
    package var slot: String
    package var date: CivilDate
    package var sections: [Section]
    package var statistics: DigestStatistics
    /// Files that could not be read, with why.
    package var unreadable: [Diagnostic]
    /// Mail waiting to be resent (one line each), from the outbox.
    package var waitingMail: [String]

    package var nudges: [Nudge] { sections.flatMap(\.nudges) }

    /// Composes the digest of `planner.now`.
    package static func compose(_ planner: Planner, waitingMail: [String] = []) -> Digest {
        let nudges = planner.nudges()
        let today = planner.calendar.date(of: planner.now)
        func pick(_ kinds: [Nudge.Kind]) -> [Nudge] { nudges.filter { kinds.contains($0.kind) } }
        // The people drifting away first: what a reader acts on first should keep the network alive.
        let sections = [
            Section(title: "Reconnect", nudges: pick([.reconnect])),
            Section(title: "Follow up", nudges: pick([.followUp])),
            Section(
                title: "Coming up",
                nudges: pick([.prepare, .birthday, .anniversary]).sorted { ($0.due, $0.name) < ($1.due, $1.name) }
            ),
            Section(title: "New in your network", nudges: pick([.newContact])),
        ]
        return Digest(
            slot: planner.calendar.slot(today),
            date: today,
            sections: sections,
            statistics: planner.statistics(),
            unreadable: planner.network.unreadable,
            waitingMail: waitingMail
        )
    }

    /// "Kith: 3 follow-ups, 5 to reconnect, 2 birthdays (week 49)".
    package var subject: String {
        func count(_ kind: Nudge.Kind) -> Int { nudges.count { $0.kind == kind } }
        func plural(_ number: Int, _ singular: String, _ pluralForm: String) -> String {
            "\(number) \(number == 1 ? singular : pluralForm)"
        }
        var parts: [String] = []
        if count(.followUp) > 0 { parts.append(plural(count(.followUp), "follow-up", "follow-ups")) }
        if count(.reconnect) > 0 { parts.append("\(count(.reconnect)) to reconnect") }
        if count(.birthday) > 0 { parts.append(plural(count(.birthday), "birthday", "birthdays")) }
        if count(.anniversary) > 0 { parts.append(plural(count(.anniversary), "anniversary", "anniversaries")) }
        if count(.prepare) > 0 { parts.append(plural(count(.prepare), "meeting to prepare", "meetings to prepare")) }
        if count(.newContact) > 0 { parts.append(plural(count(.newContact), "new contact", "new contacts")) }
        let week = slot.split(separator: "W").last.map { String(Int($0) ?? 0) } ?? slot
        return "Kith: \(parts.isEmpty ? "a quiet week" : parts.joined(separator: ", ")) (week \(week))"
    }
}
