import KithCore
import KithFormats
import Testing

/// One small network per rule and per exclusion, planned at a fixed moment.
@Suite struct PlannerScenarioTests {
    static let database = TimeZoneDatabase()
    static let zone = database.rules(named: "Europe/Helsinki")!

    static func settings() -> Settings {
        var settings = Settings(timezone: "Europe/Helsinki", inbox: "/inbox", stateDirectory: "/state")
        settings.me.emails = ["me@example.org"]
        settings.digest.to = ["me@example.org"]
        settings.circles = [
            Settings.Circle(name: "close", every: .days(21), categories: ["Friends"], members: [], jitter: 0),
            Settings.Circle(name: "network", every: ConfigDuration(months: 4), jitter: 0),
        ]
        settings.defaultCircle = "network"
        return settings
    }

    /// Local wall time in Helsinki as an instant.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 8) -> Int {
        zone.instant(
            ofLocal: CivilDateTime(
                date: CivilDate(year: year, month: month, day: day),
                hour: hour,
                minute: 0,
                second: 0
            )
        )
    }

    static func card(_ name: String, _ emails: [String], extra: [String] = []) -> String {
        (["BEGIN:VCARD", "VERSION:3.0", "FN:\(name)"] + emails.map { "EMAIL:\($0)" } + extra + ["END:VCARD"])
            .joined(separator: "\r\n") + "\r\n"
    }

    static func event(_ uid: String, _ start: String, _ attendees: [String], extra: [String] = []) -> String {
        ([
            "BEGIN:VEVENT", "UID:\(uid)", "DTSTART;TZID=Europe/Helsinki:\(start)", "DURATION:PT1H",
            "SUMMARY:Meet \(uid)",
            "ORGANIZER:mailto:me@example.org",
        ] + attendees.map { "ATTENDEE;PARTSTAT=ACCEPTED:mailto:\($0)" } + extra
            + ["END:VEVENT"]).joined(separator: "\r\n") + "\r\n"
    }

    static func plan(
        cards: [String],
        events: [String],
        now: Int,
        settings: Settings = settings(),
        state: PlannerState = PlannerState(),
        files: Int = 1
    ) -> (nudges: [Nudge], network: Network, planner: Planner) {
        var documents: [Document] = []
        let vcf = cards.joined()
        if files == 2, cards.count == 2 {
            documents.append(Document.parse(bytes: Array(cards[0].utf8), path: "a.vcf", kind: .contacts))
            documents.append(Document.parse(bytes: Array(cards[1].utf8), path: "b/b.vcf", kind: .contacts))
        } else {
            documents.append(Document.parse(bytes: Array(vcf.utf8), path: "contacts.vcf", kind: .contacts))
        }
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + events.joined() + "END:VCALENDAR\r\n"
        documents.append(Document.parse(bytes: Array(ics.utf8), path: "calendar.ics", kind: .calendar))
        let planner = Planner.make(
            documents: documents,
            settings: settings,
            state: state,
            now: now,
            zone: zone,
            database: database
        ).planner
        let network = planner.network
        return (planner.nudges(), network, planner)
    }

    static let ana = card("Ana Ahola", ["ana@example.org"], extra: ["CATEGORIES:Friends"])

    @Test func followUpAfterASmallMeeting() {
        let result = Self.plan(
            cards: [Self.ana],
            events: [Self.event("coffee", "20261126T090000", ["ana@example.org"])],
            now: Self.at(2026, 11, 30)
        )
        #expect(result.nudges.map(\.kind) == [.followUp])
        #expect(result.nudges[0].reason == "Follow up with Ana Ahola after 'Meet coffee' on Thu 26 Nov")
        #expect(result.nudges[0].sources.map(\.location) == ["calendar.ics:3"])
        #expect(result.nudges[0].sources[0].start == "2026-11-26T07:00:00Z")
    }

    @Test func reconnectWhenTheCadenceHasRunOut() {
        let result = Self.plan(
            cards: [Self.ana],
            events: [Self.event("old", "20261001T090000", ["ana@example.org"])],
            now: Self.at(2026, 11, 30)
        )
        #expect(result.nudges.map(\.kind) == [.reconnect])
        #expect(result.nudges[0].reason.contains("last met 2 months ago ('Meet old', Thu 1 Oct)"))
        #expect(result.nudges[0].due == CivilDate(year: 2026, month: 10, day: 22))
    }

    @Test func declinedCancelledRoomAndOwnAddressDoNotCount() {
        let events = [
            Self.event("declined", "20261126T090000", [], extra: ["ATTENDEE;PARTSTAT=DECLINED:mailto:ana@example.org"]),
            Self.event("cancelled", "20261127T090000", ["ana@example.org"], extra: ["STATUS:CANCELLED"]),
            Self.event(
                "room",
                "20261001T090000",
                ["ana@example.org"],
                extra: ["ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room4@example.org"]
            ),
        ]
        let result = Self.plan(cards: [Self.ana], events: events, now: Self.at(2026, 11, 30))
        #expect(result.network.people.map(\.key) == ["ana@example.org"])
        // The only meeting that counts is 1 Oct: a reconnect, not a follow-up.
        #expect(result.nudges.map(\.kind) == [.reconnect])
        #expect(result.network.interactions(of: "ana@example.org").map(\.summary) == ["Meet room"])
    }

    @Test func largeMeetingIsSeenButDoesNotResetTheCadence() {
        let crowd = (1...13).map { "guest\($0)@example.org" }
        let events = [
            Self.event("old", "20261001T090000", ["ana@example.org"]),
            Self.event("allhands", "20261125T090000", ["ana@example.org"] + crowd),
        ]
        let result = Self.plan(cards: [Self.ana], events: events, now: Self.at(2026, 11, 30))
        let ana = result.nudges.first { $0.personKey == "ana@example.org" }
        #expect(ana?.kind == .reconnect)
        #expect(result.network.interactions(of: "ana@example.org").last?.kind == .largeMeeting)
        #expect(result.planner.statistics().weeklyCounts.last == 14)
        #expect(result.planner.statistics().metThisWeek == 0)
    }

    @Test func aPlannedMeetingHoldsBackAReconnect() {
        let events = [
            Self.event("old", "20261001T090000", ["ana@example.org"]),
            Self.event("soon", "20261210T090000", ["ana@example.org"]),
        ]
        let result = Self.plan(cards: [Self.ana], events: events, now: Self.at(2026, 11, 30))
        #expect(!result.nudges.contains { $0.kind == .reconnect })
    }

    @Test func snoozedAndIgnoredPeopleAreLeftOut() {
        let events = [Self.event("coffee", "20261126T090000", ["ana@example.org", "bo@example.org"])]
        let bo = Self.card("Bo Berg", ["bo@example.org"])
        var state = PlannerState()
        state.snoozedUntil["ana@example.org"] = Self.at(2026, 12, 20)
        var settings = Self.settings()
        settings.people["bo@example.org"] = Settings.Person(ignore: true)
        let result = Self.plan(
            cards: [Self.ana, bo],
            events: events,
            now: Self.at(2026, 11, 30),
            settings: settings,
            state: state
        )
        #expect(result.nudges.isEmpty)
        state.snoozedUntil["ana@example.org"] = Self.at(2026, 11, 29)
        let later = Self.plan(
            cards: [Self.ana, bo],
            events: events,
            now: Self.at(2026, 11, 30),
            settings: settings,
            state: state
        )
        #expect(later.nudges.map(\.personKey) == ["ana@example.org"])
    }

    @Test func aDSTWeekCountsMeetingsAtTheirLocalTimes() {
        // Helsinki moves to summer time on Sunday 29 March 2026; the week of Monday 30 March.
        let events = [
            Self.event("monday", "20260330T083000", ["ana@example.org"]),
            Self.event("sunday", "20260329T233000", ["bo@example.org"]),
        ]
        let bo = Self.card("Bo Berg", ["bo@example.org"])
        let result = Self.plan(cards: [Self.ana, bo], events: events, now: Self.at(2026, 4, 1, 12))
        let stats = result.planner.statistics()
        #expect(stats.metThisWeek == 1)
        #expect(stats.weeklyCounts.last == 1)
        #expect(result.nudges.first { $0.personKey == "ana@example.org" }?.reason.hasSuffix("on Mon 30 Mar") == true)
        #expect(result.planner.calendar.slot(CivilDate(year: 2026, month: 3, day: 30)) == "2026-W14")
    }

    @Test func birthdaysWithAgeAndFebruary29InACommonYear() {
        let cards = [
            Self.card("Leap Day", ["leap@example.org"], extra: ["BDAY:1992-02-29"]),
            Self.card("No Year", ["noyear@example.org"], extra: ["BDAY:--0301"]),
        ]
        let result = Self.plan(cards: cards, events: [], now: Self.at(2027, 2, 22))
        #expect(
            result.nudges.map(\.reason) == ["Leap Day turns 35 on Sun 28 Feb", "No Year's birthday is on Mon 1 Mar"]
        )
        #expect(
            result.nudges.map(\.due) == [
                CivilDate(year: 2027, month: 2, day: 28), CivilDate(year: 2027, month: 3, day: 1),
            ]
        )
    }

    @Test func anniversaryWithItsLabel() {
        let cards = [
            Self.card("Cleo", ["cleo@example.org"], extra: ["item1.X-ABDATE:2016-12-12", "item1.X-ABLabel:Graduation"])
        ]
        // The Monday digest of the week it falls in.
        let result = Self.plan(cards: cards, events: [], now: Self.at(2026, 12, 7))
        #expect(result.nudges.map(\.kind) == [.anniversary])
        #expect(result.nudges[0].reason == "Cleo's 'Graduation': 10 years on Sat 12 Dec")
    }

    @Test func onePersonWithTwoAddressesAcrossTwoFiles() {
        let cards = [
            Self.card(
                "Ana Ahola",
                ["ana@example.org"],
                extra: ["UID:ana-1", "REV:20250101T000000Z", "CATEGORIES:Friends"]
            ),
            Self.card("Ana A. Ahola", ["ana@work.example"], extra: ["UID:ana-1", "REV:20260101T000000Z", "ORG:Acme"]),
        ]
        let events = [
            Self.event("old", "20261001T090000", ["ana@example.org"]),
            Self.event("recent", "20261120T090000", ["ana@work.example"]),
        ]
        let result = Self.plan(cards: cards, events: events, now: Self.at(2026, 11, 30), files: 2)
        #expect(result.network.people.count == 1)
        let ana = result.network.people[0]
        #expect(ana.name == "Ana A. Ahola")
        #expect(Set(ana.emails) == ["ana@example.org", "ana@work.example"])
        #expect(ana.sources.map(\.file) == ["a.vcf", "b/b.vcf"])
        #expect(result.network.interactions(of: ana.key).count == 2)
        #expect(!result.nudges.contains { $0.kind == .reconnect })
    }

    @Test func aWeekly1on1ResetsTheCadenceAtEachInstance() {
        let events = [
            Self.event(
                "weekly",
                "20260105T090000",
                ["ana@example.org"],
                extra: ["RRULE:FREQ=WEEKLY;UNTIL=20261231T000000Z"]
            )
        ]
        let result = Self.plan(cards: [Self.ana], events: events, now: Self.at(2026, 11, 18, 12))
        let interactions = result.network.interactions(of: "ana@example.org")
        #expect(interactions.filter { $0.start <= Self.at(2026, 11, 18, 12) }.count == 46)
        #expect(!result.nudges.contains { $0.kind == .reconnect })
        // A standing meeting is no news: no follow-up for its 46th instance, unless asked for.
        #expect(result.nudges.isEmpty)
        var settings = Self.settings()
        settings.digest.followUpSeries = true
        let asked = Self.plan(cards: [Self.ana], events: events, now: Self.at(2026, 11, 18, 12), settings: settings)
        #expect(asked.nudges.map(\.kind) == [.followUp])
        #expect(asked.nudges[0].reason.hasSuffix("on Mon 16 Nov"))
    }

    @Test func anAttendeeNotInTheContactsIsAPerson() {
        let events = [
            Self.event("intro", "20261126T090000", [], extra: ["ATTENDEE;CN=Dara Doyle:mailto:Dara@Example.org"])
        ]
        let result = Self.plan(cards: [], events: events, now: Self.at(2026, 11, 30))
        let dara = result.network.people.first
        #expect(dara?.name == "Dara Doyle")
        #expect(dara?.inContacts == false)
        #expect(dara?.key == "dara@example.org")
        #expect(result.nudges.map(\.kind) == [.followUp])
    }

    /// Addresses are compared lower-cased in full, not only their ASCII letters, and in composed form: the
    /// card's and the invitations' spellings of the same non-ASCII address are one person.
    @Test func anAddressWithCapitalAccentedLettersIsOnePerson() {
        let cards = [Self.card("Émile Ém", ["Émile@Example.org"], extra: ["CATEGORIES:Friends"])]
        let events = [
            Self.event("lunch", "20261126T120000", ["ÉMILE@EXAMPLE.ORG"]),
            Self.event("coffee", "20261127T100000", ["E\u{301}mile@example.org"]),
        ]
        let result = Self.plan(cards: cards, events: events, now: Self.at(2026, 11, 30))
        #expect(result.network.people.map(\.key) == ["émile@example.org"])
        #expect(result.network.interactions(of: "émile@example.org").count == 2)
    }

    @Test func prepareForAMeetingWithSomeoneNotSeenForLong() {
        let events = [
            Self.event("long-ago", "20260301T090000", ["ana@example.org"]),
            Self.event("review", "20261203T140000", ["ana@example.org"]),
        ]
        let result = Self.plan(cards: [Self.ana], events: events, now: Self.at(2026, 11, 30))
        #expect(result.nudges.map(\.kind) == [.prepare])
        #expect(
            result.nudges[0].reason == "Prepare for 'Meet review' on Thu 3 Dec with Ana Ahola: last met 9 months ago"
        )
        #expect(result.nudges[0].context.contains("Last met: 'Meet long-ago' on Sun 1 Mar"))
    }

    @Test func newContactFromTheStateOrItsRevision() {
        let cards = [Self.card("Maja", ["maja@example.org"], extra: ["REV:20261125T090000Z"])]
        let result = Self.plan(cards: cards, events: [], now: Self.at(2026, 11, 30))
        #expect(result.nudges.map(\.kind) == [.newContact])
        var state = PlannerState()
        state.firstSeen["maja@example.org"] = Self.at(2026, 9, 1)
        let old = Self.plan(cards: cards, events: [], now: Self.at(2026, 11, 30), state: state)
        #expect(!old.nudges.contains { $0.kind == .newContact })
    }

    @Test func aPersonAppearsOnceInTheMostUrgentSection() {
        let cards = [Self.card("Ana Ahola", ["ana@example.org"], extra: ["CATEGORIES:Friends", "BDAY:1990-12-03"])]
        let result = Self.plan(
            cards: cards,
            events: [Self.event("coffee", "20261126T090000", ["ana@example.org"])],
            now: Self.at(2026, 11, 30)
        )
        #expect(result.planner.items().map { $0.map(\.kind) } == [[.followUp, .birthday]])
    }
}

extension PlannerScenarioTests {
    @Test func someoneShownAndNotActedOnRestsSoThatTheBudgetReachesOthers() {
        var settings = Self.settings()
        settings.digest.maxItems = 1
        let cards = [
            Self.card("Ana Ahola", ["ana@example.org"], extra: ["CATEGORIES:Friends"]),
            Self.card("Bo Berg", ["bo@example.org"], extra: ["CATEGORIES:Friends"]),
        ]
        let events = [
            Self.event("ana", "20260901T090000", ["ana@example.org"]),
            Self.event("bo", "20261001T090000", ["bo@example.org"]),
        ]
        let weeks = (0..<4).map { Self.at(2026, 11, 30) + $0 * 7 * 86_400 }
        var state = PlannerState()
        var shown: [[String]] = []
        for now in weeks {
            let plan = Self.plan(cards: cards, events: events, now: now, settings: settings, state: state)
            shown.append(plan.nudges.map(\.name))
            for nudge in plan.nudges { state.lastShown[nudge.personKey, default: [:]][nudge.kind] = now }
        }
        // Ana is the more overdue; shown and not met, she steps back for the three weeks of digest.rest, and
        // Bo, shown the week after, rests in turn; then Ana again.
        #expect(shown == [["Ana Ahola"], ["Bo Berg"], [], ["Ana Ahola"]])
    }
}

@Suite struct DigestScheduleTests {
    static let zone = TimeZoneDatabase().rules(named: "Europe/Helsinki")!

    static func schedule(day: Settings.Weekday, time: Int) -> DigestSchedule {
        var settings = Settings(timezone: "Europe/Helsinki", inbox: "/in", stateDirectory: "/st")
        settings.digest.day = day
        settings.digest.time = time
        return DigestSchedule(settings: settings, zone: zone)
    }

    static func local(_ instant: Int) -> String { zone.local(atUTC: instant).description }

    @Test func eightStaysEightAcrossDST() {
        let schedule = Self.schedule(day: .monday, time: 8 * 60)
        // Sunday 22 March 2026, then the Monday after the change to summer time on 29 March.
        let before = schedule.next(after: PlannerScenarioTests.at(2026, 3, 22))
        let after = schedule.next(after: before)
        #expect(Self.local(before) == "2026-03-23T08:00:00")
        #expect(Self.local(after) == "2026-03-30T08:00:00")
        #expect(after - before == 7 * 86_400 - 3600)
        #expect(schedule.latest(atOrBefore: after) == after)
        #expect(schedule.latest(atOrBefore: after - 1) == before)
    }

    @Test func aTimeThatDoesNotExistMovesForward() {
        // 03:30 on Sunday 29 March 2026 does not exist in Helsinki (03:00 -> 04:00).
        let schedule = Self.schedule(day: .sunday, time: 3 * 60 + 30)
        let slot = schedule.next(after: PlannerScenarioTests.at(2026, 3, 28))
        #expect(Self.local(slot) == "2026-03-29T04:30:00")
    }
}
