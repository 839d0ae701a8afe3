import KithCore

/// A state export (`kith state export`), decoded and checked: every row exactly as the store will write it.
///
/// `decode` is pure (a JSON value in, a document or problems out), so that what an import accepts can be tested
/// without a database, and so that nothing reaches the tables that was not checked first.
package struct StateExport: Sendable, Hashable {
    /// The sections of an export, in the order they are written, read and counted.
    package enum Section: String, CaseIterable, Sendable {
        case manual
        case snoozes
        case ignored
        case firstSeen = "first_seen"
        case sentNudges = "sent_nudges"
        case digestSlots = "digest_slots"
        case rhythms
        case circles
        case notes
        case sourceFetches = "source_fetches"
        case digestSecrets = "digest_secrets"
        case digestItems = "digest_items"

        /// The first export version that has the section: an older export without it imports as one where it
        /// is empty.
        package var since: Int {
            switch self {
            case .manual, .snoozes, .ignored, .firstSeen, .sentNudges, .digestSlots: return 1
            case .rhythms, .circles, .notes: return 2
            case .sourceFetches: return 3
            case .digestSecrets, .digestItems: return 4
            }
        }

        /// The table the section holds.
        package var table: String {
            switch self {
            case .manual: return "manual_interactions"
            case .snoozes: return "snoozes"
            case .ignored: return "ignores"
            case .firstSeen: return "first_seen"
            case .sentNudges: return "sent_nudges"
            case .digestSlots: return "digest_slots"
            case .rhythms: return "rhythms"
            case .circles: return "person_circles"
            case .notes: return "notes"
            case .sourceFetches: return "source_fetches"
            case .digestSecrets: return "digest_secrets"
            case .digestItems: return "digest_items"
            }
        }

        /// The fields of each row, which are the table's columns (the row ids of manual entries and notes are not
        /// exported: an import numbers them again, in the same order).
        package var columns: [String] {
            switch self {
            case .manual: return ["person", "kind", "at", "note", "recorded"]
            case .snoozes: return ["person", "until"]
            case .ignored: return ["person", "since"]
            case .firstSeen: return ["person", "at"]
            case .sentNudges: return ["slot", "person", "kind"]
            case .digestSlots: return ["slot", "composed_at", "sent_at"]
            case .rhythms: return ["person", "every"]
            case .circles: return ["person", "circle"]
            case .notes: return ["person", "text", "at"]
            case .digestSecrets: return ["slot", "secret"]
            case .digestItems: return ["slot", "item", "person"]
            case .sourceFetches:
                return [
                    "name", "url", "etag", "last_modified", "last_success", "last_attempt", "last_error",
                    "failing_since",
                    "failures", "file", "size", "next_fetch",
                ]
            }
        }

        /// The order of the export, which is the order rows are inserted again.
        var order: String {
            switch self {
            case .manual, .notes: return "id"
            case .snoozes, .ignored, .firstSeen, .rhythms, .circles: return "person"
            case .sourceFetches: return "name"
            case .digestSecrets: return "slot"
            case .digestItems: return "slot, item"
            case .sentNudges: return "slot, person, kind"
            case .digestSlots: return "slot"
            }
        }
    }

    /// A meeting or follow-up the user told Kith about.
    package struct Manual: Sendable, Hashable {
        package var person: String
        package var kind: ManualKind
        package var at: Int
        package var note: String?
        package var recorded: Int
    }

    package struct Snooze: Sendable, Hashable {
        package var person: String
        package var until: Int
    }

    package struct Ignore: Sendable, Hashable {
        package var person: String
        package var since: Int
    }

    package struct FirstSeen: Sendable, Hashable {
        package var person: String
        package var at: Int
    }

    /// A nudge that went out in a digest slot.
    package struct SentNudge: Sendable, Hashable {
        package var slot: String
        package var person: String
        package var kind: Nudge.Kind
    }

    /// A digest slot and when it was composed and sent; a slot with `sentAt` is never sent again.
    package struct DigestSlot: Sendable, Hashable {
        package var slot: String
        package var composedAt: Int?
        package var sentAt: Int?
    }

    /// A rhythm set with `kith every`, as `ConfigDuration` writes it (`3w`).
    package struct Rhythm: Sendable, Hashable {
        package var person: String
        package var every: ConfigDuration
    }

    /// A circle set with `kith circle`: a name, which the config may or may not define (any more).
    package struct PersonCircle: Sendable, Hashable {
        package var person: String
        package var circle: String
    }

    /// A note from `kith note`.
    package struct Note: Sendable, Hashable {
        package var person: String
        package var text: String
        package var at: Int
    }

    /// Why a document cannot be imported: the first `maximumProblems` problems, and how many there are in all.
    package struct DigestSecret: Sendable, Hashable {
        package var slot: String
        package var secret: String
    }

    package struct DigestItem: Sendable, Hashable {
        package var slot: String
        package var item: Int
        package var person: String
    }

    package struct Invalid: Error, Sendable, Hashable {
        package var problems: [StateExportProblem]
        package var total: Int
        /// The version, when the document is from a newer Kith (then nothing else was checked).
        package var newerVersion: Int?

        /// "1 more problem", "3 more problems".
        private static func more(_ count: Int) -> String { count == 1 ? "1 more problem" : "\(count) more problems" }

        /// The problems, with one more line saying how many were left out.
        package var shown: [StateExportProblem] {
            total > problems.count
                ? problems + [StateExportProblem(.document, "and \(Self.more(total - problems.count)) not shown")]
                : problems
        }
    }

    package var version: Int
    package var manual: [Manual] = []
    package var snoozes: [Snooze] = []
    package var ignored: [Ignore] = []
    package var firstSeen: [FirstSeen] = []
    package var sentNudges: [SentNudge] = []
    package var digestSlots: [DigestSlot] = []
    package var rhythms: [Rhythm] = []
    /// The sources' fetch state.
    package var sourceFetches: [SourceState] = []
    /// Each digest's secret, and who its numbered items were: what replies are checked and read against.
    package var digestSecrets: [DigestSecret] = []
    package var digestItems: [DigestItem] = []
    package var circles: [PersonCircle] = []
    package var notes: [Note] = []

    package init(version: Int) { self.version = version }

    /// How many rows a section holds.
    package func count(_ section: Section) -> Int {
        switch section {
        case .manual: return manual.count
        case .snoozes: return snoozes.count
        case .ignored: return ignored.count
        case .firstSeen: return firstSeen.count
        case .sentNudges: return sentNudges.count
        case .digestSlots: return digestSlots.count
        case .rhythms: return rhythms.count
        case .circles: return circles.count
        case .notes: return notes.count
        case .sourceFetches: return sourceFetches.count
        case .digestSecrets: return digestSecrets.count
        case .digestItems: return digestItems.count
        }
    }

    /// How many problems are listed; the rest are only counted.
    package static let maximumProblems = 20

    /// The instants (Unix seconds) a state may hold: years 0000 to 9999, as a card's REV or `kith met --on` can
    /// give them. Anything outside is no date Kith wrote, and would overflow arithmetic on instants.
    package static let instants: ClosedRange<Int> = -62_167_219_200...253_402_300_799

    /// Checks a whole decoded document: the version, every section, every row, every field and its type and range,
    /// no unknown sections or fields, no row repeating another's key.
    package static func decode(_ value: JSONValue) -> Result<StateExport, Invalid> {
        var problems = Problems()
        guard case .object(let top) = value else {
            problems.add(.document, "expected a JSON object with \"kith_state\", found \(value.summary)")
            return .failure(problems.invalid)
        }
        guard let versionValue = top["kith_state"] else {
            problems.add(.document, "not a Kith state export (no \"kith_state\" version)")
            return .failure(problems.invalid)
        }
        guard case .integer(let version) = versionValue else {
            problems.add(.path("kith_state"), "expected an integer, found \(versionValue.summary)")
            return .failure(problems.invalid)
        }
        // A newer export may have other sections and fields: listing them as unknown would only mislead.
        guard version <= StateFormat.version else {
            problems.add(
                .path("kith_state"),
                "exported by a newer Kith (state \(version), this one knows \(StateFormat.version)); "
                    + "upgrade Kith to import it"
            )
            var invalid = problems.invalid
            invalid.newerVersion = version
            return .failure(invalid)
        }
        guard version >= 1 else {
            problems.add(.path("kith_state"), "\(version) is no state version (1…\(StateFormat.version))")
            return .failure(problems.invalid)
        }

        let known = Set(["kith_state"] + Section.allCases.map(\.rawValue))
        for name in top.keys.sorted() where !known.contains(name) {
            problems.add(
                .path(pathName(name)),
                "unknown section (an export has kith_state, \(Section.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }

        var document = StateExport(version: version)
        document.manual = rows(.manual, top, version: version, &problems) { row, problems in
            let person = row.text("person", &problems)
            let kind = row.choice("kind", ManualKind.self, &problems)
            let at = row.instant("at", &problems)
            let note = row.optionalText("note", &problems)
            let recorded = row.instant("recorded", &problems)
            guard let person, let kind, let at, let note, let recorded else { return nil }
            return Manual(person: person, kind: kind, at: at, note: note, recorded: recorded)
        }
        document.snoozes = rows(.snoozes, top, version: version, &problems) { row, problems in
            let person = row.text("person", &problems)
            let until = row.instant("until", &problems)
            guard let person, let until else { return nil }
            return Snooze(person: person, until: until)
        }
        document.ignored = rows(.ignored, top, version: version, &problems) { row, problems in
            let person = row.text("person", &problems)
            let since = row.instant("since", &problems)
            guard let person, let since else { return nil }
            return Ignore(person: person, since: since)
        }
        document.firstSeen = rows(.firstSeen, top, version: version, &problems) { row, problems in
            let person = row.text("person", &problems)
            let at = row.instant("at", &problems)
            guard let person, let at else { return nil }
            return FirstSeen(person: person, at: at)
        }
        document.sentNudges = rows(.sentNudges, top, version: version, &problems) { row, problems in
            let slot = row.slot("slot", &problems)
            let person = row.text("person", &problems)
            let kind = row.choice("kind", Nudge.Kind.self, &problems)
            guard let slot, let person, let kind else { return nil }
            return SentNudge(slot: slot, person: person, kind: kind)
        }
        document.digestSlots = rows(.digestSlots, top, version: version, &problems) { row, problems in
            let slot = row.slot("slot", &problems)
            let composedAt = row.optionalInstant("composed_at", &problems)
            let sentAt = row.optionalInstant("sent_at", &problems)
            guard let slot, let composedAt, let sentAt else { return nil }
            return DigestSlot(slot: slot, composedAt: composedAt, sentAt: sentAt)
        }

        document.rhythms = rows(.rhythms, top, version: version, &problems) { row, problems in
            let person = row.text("person", &problems)
            let every = row.duration("every", &problems)
            guard let person, let every else { return nil }
            return Rhythm(person: person, every: every)
        }
        document.circles = rows(.circles, top, version: version, &problems) { row, problems in
            let person = row.text("person", &problems)
            let circle = row.text("circle", &problems)
            guard let person, let circle else { return nil }
            return PersonCircle(person: person, circle: circle)
        }
        document.notes = rows(.notes, top, version: version, &problems) { row, problems in
            let person = row.text("person", &problems)
            let text = row.text("text", &problems)
            let at = row.instant("at", &problems)
            guard let person, let text, let at else { return nil }
            return Note(person: person, text: text, at: at)
        }

        document.sourceFetches = rows(.sourceFetches, top, version: version, &problems) { row, problems in
            let name = row.text("name", &problems)
            // An export of version 3 has no address: its state is then about whatever the config names.
            let url = version >= 4 ? row.optionalText("url", &problems) : .some(nil)
            let etag = row.optionalText("etag", &problems)
            let lastModified = row.optionalText("last_modified", &problems)
            let lastSuccess = row.optionalInstant("last_success", &problems)
            let lastAttempt = row.optionalInstant("last_attempt", &problems)
            let lastError = row.optionalText("last_error", &problems)
            let failingSince = row.optionalInstant("failing_since", &problems)
            let failures = row.count("failures", &problems)
            let file = row.optionalText("file", &problems)
            let size = row.optionalCount("size", &problems)
            let nextFetch = row.optionalInstant("next_fetch", &problems)
            guard let name, let url, let etag, let lastModified, let lastSuccess, let lastAttempt, let lastError,
                let failingSince, let failures, let file, let size, let nextFetch
            else { return nil }
            var state = SourceState(name: name)
            state.url = url
            state.etag = etag
            state.lastModified = lastModified
            state.lastSuccess = lastSuccess
            state.lastAttempt = lastAttempt
            state.lastError = lastError
            state.failingSince = failingSince
            state.failures = failures
            state.file = file
            state.size = size
            state.nextFetch = nextFetch
            return state
        }

        document.digestSecrets = rows(.digestSecrets, top, version: version, &problems) { row, problems in
            let slot = row.slot("slot", &problems)
            let secret = row.text("secret", &problems)
            guard let slot, let secret else { return nil }
            return DigestSecret(slot: slot, secret: secret)
        }
        document.digestItems = rows(.digestItems, top, version: version, &problems) { row, problems in
            let slot = row.slot("slot", &problems)
            let item = row.count("item", &problems)
            let person = row.text("person", &problems)
            guard let slot, let item, let person else { return nil }
            return DigestItem(slot: slot, item: item, person: person)
        }

        // The tables' primary keys: a repeated key would fail the insert, so say which rows repeat which.
        unique(.snoozes, document.snoozes.map(\.person), "person", &problems)
        unique(.ignored, document.ignored.map(\.person), "person", &problems)
        unique(.firstSeen, document.firstSeen.map(\.person), "person", &problems)
        unique(
            .sentNudges,
            document.sentNudges.map { [$0.slot, $0.person, $0.kind.rawValue] },
            "slot, person and kind",
            &problems
        )
        unique(.digestSlots, document.digestSlots.map(\.slot), "slot", &problems)
        unique(.rhythms, document.rhythms.map(\.person), "person", &problems)
        unique(.circles, document.circles.map(\.person), "person", &problems)
        unique(.sourceFetches, document.sourceFetches.map(\.name), "name", &problems)
        unique(.digestSecrets, document.digestSecrets.map(\.slot), "slot", &problems)
        unique(.digestItems, document.digestItems.map { "\($0.slot) \($0.item)" }, "slot and item", &problems)

        return problems.total == 0 ? .success(document) : .failure(problems.invalid)
    }

    /// Reads one section: present, an array, each element an object of exactly the section's fields.
    private static func rows<Row>(
        _ section: Section,
        _ top: [String: JSONValue],
        version: Int,
        _ problems: inout Problems,
        _ make: (RowReader, inout Problems) -> Row?
    ) -> [Row] {
        guard let value = top[section.rawValue] else {
            if version < section.since { return [] }
            problems.add(.path(section.rawValue), "missing (a section without rows is [])")
            return []
        }
        guard case .array(let elements) = value else {
            problems.add(.path(section.rawValue), "expected an array of rows, found \(value.summary)")
            return []
        }
        var rows: [Row] = []
        rows.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let path = "\(section.rawValue)[\(index)]"
            guard case .object(let fields) = element else {
                problems.add(.path(path), "expected an object, found \(element.summary)")
                continue
            }
            let columns = Set(section.columns)
            for name in fields.keys.sorted() where !columns.contains(name) {
                problems.add(
                    .path("\(path).\(pathName(name))"),
                    "unknown field (a row of \(section.rawValue) has \(section.columns.joined(separator: ", ")))"
                )
            }
            if let row = make(RowReader(path: path, fields: fields), &problems) { rows.append(row) }
        }
        return rows
    }

    /// A name from the file as a step of a path: bare when it is a plain identifier, else quoted and escaped, so
    /// that a name with spaces, dots or control characters can neither mislead nor reach the terminal raw.
    private static func pathName(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            }
        return plain ? name : JSONValue.string(name).summary
    }

    private static func unique<Key: Hashable>(
        _ section: Section,
        _ keys: [Key],
        _ what: String,
        _ problems: inout Problems
    ) {
        var first: [Key: Int] = [:]
        for (index, key) in keys.enumerated() {
            if let earlier = first.updateValue(index, forKey: key) {
                first[key] = earlier
                problems.add(
                    .path("\(section.rawValue)[\(index)]"),
                    "the same \(what) as \(section.rawValue)[\(earlier)]"
                )
            }
        }
    }
}

/// The problems found so far: the first few kept, all counted.
private struct Problems {
    var list: [StateExportProblem] = []
    var total = 0

    mutating func add(_ location: StateExportProblem.Location, _ message: String) {
        total += 1
        if list.count < StateExport.maximumProblems { list.append(StateExportProblem(location, message)) }
    }

    var invalid: StateExport.Invalid { StateExport.Invalid(problems: list, total: total) }
}

/// The fields of one row, read by type; each reader reports what is wrong and returns nil.
private struct RowReader {
    let path: String
    let fields: [String: JSONValue]

    private func field(_ name: String, _ problems: inout Problems, missing: String = "missing") -> JSONValue? {
        guard let value = fields[name] else {
            problems.add(.path("\(path).\(name)"), missing)
            return nil
        }
        return value
    }

    func text(_ name: String, _ problems: inout Problems) -> String? {
        guard let value = field(name, &problems) else { return nil }
        guard case .string(let text) = value else {
            problems.add(.path("\(path).\(name)"), "expected text, found \(value.summary)")
            return nil
        }
        return text
    }

    /// Text or null; nil when neither (the inner optional is the value).
    func optionalText(_ name: String, _ problems: inout Problems) -> String?? {
        guard let value = field(name, &problems, missing: "missing (null when there is none)") else { return nil }
        switch value {
        case .null: return .some(nil)
        case .string(let text): return .some(text)
        default:
            problems.add(.path("\(path).\(name)"), "expected text or null, found \(value.summary)")
            return nil
        }
    }

    /// A digest slot's name (`2026-W49`): text, and never empty, since every slot has one.
    func slot(_ name: String, _ problems: inout Problems) -> String? {
        guard let text = text(name, &problems) else { return nil }
        guard !text.isEmpty else {
            problems.add(.path("\(path).\(name)"), "a slot has a name, found \"\"")
            return nil
        }
        return text
    }

    /// A rhythm as `kith every` takes it (`3w`, `2mo`), a day or more.
    func duration(_ name: String, _ problems: inout Problems) -> ConfigDuration? {
        guard let text = text(name, &problems) else { return nil }
        guard let duration = ConfigDuration.parse(text), duration.approximateSeconds >= StateFormat.shortestRhythm
        else {
            problems.add(
                .path("\(path).\(name)"),
                "expected a rhythm of a day or more such as \"3w\", found \(JSONValue.string(text).summary)"
            )
            return nil
        }
        return duration
    }

    func choice<Choice: RawRepresentable<String> & CaseIterable>(
        _ name: String,
        _ type: Choice.Type,
        _ problems: inout Problems
    ) -> Choice? {
        guard let value = field(name, &problems) else { return nil }
        if case .string(let text) = value, let choice = Choice(rawValue: text) { return choice }
        let names = Choice.allCases.map { "\"\($0.rawValue)\"" }
        let expected =
            names.count == 2 ? "\(names[0]) or \(names[1])" : "one of \(names.joined(separator: ", "))"
        problems.add(.path("\(path).\(name)"), "expected \(expected), found \(value.summary)")
        return nil
    }

    /// A count: an integer from 0 up.
    func count(_ name: String, _ problems: inout Problems) -> Int? {
        guard let value = field(name, &problems) else { return nil }
        return count(value, name, &problems)
    }

    /// A count or null; nil when neither (the inner optional is the value).
    func optionalCount(_ name: String, _ problems: inout Problems) -> Int?? {
        guard let value = field(name, &problems, missing: "missing (null when there is none)") else { return nil }
        if case .null = value { return .some(nil) }
        return count(value, name, &problems).map { .some($0) }
    }

    private func count(_ value: JSONValue, _ name: String, _ problems: inout Problems) -> Int? {
        if case .integer(let number) = value, number >= 0 { return number }
        problems.add(.path("\(path).\(name)"), "expected a count (an integer from 0), found \(value.summary)")
        return nil
    }

    func instant(_ name: String, _ problems: inout Problems) -> Int? {
        guard let value = field(name, &problems) else { return nil }
        return instant(value, name, expected: "an integer (Unix seconds)", &problems)
    }

    /// An instant or null; nil when neither (the inner optional is the value).
    func optionalInstant(_ name: String, _ problems: inout Problems) -> Int?? {
        guard let value = field(name, &problems, missing: "missing (null when there is none)") else { return nil }
        if case .null = value { return .some(nil) }
        return instant(value, name, expected: "an integer or null", &problems).map { .some($0) }
    }

    private func instant(_ value: JSONValue, _ name: String, expected: String, _ problems: inout Problems) -> Int? {
        if case .integer(let seconds) = value, StateExport.instants.contains(seconds) { return seconds }
        if value.isWholeNumber {
            problems.add(
                .path("\(path).\(name)"),
                "\(value.summary) is out of range: an instant is Unix seconds from the year 0000 to 9999 "
                    + "(\(StateExport.instants.lowerBound)…\(StateExport.instants.upperBound))"
            )
        } else {
            problems.add(.path("\(path).\(name)"), "expected \(expected), found \(value.summary)")
        }
        return nil
    }
}

extension JSONValue {
    /// An integer, or a number written without fraction or exponent (one too large for 64 bits).
    fileprivate var isWholeNumber: Bool {
        switch self {
        case .integer: return true
        case .number(let text): return !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
        default: return false
        }
    }
}
