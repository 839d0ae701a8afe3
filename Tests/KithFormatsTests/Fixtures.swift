@testable import KithFormats

/// Small helpers to read fixture text the way the tools read files.
enum Fixture {
    static func lines(_ text: String) -> (lines: [ContentLine], diagnostics: [Diagnostic]) {
        lines(bytes: Array(text.utf8))
    }

    static func lines(bytes: [UInt8]) -> (lines: [ContentLine], diagnostics: [Diagnostic]) {
        var log = DiagnosticLog(path: "test")
        guard let source = SourceText.prepare(bytes, log: &log) else { return ([], log.entries) }
        var reader = ContentLineReader(source)
        var result: [ContentLine] = []
        while let line = reader.next(log: &log) { result.append(line) }
        return (result, log.entries)
    }

    static func calendar(_ text: String, path: String = "test.ics") -> Document {
        Document.parse(bytes: Array(text.utf8), path: path, kind: .calendar)
    }

    static func cards(_ text: String) -> Document {
        Document.parse(bytes: Array(text.utf8), path: "test.vcf", kind: .contacts)
    }

    static func occurrences(
        _ text: String,
        from: CivilDate = CivilDate(year: 1990, month: 1, day: 1),
        to: CivilDate = CivilDate(year: 2030, month: 1, day: 1)
    ) -> (starts: [String], diagnostics: [Diagnostic]) {
        let document = calendar(text)
        var log = DiagnosticLog(path: "test.ics")
        let occurrences = document.calendar!.occurrences(
            in: DateWindow(from: from, to: to),
            database: TimeZoneDatabase(),
            log: &log
        )
        return (occurrences.map(\.start).sorted().map(\.description), document.diagnostics + log.entries)
    }

    /// Wraps VEVENT lines in a VCALENDAR, CRLF-terminated.
    static func wrap(_ lines: [String]) -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0"] + lines + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
    }
}
