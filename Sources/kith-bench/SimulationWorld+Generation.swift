import Foundation
import KithFormats

extension SimulationWorld {
    /// The circles a user with 150 contacts might set up: a few close friends, friends, colleagues, a wide
    /// professional network.
    static let circlePlan = [
        Circle(name: "close", category: "Close", every: "3w", days: 21, size: 10),
        Circle(name: "friends", category: "Friends", every: "6w", days: 42, size: 25),
        Circle(name: "work", category: "Work", every: "2mo", days: 60, size: 45),
        Circle(name: "network", category: "Network", every: "6mo", days: 180, size: 70),
    ]

    static let givenNames = [
        "Aino", "Eero", "Liisa", "Mikko", "Sanna", "Juha", "Priya", "José", "Søren", "Ngozi", "Chloé", "Ben", "Łucja",
        "Wei", "Elif", "Tomás", "Hanna", "Otto",
    ]
    static let familyNames = [
        "Virtanen", "Korhonen", "Nieminen", "Laine", "Natarajan", "Álvarez", "Holm", "Okafor", "Dubois", "Kowalska",
        "Zhang", "Yılmaz",
    ]
    static let places = ["Ateljee", "Kappeli", "the office", "Löyly", "Fazer Café", "the park"]
    static let topics = ["roadmap", "hiring", "budget", "the offsite", "research", "design review", "a new idea"]

    /// How strongly the same few people come up again: the weight of the one-off partner at rank r is
    /// 1 / (r + 1)^skew.
    static let skew = 1.1
    /// At each quarter, this share of people move up or down the ranking, by up to this many circles' worth,
    /// and this many of the twenty most met stop appearing (they moved, changed jobs, drifted apart).
    static let quarterlyMovers = 0.3
    static let quarterlyMove = 1.5
    static let quarterlyDropouts = 2

    /// The world for `seed`: `weeks` simulated weeks from Monday 5 January 2026, after as many weeks of history.
    static func generate(seed: UInt64, weeks: Int, zone: ZoneRules) -> SimulationWorld {
        var random = SplitMix64(state: seed)
        let startDate = CivilDate(year: 2026, month: 1, day: 5)
        let historyWeeks = 26
        var world = SimulationWorld(
            startDate: startDate,
            weeks: weeks,
            historyWeeks: historyWeeks,
            circles: circlePlan,
            contacts: [],
            series: [],
            meetings: []
        )
        world.contacts = contacts(circles: circlePlan, startDate: startDate, random: &random)
        world.series = series(world, zone: zone, random: &random)
        world.meetings = oneOffs(world, zone: zone, random: &random) + largeEvents(world, zone: zone, random: &random)
        return world
    }

    private static func contacts(circles: [Circle], startDate: CivilDate, random: inout SplitMix64) -> [Contact] {
        var names = random.shuffled(givenNames.flatMap { given in familyNames.map { (given, $0) } })
        var result: [Contact] = []
        for (circleIndex, circle) in circles.enumerated() {
            for _ in 0..<circle.size {
                let (given, family) = names.removeLast()
                let domain: String
                var organization: String? = nil
                switch circle.name {
                case "work":
                    domain = "work.example"
                    organization = "Kide Oy"
                case "network":
                    let company = ["Aalto Labs", "Nordic Data", "Fjord Bio", "Sisu Systems"][random.below(4)]
                    domain = slug(company) + ".example"
                    organization = company
                default: domain = "mail.example"
                }
                var contact = Contact(
                    name: "\(given) \(family)",
                    given: given,
                    family: family,
                    email: "\(slug(given)).\(slug(family))@\(domain)",
                    circle: circleIndex,
                    organization: organization,
                    revision: startDate.adding(days: -1 - random.below(730))
                )
                if random.chance(0.5) { contact.revision = nil }
                if random.chance(1.0 / 3) {
                    let year = random.chance(0.5) ? 1960 + random.below(40) : nil
                    contact.birthday = (year, 1 + random.below(12), 1 + random.below(28))
                }
                if circleIndex <= 1 && random.chance(0.15) {
                    contact.anniversary = CivilDate(year: 2000 + random.below(24), month: 1 + random.below(12), day: 1)
                        .adding(days: random.below(28))
                }
                result.append(contact)
            }
        }
        return result
    }

    /// Weekly 1:1s with four colleagues (one of them ends at the second quarter and another begins), and the
    /// monthly team meeting with eight.
    private static func series(_ world: SimulationWorld, zone: ZoneRules, random: inout SplitMix64) -> [Series] {
        let work = random.shuffled(
            world.contacts.indices.filter { world.circles[world.contacts[$0].circle].name == "work" }
        )
        let first = world.historyStart
        let handover = world.startDate.adding(days: 7 * (world.weeks / 2))
        func at(_ date: CivilDate, hour: Int) -> CivilDateTime {
            CivilDateTime(date: date, hour: hour, minute: 0, second: 0)
        }
        var result: [Series] = []
        for (number, person) in work.prefix(4).enumerated() {
            // Tuesday to Friday, at ten or at eleven.
            let day = first.adding(days: 1 + number)
            var series = Series(
                uid: "sim-1on1-\(number)@kith.example",
                summary: "1:1 \(world.contacts[person].given) / \(world.me.name.split(separator: " ")[0])",
                rule: .weekly,
                first: at(day, hour: 10 + number % 2),
                minutes: 30,
                attendees: [person],
                bookedAt: zone.instant(ofLocal: at(first.adding(days: -14), hour: 9))
            )
            if number == 2 {
                series.lastDay = handover.adding(days: -7 + 1 + number)
                series.endKnownAt = zone.instant(ofLocal: at(handover.adding(days: -21), hour: 9))
            }
            result.append(series)
        }
        result.append(
            Series(
                uid: "sim-1on1-4@kith.example",
                summary: "1:1 \(world.contacts[work[4]].given) / \(world.me.name.split(separator: " ")[0])",
                rule: .weekly,
                first: at(handover.adding(days: 3), hour: 10),
                minutes: 30,
                attendees: [work[4]],
                bookedAt: zone.instant(ofLocal: at(handover.adding(days: -14), hour: 9))
            )
        )
        // RFC 5545 §3.8.5.3: DTSTART should be an occurrence of the rule, so the first first-Tuesday.
        let month = CivilDate(year: first.year, month: first.month, day: 1).adding(months: 1)
        let teamDay = month.adding(days: (1 - month.weekday + 7) % 7)
        result.append(
            Series(
                uid: "sim-team@kith.example",
                summary: "Team meeting",
                rule: .monthlyFirst(weekday: 1),
                first: at(teamDay, hour: 14),
                minutes: 90,
                attendees: Array(work.prefix(8)),
                bookedAt: zone.instant(ofLocal: at(first.adding(days: -14), hour: 9))
            )
        )
        return result
    }

    /// Two to four one-off meetings a week, with one to four people drawn so that the same few come up again
    /// and again; the ranking drifts every quarter. Some are cancelled, in some the other person declines.
    private static func oneOffs(_ world: SimulationWorld, zone: ZoneRules, random: inout SplitMix64) -> [Meeting] {
        // Closer circles rank higher, with enough noise that some colleagues outrank friends.
        var standing = world.contacts.map { Double($0.circle) + random.unit() * 2 }
        var ranking = world.contacts.indices.sorted { standing[$0] < standing[$1] }
        var gone: Set<Int> = []
        var result: [Meeting] = []
        let totalWeeks = world.historyWeeks + world.weeks + tailWeeks
        for week in 0..<totalWeeks {
            if week > 0 && week % 13 == 0 {
                for person in standing.indices where random.chance(quarterlyMovers) {
                    standing[person] += (random.unit() * 2 - 1) * quarterlyMove
                }
                ranking.sort { standing[$0] < standing[$1] }
                let top = ranking.filter { !gone.contains($0) }.prefix(20)
                for person in random.shuffled(Array(top)).prefix(quarterlyDropouts) { gone.insert(person) }
            }
            let weights = ranking.enumerated().map { rank, person in
                gone.contains(person) ? 0 : 1 / pow(Double(rank + 1), skew)
            }
            let total = weights.reduce(0, +)
            for number in 0..<(2 + random.below(3)) {
                let size = random.chance(0.6) ? 1 : random.chance(0.6) ? 2 : 3 + random.below(2)
                var attendees: [Int] = []
                while attendees.count < size {
                    let person = ranking[random.index(weightedBy: weights, total: total)]
                    if !attendees.contains(person) { attendees.append(person) }
                }
                let weekend = random.chance(0.1)
                let date = world.historyStart.adding(days: 7 * week + (weekend ? 5 + random.below(2) : random.below(5)))
                let local = CivilDateTime(
                    date: date,
                    hour: 9 + random.below(10),
                    minute: 30 * random.below(2),
                    second: 0
                )
                let start = zone.instant(ofLocal: local)
                let bookedAt = start - (1 + random.below(14)) * 86_400 - random.below(8 * 3600)
                var meeting = Meeting(
                    uid: "sim-\(week)-\(number)@kith.example",
                    kind: .oneOff,
                    summary: summary(for: attendees.map { world.contacts[$0] }, random: &random),
                    local: local,
                    start: start,
                    minutes: [30, 60, 90][random.below(3)],
                    attendees: attendees,
                    userOrganizes: random.chance(0.6),
                    bookedAt: bookedAt
                )
                if random.chance(0.08) {
                    meeting.cancelledAt = bookedAt + Int(random.unit() * Double(start - bookedAt))
                } else if random.chance(0.1) {
                    let declined = attendees[random.below(attendees.count)]
                    meeting.declined = [declined]
                    // Whoever declines was invited: a host does not decline their own meeting.
                    if declined == attendees[0] { meeting.userOrganizes = true }
                }
                result.append(meeting)
            }
        }
        return result
    }

    /// A conference, an all-hands, a meetup, a wedding: 20 to 40 people, which do not count as meeting anyone.
    private static func largeEvents(_ world: SimulationWorld, zone: ZoneRules, random: inout SplitMix64) -> [Meeting] {
        let names = ["Nordic Tech Conference", "Company all-hands", "Product meetup", "Wedding of friends"]
        return [8, 20, 32, 44].enumerated().map { number, week in
            let size = 20 + random.below(21)
            let attendees = Array(random.shuffled(Array(world.contacts.indices)).prefix(size))
            let local = CivilDateTime(
                date: world.historyStart.adding(days: 7 * week + 3),
                hour: 9,
                minute: 0,
                second: 0
            )
            let start = zone.instant(ofLocal: local)
            return Meeting(
                uid: "sim-large-\(number)@kith.example",
                kind: .large,
                summary: names[number],
                local: local,
                start: start,
                minutes: 8 * 60,
                attendees: attendees,
                userOrganizes: false,
                bookedAt: start - 45 * 86_400
            )
        }
    }

    private static func summary(for people: [Contact], random: inout SplitMix64) -> String {
        if people.count == 1 {
            let what = ["Coffee with", "Lunch with", "Call with", "Walk with"][random.below(4)]
            return "\(what) \(people[0].given) at \(places[random.below(places.count)])"
        }
        return "Sync on \(topics[random.below(topics.count)])"
    }

    /// The address part of a name: lower case, ASCII letters only.
    static func slug(_ text: String) -> String {
        let folded: [Character: String] = [
            "å": "a", "ä": "a", "á": "a", "ö": "o", "ø": "o", "é": "e", "ł": "l", "ı": "i", "ü": "u", "ç": "c",
        ]
        return text.lowercased().map { character in
            if let ascii = folded[character] { return ascii }
            return character.isASCII && character.isLetter ? String(character) : ""
        }.joined()
    }
}
