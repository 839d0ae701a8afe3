import Foundation
import Testing

@testable import KithFormats

/// Every input the fuzzers (scripts/fuzz.sh) found to crash, hang or exhaust a reader, fed again through the
/// code of its target. Files are named after the target: `content-line-…`, `icalendar-…`, `vcard-…`.
@Suite struct FuzzRegressionTests {
    static let folder = Corpus.packageRoot.appendingPathComponent("Tests/KithFormatsTests/Fixtures/fuzz")

    static let fixtures: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }
        .sorted()

    @Test func thereAreFixtures() { #expect(!Self.fixtures.isEmpty) }

    @Test(arguments: fixtures) func fixtureIsReadWithoutCrashing(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        var log = DiagnosticLog(path: name)
        if let source = SourceText.prepare(bytes, log: &log) {
            var reader = ContentLineReader(source)
            while let span = reader.nextSpan(log: &log) { _ = reader.contentLine(span) }
        }
        let calendar = Document.parse(bytes: bytes, path: name, kind: .calendar)
        for (from, to) in [(2020, 2030), (9990, 9999)] {
            _ = calendar.calendar?.occurrences(
                in: DateWindow(
                    from: CivilDate(year: from, month: 1, day: 1),
                    to: CivilDate(year: to, month: 1, day: 1)
                ),
                database: TimeZoneDatabase(),
                log: &log
            )
        }
        let cards = Document.parse(bytes: bytes, path: name, kind: .contacts)
        for card in cards.cards { _ = (card.birthday, card.anniversary, card.labelledDates.count, card.emailAddresses) }
        #expect((calendar.diagnostics + cards.diagnostics).allSatisfy { $0.line >= 1 && $0.column >= 1 })
    }
}
