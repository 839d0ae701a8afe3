import ArgumentParser
import Foundation
import KithCore
import KithFormats

/// `kith inspect`: shows what Kith reads in calendar and contact files.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the events and cards Kith reads in .ics and .vcf files (folders are read recursively).",
        discussion: """
            Without --json, a readable table; with --json, one JSON line per event occurrence that overlaps \
            [--from, --to) or per card, in the normal form of the conformance corpus; with --summary, counts \
            per file. Diagnostics go to standard error as path:line:column: severity: message [code]. \
            Exits 0 when the files were read, 1 when nothing usable was in them, 2 on usage errors.
            """
    )

    @Argument(help: "Files or folders to read.")
    var paths: [String]

    @Option(help: "First day of the window (YYYY-MM-DD).")
    var from: String = "1990-01-01"

    @Option(help: "Day after the window (YYYY-MM-DD).")
    var to: String = "2030-01-01"

    @Flag(help: "One JSON object per line.")
    var json = false

    @Flag(help: "Only the counts per file.")
    var summary = false

    func validate() throws {
        guard Self.date(from) != nil else { throw ValidationError("--from \(from) is not a date (YYYY-MM-DD)") }
        guard Self.date(to) != nil else { throw ValidationError("--to \(to) is not a date (YYYY-MM-DD)") }
        guard Self.date(from)! < Self.date(to)! else { throw ValidationError("--from must be before --to") }
        guard !(json && summary) else { throw ValidationError("--json and --summary exclude each other") }
    }

    static func date(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2])
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        return date.isValid ? date : nil
    }

    func run() throws {
        let window = DateWindow(from: Self.date(from)!, to: Self.date(to)!)
        let files = try InputFiles.expand(paths)
        guard !files.isEmpty else { throw ValidationError("no .ics or .vcf files in \(paths.joined(separator: ", "))") }
        let database = TimeZoneDatabase()
        var output = StandardOutput()
        var anythingUsable = false
        for file in files {
            let document = InputFiles.read(file)
            var log = DiagnosticLog(path: file)
            log.append(contentsOf: document.diagnostics)
            var occurrences: [Occurrence] = []
            if let calendar = document.calendar {
                occurrences = calendar.occurrences(in: window, database: database, log: &log)
            }
            for diagnostic in log.entries {
                FileHandle.standardError.write(Data((PrintableText.printable(diagnostic.description) + "\n").utf8))
            }
            if !document.isEmpty { anythingUsable = true }
            if summary {
                output.write(Self.summaryLine(document, occurrences: occurrences, log: log))
            } else if json {
                if let calendar = document.calendar {
                    for line in Inspection.occurrenceLines(calendar, occurrences: occurrences) { output.write(line) }
                } else {
                    for card in document.cards { output.write(Inspection.cardLine(card)) }
                }
            } else {
                for line in InspectTable.lines(document, occurrences: occurrences) { output.write(line) }
            }
        }
        output.flush()
        if !anythingUsable { throw ExitCode(1) }
    }

    static func summaryLine(_ document: Document, occurrences: [Occurrence], log: DiagnosticLog) -> String {
        let events = document.calendar?.events.count ?? 0
        return "\(document.path): \(Plural.of(document.componentCount, "component")), \(Plural.of(events, "event")), "
            + "\(Plural.of(occurrences.count, "occurrence")) in window, \(Plural.of(document.cards.count, "card")), "
            + "\(Plural.of(log.warningCount, "warning")), \(Plural.of(log.errorCount, "error"))"
    }
}

/// Buffered standard output: one write per 64 KiB rather than per line; control characters from the files
/// are replaced, as `print` does.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ line: String) {
        buffer.append(contentsOf: PrintableText.printable(line).utf8)
        buffer.append(0x0A)
        if buffer.count >= 65_536 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
