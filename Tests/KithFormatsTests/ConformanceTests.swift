import Foundation
import Testing

@testable import KithFormats

/// Every file of the shared corpus, read by Kith and compared line by line with the reference output.
@Suite struct ConformanceTests {
    static let window = DateWindow(
        from: CivilDate(year: 1990, month: 1, day: 1),
        to: CivilDate(year: 2030, month: 1, day: 1)
    )

    struct Outcome {
        var file: String
        var agrees: Bool
        var counted: Bool
        var detail: String
    }

    static func lines(for file: String, database: TimeZoneDatabase) throws -> (lines: [String], document: Document) {
        let bytes = try Corpus.bytes(file)
        let kind: Document.Kind = file.hasPrefix("vcf/") ? .contacts : .calendar
        let document = Document.parse(bytes: bytes, path: file, kind: kind)
        if let calendar = document.calendar {
            var log = DiagnosticLog(path: file)
            let occurrences = calendar.occurrences(in: window, database: database, log: &log)
            return (Inspection.occurrenceLines(calendar, occurrences: occurrences), document)
        }
        return (document.cards.map(Inspection.cardLine), document)
    }

    static func outcomes() throws -> [Outcome] {
        let database = TimeZoneDatabase()
        var outcomes: [Outcome] = []
        for folder in ["ics", "vcf"] {
            let names = try FileManager.default.contentsOfDirectory(
                atPath: Corpus.root.appendingPathComponent(folder).path
            )
            for name in names.sorted() {
                let file = "\(folder)/\(name)"
                let (actual, _) = try lines(for: file, database: database)
                let expectedURL = Corpus.root.appendingPathComponent("expected/\(name).jsonl")
                guard let data = FileManager.default.contents(atPath: expectedURL.path) else {
                    outcomes.append(
                        Outcome(file: name, agrees: true, counted: false, detail: "reference rejects the file")
                    )
                    continue
                }
                let expected = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
                let unresolved = expected.contains { $0.contains("\"unresolved_tzid\"") }
                let agrees = actual == expected
                var detail = ""
                if !agrees {
                    let missing = expected.filter { !actual.contains($0) }
                    let extra = actual.filter { !expected.contains($0) }
                    detail =
                        "\(actual.count) lines vs \(expected.count); first missing: \(missing.first ?? "-")\n    first extra:   \(extra.first ?? "-")"
                }
                outcomes.append(Outcome(file: name, agrees: agrees, counted: !unresolved, detail: detail))
            }
        }
        return outcomes
    }

    @Test(.enabled(if: Corpus.isPresent, "no conformance corpus at \(Corpus.root.path) (KITH_CORPUS names it)"))
    func corpusAgreesWithReference() throws {
        let outcomes = try Self.outcomes()
        let counted = outcomes.filter(\.counted)
        let agreeing = counted.filter(\.agrees)
        let explained = counted.filter { !$0.agrees && ConformanceDisagreements.reasons[$0.file] != nil }
        let exactShare = Double(agreeing.count) / Double(max(1, counted.count)) * 100
        // Issue #21: a disagreement listed with its RFC reason counts as agreement.
        let share = Double(agreeing.count + explained.count) / Double(max(1, counted.count)) * 100
        print(
            "conformance: \(agreeing.count) of \(counted.count) files agree exactly with the reference "
                + "(\(String(format: "%.1f", exactShare))%), \(agreeing.count + explained.count) with the "
                + "\(explained.count) explained disagreements (\(String(format: "%.1f", share))%); "
                + "\(outcomes.count - counted.count) not counted (rejected by the reference or unresolved TZIDs)"
        )
        var unexplained: [String] = []
        for outcome in outcomes where outcome.counted && !outcome.agrees {
            if ConformanceDisagreements.reasons[outcome.file] == nil {
                unexplained.append("\(outcome.file): \(outcome.detail)")
            }
        }
        for (file, _) in ConformanceDisagreements.reasons {
            let outcome = outcomes.first { $0.file == file }
            #expect(
                outcome != nil && outcome?.agrees == false,
                "\(file) is listed as a disagreement but agrees (or is absent)"
            )
        }
        #expect(
            unexplained.isEmpty,
            "\(unexplained.count) unexplained disagreements:\n\(unexplained.joined(separator: "\n"))"
        )
        #expect(share >= 90)
    }
}
