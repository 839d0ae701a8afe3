import Foundation
import Testing

@testable import KithFormats

/// Issue #13: no input crashes, freezes or exhausts the readers. One test per class of hostile input.
@Suite struct HostileInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var kind: Document.Kind
        var lines: [String]
        /// The diagnostic expected, and the physical line it points at.
        var code: Diagnostic.Code?
        var line: Int
        var description: String { name }
    }

    static func card(_ property: String) -> [String] { ["BEGIN:VCARD", "VERSION:4.0", "FN:A", property, "END:VCARD"] }
    static func event(_ extra: [String], start: String = "DTSTART:20260101T100000Z") -> [String] {
        ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:x", start] + extra + ["END:VEVENT", "END:VCALENDAR"]
    }

    static let numbers: [Case] = [
        Case(name: "BDAY digits", kind: .contacts, lines: card("BDAY:99999999999999999999"), code: .badDate, line: 4),
        Case(
            name: "ANNIVERSARY",
            kind: .contacts,
            lines: card("ANNIVERSARY:99999999999999999999"),
            code: .badDate,
            line: 4
        ),
        Case(
            name: "X-ABDATE",
            kind: .contacts,
            lines: card("item1.X-ABDATE:-99999999999999999999"),
            code: .badDate,
            line: 4
        ),
        Case(
            name: "INTERVAL",
            kind: .calendar,
            lines: event(["RRULE:FREQ=DAILY;INTERVAL=2000000000000000000"]),
            code: .badRecurrenceRule,
            line: 6
        ),
        Case(
            name: "BYHOUR Int.min",
            kind: .calendar,
            lines: event(["RRULE:FREQ=DAILY;BYHOUR=-9223372036854775808"]),
            code: .badRecurrenceRule,
            line: 6
        ),
        Case(
            name: "COUNT",
            kind: .calendar,
            lines: event(["RRULE:FREQ=DAILY;COUNT=99999999999999999999"]),
            code: .badRecurrenceRule,
            line: 6
        ),
        Case(
            name: "BYSETPOS",
            kind: .calendar,
            lines: event(["RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-9223372036854775808"]),
            code: .badRecurrenceRule,
            line: 6
        ),
        Case(
            name: "BYMONTHDAY",
            kind: .calendar,
            lines: event(["RRULE:FREQ=MONTHLY;BYMONTHDAY=9223372036854775807"]),
            code: .badRecurrenceRule,
            line: 6
        ),
        Case(
            name: "BYYEARDAY",
            kind: .calendar,
            lines: event(["RRULE:FREQ=YEARLY;BYYEARDAY=-9223372036854775808"]),
            code: .badRecurrenceRule,
            line: 6
        ),
        Case(
            name: "BYWEEKNO",
            kind: .calendar,
            lines: event(["RRULE:FREQ=YEARLY;BYWEEKNO=-9223372036854775808"]),
            code: .badRecurrenceRule,
            line: 6
        ),
        Case(
            name: "BYDAY ordinal",
            kind: .calendar,
            lines: event(["RRULE:FREQ=MONTHLY;BYDAY=-9223372036854775808MO"]),
            code: .badRecurrenceRule,
            line: 6
        ),
        Case(
            name: "DURATION weeks",
            kind: .calendar,
            lines: event(["DURATION:P99999999999999W"]),
            code: .badDuration,
            line: 6
        ),
        Case(
            name: "DURATION sum",
            kind: .calendar,
            lines: event(["DURATION:P3000000D3000000D3000000D"]),
            code: .badDuration,
            line: 6
        ),
        Case(
            name: "year 9999 secondly",
            kind: .calendar,
            lines: event(["RRULE:FREQ=SECONDLY;INTERVAL=1000000"], start: "DTSTART:99991231T235959Z"),
            code: nil,
            line: 0
        ),
        Case(
            name: "year 0 yearly",
            kind: .calendar,
            lines: event(["RRULE:FREQ=YEARLY;INTERVAL=1000000"], start: "DTSTART;VALUE=DATE:00000101"),
            code: nil,
            line: 0
        ),
        Case(
            name: "TZOFFSETTO",
            kind: .calendar,
            lines: [
                "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VTIMEZONE", "TZID:Bad", "BEGIN:STANDARD",
                "DTSTART:19700101T000000",
                "TZOFFSETTO:-9223372036854775808", "END:STANDARD", "END:VTIMEZONE", "BEGIN:VEVENT", "UID:y",
                "DTSTART;TZID=Bad:20260101T100000", "END:VEVENT", "END:VCALENDAR",
            ],
            code: .badTimeZone,
            line: 5
        ),
    ]

    @Test(arguments: numbers) func outOfRangeNumbersAreReportedNotTrapped(_ item: Case) throws {
        let text = item.lines.joined(separator: "\r\n") + "\r\n"
        let document = Document.parse(bytes: Array(text.utf8), path: "h", kind: item.kind)
        var diagnostics = document.diagnostics
        if let calendar = document.calendar {
            for (from, to) in [(2020, 2030), (9990, 9999), (0, 10)] {
                var log = DiagnosticLog(path: "h")
                _ = calendar.occurrences(
                    in: DateWindow(
                        from: CivilDate(year: from, month: 1, day: 1),
                        to: CivilDate(year: to, month: 1, day: 1)
                    ),
                    database: TimeZoneDatabase(),
                    log: &log
                )
                diagnostics += log.entries
            }
        }
        _ = document.cards.map { ($0.birthday, $0.anniversary, $0.labelledDates.count) }
        guard let code = item.code else { return }
        let found = try #require(diagnostics.first { $0.code == code }, "\(diagnostics)")
        #expect(found.line == item.line)
        #expect(found.column >= 1)
    }

    @Test func ruleMessagesNameTheRange() {
        let parsed = RecurrenceRule.parse(
            Array("FREQ=DAILY;INTERVAL=2000000000000000000;BYHOUR=-9223372036854775808".utf8)
        )
        #expect(parsed.rule == nil)
        #expect(parsed.problems.contains { $0.contains("INTERVAL=2000000000000000000 is out of range (1…1000000)") })
        #expect(parsed.problems.contains { $0.contains("BYHOUR=-9223372036854775808 is out of range") })
    }

    /// TZif headers with counts that are negative, or instants at the ends of Int64.
    @Test(arguments: [0x80, 0x7F]) func hostileTZifIsRefusedOrClamped(_ fill: UInt8) {
        var data: [UInt8] = Array("TZif2".utf8) + Array(repeating: 0, count: 15)
        data += Array(repeating: fill, count: 24) + Array(repeating: fill, count: 2_000)
        _ = TZif.rules(identifier: "x", data: data)
        // One transition at Int64.min + 1 and a footer rule: clamped, then expanded from 1800 only.
        var block: [UInt8] = Array("TZif2".utf8) + Array(repeating: 0, count: 15)
        block += [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]
        let v1 = block + [0x80, 0, 0, 1] + [0] + [0, 0, 0x1C, 0x20, 0, 0]
        let v2 = block + [0x80, 0, 0, 0, 0, 0, 0, 1] + [0] + [0, 0, 0x1C, 0x20, 0, 0]
        let rules = TZif.rules(identifier: "x", data: v1 + v2 + Array("\nCET-1CEST,M3.5.0,M10.5.0/3\n".utf8))
        #expect(rules != nil)
        #expect(rules.map { $0.offset(atUTC: 1_800_000_000) } == 3600)
    }

    @Test func loneCarriageReturnsAreScannedOnce() {
        let line = Array("DESCRIPTION:some text of a line\r".utf8)
        for count in [20_000, 80_000] {
            var bytes = Array([[UInt8]](repeating: line, count: count).joined())
            var twin = bytes.map { $0 == 0x0D ? 0x0A : $0 }
            var scanned = 0
            var scannedTwin = 0
            _ = Unfolder.unfold(&bytes, scannedBytes: &scanned)
            _ = Unfolder.unfold(&twin, scannedBytes: &scannedTwin)
            let size = line.count * count
            // Linear: each byte is passed over by the searches a bounded number of times (quadratic was ~n²/2/line).
            #expect(scanned <= 3 * size, "\(scanned) for \(size)")
            #expect(scannedTwin <= 3 * size)
            #expect(bytes == twin)
        }
    }

    @Test func longLineOfBreaksWithoutColonStaysLinear() {
        var text: [UInt8] = Array("X-A".utf8)
        for _ in 0..<50_000 { text += Array("=\r\n x".utf8) }
        var check = Unfolder.QuotedPrintableCheck()
        var decisions = 0
        text.withUnsafeBufferPointer { buffer in
            for end in stride(from: 16, to: buffer.count, by: 7)
            where !check.decide(UnsafeBufferPointer(rebasing: buffer[..<end]), lineStart: 0) {
                decisions += 1
            }
        }
        #expect(decisions > 0)
    }

    static let broadRules = [
        "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,5,10,15,20,25,30,35,40,45,50,55;BYSETPOS=1,-1",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29;BYSETPOS=-1",
    ]

    @Test(arguments: broadRules) func broadRulesStopAtTheWorkLimit(_ text: String) throws {
        let rule = try #require(RecurrenceRule.parse(Array(text.utf8)).rule)
        var iterator = RecurrenceIterator(
            rule: rule,
            start: CivilDateTime(date: CivilDate(year: 1990, month: 1, day: 1), secondOfDay: 0),
            isDate: false,
            until: nil
        )
        while iterator.next() != nil {}
        #expect(iterator.limitHit == .work)
        #expect(iterator.work <= Limits.maxRecurrenceWorkPerSeries)
    }

    @Test func aCalendarOfBroadRulesStopsAtTheFileLimit() {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
        for index in 0..<30 {
            lines += [
                "BEGIN:VEVENT", "UID:e\(index)", "DTSTART:19900101T000000Z",
                "RRULE:" + Self.broadRules[index % 2] + ";COUNT=1000", "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        let document = Document.parse(
            bytes: Array(lines.joined(separator: "\r\n").utf8),
            path: "b.ics",
            kind: .calendar
        )
        var log = DiagnosticLog(path: "b.ics")
        _ = document.calendar!.occurrences(
            in: DateWindow(from: CivilDate(year: 2020, month: 1, day: 1), to: CivilDate(year: 2030, month: 1, day: 1)),
            database: TimeZoneDatabase(),
            log: &log
        )
        let limits = log.entries.filter { $0.code == .recurrenceLimit }
        #expect(limits.contains { $0.message.contains("the file's recurrence rules examined more than") })
        #expect(limits.count <= 11)
    }
}

/// Files over the size limit cost no memory, and files that are not regular are not opened for reading.
@Suite(.serialized) struct InputFileTests {
    static func peakKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    @Test func aSparseFileOverTheLimitIsRefusedUnread() throws {
        let path = NSTemporaryDirectory() + "kith-sparse-\(getpid()).ics"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { unlink(path) }
        #expect(truncate(path, 600 << 20) == 0)
        let before = Self.peakKilobytes()
        let document = Document.read(path: path)
        #expect(document.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(Self.peakKilobytes() - before < 100 << 10)
    }

    @Test func aFileIsReadUpToTheLimitAndNoFurther() throws {
        let path = NSTemporaryDirectory() + "kith-small-\(getpid()).ics"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 5_000)))
        defer { unlink(path) }
        #expect(try InputFile.bytes(atPath: path, limit: 5_000).count == 5_000)
        #expect(throws: InputFile.Failure(reason: .tooLarge(4_999 + 1 + 0))) {
            _ = try InputFile.bytes(atPath: path, limit: 4_999)
        }
    }

    @Test func aFIFOIsNotRead() {
        let path = NSTemporaryDirectory() + "kith-fifo-\(getpid()).ics"
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        #expect(Document.read(path: path).diagnostics.map(\.code) == [.unreadableFile])
    }
}
