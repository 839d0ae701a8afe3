import ArgumentParser
import Foundation
import KithCore
import KithFormats
import KithStore

/// `kith people`: everyone in the network, with circle, rhythm and where it comes from, last meeting and when
/// they are due; people only seen in calendars are summed up in one line unless asked for.
struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "List everyone with circle, rhythm (and where it comes from), last meeting and when they are due.",
        discussion: """
            Attendees who are in no card are summed up in one line; --all or a search term lists them. The \
            filters combine: --overdue --circle close lists the close circle's overdue people. FROM says where \
            the rhythm comes from: kith every or kith circle, [people] in the config, a circle's members, its \
            categories, or default_circle.
            """
    )

    @Option(name: .long, help: "The config file.")
    var config: String?

    @Option(
        name: .long,
        parsing: .unconditional,
        help: "The moment to list for, in the configured time zone (YYYY-MM-DD[THH:MM], a weekday, +1w)."
    )
    var at: String?

    @Flag(help: "One JSON object per person (everyone the filters let through, as with --all).")
    var json = false

    @Flag(help: "Only people whose rhythm has run out.")
    var overdue = false

    @Flag(help: "Only people snoozed now.")
    var snoozed = false

    @Flag(help: "Only people ignored (kith ignore, or ignore in [people]).")
    var ignored = false

    @Option(help: "Only people in this circle.")
    var circle: String?

    @Flag(help: "Also list, one by one, the attendees who are in no card.")
    var all = false

    @Argument(help: "Only people whose name or an address contains this.")
    var search: String?

    func run() throws {
        let workspace = try Workspace.load(config: config)
        // A circle the config lacks is a mistake to say, not an empty list.
        let circle = try circle.map(workspace.circle(named:))
        let now = try at.map { try workspace.instant($0, direction: .future) } ?? Workspace.now()
        let (planner, _) = try workspace.planner(now: now, state: try workspace.openState())
        let rows = planner.network.people.indices.map { PersonRow(planner: planner, index: $0) }
            .filter { matches($0, circle: circle) }
            .map { (key: NaturalOrder($0.person.name), row: $0) }
            .sorted { $0.key < $1.key }
            .map(\.row)
        if json {
            for row in rows { print(row.json.serialized) }
            return
        }
        let listed = all || search != nil ? rows : rows.filter(\.person.inContacts)
        let unlisted = rows.count - listed.count
        if listed.isEmpty && unlisted == 0 {
            print("No one matches.")
            return
        }
        print(PersonRow.header)
        for row in listed { print(row.line) }
        if unlisted > 0 {
            let others = unlisted == 1 ? "1 other" : "\(unlisted) others"
            print("… and \(others) seen only in calendars (--all lists them).")
        }
    }

    private func matches(_ row: PersonRow, circle: String?) -> Bool {
        if overdue && !row.isOverdue { return false }
        if snoozed && row.snoozedUntil == nil { return false }
        if ignored && !row.isIgnored { return false }
        if let circle, row.circleName != circle { return false }
        if let search {
            let lower = search.lowercased()
            if !row.person.name.lowercased().contains(lower)
                && !row.person.emails.contains(where: { $0.contains(lower) })
            {
                return false
            }
        }
        return true
    }
}

/// What `people` shows of one person.
struct PersonRow {
    let person: Person
    let cadence: Planner.Cadence?
    let circleName: String?
    let from: String?
    let last: Interaction?
    let due: Int?
    let isOverdue: Bool
    let snoozedUntil: Int?
    let isIgnored: Bool
    let zone: ZoneRules

    init(planner: Planner, index: Int) {
        let person = planner.network.people[index]
        self.person = person
        cadence = planner.cadence(of: person)
        circleName = cadence?.circle ?? planner.circle(of: person)?.circle.name
        from = cadence.map { Self.origin($0.origin, person: person, state: planner.state) }
        last = planner.network.summaries[index].lastCounted.map(planner.network.interaction)
        due = planner.standing(at: index)?.due
        isOverdue = planner.isOverdue(at: index)
        snoozedUntil = planner.state.snoozedUntil[person.key].flatMap { $0 > planner.now ? $0 : nil }
        isIgnored =
            planner.state.ignored.contains(person.key)
            || person.emails.contains { planner.settings.people[$0]?.ignore == true }
        zone = planner.calendar.zone
    }

    /// Where a rhythm comes from, in a word or two.
    static func origin(_ origin: Planner.Cadence.Origin, person: Person, state: PlannerState) -> String {
        switch origin {
        case .state: state.rhythm[person.key] != nil ? "kith every" : "kith circle"
        case .person: "[people]"
        case .members: "members"
        case .categories: "categories"
        case .defaultCircle: "default"
        }
    }

    /// The rhythm as configured, and as jitter moved it when by a day or more: `3w (19d)`.
    static func rhythm(_ cadence: Planner.Cadence) -> String {
        // Rounded to the day, as the reasons write it.
        let days = (cadence.seconds + 43_200) / 86_400
        return cadence.isSpread ? "\(cadence.configured) (\(days)d)" : cadence.configured.description
    }

    static let header = columns(["NAME", "EMAIL", "CIRCLE", "RHYTHM", "FROM", "LAST MET", "STATUS"])

    private static func columns(_ values: [String]) -> String {
        let widths = [26, 30, 10, 10, 11, 16]
        var line = ""
        for (value, width) in zip(values, widths) { line += InspectTable.pad(value, width) + "  " }
        return line + (values.last ?? "")
    }

    var line: String {
        Self.columns([
            person.name, person.emails.first ?? "", circleName ?? "-", cadence.map(Self.rhythm) ?? "-", from ?? "-",
            last.map { StateAction.day($0.start, zone: zone) } ?? "never", status,
        ])
    }

    /// Overdue or when due, then snoozed and ignored, then not in contacts.
    var status: String {
        var parts: [String] = []
        if let due { parts.append((isOverdue ? "overdue since " : "due ") + StateAction.day(due, zone: zone)) }
        if let snoozedUntil { parts.append("snoozed until " + StateAction.day(snoozedUntil, zone: zone)) }
        if isIgnored { parts.append("ignored") }
        if !person.inContacts { parts.append("not in contacts") }
        return parts.joined(separator: ", ")
    }

    var json: KithFormats.JSONValue {
        typealias JSON = KithFormats.JSONValue
        func day(_ instant: Int) -> JSON { .string(zone.local(atUTC: instant).date.description) }
        var fields: [(String, JSON)] = [
            ("key", .string(person.key)), ("name", .string(person.name)),
            ("emails", .array(person.emails.map(JSON.string))), ("in_contacts", .bool(person.inContacts)),
        ]
        fields.append(("circle", circleName.map(JSON.string) ?? .null))
        fields.append(("rhythm", cadence.map { JSON.string($0.configured.description) } ?? .null))
        fields.append(("rhythm_from", cadence.map { JSON.string($0.origin.rawValue) } ?? .null))
        fields.append(("cadence_days", cadence.map { JSON.int($0.seconds / 86_400) } ?? .null))
        fields.append(("last_meeting", last.map { day($0.start) } ?? .null))
        fields.append(("last_summary", last.map { JSON.string($0.summary) } ?? .null))
        fields.append(("due", due.map(day) ?? .null))
        fields.append(("overdue", .bool(isOverdue)))
        fields.append(("snoozed_until", snoozedUntil.map(day) ?? .null))
        fields.append(("ignored", .bool(isIgnored)))
        fields.append(("sources", .array(person.sources.map { JSON.string($0.location) })))
        return .object(fields)
    }
}
