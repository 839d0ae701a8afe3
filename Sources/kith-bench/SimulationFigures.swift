import KithCore
import KithFormats

/// The [nudges] issue's four figures for one simulated half-year, from the world and the simulation's own
/// record of what the user did: the planner is what is measured, so nothing here asks it.
struct SimulationFigures {
    var contacts: Int
    /// Met at least once in the half-year, and never longer apart than 1.5× their rhythm.
    var covered: Int
    /// Not met at all in the half-year.
    var neglected: Int
    /// Per circle (as the world orders them): how many were met in the half-year, and how many covered.
    var byCircle: [(met: Int, covered: Int)]
    /// Items also in the previous week's digest (same person, same kind), and all items from the second week.
    var repeated: Int
    var itemsAfterFirst: Int
    /// Items per digest; empty without Kith.
    var loads: [Int]
    /// The longest run of Mondays, in weeks, on which someone was overdue and not in the digest.
    var longestOverdueUnshown: Int

    /// Someone is covered when their longest gap stays under this many times their rhythm.
    static let coverageFactor = 1.5

    var coverage: Double { Double(covered) / Double(contacts) }
    var repeats: Double { itemsAfterFirst == 0 ? 0 : Double(repeated) / Double(itemsAfterFirst) }
    var meanLoad: Double { loads.isEmpty ? 0 : Double(loads.reduce(0, +)) / Double(loads.count) }

    /// `record` is nil for the year without Kith; `mondays` are the digest slots of the simulated weeks.
    init(world: SimulationWorld, record: SimulationRecord?, mondays: [Int], zone: ZoneRules) {
        let times = Self.meetings(world: world, record: record, zone: zone)
        let start = zone.instant(ofLocal: CivilDateTime(date: world.startDate, secondOfDay: 0))
        let end = zone.instant(ofLocal: CivilDateTime(date: world.endDate, secondOfDay: 0))
        contacts = world.contacts.count
        covered = 0
        neglected = 0
        byCircle = Array(repeating: (0, 0), count: world.circles.count)
        for (person, contact) in world.contacts.enumerated() {
            let rhythm = world.circles[contact.circle].days * 86_400
            let inside = times[person].filter { $0 >= start && $0 < end }
            if inside.isEmpty {
                neglected += 1
                continue
            }
            byCircle[contact.circle].met += 1
            var previous = times[person].last { $0 < start } ?? start
            var longest = 0
            for time in inside + [end] {
                longest = max(longest, time - previous)
                previous = time
            }
            if Double(longest) < Self.coverageFactor * Double(rhythm) {
                covered += 1
                byCircle[contact.circle].covered += 1
            }
        }

        repeated = 0
        itemsAfterFirst = 0
        let digests = record?.digests ?? []
        for (previous, digest) in zip(digests, digests.dropFirst()) {
            let before = Set(previous.map { "\($0.kind.rawValue) \($0.person)" })
            repeated += digest.count { before.contains("\($0.kind.rawValue) \($0.person)") }
            itemsAfterFirst += digest.count
        }
        loads = digests.map(\.count)

        longestOverdueUnshown = 0
        for (person, contact) in world.contacts.enumerated() {
            let rhythm = world.circles[contact.circle].days * 86_400
            // Without REV, Kith counts from its first run: the simulation's first Monday.
            let revision =
                contact.revision.map { zone.instant(ofLocal: CivilDateTime(date: $0, secondOfDay: 0)) }
                ?? mondays[0]
            var run = 0
            for (week, now) in mondays.enumerated() {
                let last = times[person].last { $0 < now } ?? revision
                let shown = week < digests.count && digests[week].contains { $0.contact == person }
                run = now - last > rhythm && !shown ? run + 1 : 0
                longestOverdueUnshown = max(longestOverdueUnshown, run)
            }
        }
    }

    /// Per contact, the instants of every meeting that counts, sorted: occurrences of the series, one-offs and
    /// the user's catch-ups not cancelled and not declined by them, with at most `maxAttendees` people, and
    /// follow-ups marked done.
    static func meetings(world: SimulationWorld, record: SimulationRecord?, zone: ZoneRules) -> [[Int]] {
        var times = Array(repeating: [Int](), count: world.contacts.count)
        func count(_ attendees: [Int], declined: Set<Int>, at instant: Int) {
            // The user is there too.
            guard attendees.count + 1 <= SimulationWorld.maxAttendees else { return }
            for person in attendees where !declined.contains(person) { times[person].append(instant) }
        }
        let horizon = world.endDate.adding(days: 7 * SimulationWorld.tailWeeks)
        for series in world.series {
            for local in series.occurrences(before: horizon) {
                count(series.attendees, declined: [], at: zone.instant(ofLocal: local))
            }
        }
        for meeting in world.meetings + (record?.catchUps ?? []) where meeting.cancelledAt == nil {
            count(meeting.attendees, declined: meeting.declined, at: meeting.start)
        }
        for entry in record?.done ?? [] { times[entry.contact].append(entry.at) }
        return times.map { $0.sorted() }
    }
}
