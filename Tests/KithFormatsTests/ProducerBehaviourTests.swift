import Testing

@testable import KithFormats

/// The classes of producer behaviour of issue #21, each with the rule Kith follows (see the conformance notes,
/// `Tests/KithFormatsTests/Fixtures/CONFORMANCE.md`).
@Suite struct ProducerBehaviourTests {
    static let january = (from: CivilDate(year: 2026, month: 1, day: 1), to: CivilDate(year: 2026, month: 2, day: 1))

    static func codes(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.code.rawValue) }

    // MARK: EXDATE, RDATE and RECURRENCE-ID of another kind than DTSTART

    struct Exclusion: Sendable, CustomTestStringConvertible {
        var start: String
        var exdate: String
        var expected: [String]
        var testDescription: String { "\(start) / \(exdate)" }
    }

    /// A daily series of three, its second instance excluded by an EXDATE written some other way than DTSTART:
    /// the EXDATE names the instance the producer meant, so the cancelled one never counts.
    @Test(arguments: [
        // Zoned series, floating EXDATE: the wall time in DTSTART's zone.
        Exclusion(
            start: "DTSTART;TZID=Europe/Helsinki:20260105T090000",
            exdate: "EXDATE:20260106T090000",
            expected: ["2026-01-05T07:00:00Z", "2026-01-07T07:00:00Z"]
        ),
        // Zoned series, UTC EXDATE: the same instant (RFC 5545).
        Exclusion(
            start: "DTSTART;TZID=Europe/Helsinki:20260105T090000",
            exdate: "EXDATE:20260106T070000Z",
            expected: ["2026-01-05T07:00:00Z", "2026-01-07T07:00:00Z"]
        ),
        // Zoned series, EXDATE in another zone naming the same instant.
        Exclusion(
            start: "DTSTART;TZID=Europe/Helsinki:20260105T090000",
            exdate: "EXDATE;TZID=Europe/Berlin:20260106T080000",
            expected: ["2026-01-05T07:00:00Z", "2026-01-07T07:00:00Z"]
        ),
        // Timed series, DATE EXDATE: every instance of that day.
        Exclusion(
            start: "DTSTART;TZID=Europe/Helsinki:20260105T090000",
            exdate: "EXDATE;VALUE=DATE:20260106",
            expected: ["2026-01-05T07:00:00Z", "2026-01-07T07:00:00Z"]
        ),
        // Floating series, zoned EXDATE: its wall time.
        Exclusion(
            start: "DTSTART:20260105T090000",
            exdate: "EXDATE;TZID=America/New_York:20260106T090000",
            expected: ["2026-01-05T09:00:00", "2026-01-07T09:00:00"]
        ),
        // All-day series, DATE-TIME EXDATE: the instance of that day.
        Exclusion(
            start: "DTSTART;VALUE=DATE:20260105",
            exdate: "EXDATE:20260106T000000Z",
            expected: ["2026-01-05", "2026-01-07"]
        ),
    ])
    func exdateOfAnotherKindExcludesTheMeantInstance(_ example: Exclusion) {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:x", example.start, "RRULE:FREQ=DAILY;COUNT=3", example.exdate, "END:VEVENT",
        ])
        let result = Fixture.occurrences(text, from: Self.january.from, to: Self.january.to)
        #expect(result.starts == example.expected)
        // Only UTC or zoned against zoned is what RFC 5545 §3.8.5.1 allows; the rest is warned about.
        let sameKind =
            example.start.contains("TZID") && (example.exdate.hasSuffix("Z") || example.exdate.contains("Berlin"))
        #expect(Self.codes(result.diagnostics).contains("instance-kind-mismatch") == !sameKind)
    }

    /// A RECURRENCE-ID written floating for a zoned series replaces the instance at that wall time in the
    /// series' zone (one meeting, not two); one written as a DATE for a timed series replaces that day's.
    @Test(arguments: ["RECURRENCE-ID:20260106T090000", "RECURRENCE-ID;VALUE=DATE:20260106"])
    func recurrenceIDOfAnotherKindReplacesTheMeantInstance(_ recurrenceID: String) {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:x", "DTSTART;TZID=Europe/Helsinki:20260105T090000", "DURATION:PT1H",
            "RRULE:FREQ=DAILY;COUNT=3", "END:VEVENT",
            "BEGIN:VEVENT", "UID:x", recurrenceID, "DTSTART;TZID=Europe/Helsinki:20260106T150000", "DURATION:PT1H",
            "END:VEVENT",
        ])
        let result = Fixture.occurrences(text, from: Self.january.from, to: Self.january.to)
        #expect(result.starts == ["2026-01-05T07:00:00Z", "2026-01-06T13:00:00Z", "2026-01-07T07:00:00Z"])
        #expect(Self.codes(result.diagnostics).contains("instance-kind-mismatch"))
    }

    /// An RDATE of another kind adds the instance in DTSTART's terms: a DATE on a timed series at DTSTART's
    /// time, a floating time in DTSTART's zone.
    @Test func rdateOfAnotherKindIsReadInDTSTARTsTerms() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:x", "DTSTART;TZID=Europe/Helsinki:20260105T090000", "DURATION:PT1H",
            "RDATE;VALUE=DATE:20260110", "RDATE:20260112T100000", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text, from: Self.january.from, to: Self.january.to)
        #expect(result.starts == ["2026-01-05T07:00:00Z", "2026-01-10T07:00:00Z", "2026-01-12T08:00:00Z"])
        #expect(Self.codes(result.diagnostics).contains("instance-kind-mismatch"))
    }

    // MARK: Overrides whose master changed later

    /// The master was later given an EXDATE for the day an override stands for: the instance was cancelled
    /// after it had been moved, and the stale override must not count.
    @Test func overrideOfAnExcludedInstanceIsCancelled() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:x", "DTSTART;TZID=Europe/Helsinki:20260105T090000", "DURATION:PT1H",
            "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;TZID=Europe/Helsinki:20260106T090000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:x", "RECURRENCE-ID;TZID=Europe/Helsinki:20260106T090000",
            "DTSTART;TZID=Europe/Helsinki:20260106T150000", "DURATION:PT1H", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text, from: Self.january.from, to: Self.january.to)
        #expect(result.starts == ["2026-01-05T07:00:00Z", "2026-01-07T07:00:00Z"])
        #expect(Self.codes(result.diagnostics).contains("override-excluded"))
    }

    /// An all-day instance moved to another day: the original day is gone, the new day counts once.
    @Test func allDayOverrideMovesTheInstanceToAnotherDay() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:x", "DTSTART;VALUE=DATE:20260105", "RRULE:FREQ=WEEKLY;COUNT=3", "END:VEVENT",
            "BEGIN:VEVENT", "UID:x", "RECURRENCE-ID;VALUE=DATE:20260112", "DTSTART;VALUE=DATE:20260114",
            "END:VEVENT",
        ])
        let result = Fixture.occurrences(text, from: Self.january.from, to: Self.january.to)
        #expect(result.starts == ["2026-01-05", "2026-01-14", "2026-01-19"])
    }

    /// The series' RRULE changed after the override was made, so its RECURRENCE-ID names no instance any more:
    /// the override still says when that meeting happened and counts on its own.
    @Test func overrideOutsideAChangedRuleStillCounts() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:x", "DTSTART:20260105T090000Z", "RRULE:FREQ=WEEKLY;COUNT=2", "SEQUENCE:2",
            "END:VEVENT",
            "BEGIN:VEVENT", "UID:x", "RECURRENCE-ID:20260106T090000Z", "DTSTART:20260106T100000Z", "SEQUENCE:1",
            "END:VEVENT",
        ])
        let result = Fixture.occurrences(text, from: Self.january.from, to: Self.january.to)
        #expect(result.starts == ["2026-01-05T09:00:00Z", "2026-01-06T10:00:00Z", "2026-01-12T09:00:00Z"])
    }

    // MARK: Several VEVENTs with one UID and no RECURRENCE-ID

    /// A sync tool left an older copy of a one-off meeting beside the current one (moved by an hour): only
    /// the highest SEQUENCE counts, whichever comes first in the file.
    @Test(arguments: [false, true])
    func staleCopyOfAnEventCountsOnce(newerFirst: Bool) {
        let old = [
            "BEGIN:VEVENT", "UID:m", "SEQUENCE:0", "ORGANIZER:mailto:ana@example.com", "SUMMARY:Lunch",
            "DTSTART:20260110T110000Z", "END:VEVENT",
        ]
        let new = [
            "BEGIN:VEVENT", "UID:m", "SEQUENCE:1", "ORGANIZER:mailto:ANA@example.com", "SUMMARY:Lunch",
            "DTSTART:20260110T120000Z", "END:VEVENT",
        ]
        let result = Fixture.occurrences(Fixture.wrap(newerFirst ? new + old : old + new))
        #expect(result.starts == ["2026-01-10T12:00:00Z"])
        #expect(Self.codes(result.diagnostics).contains("stale-copy"))
    }

    /// Equal SEQUENCE: the latest LAST-MODIFIED wins, else the latest DTSTAMP.
    @Test func equalSequenceFallsBackToLastModifiedThenDTSTAMP() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:m", "LAST-MODIFIED:20260102T000000Z", "DTSTAMP:20260101T000000Z",
            "DTSTART:20260110T120000Z", "RRULE:FREQ=DAILY;COUNT=2", "END:VEVENT",
            "BEGIN:VEVENT", "UID:m", "LAST-MODIFIED:20260101T000000Z", "DTSTAMP:20260105T000000Z",
            "DTSTART:20260110T130000Z", "RRULE:FREQ=DAILY;COUNT=2", "END:VEVENT",
            "BEGIN:VEVENT", "UID:n", "DTSTAMP:20260105T000000Z", "DTSTART:20260120T090000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:n", "DTSTAMP:20260101T000000Z", "DTSTART:20260120T080000Z", "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        #expect(result.starts == ["2026-01-10T12:00:00Z", "2026-01-11T12:00:00Z", "2026-01-20T09:00:00Z"])
    }

    /// Two overrides of one instance (a stale one left beside the current): the instance counts once, as the
    /// highest SEQUENCE has it.
    @Test func staleCopyOfAnOverrideCountsOnce() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:x", "DTSTART:20260105T090000Z", "RRULE:FREQ=DAILY;COUNT=3", "END:VEVENT",
            "BEGIN:VEVENT", "UID:x", "RECURRENCE-ID:20260106T090000Z", "SEQUENCE:2", "DTSTART:20260106T150000Z",
            "END:VEVENT",
            "BEGIN:VEVENT", "UID:x", "RECURRENCE-ID:20260106T090000Z", "SEQUENCE:1", "DTSTART:20260106T120000Z",
            "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        #expect(result.starts == ["2026-01-05T09:00:00Z", "2026-01-06T15:00:00Z", "2026-01-07T09:00:00Z"])
        #expect(Self.codes(result.diagnostics).contains("stale-copy"))
    }

    /// Across files (a vdir with an item copied into two calendars): the same rule per UID; the older file's
    /// events of that UID, master and overrides, are left out, and a different event sharing the UID is kept.
    @Test func staleCopiesAcrossFilesCountOnce() throws {
        let older = Fixture.wrap([
            "BEGIN:VEVENT", "UID:m", "SEQUENCE:1", "SUMMARY:Lunch", "DTSTART:20260110T110000Z",
            "RRULE:FREQ=WEEKLY;COUNT=2", "END:VEVENT",
            "BEGIN:VEVENT", "UID:m", "RECURRENCE-ID:20260117T110000Z", "SUMMARY:Lunch", "DTSTART:20260117T130000Z",
            "END:VEVENT",
        ])
        let newer = Fixture.wrap([
            "BEGIN:VEVENT", "UID:m", "SEQUENCE:2", "SUMMARY:Lunch", "DTSTART:20260110T120000Z",
            "RRULE:FREQ=WEEKLY;COUNT=2", "END:VEVENT",
        ])
        let other = Fixture.wrap([
            "BEGIN:VEVENT", "UID:m", "ORGANIZER:mailto:b@example.com", "SUMMARY:Other", "DTSTART:20260111T090000Z",
            "END:VEVENT",
        ])
        let calendars = try [older, newer, other].map { try #require(Fixture.calendar($0).calendar) }
        let files = zip(["a.ics", "b.ics", "c.ics"], calendars).map { (path: $0, calendar: $1) }
        let stale = ICalendar.staleCopies(across: files)
        #expect(stale.ignored == [[0, 1], [], []])
        #expect(stale.diagnostics.map(\.path) == ["a.ics"])
        var starts: [String] = []
        for (index, calendar) in calendars.enumerated() {
            var log = DiagnosticLog(path: files[index].path)
            let occurrences = calendar.occurrences(
                in: DateWindow(from: Self.january.from, to: Self.january.to),
                database: TimeZoneDatabase(),
                log: &log,
                ignoring: stale.ignored[index]
            )
            starts += occurrences.map(\.start.description)
        }
        #expect(starts.sorted() == ["2026-01-10T12:00:00Z", "2026-01-11T09:00:00Z", "2026-01-17T12:00:00Z"])
    }

    /// Two one-off events sharing a UID by a producer's mistake (different start, different SUMMARY) are two
    /// events; so are copies with different organizers.
    @Test func eventsSharingAUIDByMistakeAreKept() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:1", "SUMMARY:Dentist", "DTSTART:20260110T090000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:1", "SUMMARY:Board game night", "DTSTART:20260117T180000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:2", "ORGANIZER:mailto:a@example.com", "SUMMARY:Sync", "DTSTART:20260112T090000Z",
            "END:VEVENT",
            "BEGIN:VEVENT", "UID:2", "ORGANIZER:mailto:b@example.com", "SUMMARY:Sync", "DTSTART:20260112T090000Z",
            "END:VEVENT",
        ])
        let result = Fixture.occurrences(text)
        #expect(
            result.starts == [
                "2026-01-10T09:00:00Z", "2026-01-12T09:00:00Z", "2026-01-12T09:00:00Z", "2026-01-17T18:00:00Z",
            ]
        )
        #expect(!Self.codes(result.diagnostics).contains("stale-copy"))
    }

    // MARK: The window's edge

    /// An occurrence counts when [start, end) overlaps the window, also when it starts before the window
    /// opens, and whether the window's days are read in UTC (as `inspect` shows times) or in the event's zone.
    @Test func occurrenceStartingBeforeTheWindowCountsWhenItOverlaps() {
        let text = Fixture.wrap([
            "BEGIN:VEVENT", "UID:utc", "DTSTART:20241231T230000Z", "DTEND:20250101T003000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:ny", "DTSTART;TZID=America/New_York:20241231T180000",
            "DTEND;TZID=America/New_York:20241231T193000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:nyr", "DTSTART;TZID=America/New_York:20241230T180000", "DURATION:PT1H30M",
            "RRULE:FREQ=DAILY;COUNT=2", "END:VEVENT",
            "BEGIN:VEVENT", "UID:floating", "DTSTART:20241231T230000", "DTEND:20250101T003000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:before", "DTSTART:20241231T220000Z", "DTEND:20250101T000000Z", "END:VEVENT",
        ])
        let result = Fixture.occurrences(
            text,
            from: CivilDate(year: 2025, month: 1, day: 1),
            to: CivilDate(year: 2025, month: 1, day: 2)
        )
        #expect(
            result.starts.sorted() == [
                "2024-12-31T23:00:00", "2024-12-31T23:00:00Z", "2024-12-31T23:00:00Z", "2024-12-31T23:00:00Z",
            ]
        )
    }

    // MARK: Line endings and encodings

    static let meeting = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:e", "SUMMARY:Kaffee mit Jürgen",
        "DTSTART:20260110T090000Z", "ATTENDEE;CN=Jürgen:mailto:j@example.com", "END:VEVENT", "END:VCALENDAR",
    ]

    static func summaries(_ bytes: [UInt8]) -> (summaries: [String], codes: [String]) {
        let document = Document.parse(bytes: bytes, path: "test.ics", kind: .calendar)
        let events = document.calendar?.events ?? []
        return (events.compactMap(\.summary), Self.codes(document.diagnostics))
    }

    /// CR alone (Lotus Notes), LF, CRLF and all of them mixed in one file end lines alike.
    @Test(arguments: ["\r", "\n", "\r\n", "mixed"])
    func everyLineEndingEndsALine(_ ending: String) {
        let endings = ending == "mixed" ? ["\r", "\n", "\r\n"] : [ending]
        // The SUMMARY folded, its continuation after one of the endings.
        let lines = Self.meeting.flatMap { $0.hasPrefix("SUMMARY") ? ["SUMMARY:Kaffee", "  mit Jürgen"] : [$0] }
        var text = ""
        for (index, line) in lines.enumerated() { text += line + endings[index % endings.count] }
        let result = Self.summaries(Array(text.utf8))
        #expect(result.summaries == ["Kaffee mit Jürgen"])
    }

    /// UTF-16 in either byte order, with or without a byte-order mark, is converted (and said so).
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func utf16IsReadWithOrWithoutAMark(bigEndian: Bool, mark: Bool) {
        let text = Self.meeting.joined(separator: "\r\n") + "\r\n"
        var bytes: [UInt8] = mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let pair = [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            bytes += bigEndian ? pair : pair.reversed()
        }
        let result = Self.summaries(bytes)
        #expect(result.summaries == ["Kaffee mit Jürgen"])
        #expect(result.codes.contains("utf16-converted"))
    }

    /// One invalid byte in an otherwise UTF-8 value costs only itself: the rest of that value and every other
    /// line stay UTF-8 (no "JÃ¼rgen"), the bad byte reads as Windows-1252, and that line is warned about.
    @Test func oneInvalidByteCostsOnlyItself() {
        var bytes = Array((Self.meeting.joined(separator: "\r\n") + "\r\n").utf8)
        // "Kaffee" -> "Caf\u{E9}" in Latin-1 pasted into the UTF-8 SUMMARY.
        let summary = Array("SUMMARY:Kaffee".utf8)
        let at = bytes.firstRange(of: summary)!.upperBound
        bytes.insert(contentsOf: [0x20, 0x43, 0x61, 0x66, 0xE9], at: at)
        let document = Document.parse(bytes: bytes, path: "test.ics", kind: .calendar)
        let event = try! #require(document.calendar?.events.first)
        #expect(event.summary == "Kaffee Café mit Jürgen")
        #expect(event.attendees.first?.name == "Jürgen")
        let warning = document.diagnostics.first { $0.code == .invalidUTF8 }
        #expect(warning?.line == 5)
    }

    // MARK: TZIDs and VTIMEZONEs

    static func zone(_ tzid: String, standard: String, daylight: String?) -> [String] {
        var lines = [
            "BEGIN:VTIMEZONE", "TZID:\(tzid)", "BEGIN:STANDARD", "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZOFFSETFROM:\(daylight ?? standard)",
            "TZOFFSETTO:\(standard)", "END:STANDARD",
        ]
        if let daylight {
            lines += [
                "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                "TZOFFSETFROM:\(standard)", "TZOFFSETTO:\(daylight)", "END:DAYLIGHT",
            ]
        }
        return lines + ["END:VTIMEZONE"]
    }

    static func event(_ tzid: String) -> [String] {
        ["BEGIN:VEVENT", "UID:z", "DTSTART;TZID=\(tzid):20260710T090000", "END:VEVENT"]
    }

    struct Zoned: Sendable, CustomTestStringConvertible {
        var tzid: String
        var definition: [String]
        var expected: String
        var contradiction: Bool
        var testDescription: String { "\(tzid) \(definition.isEmpty ? "alone" : "with VTIMEZONE")" }
    }

    /// A globally unique TZID (RFC 5545 §3.2.19, a leading `/`) or a decorated IANA name means the IANA zone
    /// it ends in, with or without a VTIMEZONE; a VTIMEZONE that agrees with the zone its name names leaves
    /// that zone in charge, one that contradicts it is what the producer meant (RFC 5545 §3.6.5) and wins,
    /// with a warning.
    @Test(arguments: [
        Zoned(tzid: "/America/New_York", definition: [], expected: "2026-07-10T13:00:00Z", contradiction: false),
        Zoned(
            tzid: "/mozilla.org/20050126_1/Europe/Helsinki",
            definition: [],
            expected: "2026-07-10T06:00:00Z",
            contradiction: false
        ),
        Zoned(tzid: "\"Europe/Helsinki\"", definition: [], expected: "2026-07-10T06:00:00Z", contradiction: false),
        Zoned(
            tzid: "custom_America/New_York_Forward_reference",
            definition: [],
            expected: "2026-07-10T13:00:00Z",
            contradiction: false
        ),
        Zoned(tzid: "America/Los Angeles", definition: [], expected: "2026-07-10T16:00:00Z", contradiction: false),
        Zoned(tzid: "Europe/Berlin (CET)", definition: [], expected: "2026-07-10T07:00:00Z", contradiction: false),
        Zoned(
            tzid: "/Europe/Berlin",
            definition: zone("/Europe/Berlin", standard: "+0100", daylight: "+0200"),
            expected: "2026-07-10T07:00:00Z",
            contradiction: false
        ),
        Zoned(
            tzid: "W. Europe Standard Time",
            definition: zone("W. Europe Standard Time", standard: "+0100", daylight: "+0200"),
            expected: "2026-07-10T07:00:00Z",
            contradiction: false
        ),
        // Named Berlin, defined as India's +05:30: the definition is what the times were written in.
        Zoned(
            tzid: "Europe/Berlin",
            definition: zone("Europe/Berlin", standard: "+0530", daylight: nil),
            expected: "2026-07-10T03:30:00Z",
            contradiction: true
        ),
        Zoned(
            tzid: "W. Europe Standard Time",
            definition: zone("W. Europe Standard Time", standard: "+0000", daylight: "+0100"),
            expected: "2026-07-10T08:00:00Z",
            contradiction: true
        ),
    ])
    func tzidAndVTIMEZONE(_ example: Zoned) {
        let result = Fixture.occurrences(Fixture.wrap(example.definition + Self.event(example.tzid)))
        #expect(result.starts == [example.expected])
        #expect(Self.codes(result.diagnostics).contains("vtimezone-contradicts-name") == example.contradiction)
        #expect(!Self.codes(result.diagnostics).contains("unknown-tzid"))
    }

    // MARK: DTSTART, DTEND, DURATION and UNTIL of different kinds

    struct Span: Sendable, CustomTestStringConvertible {
        var lines: [String]
        var expected: [String]
        var code: String
        var testDescription: String { lines.joined(separator: " ") }
    }

    static func spans(_ text: String) -> (spans: [String], codes: [String]) {
        let document = Fixture.calendar(text)
        var log = DiagnosticLog(path: "test.ics")
        let occurrences = document.calendar!.occurrences(
            in: DateWindow(from: CivilDate(year: 2026, month: 1, day: 1), to: CivilDate(year: 2027, month: 1, day: 1)),
            database: TimeZoneDatabase(),
            log: &log
        )
        return (occurrences.map { "\($0.start) \($0.end)" }, Self.codes(document.diagnostics + log.entries))
    }

    /// One rule each, with a warning: a DATE-TIME DTEND on an all-day event lasts through its day; a DATE
    /// DTEND on a timed event ends at that day's start in DTSTART's zone; floating against zoned reads DTEND's
    /// wall time in DTSTART's terms; DTEND before DTSTART is ignored; a time DURATION on a DATE rounds up to
    /// whole days; UNTIL of another kind is read in DTSTART's terms, and one before DTSTART leaves DTSTART alone.
    @Test(arguments: [
        Span(
            lines: ["DTSTART;VALUE=DATE:20260110", "DTEND:20260111T120000Z"],
            expected: ["2026-01-10 2026-01-12"],
            code: "mixed-value-types"
        ),
        Span(
            lines: ["DTSTART;TZID=Europe/Helsinki:20260110T220000", "DTEND;VALUE=DATE:20260111"],
            expected: ["2026-01-10T20:00:00Z 2026-01-10T22:00:00Z"],
            code: "mixed-value-types"
        ),
        Span(
            lines: ["DTSTART;TZID=Europe/Helsinki:20260110T090000", "DTEND:20260110T100000"],
            expected: ["2026-01-10T07:00:00Z 2026-01-10T08:00:00Z"],
            code: "mixed-value-types"
        ),
        Span(
            lines: ["DTSTART:20260110T090000", "DTEND;TZID=Europe/Helsinki:20260110T100000"],
            expected: ["2026-01-10T09:00:00 2026-01-10T10:00:00"],
            code: "mixed-value-types"
        ),
        Span(
            lines: ["DTSTART;VALUE=DATE:20260110", "DTEND;VALUE=DATE:20260108"],
            expected: ["2026-01-10 2026-01-11"],
            code: "end-before-start"
        ),
        Span(
            lines: ["DTSTART:20260110T090000Z", "DTEND:20260110T080000Z"],
            expected: ["2026-01-10T09:00:00Z 2026-01-10T09:00:00Z"],
            code: "end-before-start"
        ),
        Span(
            lines: ["DTSTART;VALUE=DATE:20260110", "DURATION:PT1H"],
            expected: ["2026-01-10 2026-01-11"],
            code: "mixed-value-types"
        ),
        Span(
            lines: ["DTSTART;VALUE=DATE:20260110", "RRULE:FREQ=DAILY;UNTIL=20260111T235959Z"],
            expected: ["2026-01-10 2026-01-11", "2026-01-11 2026-01-12"],
            code: "mixed-value-types"
        ),
        Span(
            lines: ["DTSTART;TZID=Europe/Helsinki:20260110T090000", "RRULE:FREQ=DAILY;UNTIL=20260111"],
            expected: ["2026-01-10T07:00:00Z 2026-01-10T07:00:00Z", "2026-01-11T07:00:00Z 2026-01-11T07:00:00Z"],
            code: "mixed-value-types"
        ),
        Span(
            lines: ["DTSTART:20260110T090000Z", "RRULE:FREQ=DAILY;UNTIL=20250101T000000Z"],
            expected: ["2026-01-10T09:00:00Z 2026-01-10T09:00:00Z"],
            code: "end-before-start"
        ),
    ])
    func kindsOfStartEndAndUntil(_ example: Span) {
        let result = Self.spans(Fixture.wrap(["BEGIN:VEVENT", "UID:k"] + example.lines + ["END:VEVENT"]))
        #expect(result.spans == example.expected)
        #expect(result.codes.contains(example.code))
    }
}
