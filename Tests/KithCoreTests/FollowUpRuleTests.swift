import KithCore
import KithFormats
import Testing

/// Which meetings call for a follow-up: those that start or change something, not every instance of a
/// standing meeting ([digest] issue).
@Suite struct FollowUpRuleTests {
    typealias Scenario = PlannerScenarioTests

    static let now = Scenario.at(2026, 11, 18, 12)

    static func kinds(_ events: [String], settings: Settings = Scenario.settings()) -> [Nudge.Kind] {
        Scenario.plan(cards: [Scenario.ana], events: events, now: now, settings: settings).nudges.map(\.kind)
    }

    @Test func aOneOffMeetingCallsForAFollowUp() {
        #expect(Self.kinds([Scenario.event("coffee", "20261116T090000", ["ana@example.org"])]) == [.followUp])
    }

    @Test func theFirstInstanceOfANewSeriesCallsForAFollowUpTheSecondDoesNot() {
        let weekly = Scenario.event(
            "weekly",
            "20261110T090000",
            ["ana@example.org"],
            extra: ["RRULE:FREQ=WEEKLY;COUNT=10"]
        )
        #expect(Self.kinds([weekly]) == [])
        let starting = Scenario.event(
            "weekly",
            "20261117T090000",
            ["ana@example.org"],
            extra: ["RRULE:FREQ=WEEKLY;COUNT=10"]
        )
        #expect(Self.kinds([starting]) == [.followUp])
    }

    @Test func aSeriesMetAfterALongGapCallsForAFollowUp() {
        // Three weeks in January, then nothing until an extra date in November: ten months apart, longer than
        // Ana's three-week rhythm.
        let series = Scenario.event(
            "sparse",
            "20260105T090000",
            ["ana@example.org"],
            extra: ["RRULE:FREQ=WEEKLY;COUNT=3", "RDATE;TZID=Europe/Helsinki:20261117T090000"]
        )
        #expect(Self.kinds([series]) == [.followUp])
        // The same extra date after a meeting last week: no gap, no follow-up.
        let coffee = Scenario.event("coffee", "20261110T090000", ["ana@example.org"])
        #expect(Self.kinds([series, coffee]) == [])
    }

    @Test func aMovedInstanceOfAStandingMeetingIsNoNews() {
        let weekly = Scenario.event(
            "weekly",
            "20260105T090000",
            ["ana@example.org"],
            extra: ["RRULE:FREQ=WEEKLY;UNTIL=20261231T000000Z"]
        )
        let moved = Scenario.event(
            "weekly",
            "20261117T150000",
            ["ana@example.org"],
            extra: ["RECURRENCE-ID;TZID=Europe/Helsinki:20261116T090000"]
        )
        #expect(Self.kinds([weekly, moved]) == [])
    }

    @Test func aZeroWindowMeansNoFollowUps() {
        var settings = Scenario.settings()
        settings.digest.followUpWithin = ConfigDuration(seconds: 0)
        let coffee = Scenario.event("coffee", "20261118T120000", ["ana@example.org"])
        #expect(Self.kinds([coffee], settings: settings) == [])
    }

    @Test func reconnectReasonsQuoteTheConfiguredRhythmAndThePersonsSpread() {
        var settings = Scenario.settings()
        settings.circles[0].jitter = 50
        let old = Scenario.event("old", "20260601T090000", ["ana@example.org"])
        let plan = Scenario.plan(cards: [Scenario.ana], events: [old], now: Self.now, settings: settings)
        let reconnect = try? #require(plan.nudges.first { $0.kind == .reconnect })
        let cadence = plan.planner.cadence(of: plan.network.people[0])!
        #expect(cadence.configured == .days(21) && cadence.seconds != 21 * 86_400)
        let weeks = (cadence.seconds + 3 * 86_400 + 43_200) / (7 * 86_400)
        let spread = weeks == 3 ? "\((cadence.seconds + 43_200) / 86_400) days" : "\(weeks)"
        #expect(reconnect?.reason.hasSuffix("your close circle: every 3 weeks, \(spread) for Ana") == true)
        let exact = Scenario.plan(cards: [Scenario.ana], events: [old], now: Self.now)
        #expect(exact.nudges.first?.reason.hasSuffix("your close circle: every 3 weeks") == true)
    }

    @Test func aFollowUpSaysWhoTheyAre() {
        let card = Scenario.card("Ana Ahola", ["ana@example.org"], extra: ["CATEGORIES:Friends", "ORG:Kide Oy"])
        let coffee = Scenario.event("coffee", "20261116T090000", ["ana@example.org"])
        let nudges = Scenario.plan(cards: [card], events: [coffee], now: Self.now).nudges
        #expect(nudges.first?.kind == .followUp)
        #expect(nudges.first?.context == ["Kide Oy"])
    }
}

/// Copies of one event in two files (a vdir a sync tool left stale copies in) count once.
@Suite struct StaleCopyAcrossFilesTests {
    typealias Scenario = PlannerScenarioTests

    static func calendar(_ path: String, sequence: Int, start: String) -> Document {
        let event = Scenario.event("lunch@kith.example", start, ["ana@example.org"], extra: ["SEQUENCE:\(sequence)"])
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + event + "END:VCALENDAR\r\n"
        return Document.parse(bytes: Array(text.utf8), path: path, kind: .calendar)
    }

    @Test func theNewestCopyOfAnEventInAnotherFileIsTheOneThatCounts() {
        let cards = Document.parse(bytes: Array(Scenario.ana.utf8), path: "contacts.vcf", kind: .contacts)
        let (planner, diagnostics) = Planner.make(
            documents: [
                cards, Self.calendar("old/lunch.ics", sequence: 0, start: "20261110T120000"),
                Self.calendar("new/lunch.ics", sequence: 2, start: "20261112T120000"),
            ],
            settings: Scenario.settings(),
            now: Scenario.at(2026, 11, 18, 12),
            zone: Scenario.zone,
            database: Scenario.database
        )
        let met = planner.network.interactions(of: "ana@example.org")
        #expect(met.count == 1)
        #expect(met.first.map { Scenario.zone.local(atUTC: $0.start).date.day } == 12)
        #expect(diagnostics.contains { $0.path == "old/lunch.ics" }, "\(diagnostics)")
    }
}
