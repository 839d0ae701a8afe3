import Foundation
import KithTestSupport
import Testing

@testable import KithFormats

@Suite struct ParallelTests {
    /// Every index is handed out once, in contiguous ranges whose results come back in order.
    @Test func rangesCoverEveryIndexOnceInOrder() {
        for count in [0, 1, 7, 4_999, 5_000, 10_001, 123_457] {
            let parts = Parallel.ranges(count, minimumPerRange: 5_000) { range in Array(range) }
            #expect(parts.flatMap { $0 } == Array(0..<count))
            // No range smaller than asked, none more than the cores, and several when there is enough work.
            let cores = ProcessInfo.processInfo.activeProcessorCount
            #expect(parts.count <= max(1, cores))
            if parts.count > 1 { #expect(parts.allSatisfy { $0.count >= 5_000 }) }
            if cores > 1 && count >= 10_000 { #expect(parts.count > 1) }
        }
        #expect(Parallel.ranges(1_000_000, minimumPerRange: Int.max) { $0 }.count == 1)
    }

    /// Both jobs run, at the same time where there are two cores: each waits for a sign from the other.
    @Test func bothRunsTwoJobsAtOnce() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let firstStarted = DispatchSemaphore(value: 0)
        let secondStarted = DispatchSemaphore(value: 0)
        let (first, second) = Parallel.both(
            { () -> Bool in
                firstStarted.signal()
                return cores == 1 || secondStarted.wait(timeout: .now() + 10) == .success
            },
            { () -> Bool in
                secondStarted.signal()
                return cores == 1 || firstStarted.wait(timeout: .now() + 10) == .success
            }
        )
        #expect(first && second)
        #expect(Parallel.both({ 1 }, { "two" }) == (1, "two"))
    }

    /// Expanding on all cores gives the very occurrences and diagnostics of one run: a calendar large enough
    /// to be split, with recurring series, overrides after their master, bad rules and floating times read
    /// in the calendar's X-WR-TIMEZONE, and a second VCALENDAR with the same X-WR-TIMEZONE at the end (its
    /// notice is its own, though a later run has the first one's too).
    @Test func expansionOnAllCoresEqualsOneRun() {
        var random = SeededRandom(seed: 3)
        var lines = ["X-WR-TIMEZONE:Europe/Helsinki"]
        for index in 0..<14_000 {
            let day = 1 + Int.random(in: 0..<28, using: &random)
            let date = "202603\(day < 10 ? "0" : "")\(day)"
            let start = "\(date)T\(10 + index % 8)0000"
            lines += ["BEGIN:VEVENT", "UID:e\(index)", "DTSTART:\(start)", "DURATION:PT1H"]
            switch index % 7 {
            case 0: lines.append("RRULE:FREQ=WEEKLY;COUNT=\(1 + index % 9)")
            case 1: lines.append("RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20260430T000000Z")
            case 2: lines.append("RRULE:FREQ=MONTHLY;BYDAY=nonsense")
            default: break
            }
            lines.append("END:VEVENT")
            if index % 7 == 0 {
                // An override of the first instance, an hour later.
                lines += [
                    "BEGIN:VEVENT", "UID:e\(index)", "RECURRENCE-ID:\(start)", "DTSTART:\(date)T\(11 + index % 8)0000",
                    "END:VEVENT",
                ]
            }
        }
        let second = Fixture.wrap([
            "X-WR-TIMEZONE:Europe/Helsinki", "BEGIN:VEVENT", "UID:other", "DTSTART:20260310T090000", "END:VEVENT",
        ])
        let document = Fixture.calendar(Fixture.wrap(lines) + second)
        let calendar = document.calendar!
        // Enough series for at least two runs of 5 000 on a machine with two cores or more.
        #expect(calendar.seriesIndex().heads.count >= 10_000)
        let window = DateWindow(
            from: CivilDate(year: 2026, month: 1, day: 1),
            to: CivilDate(year: 2027, month: 1, day: 1)
        )
        var oneLog = DiagnosticLog(path: "test.ics")
        let one = calendar.occurrences(in: window, database: TimeZoneDatabase(), log: &oneLog)
        var allLog = DiagnosticLog(path: "test.ics")
        let all = calendar.occurrences(in: window, database: TimeZoneDatabase(), log: &allLog, onAllCores: true)
        #expect(one.count > 20_000)
        #expect(one.contains { $0.isOverride })
        #expect(one == all)
        #expect(oneLog.entries.map(\.description) == allLog.entries.map(\.description))
        #expect(oneLog.entries.filter { $0.code == .floatingByCalendarZone }.count == 2)
    }
}
