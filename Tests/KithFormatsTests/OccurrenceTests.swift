import Foundation
import Testing

@testable import KithFormats

@Suite struct OccurrenceTests {
    static let march = (from: CivilDate(year: 2026, month: 3, day: 1), to: CivilDate(year: 2026, month: 4, day: 15))

    /// Occurrences are packed into 24 bytes: every kind of time, before and after 1970, reads back as it went in.
    @Test func packedOccurrencesKeepEveryKindOfTime() {
        let times: [OccurrenceTime] = [
            .date(CivilDate(year: 2026, month: 2, day: 28)),
            .date(CivilDate(year: 1604, month: 7, day: 1)),
            .instant(1_780_000_000),
            .instant(-86_401),
            .floating(CivilDateTime(date: CivilDate(year: 1969, month: 12, day: 31), secondOfDay: 86_399)),
        ]
        for (index, start) in times.enumerated() {
            let end: OccurrenceTime
            switch start {
            case .date(let date): end = .date(date.adding(days: 3))
            case .instant(let instant): end = .instant(instant + 5_400)
            case .floating(let local): end = .floating(CivilDateTime(secondsSinceEpoch: local.secondsSinceEpoch + 60))
            }
            for recurrenceID in [nil] + times {
                for isOverride in [false, true] {
                    var occurrence = Occurrence(
                        eventIndex: 70_000 + index,
                        start: start,
                        end: end,
                        recurrenceID: recurrenceID,
                        isOverride: isOverride
                    )
                    #expect(occurrence.eventIndex == 70_000 + index)
                    #expect(occurrence.start == start)
                    #expect(occurrence.end == end)
                    #expect(occurrence.recurrenceID == recurrenceID)
                    #expect(occurrence.isOverride == isOverride)
                    // Moving the start keeps the end where it was; flags stay apart from the recurrence ID.
                    occurrence.start = start.adding(seconds: -86_400)
                    #expect(occurrence.end == end)
                    occurrence.isOverride.toggle()
                    #expect(occurrence.recurrenceID == recurrenceID)
                    #expect(occurrence.isOverride == !isOverride)
                }
            }
        }
    }

    @Test func zonedWeeklyKeepsWallTimeAcrossDST() {
        // Europe/Helsinki moves from +02:00 to +03:00 on 29 March 2026.
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:w", "DTSTART;TZID=Europe/Helsinki:20260323T090000", "DURATION:PT1H",
            "RRULE:FREQ=WEEKLY;COUNT=3", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text, from: Self.march.from, to: Self.march.to)
        #expect(result.starts == ["2026-03-23T07:00:00Z", "2026-03-30T06:00:00Z", "2026-04-06T06:00:00Z"])
    }

    @Test func localTimeInGapMovesForwardAndOverlapTakesFirst() {
        // RFC 5545 §3.3.5: 03:30 on 29 March 2026 does not exist in Helsinki; 03:30 on 25 October is twice.
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:gap", "DTSTART;TZID=Europe/Helsinki:20260329T033000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:overlap", "DTSTART;TZID=Europe/Helsinki:20261025T033000", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        // The gap time is read with the offset before the gap (+02:00), i.e. 04:30 local summer time.
        #expect(result.starts == ["2026-03-29T01:30:00Z", "2026-10-25T00:30:00Z"])
    }

    @Test func windowsAndOutlookZoneNames() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:a", "DTSTART;TZID=W. Europe Standard Time:20260115T100000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:b",
            "DTSTART;TZID=\"(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius\":20260115T100000",
            "END:VEVENT",
            "BEGIN:VEVENT", "UID:c",
            "DTSTART;TZID=/softwarestudio.org/Olson_20011030_5/America/New_York:20260115T100000",
            "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        #expect(result.starts == ["2026-01-15T08:00:00Z", "2026-01-15T09:00:00Z", "2026-01-15T15:00:00Z"])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func ownVTimeZoneAndUnknownTZID() {
        let text = Fixture.wrap([
            "BEGIN:VTIMEZONE", "TZID:My Office", "BEGIN:STANDARD", "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
            "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT", "END:VTIMEZONE",
            "BEGIN:VEVENT", "UID:a", "DTSTART;TZID=My Office:20260701T120000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:b", "DTSTART;TZID=Mars/Olympus:20260701T120000", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        #expect(result.starts == ["2026-07-01T10:00:00Z", "2026-07-01T12:00:00"])
        #expect(result.diagnostics.map(\.code) == [.unknownTZID])
    }

    @Test func exdateRdatePeriodAndOverrides() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:s", "DTSTART:20260105T090000Z", "DTEND:20260105T100000Z",
            "RRULE:FREQ=DAILY;COUNT=4", "EXDATE:20260106T090000Z",
            "RDATE;VALUE=PERIOD:20260110T120000Z/PT2H", "END:VEVENT",
            "BEGIN:VEVENT", "UID:s", "RECURRENCE-ID:20260107T090000Z", "DTSTART:20260107T150000Z",
            "DTEND:20260107T160000Z", "END:VEVENT",
        ])
        let document = Fixture.calendar(text)
        var log = DiagnosticLog(path: "t")
        let occurrences = document.calendar!.occurrences(
            in: DateWindow(from: CivilDate(year: 2026, month: 1, day: 1), to: CivilDate(year: 2026, month: 2, day: 1)),
            database: TimeZoneDatabase(),
            log: &log
        ).sorted { $0.start < $1.start }
        #expect(
            occurrences.map(\.start.description) == [
                "2026-01-05T09:00:00Z", "2026-01-07T15:00:00Z", "2026-01-08T09:00:00Z", "2026-01-10T12:00:00Z",
            ]
        )
        #expect(occurrences.map(\.isOverride) == [false, true, false, false])
        #expect(occurrences[1].recurrenceID?.description == "2026-01-07T09:00:00Z")
        #expect(occurrences[3].end.description == "2026-01-10T14:00:00Z")
    }

    @Test func thisAndFutureShiftsLaterInstances() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:t", "DTSTART:20260105T090000Z", "RRULE:FREQ=WEEKLY;COUNT=4", "SUMMARY:Old",
            "END:VEVENT",
            "BEGIN:VEVENT", "UID:t", "RECURRENCE-ID;RANGE=THISANDFUTURE:20260112T090000Z",
            "DTSTART:20260112T110000Z", "SUMMARY:New", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        #expect(
            result.starts == [
                "2026-01-05T09:00:00Z", "2026-01-12T11:00:00Z", "2026-01-19T11:00:00Z", "2026-01-26T11:00:00Z",
            ]
        )
    }

    @Test func floatingAllDayAndCalendarZone() {
        let floating = Fixture.wrap([
            "BEGIN:VEVENT", "UID:f", "DTSTART:20260301T090000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:d", "DTSTART;VALUE=DATE:20260302", "END:VEVENT",
        ])
        #expect(Fixture.occurrences(floating).starts == ["2026-03-01T09:00:00", "2026-03-02"])
        let google = floating.replacingOccurrences(
            of: "VERSION:2.0",
            with: "VERSION:2.0\r\nX-WR-TIMEZONE:Europe/Berlin"
        )
        let result = Fixture.occurrences(google)
        #expect(result.starts == ["2026-03-01T08:00:00Z", "2026-03-02"])
        #expect(result.diagnostics.map(\.code) == [.floatingByCalendarZone])
    }

    @Test func brokenEventCostsOnlyItself() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:bad", "DTSTART:2026-13-45", "END:VEVENT",
            "BEGIN:VEVENT", "UID:nostart", "SUMMARY:x", "END:VEVENT",
            "BEGIN:VEVENT", "UID:good", "DTSTART:20260301T090000Z", "RRULE:FREQ=SOMETIMES", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        #expect(result.starts == ["2026-03-01T09:00:00Z"])
        #expect(
            result.diagnostics.map(\.code) == [.badDateTime, .missingDTSTART, .badRecurrenceRule, .badRecurrenceRule]
        )
        #expect(result.diagnostics.map(\.line) == [5, 7, 14, 14])
    }

    /// A series that began long before the window is not expanded from its start (`RecurrenceIterator.skip`),
    /// yet a late window holds exactly the instances that a window from the start has in those days.
    @Test(arguments: [
        "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=WEEKLY;INTERVAL=3", "FREQ=DAILY;INTERVAL=5", "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=YEARLY;BYWEEKNO=1,52;BYDAY=MO", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=HOURLY;INTERVAL=7", "FREQ=MINUTELY;INTERVAL=997", "FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SU,TU",
        "FREQ=YEARLY;INTERVAL=4", "FREQ=MONTHLY;INTERVAL=5;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=DAILY;UNTIL=20290101T000000Z", "FREQ=SECONDLY;INTERVAL=86399",
    ])
    func aLateWindowHasTheInstancesOfAWindowFromTheStart(rule: String) {
        let starts = [
            "DTSTART:20191230T233000Z", "DTSTART;VALUE=DATE:20200229",
            "DTSTART;TZID=America/New_York:20200105T221500",
        ]
        for start in starts {
            let text = Fixture.wrap([
                "BEGIN:VEVENT", "UID:s", start, "DURATION:PT3H", "RRULE:\(rule)", "END:VEVENT",
            ])
            let whole = Fixture.occurrences(text, from: CivilDate(year: 2019, month: 1, day: 1))
            for (year, month, day) in [(2024, 2, 28), (2025, 12, 31), (2027, 1, 4)] {
                let from = CivilDate(year: year, month: month, day: day)
                let to = from.adding(days: 40)
                let late = Fixture.occurrences(text, from: from, to: to)
                // Away from the window's edges (where zones decide), both have the same instances.
                let inner = from.adding(days: 2).description..<to.adding(days: -2).description
                #expect(
                    late.starts.filter { inner.contains($0) } == whole.starts.filter { inner.contains($0) },
                    "\(start) \(rule) from \(from)"
                )
                #expect(late.starts.contains { inner.contains($0) } || !whole.starts.contains { inner.contains($0) })
            }
        }
    }

    @Test func runawayRuleStopsAtTheNamedLimit() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:r", "DTSTART:20200101T000000Z", "RRULE:FREQ=SECONDLY", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        #expect(result.starts.count == Limits.maxRecurrenceInstances)
        #expect(result.diagnostics.map(\.code) == [.recurrenceLimit])
    }
}

@Suite struct OccurrenceTimeTests {
    @Test func addingKeepsTheKind() {
        let day = CivilDate(year: 2026, month: 3, day: 29)
        // A date moves by whole days only; a day and a half is one day.
        #expect(OccurrenceTime.date(day).adding(seconds: 86_400 + 43_200) == .date(day.adding(days: 1)))
        #expect(OccurrenceTime.date(day).adding(seconds: -86_400) == .date(day.adding(days: -1)))
        #expect(OccurrenceTime.instant(1_000).adding(seconds: 3_600) == .instant(4_600))
        let wall = CivilDateTime(date: day, secondOfDay: 23 * 3600)
        #expect(
            OccurrenceTime.floating(wall).adding(seconds: 7_200)
                == .floating(CivilDateTime(date: day.adding(days: 1), secondOfDay: 3600))
        )
    }
}
