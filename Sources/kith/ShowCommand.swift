import ArgumentParser
import Foundation
import KithCore
import KithFormats
import KithStore

/// `kith show PERSON`: everything Kith knows and plans about one person, each fact with where it comes from.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one person: circle and rhythm (and why), last and next meeting, the nudge due, notes, history."
    )

    @OptionGroup var options: PersonOptions

    @Option(
        name: .long,
        parsing: .unconditional,
        help: "The moment to show them at, in the configured time zone (YYYY-MM-DD[THH:MM], a weekday, +1w)."
    )
    var at: String?

    /// How many past meetings `Recent` lists.
    static let recentCount = 5

    func run() throws {
        let workspace = try Workspace.load(config: options.config)
        let store = try workspace.openState()
        let now = try at.map { try workspace.instant($0, direction: .future) } ?? Workspace.now()
        let (planner, _) = try workspace.planner(now: now, state: store)
        let person = try workspace.person(options.person, in: planner.network)
        guard let index = planner.index(of: person.key) else { throw ExitCode(1) }
        for line in ShowText.lines(
            planner: planner,
            index: index,
            schedule: DigestSchedule(settings: workspace.settings, zone: workspace.zone)
        ) {
            print(line)
        }
    }
}

/// The lines of `kith show`, from the planner alone.
enum ShowText {
    static func lines(planner: Planner, index: Int, schedule: DigestSchedule) -> [String] {
        let person = planner.network.people[index]
        let zone = planner.calendar.zone
        let now = planner.now
        func day(_ instant: Int) -> String { StateAction.day(instant, zone: zone) }
        func field(_ name: String, _ value: String) -> String { "  " + InspectTable.pad(name + ":", 11) + value }
        var lines = [StateAction.describe(person)]
        if person.emails.count > 1 { lines.append(field("Addresses", person.emails.joined(separator: ", "))) }
        let role = [person.title, person.organization].compactMap { $0 }.joined(separator: ", ")
        if !role.isEmpty { lines.append(field("Works", role)) }
        if !person.inContacts { lines.append(field("Contacts", "in no card: seen only in calendars")) }

        let placed = planner.circle(of: person)
        let cadence = planner.cadence(of: person)
        if let placed {
            lines.append(field("Circle", "\(placed.circle.name) (\(circleOrigin(placed.origin)))"))
        } else {
            lines.append(field("Circle", "none"))
        }
        if let set = planner.state.circle[person.key], placed?.origin != .state {
            lines.append(
                String(repeating: " ", count: 13)
                    + "kith circle put them in \"\(set)\", which the config no longer defines"
            )
        }
        if let cadence {
            let days = (cadence.seconds + 43_200) / 86_400  // rounded, as the reasons write it
            let jitter = cadence.isSpread ? ", \(days == 1 ? "1 day" : "\(days) days") with the circle's jitter" : ""
            lines.append(
                field("Rhythm", "every \(cadence.configured)\(jitter) (\(rhythmOrigin(cadence, planner, person)))")
            )
        } else {
            lines.append(field("Rhythm", "none (no circle and no rhythm of their own: no reconnect nudges)"))
        }

        let summary = planner.network.summaries[index]
        func meeting(_ encounter: Network.Encounter) -> String {
            let interaction = planner.network.interaction(encounter)
            return "\(day(interaction.start)), '\(interaction.summary)' (\(interaction.source.location))"
        }
        lines.append(field("Last met", summary.lastCounted.map(meeting) ?? "never"))
        if let seen = summary.lastMet, seen.start != summary.lastCounted?.start {
            lines.append(field("Last seen", meeting(seen) + ", too large a meeting to count"))
        }
        lines.append(field("Next", summary.nextPlanned.map(meeting) ?? "nothing planned"))
        let standing = planner.standing(at: index)
        if let standing {
            let since = standing.neverMet ? " (never met: counted from \(day(standing.since)))" : ""
            let overdue = standing.isOverdue(at: now) ? "overdue since " : ""
            lines.append(field("Due", overdue + day(standing.due) + since))
        }

        let snoozed = planner.state.snoozedUntil[person.key].flatMap { $0 > now ? $0 : nil }
        if let snoozed { lines.append(field("Snoozed", "until \(day(snoozed)) (kith unsnooze ends it)")) }
        if planner.state.ignored.contains(person.key) {
            lines.append(field("Ignored", "yes (kith unignore ends it)"))
        } else if person.emails.contains(where: { planner.settings.people[$0]?.ignore == true }) {
            lines.append(field("Ignored", "yes (ignore in [people] in the config)"))
        }
        lines.append(
            field("Nudge", nudge(planner, index: index, standing: standing, snoozed: snoozed, schedule: schedule))
        )

        let notes = planner.state.notes[person.key] ?? []
        if let note = person.note, !note.isEmpty { lines.append(field("Card note", note.replacingNewlinesWithSpaces)) }
        if !notes.isEmpty {
            lines.append("  Notes:")
            for note in notes { lines.append("    \(day(note.at))  \(note.text.replacingNewlinesWithSpaces)") }
        }
        let interactions = planner.network.interactions(of: person.key)
        let past = interactions.filter { $0.start <= now }.suffix(ShowCommand.recentCount)
        let ahead = interactions.first { $0.start > now }
        if !past.isEmpty || ahead != nil {
            lines.append("  Recent (kith history lists all):")
            for interaction in past { lines.append("    " + HistoryLine.text(interaction, now: now, zone: zone)) }
            if let ahead { lines.append("    " + HistoryLine.text(ahead, now: now, zone: zone)) }
        }
        return lines
    }

    /// The nudge they offer now and whether it makes this digest; else when the next one comes, or why none.
    private static func nudge(
        _ planner: Planner,
        index: Int,
        standing: Planner.Standing?,
        snoozed: Int?,
        schedule: DigestSchedule
    ) -> String {
        let zone = planner.calendar.zone
        let key = planner.network.people[index].key
        if let offered = planner.offered(at: index) {
            let inDigest = planner.nudges().contains { $0.personKey == key && $0.kind == offered.kind }
            let place = inDigest ? "in this digest" : "not in this digest: others are more pressing"
            return "\(offered.kind.rawValue.replacingOccurrences(of: "_", with: " ")) now, \(place): \(offered.reason)"
        }
        if let snoozed { return "none while snoozed (until \(StateAction.day(snoozed, zone: zone)))" }
        if planner.isLeftOut(at: index) { return "none: ignored" }
        if let standing, standing.due > planner.now {
            let slot = schedule.next(after: standing.due)
            return "reconnect from \(StateAction.day(standing.due, zone: zone)), "
                + "first in the digest of \(StateAction.day(slot, zone: zone))"
        }
        return "none now"
    }

    private static func circleOrigin(_ origin: Planner.Cadence.Origin) -> String {
        switch origin {
        case .state: "set with kith circle"
        case .person: "circle in [people] in the config"
        case .members: "one of the circle's members in the config"
        case .categories: "from the card's categories"
        case .defaultCircle: "default_circle: in no other circle"
        }
    }

    private static func rhythmOrigin(_ cadence: Planner.Cadence, _ planner: Planner, _ person: Person) -> String {
        if cadence.origin == .state, planner.state.rhythm[person.key] != nil { return "set with kith every" }
        let personal = person.emails.lazy.compactMap { planner.settings.people[$0] }.first
        if cadence.origin == .person, personal?.every != nil { return "every in [people] in the config" }
        return "from the \(cadence.circle ?? "?") circle"
    }
}

extension String {
    /// Lines joined by spaces, for one line of output.
    fileprivate var replacingNewlinesWithSpaces: String { split(whereSeparator: \.isNewline).joined(separator: " ") }
}
