import KithFormats
import KithTestSupport
import Testing

@testable import KithCore

/// The network's own machinery, each part against a plain oracle: the address table against a dictionary,
/// the name order against sorting strings, and each person's summary against their whole list of interactions.
@Suite struct NetworkTests {
    @Test func addressTableFindsEveryAddressItHoldsAndNoOther() {
        var random = SeededRandom(seed: 11)
        var table = AddressTable()
        var oracle: [String: Int32] = [:]
        for index in 0..<20_000 {
            let address = "p\(Int.random(in: 0..<15_000, using: &random))@example.org"
            let value = table.insert(address, value: Int32(index))
            // The first value given for an address stays.
            #expect(value == oracle[address, default: Int32(index)])
            oracle[address] = oracle[address] ?? Int32(index)
        }
        #expect(table.count == oracle.count)
        for (address, value) in oracle { #expect(table.value(of: address) == value) }
        for index in 15_000..<15_100 { #expect(table.value(of: "p\(index)@example.org") == nil) }
        #expect(table.value(of: "") == nil)
    }

    @Test func peopleAreOrderedAsTheirLowerCasedNamesCompare() {
        var random = SeededRandom(seed: 5)
        let names = [
            "Émile Ém", "emile em", "Zoë", "zoe", "Anna", "anna-liisa", "Ärjä", "Ω", "", "Anna Ahola Aalto Bee",
        ]
        let people = (0..<3_000).map { index in
            let name = names[Int.random(in: 0..<names.count, using: &random)]
            let key = "k\(Int.random(in: 0..<100, using: &random))-\(index)@x.org"
            return Person(Person.Fields(key: key, name: name, emails: [key], inContacts: true))
        }
        let expected = people.indices.sorted { a, b in
            let left = Array(people[a].name.lowercased().utf8) + [0] + Array(people[a].key.utf8)
            let right = Array(people[b].name.lowercased().utf8) + [0] + Array(people[b].key.utf8)
            return left.lexicographicallyPrecedes(right)
        }
        #expect(NetworkAssembly.nameOrder(people) == expected)
        // Keyed and sorted in ranges on several cores, then merged: the same order.
        #expect(NetworkAssembly.nameOrder(people, minimumPerRange: 700) == expected)
        #expect(NetworkAssembly.nameOrder([]) == [])
    }

    /// The moment the networks below are summed up at.
    static let now = PlannerScenarioTests.at(2026, 7, 15, 12)

    /// The network of one calendar file holding `events` (VEVENT lines), at `now`, with the planner's window
    /// and statistics periods.
    static func network(events: [String], settings: Settings) -> Network {
        let text = (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kith//Tests//EN"] + events + ["END:VCALENDAR"])
            .joined(separator: "\r\n")
        let document = Document.parse(bytes: Array(text.utf8), path: "/inbox/calendar.ics", kind: .calendar)
        let zone = PlannerScenarioTests.zone
        return NetworkBuilder.build(
            documents: [document],
            settings: settings,
            window: Planner.window(now: now, settings: settings, zone: zone),
            now: now,
            periods: Planner.statisticsPeriods(now: now, calendar: CivilCalendar(zone: zone)),
            zone: zone,
            database: PlannerScenarioTests.database
        ).network
    }

    /// A calendar large enough to be read on several cores: an attendee in no card is one person however
    /// many ranges meet them, named by the CN and sourced at the first event (in file order) that lists them.
    @Test func attendeesInNoCardAreOnePersonEachAcrossRanges() throws {
        var random = SeededRandom(seed: 8)
        var lines: [String] = []
        var first: [String: (name: String, line: Int)] = [:]
        var pairs = 0
        for index in 0..<6_000 {
            let day = 1 + index % 28
            lines += ["BEGIN:VEVENT", "UID:e\(index)", "DTSTART:202606\(day < 10 ? "0" : "")\(day)T090000Z"]
            // Its BEGIN's line in the file: after the three lines that open the calendar (`network(events:)`).
            let beginLine = 3 + lines.count - 2
            var listed: Set<Int> = []
            for _ in 0..<3 {
                let who = Int.random(in: 0..<2_500, using: &random)
                guard listed.insert(who).inserted else { continue }
                let address = "guest\(who)@example.org"
                lines.append("ATTENDEE;CN=Guest \(who) at \(index);PARTSTAT=ACCEPTED:mailto:Guest\(who)@Example.org")
                if first[address] == nil { first[address] = ("Guest \(who) at \(index)", beginLine) }
                pairs += 1
            }
            lines.append("END:VEVENT")
        }
        let network = Self.network(events: lines, settings: PlannerScenarioTests.settings())
        #expect(network.people.count == first.count)
        #expect(network.interactionCount == pairs)
        for person in network.people {
            let expected = try #require(first[person.key])
            #expect(person.name == expected.name && person.sources.map(\.line) == [expected.line], "\(person.key)")
            #expect(person.emails == [person.key] && !person.inContacts)
        }
    }

    /// Random weekly and daily series, one-off meetings, large meetings and declines over many people: each
    /// person's summary is what their whole list (made separately, from the occurrences) says.
    @Test func eachSummaryAgreesWithTheWholeList() throws {
        var random = SeededRandom(seed: 21)
        let people = (0..<40).map { "p\($0)@example.org" }
        var lines: [String] = []
        for index in 0..<300 {
            let day = 1 + Int.random(in: 0..<28, using: &random)
            let month = 1 + Int.random(in: 0..<12, using: &random)
            let start = String(format2: 2026, month, day) + "T\(9 + index % 8)0000"
            lines += ["BEGIN:VEVENT", "UID:e\(index)", "DTSTART;TZID=Europe/Helsinki:\(start)", "DURATION:PT1H"]
            lines.append("SUMMARY:Event \(index)")
            switch Int.random(in: 0..<6, using: &random) {
            case 0: lines.append("RRULE:FREQ=WEEKLY;COUNT=\(Int.random(in: 2..<30, using: &random))")
            case 1: lines.append("RRULE:FREQ=DAILY;INTERVAL=3;COUNT=\(Int.random(in: 2..<40, using: &random))")
            default: break
            }
            for _ in 0..<Int.random(in: 1..<8, using: &random) {
                let person = people[Int.random(in: 0..<people.count, using: &random)]
                let declined = Int.random(in: 0..<8, using: &random) == 0
                lines.append("ATTENDEE;PARTSTAT=\(declined ? "DECLINED" : "ACCEPTED"):mailto:\(person)")
            }
            lines.append("END:VEVENT")
        }
        var settings = PlannerScenarioTests.settings()
        settings.meetings.maxAttendees = 5
        let network = Self.network(events: lines, settings: settings)
        let now = Self.now
        let periods = network.periods
        #expect(network.people.count > 30)
        var total = 0
        for (index, person) in network.people.enumerated() {
            let list = network.interactions(of: person.key)
            total += list.count
            let summary = network.summaries[index]
            let past = list.filter { $0.start <= now }
            let planned = list.filter { $0.start > now }
            func same(_ encounter: Network.Encounter?, _ interaction: Interaction?) -> Bool {
                guard let encounter, let interaction else { return encounter == nil && interaction == nil }
                let made = network.interaction(encounter)
                return made.start == interaction.start && made.event.ordinal == interaction.event.ordinal
                    && made.kind == interaction.kind && made.occurrenceStart == interaction.occurrenceStart
                    && made.attendeeCount == interaction.attendeeCount
            }
            #expect(same(summary.lastMet, past.last), "\(person.key)")
            #expect(same(summary.lastCounted, past.last { $0.countsForCadence }), "\(person.key)")
            #expect(same(summary.nextPlanned, planned.first), "\(person.key)")
            #expect(same(summary.nextCounted, planned.first { $0.countsForCadence }), "\(person.key)")
            var bits: UInt64 = 0
            for interaction in past {
                for (bit, period) in periods.enumerated() where period.contains(interaction.start) { bits |= 1 << bit }
            }
            #expect(summary.periods == bits, "\(person.key)")
        }
        #expect(total == network.interactionCount)
        #expect(network.summaries.contains { $0.lastMet?.kind == .largeMeeting })
        #expect(network.summaries.contains { $0.nextPlanned != nil && $0.lastMet != nil })
    }
}

extension String {
    /// `YYYYMMDD`.
    fileprivate init(format2 year: Int, _ month: Int, _ day: Int) {
        self = "\(year)\(month < 10 ? "0" : "")\(month)\(day < 10 ? "0" : "")\(day)"
    }
}
