import Foundation
import Testing

@testable import KithFormats

/// libical's own RRULE table (`corpus/rrule/libical_icalrecur_test.txt`): every case expands exactly as
/// libical does, except the cases listed in `knownDifferences`, where RFC 5545 says otherwise.
@Suite struct RecurrenceTableTests {
    struct Case: CustomStringConvertible {
        var comment: String
        var rule: String
        var start: String
        var instances: [String]
        var description: String { "\(rule) from \(start)" }
    }

    /// Cases where Kith follows RFC 5545 and libical does not, keyed by RRULE + DTSTART.
    static let knownDifferences: [String: String] = [
        "FREQ=YEARLY;BYMONTHDAY=29;COUNT=3 20240229":
            "RFC 5545 §3.3.10: in a YEARLY rule BYMONTHDAY expands to every month; libical limits it to "
            + "DTSTART's month (Feb 29 only). Kith gives the 29th of every month, as python-dateutil does.",
        "FREQ=YEARLY;BYMONTHDAY=-29,-1;COUNT=4 20240201":
            "Same rule: BYMONTHDAY in YEARLY expands over all months, not only DTSTART's month.",
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=30;BYWEEKNO=1;UNTIL=20320101 20241230":
            "libical reports this combination as unimplemented and yields nothing; RFC 5545 defines it "
            + "(BYWEEKNO expands, BYMONTH and BYMONTHDAY limit), which Kith does.",
        "FREQ=YEARLY;BYWEEKNO=53;INTERVAL=6;BYDAY=TH;COUNT=1 20270103T000000Z":
            "DTSTART (Sun 3 Jan 2027) lies in week 53 of 2026, so the periods are 2026, 2032, …; 2032 has a "
            + "week 53 whose Thursday is 30 Dec 2032. libical counts from 2027 here although the table's own "
            + "week-53 cases (\"the first date belongs to 2009\") count from the week-numbering year.",
        "FREQ=YEARLY;BYWEEKNO=53;INTERVAL=5;BYDAY=TH;COUNT=1 20270103T000000Z":
            "As above: periods 2026, 2031, …, the first with a week 53 being 2071 (Thursday 31 Dec 2071).",
    ]

    static func loadCases() throws -> [Case] {
        let text = String(decoding: try Corpus.bytes("rrule/libical_icalrecur_test.txt"), as: UTF8.self)
        var cases: [Case] = []
        var comment = ""
        var rule = ""
        var start = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                comment = String(line.dropFirst(2))
            } else if line.hasPrefix("RRULE:") {
                rule = String(line.dropFirst(6))
            } else if line.hasPrefix("DTSTART:") {
                start = String(line.dropFirst(8))
            } else if line.hasPrefix("INSTANCES:") {
                let list = line.dropFirst(10).split(separator: ",").map(String.init)
                cases.append(Case(comment: comment, rule: rule, start: start, instances: list))
            }
        }
        return cases
    }

    static func expand(_ testCase: Case) -> [String] {
        guard let rule = RecurrenceRule.parse(Array(testCase.rule.utf8)).rule,
            let start = WrittenTime.parse(Array(testCase.start.utf8), tzid: nil)
        else { return ["unparsable"] }
        // libical compares a UTC UNTIL with a floating DTSTART as wall-clock time.
        let until = rule.until.map {
            $0.isDate && !start.isDate ? CivilDateTime(date: $0.local.date, secondOfDay: 86_399) : $0.local
        }
        var iterator = RecurrenceIterator(rule: rule, start: start.local, isDate: start.isDate, until: until)
        var result: [String] = []
        while let next = iterator.next(), result.count < 2000 {
            result.append(format(next, isDate: start.isDate, utc: start.reference == .utc))
        }
        return result
    }

    static func format(_ time: CivilDateTime, isDate: Bool, utc: Bool) -> String {
        let date = time.date.description.replacingOccurrences(of: "-", with: "")
        if isDate { return date }
        let clock = String(format: "%02d%02d%02d", time.hour, time.minute, time.second)
        return date + "T" + clock + (utc ? "Z" : "")
    }

    @Test(.enabled(if: Corpus.isPresent, "no conformance corpus at \(Corpus.root.path) (KITH_CORPUS names it)"))
    func tableMatchesLibical() throws {
        let cases = try Self.loadCases()
        try #require(!cases.isEmpty, "no RRULE cases read from the corpus")
        var passed = 0
        var unexpected: [String] = []
        for testCase in cases {
            let key = "\(testCase.rule) \(testCase.start)"
            let actual = Self.expand(testCase)
            if actual == testCase.instances {
                passed += 1
                #expect(Self.knownDifferences[key] == nil, "listed as a difference but agrees: \(key)")
            } else if Self.knownDifferences[key] == nil {
                let firstDifference =
                    zip(actual, testCase.instances).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(actual.count, testCase.instances.count)
                unexpected.append(
                    "\(key) [\(testCase.comment)]: at #\(firstDifference) got \(actual.dropFirst(firstDifference).prefix(3)) "
                        + "expected \(testCase.instances.dropFirst(firstDifference).prefix(3)) (\(actual.count) vs \(testCase.instances.count))"
                )
            }
        }
        print(
            "RRULE table: \(passed) of \(cases.count) cases agree with libical; \(Self.knownDifferences.count) differ by RFC 5545"
        )
        #expect(unexpected.isEmpty, "\(unexpected.count) cases differ:\n\(unexpected.joined(separator: "\n"))")
    }
}
