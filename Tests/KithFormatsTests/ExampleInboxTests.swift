import Foundation
import Testing

@testable import KithFormats

/// The sample network in examples/inbox reads cleanly and means what it says.
@Suite struct ExampleInboxTests {
    static func read(_ relative: String, kind: Document.Kind) throws -> Document {
        let url = Corpus.packageRoot.appendingPathComponent("examples/inbox/\(relative)")
        return Document.parse(bytes: Array(try Data(contentsOf: url)), path: relative, kind: kind)
    }

    @Test func contacts() throws {
        let document = try Self.read("contacts.vcf", kind: .contacts)
        #expect(document.diagnostics.isEmpty)
        #expect(document.cards.count == 7)
        #expect(Set(document.cards.compactMap(\.version)) == ["3.0", "4.0"])
        let jose = try #require(document.cards.first { $0.uid?.contains("jose") == true })
        #expect(jose.formattedName == "José Álvarez Núñez")
        #expect(jose.birthday == .monthDay(month: 2, day: 14))
        let ben = try #require(document.cards.first { $0.formattedName == "Ben Okafor" })
        #expect(ben.birthday == .date(CivilDate(year: 1992, month: 2, day: 29)))
    }

    @Test func calendar() throws {
        let document = try Self.read("work/calendar.ics", kind: .calendar)
        #expect(document.diagnostics.isEmpty)
        var log = DiagnosticLog(path: "calendar.ics")
        let occurrences = document.calendar!.occurrences(
            in: DateWindow(from: CivilDate(year: 2026, month: 9, day: 1), to: CivilDate(year: 2027, month: 2, day: 1)),
            database: TimeZoneDatabase(),
            log: &log
        )
        #expect(log.entries.isEmpty)
        let events = document.calendar!.events
        // The weekly 1:1 runs Mondays from 7 Sep 2026 to 25 Jan 2027, less one EXDATE; one instance moved.
        let mentoring = occurrences.filter { events[$0.eventIndex].uid == "weekly-1on1-priya@kith.example" }
        #expect(mentoring.count == 20)
        #expect(mentoring.filter(\.isOverride).map(\.start.description) == ["2026-11-24T14:00:00Z"])
        #expect(events.contains { $0.status == "CANCELLED" })
        #expect(events.flatMap(\.attendees).contains { $0.participation == "DECLINED" })
    }
}
