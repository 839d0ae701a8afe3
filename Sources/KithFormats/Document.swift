/// One input file, read: a calendar or an address book, with what went wrong while reading it.
package struct Document: Sendable {
    package enum Kind: String, Sendable {
        case calendar
        case contacts
    }

    package var path: String
    package var kind: Kind
    package var calendar: ICalendar?
    package var cards: [VCard] = []
    /// Components met (events, cards, time zones, alarms, …).
    package var componentCount = 0
    package var diagnostics: [Diagnostic] = []

    package init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// A file that could not be read at all, with the reason.
    package static func failed(path: String, code: Diagnostic.Code, message: String) -> Document {
        var document = Document(path: path, kind: .calendar)
        document.diagnostics = [Diagnostic(.error, code, message, path: path, line: 1)]
        return document
    }

    /// Whether anything usable was read.
    package var isEmpty: Bool { (calendar?.events.isEmpty ?? true) && cards.isEmpty }

    /// The kind a file is, by its name as `InboxFile` reads names, else by its first BEGIN (a file named on the
    /// command line, such as a `.vcs` or `.ifb` one, is read whatever its name).
    package static func kind(path: String, bytes: [UInt8]) -> Kind? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let kind = InboxFile.kind(ofName: name) { return kind }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).uppercased()
        if head.contains("BEGIN:VCARD") { return .contacts }
        if head.contains("BEGIN:VCALENDAR") || head.contains("BEGIN:VEVENT") { return .calendar }
        return nil
    }

    /// Parses a file's bytes. Pure: the caller reads the file; `path` is only used in diagnostics.
    ///
    /// Pass the bytes with `consume` when the caller no longer needs them: they are unfolded in place.
    package static func parse(bytes: consuming [UInt8], path: String, kind: Kind) -> Document {
        var log = DiagnosticLog(path: path)
        var document = Document(path: path, kind: kind)
        if bytes.isEmpty {
            log.warning(.emptyFile, "file is empty", line: 1)
        } else if let source = SourceText.prepare(consume bytes, log: &log) {
            switch kind {
            case .calendar:
                let calendar = ICalendar.parse(source, log: &log)
                document.componentCount = calendar.componentCount
                document.calendar = calendar
            case .contacts:
                let result = VCardReader.parse(source, log: &log)
                document.cards = result.cards
                document.componentCount = result.components
            }
        }
        document.diagnostics = log.entries
        return document
    }
}
