import KithFormats

/// Where a fact came from: a file and line, and for calendar facts the event's UID and occurrence start.
package struct SourceReference: Sendable, Hashable, Comparable {
    package var file: String
    package var line: Int
    package var uid: String?
    package var start: String?

    package init(file: String, line: Int, uid: String? = nil, start: String? = nil) {
        self.file = file
        self.line = line
        self.uid = uid
        self.start = start
    }

    package static func < (lhs: SourceReference, rhs: SourceReference) -> Bool {
        (lhs.file, lhs.line, lhs.start ?? "") < (rhs.file, rhs.line, rhs.start ?? "")
    }

    /// `file:line`.
    package var location: String { "\(file):\(line)" }
}

/// Someone in the user's network: the merge of every card that shares a UID or an address, or an attendee
/// who is in no card.
///
/// Its fields sit in one shared, immutable box: a large network has a hundred thousand people, sorted and
/// planned over, and copying a person then costs one reference count rather than a dozen.
package struct Person: Sendable {
    /// What a person is made of.
    package struct Fields: Sendable {
        /// Stable identity: the first address (lower-cased), or `uid:…` for a card without one.
        package var key: String
        package var name: String
        /// Every address, lower-cased, the user's own excluded.
        package var emails: [String]
        /// The cards, most recently revised first: ORG, TITLE and NOTE are read from them when asked for (for
        /// the few people a digest describes), not for everyone.
        package var cards: [VCard] = []
        package var categories: [String] = []
        package var birthday: VCardDate?
        /// Anniversaries with their labels ("Anniversary", or an X-ABLabel such as "Graduation").
        package var anniversaries: [(label: String, date: VCardDate)] = []
        /// Whether any card describes them (false for attendees only known from calendars).
        package var inContacts: Bool
        /// REV of the most recently revised card, as written.
        package var revision: String? {
            didSet { revisionDate = revision.flatMap(Self.date(ofRevision:)) }
        }
        /// The day of `revision`, when it has one.
        package private(set) var revisionDate: CivilDate?
        package var sources: [SourceReference] = []

        package init(key: String, name: String, emails: [String], inContacts: Bool) {
            self.key = key
            self.name = name
            self.emails = emails
            self.inContacts = inContacts
        }

        /// A REV's digits, whatever separates them: `2026-10-02T08:15:00Z` and `20261002T081500Z` alike, so
        /// that revisions compare as these strings do.
        static func digits(ofRevision revision: String?) -> String {
            (revision ?? "").filter { $0.isASCII && $0.isNumber }
        }

        /// The date of a REV: its first eight digits; nil when they are no date.
        static func date(ofRevision revision: String) -> CivilDate? {
            let digits = Array(Self.digits(ofRevision: revision).utf8.prefix(8)).map { Int($0 - 0x30) }
            guard digits.count == 8 else { return nil }
            func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
            let date = CivilDate(year: number(0..<4), month: number(4..<6), day: number(6..<8))
            return date.isValid ? date : nil
        }
    }

    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private let box: Box

    package init(_ fields: Fields) { box = Box(fields) }

    package var fields: Fields { box.fields }
    package var key: String { box.fields.key }
    package var name: String { box.fields.name }
    package var emails: [String] { box.fields.emails }
    /// ORG's organisation name, from the newest card that has one.
    package var organization: String? { first { $0.organization?.first.flatMap { $0.isEmpty ? nil : $0 } } }
    package var title: String? { first(\.title) }
    package var note: String? { first(\.note) }
    package var categories: [String] { box.fields.categories }
    package var birthday: VCardDate? { box.fields.birthday }
    package var anniversaries: [(label: String, date: VCardDate)] { box.fields.anniversaries }
    package var inContacts: Bool { box.fields.inContacts }
    package var revision: String? { box.fields.revision }
    package var revisionDate: CivilDate? { box.fields.revisionDate }
    package var sources: [SourceReference] { box.fields.sources }

    /// The first value a card has, newest card first.
    private func first<Value>(_ value: (VCard) -> Value?) -> Value? { box.fields.cards.lazy.compactMap(value).first }
}

/// What all interactions from one event share, held once however many occurrences and attendees it has.
package final class EventInfo: Sendable {
    package let summary: String
    package let file: String
    package let line: Int
    package let uid: String?
    /// Order of reading, to break ties between interactions that start together.
    package let ordinal: Int

    package init(summary: String, file: String, line: Int, uid: String?, ordinal: Int) {
        self.summary = summary
        self.file = file
        self.line = line
        self.uid = uid
        self.ordinal = ordinal
    }
}

/// One time the user and a person were (or will be) together.
///
/// A large network has millions of them, so one is kept in 32 bytes: the occurrence's start packed into a
/// word (its kind in the low bits) and the event's reading order beside the shared event details.
package struct Interaction: Sendable {
    package enum Kind: String, Sendable {
        /// A meeting small enough to count for the cadence.
        case meeting
        /// More attendees than `meetings.max_attendees`: counts as "saw", not for the cadence.
        case largeMeeting = "large_meeting"
        /// Told by the user (`kith met`, `kith done`).
        case manual
    }

    /// UTC instant of the start (an all-day event starts at midnight in the configured zone).
    package var start: Int
    package var event: EventInfo
    private var packedOccurrenceStart: Int64
    private var storedAttendees: Int32
    package var kind: Kind

    package init(kind: Kind, start: Int, attendeeCount: Int, event: EventInfo, occurrenceStart: OccurrenceTime? = nil) {
        self.kind = kind
        self.start = start
        self.event = event
        self.storedAttendees = Int32(clamping: attendeeCount)
        self.packedOccurrenceStart = occurrenceStart?.packed ?? 3
    }

    /// People at the meeting, the user included, rooms and resources not.
    package var attendeeCount: Int {
        get { Int(storedAttendees) }
        set { storedAttendees = Int32(clamping: newValue) }
    }

    /// The occurrence's start as the calendar has it (for sources); nil for manual entries.
    package var occurrenceStart: OccurrenceTime? {
        get { OccurrenceTime(packed: packedOccurrenceStart) }
        set { packedOccurrenceStart = newValue?.packed ?? 3 }
    }

    package var summary: String { event.summary }

    package var source: SourceReference {
        SourceReference(file: event.file, line: event.line, uid: event.uid, start: occurrenceStart?.description)
    }

    /// Whether it resets the person's cadence.
    package var countsForCadence: Bool { kind != .largeMeeting }

    /// Order within a person's list: by start, then by the order the events were read.
    static func precedes(_ a: Interaction, _ b: Interaction) -> Bool {
        a.start != b.start ? a.start < b.start : a.event.ordinal < b.event.ordinal
    }
}
