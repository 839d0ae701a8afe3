import Foundation
import KithDaemon
import KithFormats
import KithTestSupport
import Testing

/// `kith inspect` (the listing every command uses), the daemon's watcher and `Document.kind` agree on which
/// files of a folder are inbox files: one rule, `InboxFile`.
@Suite struct InboxFileAgreementTests {
    static let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith//test//EN\r\nEND:VCALENDAR\r\n"
    static let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n"

    /// Names that are never read from a folder, written before the others.
    static let ignored = [
        "free-busy.ifb", "old-phone.vcs", "OLD.VCS", ".hidden.ics", ".sync.vcf", "#auto-save.ics", "backup.ics~",
        "swap.ics.swp", "partial.vcf.tmp", "notes.txt", "ics", "vcf",
    ]
    /// Names that are, in any case; the last one written last.
    static let read = [
        "a.ics", "B.ICS", "c.ical", "D.iCal", "e.vcf", "F.VCF", "g.vcard", "H.VCard", "sub/i.ics", "z.vcf",
    ]

    static func content(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix(".vcf") || lower.hasSuffix(".vcard") ? card : calendar
    }

    @Test func theListingTheWatcherAndDocumentKindAgree() throws {
        let (base, inbox) = try InboxWatcherTests.inbox()
        defer { try? FileManager.default.removeItem(at: base) }
        try InboxWatcherTests.folder(inbox.appendingPathComponent("sub"))
        let (watcher, recorder, queue) = try InboxWatcherTests.watch(inbox)
        defer { queue.sync { watcher.stop() } }

        for name in Self.ignored + Self.read {
            try InboxWatcherTests.write(Self.content(name), to: inbox.appendingPathComponent(name))
        }
        let expected = Self.read.map { inbox.appendingPathComponent($0).path }

        // The watcher: reports come in the order the files were written, so once the last one is in, any
        // ignored name would be too.
        #expect(recorder.wait { reports, _, _ in reports.contains { $0.changed.contains(expected.last!) } })
        #expect(Set(recorder.snapshot.reports.flatMap(\.changed)) == Set(expected))

        // The walk, and `kith inspect`, which lists folders through it.
        #expect(InboxFiles.scan(inbox.path).files == expected.sorted())
        let inspect = try KithProcess.run(["inspect", "--summary", inbox.path])
        #expect(inspect.status == 0, "\(inspect.err)")
        let listed = inspect.out.split(separator: "\n").compactMap { line in
            expected.first { line.hasPrefix($0) }
        }
        #expect(listed == expected.sorted(), "\(inspect.out)")
        for name in Self.ignored { #expect(!inspect.out.contains("/\(name)"), "\(name): \(inspect.out)") }

        // Document.kind: by the name exactly where the rule says so; otherwise (a file named on the command
        // line) by the first BEGIN.
        for name in Self.read + Self.ignored {
            let path = inbox.appendingPathComponent(name).path
            #expect(
                Document.kind(path: path, bytes: []) == InboxFile.kind(ofName: (name as NSString).lastPathComponent)
            )
        }
        for name in Self.read {
            let kind: Document.Kind = Self.content(name) == Self.card ? .contacts : .calendar
            #expect(InboxFile.kind(ofName: (name as NSString).lastPathComponent) == kind, "\(name)")
        }
        #expect(Document.kind(path: "free-busy.ifb", bytes: Array(Self.calendar.utf8)) == .calendar)
        #expect(Document.kind(path: "old-phone.vcs", bytes: Array(Self.calendar.utf8)) == .calendar)
        #expect(Document.kind(path: "old-phone.vcs", bytes: Array("BEGIN:VCARD\r\n".utf8)) == .contacts)
    }
}
