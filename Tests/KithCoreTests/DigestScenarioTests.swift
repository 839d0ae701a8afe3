import Foundation
import KithCore
import KithFormats
import Testing

/// Whole digests of small networks: what the reader sees, and that its counts say what they count (#16).
@Suite struct DigestScenarioTests {
    typealias Scenario = PlannerScenarioTests

    /// Monday 30 November 2026 and Monday 7 December 2026, 08:00 in Helsinki.
    static let monday = Scenario.at(2026, 11, 30)
    static let nextMonday = Scenario.at(2026, 12, 7)

    static func friend(_ name: String, extra: [String] = []) -> String {
        let address = name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.org"
        return Scenario.card(name, [address], extra: ["CATEGORIES:Friends"] + extra)
    }

    static func digest(
        cards: [String],
        events: [String] = [],
        now: Int,
        settings: Settings = Scenario.settings(),
        state: PlannerState = PlannerState()
    ) -> Digest {
        Digest.compose(Scenario.plan(cards: cards, events: events, now: now, settings: settings, state: state).planner)
    }

    @Test func aMondayDigestReportsTheWeekThatJustEnded() {
        let cards = ["Ana Ahola", "Bo Berg", "Cleo Cruz", "Dan Dahl"].map { Self.friend($0) }
        let events = [
            Scenario.event("ana", "20261124T090000", ["ana.ahola@example.org"]),
            Scenario.event("bo", "20261129T180000", ["bo.berg@example.org"]),
            // Before the digest on its own Monday, and booked later that week.
            Scenario.event("cleo", "20261130T070000", ["cleo.cruz@example.org"]),
            Scenario.event("dan", "20261202T120000", ["dan.dahl@example.org"]),
        ]
        let digest = Self.digest(cards: cards, events: events, now: Self.monday)
        let stats = digest.statistics
        #expect(stats.lastWeek == CivilDate(year: 2026, month: 11, day: 23))
        #expect(stats.metLastWeek == 2)
        #expect(stats.weeklyCounts.last == 2)
        #expect(stats.metThisWeek == 1)
        #expect(stats.bookedThisWeek == 1)
        #expect(stats.weekStarts.first == CivilDate(year: 2026, month: 9, day: 7))
        #expect(stats.weekStarts.count == 12)
        #expect(digest.text.contains("Last week (23 – 29 Nov) you met 2 people; your goal is 3."))
        #expect(digest.text.contains("This week: met 1 person so far, 1 more booked."))
        #expect(!digest.text.contains("Met 0 of 3"))
        // The chart is labelled by the weeks' first days, the week that just ended last.
        #expect(digest.text.contains("   7 Sep  "))
        #expect(digest.text.contains("  23 Nov  ██┆  2"))
        #expect(digest.html.contains("Last week (23 – 29 Nov) you met <b>2 people</b>; your goal is 3."))
        #expect(digest.html.contains("your goal of 3"))
    }

    @Test func aFridayDigestsWeekIsFridayToThursday() {
        var settings = Scenario.settings()
        settings.digest.day = .friday
        let cards = [Self.friend("Ana Ahola")]
        let events = [
            Scenario.event("before", "20261126T090000", ["ana.ahola@example.org"]),
            Scenario.event("within", "20261127T090000", ["ana.ahola@example.org"]),
        ]
        let digest = Self.digest(cards: cards, events: events, now: Scenario.at(2026, 12, 4), settings: settings)
        #expect(digest.weekStart == CivilDate(year: 2026, month: 12, day: 4))
        #expect(digest.statistics.lastWeek == CivilDate(year: 2026, month: 11, day: 27))
        #expect(digest.statistics.metLastWeek == 1)
        #expect(digest.statistics.weeklyCounts.suffix(2) == [1, 1])
        #expect(digest.subject.hasPrefix("Kith, 4 – 10 Dec: "))
    }

    static let jane = friend("Jane Doe", extra: ["BDAY:1985-12-10", "ANNIVERSARY:20151212"])
    static let janeCoffee = Scenario.event("coffee", "20261203T090000", ["jane.doe@example.org"])

    @Test func janesBirthdayAndAnniversaryShowBesideHerFollowUp() throws {
        let digest = Self.digest(cards: [Self.jane], events: [Self.janeCoffee], now: Self.nextMonday)
        #expect(digest.items.count == 1)
        let item = try #require(digest.items.first)
        #expect(item.number == 1)
        #expect(Set(item.nudges.map(\.kind)) == [.followUp, .birthday, .anniversary])
        // The lead decides the section; the others follow by date.
        #expect(Array(item.nudges.dropFirst().map(\.due)) == item.nudges.dropFirst().map(\.due).sorted())
        let reasons = item.nudges.map(\.reason)
        #expect(reasons.contains("Jane Doe turns 41 on Thu 10 Dec"))
        #expect(reasons.contains("Jane Doe's anniversary: 11 years on Sat 12 Dec"))
        #expect(reasons.contains("Follow up with Jane Doe after 'Meet coffee' on Thu 3 Dec"))
        for reason in reasons {
            #expect(digest.text.contains(reason.prefix(40)))
            #expect(digest.html.contains(Digest.escape(reason)))
        }
        #expect(digest.text.components(separatedBy: "Jane Doe <jane.doe@example.org>").count == 2, "one item")
        #expect(digest.subject == "Kith, 7 – 13 Dec: 1 person, 3 nudges — 1 follow-up, 1 birthday, 1 anniversary")

        // Even when the budget is one item and someone else is more pressing elsewhere.
        var settings = Scenario.settings()
        settings.digest.maxItems = 1
        let tight = Self.digest(cards: [Self.jane], events: [Self.janeCoffee], now: Self.nextMonday, settings: settings)
        #expect(tight.nudges.count == 3)

        // Recorded as shown, as the daemon does with `nudges`: none of them comes back the next Monday.
        var state = PlannerState()
        for nudge in digest.nudges { state.lastShown[nudge.personKey, default: [:]][nudge.kind] = Self.nextMonday }
        let after = Self.digest(
            cards: [Self.jane],
            events: [Self.janeCoffee],
            now: Self.nextMonday + 7 * 86_400,
            state: state
        )
        #expect(after.nudges.isEmpty)
        #expect(after.subject == "Kith, 14 – 20 Dec: a quiet week")
    }

    @Test func theSubjectCountsTheNudgesShownAndTheStatsEveryoneOverdue() throws {
        // Six acquaintances overdue (the network circle, four months) and Jane with three nudges; a budget of
        // three items.
        var settings = Scenario.settings()
        settings.digest.maxItems = 3
        let addresses = (1...6).map { "friend\($0)@example.org" }
        let cards = [Self.jane] + addresses.map { Scenario.card($0, [$0]) }
        let events =
            [Self.janeCoffee]
            + addresses.enumerated().map { index, address in
                Scenario.event("old-\(index)", "202606\(10 + index)T090000", [address])
            }
        let plan = Scenario.plan(cards: cards, events: events, now: Self.nextMonday, settings: settings)
        let digest = Digest.compose(plan.planner)
        #expect(digest.items.count == 3)
        #expect(digest.nudges.count == 5)
        #expect(digest.items.map(\.number) == [1, 2, 3])
        #expect(digest.subject.hasPrefix("Kith, 7 – 13 Dec: 3 people, 5 nudges — "))
        // The kinds named add up to the nudges shown.
        let counted = digest.subject.split(separator: "—")[1].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
        }
        #expect(counted.reduce(0, +) == digest.nudges.count)

        // Overdue is everyone past their rhythm (as `kith people --overdue`), not only those shown.
        let overdue = plan.network.people.indices.count { plan.planner.isOverdue(at: $0) }
        #expect(overdue == 6)
        #expect(digest.statistics.overdue == overdue)
        #expect(digest.text.contains("7 people in your network, 6 of them overdue"))
    }

    @Test func itemsAreNumberedInReadingOrderAndTheJSONKeepsANudgeEach() throws {
        let cards = [Self.jane, Self.friend("Old Friend"), Self.friend("New Friend", extra: ["REV:20261201T090000Z"])]
        let events = [Self.janeCoffee, Scenario.event("old", "20261001T090000", ["old.friend@example.org"])]
        let digest = Self.digest(cards: cards, events: events, now: Self.nextMonday)
        #expect(digest.sections.map(\.title) == ["Reconnect", "Follow up", "Coming up", "New in your network"])
        #expect(digest.items.map(\.number) == Array(1...digest.items.count))
        #expect(digest.items.first?.name == "Old Friend")
        #expect(digest.text.contains("1. Old Friend <old.friend@example.org>"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(digest.json.utf8)) as? [String: Any])
        let nudges = try #require(object["nudges"] as? [[String: Any]])
        #expect(nudges.count == digest.nudges.count)
        #expect(
            nudges.map { $0["item"] as? Int } == digest.items.flatMap { item in item.nudges.map { _ in item.number } }
        )
        #expect((object["week"] as? [String: String])?["start"] == "2026-12-07")
        #expect((object["stats"] as? [String: Any])?["met_last_week"] as? Int == 1)
    }

    @Test(arguments: [
        (CivilDate(year: 2026, month: 11, day: 30), CivilDate(year: 2026, month: 12, day: 6), "30 Nov – 6 Dec 2026"),
        (CivilDate(year: 2026, month: 12, day: 7), CivilDate(year: 2026, month: 12, day: 13), "7 – 13 Dec 2026"),
        (
            CivilDate(year: 2026, month: 12, day: 28), CivilDate(year: 2027, month: 1, day: 3),
            "28 Dec 2026 – 3 Jan 2027"
        ),
    ])
    func weeksReadAsDays(first: CivilDate, last: CivilDate, expected: String) {
        #expect(Digest.span(first, last, withYear: true) == expected)
    }

    @Test func oneIsSingular() {
        #expect(Plural.of(1, "person", "people") == "1 person")
        #expect(Plural.of(0, "person", "people") == "0 people")
        let digest = Self.digest(cards: [Self.friend("Ana Ahola", extra: ["BDAY:--1203"])], now: Self.monday)
        #expect(digest.subject == "Kith, 30 Nov – 6 Dec: 1 person — 1 birthday")
        #expect(digest.text.contains("1 person in your network, 0 of them overdue"))
        #expect(!digest.text.contains("1 people"))
        #expect(!digest.html.contains("1 people"))
        let planner = Scenario.plan(cards: [], events: [], now: Self.monday).planner
        let waiting = Digest.compose(planner, waitingMail: ["digest-2026-W48 to me@example.org, 1 attempt"])
        #expect(
            waiting.text.contains("Waiting to be resent, 1 message:\n  digest-2026-W48 to me@example.org, 1 attempt")
        )
        #expect(waiting.html.contains("Waiting to be resent, 1 message:<br>digest-2026-W48"))
    }
}
