import Foundation
import KithCore
import KithFormats
import Testing

/// Who makes the week's digest: one ranking across kinds, the budget and its shares, rest, never-met people and
/// occasions shown once.
@Suite struct NudgeSelectionTests {
    typealias Scenario = PlannerScenarioTests

    /// Monday 30 November 2026, 08:00 in Helsinki.
    static let monday = Scenario.at(2026, 11, 30)
    static let week = 7 * 86_400

    static func friend(_ number: Int, _ category: String = "Friends", extra: [String] = []) -> String {
        Scenario.card("Person \(number)", ["p\(number)@example.org"], extra: ["CATEGORIES:\(category)"] + extra)
    }

    /// A meeting with person `number` `daysAgo` days before Monday 30 November, at 09:00.
    static func met(_ number: Int, daysAgo: Int, attendees: [String] = []) -> String {
        let day = CivilDate(year: 2026, month: 11, day: 30).adding(days: -daysAgo)
        let start = "\(day.description.replacingOccurrences(of: "-", with: ""))T090000"
        return Scenario.event("m\(number)-\(daysAgo)", start, ["p\(number)@example.org"] + attendees)
    }

    @Test func closerCirclesComeFirstAtTheSameOverdueness() {
        // Both a rhythm and a half overdue: the close circle (3 weeks, weight 3) before the network (4 months).
        let cards = [Self.friend(1, "Other"), Self.friend(2)]
        let events = [Self.met(1, daysAgo: 180), Self.met(2, daysAgo: 31)]
        let result = Scenario.plan(cards: cards, events: events, now: Self.monday)
        #expect(result.nudges.map(\.name) == ["Person 2", "Person 1"])
        #expect(result.nudges.allSatisfy { $0.kind == .reconnect })
        #expect(result.nudges[0].priority > result.nudges[1].priority)

        // A weight in the config turns it round.
        var settings = Scenario.settings()
        settings.circles[1].weight = 10
        let weighted = Scenario.plan(cards: cards, events: events, now: Self.monday, settings: settings)
        #expect(weighted.nudges.map(\.name) == ["Person 1", "Person 2"])
    }

    @Test func followUpsDoNotCrowdOutReconnects() {
        // Eight fresh follow-ups (met yesterday) and eight people overdue, for a budget of ten.
        let cards = (1...16).map { Self.friend($0) }
        let events = (1...8).map { Self.met($0, daysAgo: 1) } + (9...16).map { Self.met($0, daysAgo: 40 + $0) }
        let result = Scenario.plan(cards: cards, events: events, now: Self.monday)
        let kinds = result.nudges.map(\.kind)
        #expect(kinds.count == 10)
        // Half the budget is the reconnects' share; the follow-ups have two places, and the three left go to
        // the most pressing of the rest.
        #expect(kinds.count { $0 == .reconnect } >= 5)
        #expect(kinds.count { $0 == .followUp } >= 2)
        // The digest starts with the people drifting away.
        #expect(Digest.compose(result.planner).sections.first?.items.first?.lead.kind == .reconnect)

        // The shares are settings: all of it for follow-ups.
        var settings = Scenario.settings()
        settings.digest.shares.reconnect = 0
        settings.digest.shares.followUp = 100
        let followUps = Scenario.plan(cards: cards, events: events, now: Self.monday, settings: settings)
        #expect(followUps.nudges.count { $0.kind == .followUp } == 8)
        #expect(followUps.nudges.count == 10)
    }

    @Test func theBudgetHoldsWhateverTheNetwork() {
        let cards = (1...40).map { Self.friend($0) }
        let events = (1...40).map { Self.met($0, daysAgo: $0 % 2 == 0 ? 2 : 30 + $0) }
        #expect(Scenario.plan(cards: cards, events: events, now: Self.monday).nudges.count == 10)
        var settings = Scenario.settings()
        settings.digest.maxItems = 4
        #expect(Scenario.plan(cards: cards, events: events, now: Self.monday, settings: settings).nudges.count == 4)
        // A small network gives a short digest, not padding.
        #expect(Scenario.plan(cards: [Self.friend(1)], events: [], now: Self.monday).nudges.count <= 1)
    }

    @Test func theBudgetCountsPeopleAndEveryNudgeOfAPersonRidesAlong() {
        // Twelve close friends met yesterday, each with a birthday on Thursday: ten items of two nudges each.
        let cards = (1...12).map { Self.friend($0, extra: ["BDAY:--1203"]) }
        let events = (1...12).map { Self.met($0, daysAgo: 1) }
        let plan = Scenario.plan(cards: cards, events: events, now: Self.monday)
        let items = plan.planner.items()
        #expect(items.count == 10)
        #expect(plan.nudges.count == 20)
        // As pressing as can be, both: the kind's rank breaks the tie, and the follow-up leads.
        #expect(items.allSatisfy { $0.map(\.kind) == [.followUp, .birthday] })
        #expect(items.allSatisfy { $0[0].priority == $0[1].priority })
    }

    @Test func aPersonsMostUrgentNudgeLeadsAndPlacesThem() {
        // In the network circle (weight 1): a follow-up nearly a week old is less pressing than a birthday today.
        let cards = [Self.friend(1, "Other", extra: ["BDAY:--1130"])]
        let plan = Scenario.plan(cards: cards, events: [Self.met(1, daysAgo: 6)], now: Self.monday)
        #expect(plan.planner.items().map { $0.map(\.kind) } == [[.birthday, .followUp]])
        let digest = Digest.compose(plan.planner)
        #expect(digest.sections.map { $0.items.count } == [0, 0, 1, 0])
        #expect(digest.sections[2].title == "Coming up")
    }

    @Test func someoneNeverMetIsDueFromFirstSightNotFrom1970() {
        let card = Self.friend(1)
        var state = PlannerState()
        // Seen ten days ago, with a three-week rhythm: not due yet; no REV, so nothing else to go by.
        state.firstSeen["p1@example.org"] = Self.monday - 10 * 86_400
        let early = Scenario.plan(cards: [card], events: [], now: Self.monday, state: state).nudges
        #expect(early.map(\.kind) == [.newContact])

        // Seen 62 days ago: due, with "never met" as the reason and the same priority as someone last met then.
        state.firstSeen["p1@example.org"] = Self.monday - 62 * 86_400
        let cards = [card, Self.friend(2)]
        let result = Scenario.plan(cards: cards, events: [Self.met(2, daysAgo: 62)], now: Self.monday, state: state)
        #expect(result.nudges.map(\.kind) == [.reconnect, .reconnect])
        let neverMet = result.nudges.first { $0.personKey == "p1@example.org" }!
        let met = result.nudges.first { $0.personKey == "p2@example.org" }!
        #expect(neverMet.reason.contains("you have never met (in your contacts since Tue 29 Sep)"))
        #expect(neverMet.priority == met.priority)
        #expect(neverMet.due == CivilDate(year: 2026, month: 10, day: 20))
    }

    @Test func withoutAFirstSightTheCardsRevisionCounts() {
        let card = Self.friend(1, extra: ["REV:20260901T120000Z"])
        let result = Scenario.plan(cards: [card], events: [], now: Self.monday)
        #expect(result.nudges.map(\.kind) == [.reconnect])
        #expect(result.nudges[0].due == CivilDate(year: 2026, month: 9, day: 22))
        // No REV and no first sight: nothing to count from, so no guess.
        #expect(Scenario.plan(cards: [Self.friend(2)], events: [], now: Self.monday).nudges.isEmpty)
    }

    @Test func theReconnectsLastPlaceGoesToWhoeverWaitedLongest() {
        // Two places, both for reconnects: the most pressing (Person 1, close, five weeks since they met), then
        // not Person 2 (close, a little less pressing, due nine days ago) but Person 3, far less pressing in
        // the network circle and due for thirty days.
        var settings = Scenario.settings()
        settings.digest.maxItems = 2
        settings.digest.shares.reconnect = 100
        settings.digest.shares.followUp = 0
        settings.digest.shares.comingUp = 0
        settings.digest.shares.newContact = 0
        let cards = [Self.friend(1), Self.friend(2), Self.friend(3, "Other")]
        let events = [Self.met(1, daysAgo: 35), Self.met(2, daysAgo: 30), Self.met(3, daysAgo: 150)]
        let result = Scenario.plan(cards: cards, events: events, now: Self.monday, settings: settings)
        #expect(result.nudges.map(\.name) == ["Person 1", "Person 3"])
        #expect(result.nudges[1].waitingSince < result.nudges[0].waitingSince)
    }

    /// Weekly digests from `first` for `weeks` weeks, each remembering what it showed, as the daemon does.
    static func digests(cards: [String], events: [String] = [], from first: Int, weeks: Int) -> [[Nudge]] {
        var state = PlannerState()
        var result: [[Nudge]] = []
        for week in 0..<weeks {
            let now = first + week * Self.week
            let nudges = Scenario.plan(cards: cards, events: events, now: now, state: state).nudges
            for nudge in nudges { state.lastShown[nudge.personKey, default: [:]][nudge.kind] = now }
            result.append(nudges)
        }
        return result
    }

    @Test func aBirthdayIsShownOnceInTheWeekItFallsIn() {
        let cards = [
            Scenario.card("Mid Week", ["mid@example.org"], extra: ["BDAY:1990-12-17"]),
            // Monday 14 December: early in its week, so the digest of the week before shows it.
            Scenario.card("Early Week", ["early@example.org"], extra: ["BDAY:--1214"]),
            Scenario.card("Wed Anniversary", ["wed@example.org"], extra: ["ANNIVERSARY:20101223"]),
        ]
        let weeks = Self.digests(cards: cards, from: Self.monday, weeks: 5)
        let shown = weeks.map { $0.map(\.name) }
        #expect(shown == [[], ["Early Week"], ["Mid Week"], ["Wed Anniversary"], []])
        #expect(weeks[2][0].reason == "Mid Week turns 36 on Thu 17 Dec")
    }

    @Test func aBirthdayNotShownBecauseKithWasNotRunningIsShownLate() {
        let cards = [Scenario.card("Early Week", ["early@example.org"], extra: ["BDAY:--1214"])]
        // No digest on 7 December: the one of 14 December shows it, on the day.
        let late = Scenario.plan(cards: cards, events: [], now: Self.monday + 2 * Self.week)
        #expect(late.nudges.map(\.reason) == ["Early Week's birthday is on Mon 14 Dec"])
        // Shown on 7 December: not again.
        var state = PlannerState()
        state.lastShown["early@example.org"] = [.birthday: Self.monday + Self.week]
        let again = Scenario.plan(cards: cards, events: [], now: Self.monday + 2 * Self.week, state: state)
        #expect(again.nudges.isEmpty)
    }

    @Test func aDigestOnAnotherDayHasItsOwnWeek() {
        // A Friday digest: its week is Friday to Thursday; a Sunday birthday is in the first one after it.
        var settings = Scenario.settings()
        settings.digest.day = .friday
        let cards = [Scenario.card("Sunday", ["sun@example.org"], extra: ["BDAY:--1213"])]
        let friday = Scenario.at(2026, 12, 4)
        let before = Scenario.plan(cards: cards, events: [], now: friday, settings: settings)
        #expect(before.nudges.isEmpty)
        let week = Scenario.plan(cards: cards, events: [], now: friday + Self.week, settings: settings)
        #expect(week.nudges.map(\.kind) == [.birthday])
    }

    @Test func noItemRepeatsFromTheWeekBeforeWhileNobodyActs() {
        // Twelve close friends overdue and a budget of ten: the ones shown rest, the others come up.
        let cards = (1...12).map { Self.friend($0) }
        let events = (1...12).map { Self.met($0, daysAgo: 30 + 3 * $0) }
        let weeks = Self.digests(cards: cards, events: events, from: Self.monday, weeks: 6)
        for (previous, next) in zip(weeks, weeks.dropFirst()) {
            let before = Set(previous.map(\.personKey))
            #expect(next.allSatisfy { !before.contains($0.personKey) })
        }
        // And everyone was shown.
        #expect(Set(weeks.joined().map(\.personKey)).count == 12)
    }
}

@Suite struct DateExpressionTests {
    /// Thursday 3 December 2026.
    static let today = CivilDate(year: 2026, month: 12, day: 3)

    static func day(_ text: String, _ direction: DateExpression.Direction = .past) -> String? {
        DateExpression.parse(text, today: today, direction: direction)?.date.description
    }

    @Test func wordsAndOffsets() {
        #expect(Self.day("today") == "2026-12-03")
        #expect(Self.day("Yesterday") == "2026-12-02")
        #expect(Self.day("tomorrow") == "2026-12-04")
        #expect(Self.day("+3d") == "2026-12-06")
        #expect(Self.day("-2w") == "2026-11-19")
        #expect(Self.day("+0d") == "2026-12-03")
    }

    @Test func aWeekdayIsTheNearestInTheCommandsDirection() {
        #expect(Self.day("friday") == "2026-11-27")
        #expect(Self.day("fri", .future) == "2026-12-04")
        #expect(Self.day("thursday") == "2026-12-03")
        #expect(Self.day("thursday", .future) == "2026-12-10")
        #expect(Self.day("Mon") == "2026-11-30")
    }

    @Test func writtenDatesAndTimes() {
        let expression = DateExpression.parse("2026-11-27T09:30", today: Self.today, direction: .past)
        #expect(expression?.date.description == "2026-11-27")
        #expect(expression?.secondOfDay == 9 * 3600 + 30 * 60)
        #expect(Self.day("2026-02-29") == nil)
        for bad in ["", "fr", "frid", "+3", "3d", "+3y", "+99999d", "2026-1-5", "2026-11-27T9:30", "2026-11-27T24:00"] {
            #expect(Self.day(bad) == nil, "\(bad) was read as a date")
        }
    }
}

@Suite struct PersonResolverTests {
    static func network(_ names: [String]) -> Network {
        let cards = names.enumerated().map { index, name in
            PlannerScenarioTests.card(name, ["p\(index + 1)@example.org"])
        }
        return PlannerScenarioTests.plan(cards: cards, events: [], now: PlannerScenarioTests.at(2026, 11, 30)).network
    }

    static func answer(_ query: String, in network: Network) -> String {
        switch network.resolve(query) {
        case .one(let person): person.name
        case .none: "none"
        case .ambiguous(let people): "ambiguous: " + people.map(\.name).sorted().joined(separator: ", ")
        }
    }

    @Test func anExactAddressOrFullNameWinsOverPartialMatches() {
        let network = Self.network(["Person 1", "Person 10", "Person 2", "Ana Ahola"])
        #expect(Self.answer("person 1", in: network) == "Person 1")
        #expect(Self.answer("p2@example.org", in: network) == "Person 10")
        #expect(Self.answer("P1@EXAMPLE.ORG", in: network) == "Person 1")
        #expect(Self.answer("ahola", in: network) == "Ana Ahola")
        #expect(Self.answer("person", in: network) == "ambiguous: Person 1, Person 10, Person 2")
        #expect(Self.answer("nobody", in: network) == "none")
        // An empty query is a part of every name, and names no one.
        #expect(Self.answer("", in: network) == "none")
        #expect(Self.answer("  ", in: network) == "none")
        #expect(Self.answer(" Ana Ahola ", in: network) == "Ana Ahola")
    }

    @Test func twoPeopleWithTheSameFullNameAreAmbiguous() {
        let network = Self.network(["Sam Lee", "Sam Lee"])
        #expect(Self.answer("sam lee", in: network) == "ambiguous: Sam Lee, Sam Lee")
    }
}

/// "Do we count this as meeting them", on its own.
@Suite struct MeetingRuleTests {
    @Test func anEventCountsUnlessCancelledOrIgnored() {
        var meetings = Settings.Meetings()
        #expect(MeetingRule.eventCounts(status: nil, summary: "Lunch", settings: meetings))
        #expect(MeetingRule.eventCounts(status: "CONFIRMED", summary: nil, settings: meetings))
        #expect(!MeetingRule.eventCounts(status: "CANCELLED", summary: "Lunch", settings: meetings))
        meetings.ignoreSummaries = ["Focus*"]
        #expect(!MeetingRule.eventCounts(status: nil, summary: "Focus time", settings: meetings))
        #expect(MeetingRule.eventCounts(status: nil, summary: "Lunch", settings: meetings))
    }

    @Test func aPersonCountsUnlessTheyDeclinedOrAreTheUser() {
        #expect(MeetingRule.participantCounts(isDeclined: false, isOwnAddress: false))
        #expect(!MeetingRule.participantCounts(isDeclined: true, isOwnAddress: false))
        #expect(!MeetingRule.participantCounts(isDeclined: false, isOwnAddress: true))
        #expect(!MeetingRule.isPerson(isRoomOrResource: true))
    }

    @Test func theUserIsThereAndALargeMeetingOnlyCountsAsSaw() {
        #expect(MeetingRule.attendeeCount(distinctAddresses: 3, listsOwnAddress: false, knowsOwnAddresses: true) == 4)
        #expect(MeetingRule.attendeeCount(distinctAddresses: 3, listsOwnAddress: true, knowsOwnAddresses: true) == 3)
        #expect(MeetingRule.attendeeCount(distinctAddresses: 3, listsOwnAddress: false, knowsOwnAddresses: false) == 3)
        let meetings = Settings.Meetings()
        #expect(MeetingRule.kind(attendeeCount: 12, settings: meetings) == .meeting)
        #expect(MeetingRule.kind(attendeeCount: 13, settings: meetings) == .largeMeeting)
    }
}
