import Foundation
import KithCore
import KithFormats
import KithStore

/// What happened in one simulated half-year, as the simulation itself saw it (never as the planner says).
struct SimulationRecord {
    struct Item {
        var person: String
        var kind: Nudge.Kind
        /// Index into the world's contacts; nil for someone the simulation does not know.
        var contact: Int?
    }

    var catchUps: [SimulationWorld.Meeting] = []
    var done: [(contact: Int, at: Int)] = []
    /// Each Monday's digest items, in the digest's order; none without Kith.
    var digests: [[Item]] = []
    /// How many of the items the user acted on (the first three each week) were of each kind.
    var actedOn: [Nudge.Kind: Int] = [:]
    /// The reconnect and new-contact items acted on, by the circle of whom they name (the world's order).
    var reconnectsByCircle: [Int: Int] = [:]
    /// Problems Kith reported reading the generated files (there should be none).
    var diagnostics: [String] = []
}

/// The weekly loop with Kith, as the daemon runs it: each Monday at 08:00 a digest from the visible files and
/// a real state database, recorded as sent; then the simulated user acts on its first items.
struct SimulationRun {
    /// How many items, from the top, the simulated user acts on each Monday.
    static let actedOn = 3
    /// How often a reconnect or new-contact nudge acted on becomes a booked catch-up.
    static let bookingRate = 0.7

    var world: SimulationWorld
    var settings: Settings
    var zone: ZoneRules
    var database: TimeZoneDatabase

    /// The Monday of simulated week `week` (0-based) at 08:00, the digest's slot.
    func monday(_ week: Int) -> Int {
        zone.instant(
            ofLocal: CivilDateTime(date: world.startDate.adding(days: 7 * week), hour: 8, minute: 0, second: 0)
        )
    }

    func withKith(seed: UInt64, stateFolder: String) throws -> SimulationRecord {
        try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let store = try StateStore(path: stateFolder + "/kith.sqlite")
        // The user's own draws, apart from the world's: acting differently must not change the world.
        var random = SplitMix64(state: seed ^ 0xA5A5_A5A5_A5A5_A5A5)
        var record = SimulationRecord()
        let contactsPath = settings.inbox + "/contacts.vcf"
        let calendarPath = settings.inbox + "/calendar.ics"
        let contacts = Document.parse(bytes: world.contactsFile(), path: contactsPath, kind: .contacts)
        record.diagnostics += contacts.diagnostics.map(\.description)
        let byEmail = Dictionary(uniqueKeysWithValues: world.contacts.enumerated().map { ($1.email, $0) })
        for week in 0..<world.weeks {
            let now = monday(week)
            let calendar = Document.parse(
                bytes: world.calendarFile(at: now, catchUps: record.catchUps, zone: zone),
                path: calendarPath,
                kind: .calendar
            )
            record.diagnostics += calendar.diagnostics.map(\.description)
            // As the service and `kith digest` do it.
            let (planner, diagnostics) = try store.planner(
                documents: [contacts, calendar],
                settings: settings,
                now: now,
                seenAt: now,
                zone: zone,
                database: database
            )
            record.diagnostics += diagnostics.map(\.description)
            let digest = Digest.compose(planner)
            try store.markSlot(digest.slot, composedAt: now)
            try store.recordSent(slot: digest.slot, nudges: digest.nudges.map { ($0.personKey, $0.kind.rawValue) })
            try store.markSlot(digest.slot, sentAt: now)

            func contact(of nudge: Nudge) -> Int? {
                nudge.emails.lazy.compactMap { byEmail[$0.lowercased()] }.first ?? byEmail[nudge.personKey]
            }
            record.digests.append(
                digest.nudges.map {
                    SimulationRecord.Item(person: $0.personKey, kind: $0.kind, contact: contact(of: $0))
                }
            )
            for nudge in digest.items.prefix(Self.actedOn).map(\.lead) {
                record.actedOn[nudge.kind, default: 0] += 1
                guard let person = contact(of: nudge) else { continue }
                switch nudge.kind {
                case .reconnect, .newContact:
                    record.reconnectsByCircle[world.contacts[person].circle, default: 0] += 1
                    if random.chance(Self.bookingRate) {
                        record.catchUps.append(
                            catchUp(with: person, number: record.catchUps.count, after: now, random: &random)
                        )
                    }
                case .followUp:
                    // Done that morning, from the shell or by replying to the digest.
                    let at = now + 3600
                    try store.record(.done, person: nudge.personKey, at: at, note: nil, now: at)
                    record.done.append((person, at))
                default:
                    // A meeting to prepare, a birthday, an anniversary: the calendar already holds what follows.
                    break
                }
            }
        }
        return record
    }

    /// A catch-up the user books on Monday morning, one to fourteen days ahead: lunch with a colleague, an
    /// evening with a friend.
    private func catchUp(
        with person: Int,
        number: Int,
        after now: Int,
        random: inout SplitMix64
    ) -> SimulationWorld.Meeting {
        let contact = world.contacts[person]
        let day = zone.local(atUTC: now).date.adding(days: 1 + random.below(14))
        let personal = world.circles[contact.circle].name == "close" || world.circles[contact.circle].name == "friends"
        let local = CivilDateTime(date: day, hour: personal ? 18 : 12, minute: 0, second: 0)
        return SimulationWorld.Meeting(
            uid: "sim-catch-up-\(number)@kith.example",
            kind: .catchUp,
            summary: "Catch-up with \(contact.given)",
            local: local,
            start: zone.instant(ofLocal: local),
            minutes: 60,
            attendees: [person],
            userOrganizes: true,
            bookedAt: now + 600
        )
    }
}
