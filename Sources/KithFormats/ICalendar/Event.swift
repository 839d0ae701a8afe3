/// An ORGANIZER or ATTENDEE (RFC 5545 §3.8.4.1, §3.8.4.3).
package struct CalendarUser: Sendable, Hashable {
    /// The value without `mailto:`, as written.
    package var address: String
    /// The e-mail address, lower-cased: from a `mailto:` value, or from the `EMAIL` parameter (RFC 7986).
    package var email: String?
    /// `CN`.
    package var name: String?
    /// `PARTSTAT`, upper-cased (`ACCEPTED`, `DECLINED`, …).
    package var participation: String?
    /// `CUTYPE`, upper-cased (`INDIVIDUAL`, `ROOM`, `RESOURCE`, …).
    package var userType: String?
    /// `ROLE`, upper-cased.
    package var role: String?
    package var line: Int
}

/// One RDATE value: a date, a date-time, or a period (RFC 5545 §3.8.5.2).
package struct RecurrenceDate: Sendable, Hashable {
    package var start: WrittenTime
    package var end: WrittenTime?
    package var duration: ICalDuration?
}

/// The bytes of one file that its events and cards point into, shared by all of them: the file's unfolded
/// bytes, then the values the reader had to decode or join (offsets go on past the file's end into those).
package final class TextStorage: Sendable {
    package let bytes: [UInt8]
    package let extra: [UInt8]

    package init(_ bytes: [UInt8], extra: [UInt8] = []) {
        self.bytes = bytes
        self.extra = extra
    }

    /// What values point into until their file's bytes are handed over.
    static let empty = TextStorage([])

    /// The bytes of `range`.
    package func slice(_ range: Range<Int>) -> ArraySlice<UInt8> { Self.slice(range, bytes: bytes, extra: extra) }

    /// The bytes of `range` in the file's `bytes` or, past their end, in `extra`.
    static func slice(_ range: Range<Int>, bytes: [UInt8], extra: [UInt8]) -> ArraySlice<UInt8> {
        extraRange(range, count: bytes.count).map { extra[$0] } ?? bytes[range]
    }

    /// Where `range` lies in `extra`, when it lies past the end of the file's `count` bytes.
    static func extraRange(_ range: Range<Int>, count: Int) -> Range<Int>? {
        guard range.lowerBound >= count, !range.isEmpty || range.lowerBound > count else { return nil }
        return (range.lowerBound - count)..<(range.upperBound - count)
    }

    /// Calls `body` with the bytes of `range`.
    package func withBytes<Result>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        slice(range).withUnsafeBufferPointer(body)
    }
}

/// Where a piece of text stands in a `TextStorage`: two 32-bit offsets (files are far smaller than 4 GiB).
package struct TextRange: Sendable, Hashable {
    private var start: UInt32
    private var end: UInt32

    package init(_ range: Range<Int>) {
        start = UInt32(truncatingIfNeeded: range.lowerBound)
        end = UInt32(truncatingIfNeeded: range.upperBound)
    }

    package var range: Range<Int> { Int(start)..<Int(end) }
}

/// A property kept to be read on demand (ORGANIZER, ATTENDEE, CATEGORIES): its parameters and value.
package struct PropertyText: Sendable, Hashable {
    package var parameters: TextRange
    package var value: TextRange
    private var storedLine: UInt32

    package init(parameters: Range<Int>, value: Range<Int>, line: Int) {
        self.parameters = TextRange(parameters)
        self.value = TextRange(value)
        storedLine = UInt32(truncatingIfNeeded: line)
    }

    package var line: Int { Int(storedLine) }
}

/// A VEVENT as written, with its values decoded and checked (RFC 5545 §3.6.1).
///
/// Text properties and attendees are kept as ranges into the file's unfolded bytes and decoded when asked
/// for: most events are only ever expanded, and this keeps a large calendar's memory close to its file's size.
package struct Event: Sendable {
    package var uid: String?
    /// `STATUS`, upper-cased.
    package var status: String?
    package var start: WrittenTime
    package var end: WrittenTime?
    package var rules: [RecurrenceRule] = []
    /// The file's bytes, which the ranges below point into.
    package var storage = TextStorage.empty
    /// SUMMARY, DESCRIPTION and LOCATION, still escaped.
    package var summaryText: TextRange?
    package var descriptionText: TextRange?
    package var locationText: TextRange?
    package var organizerText: PropertyText?
    package var attendeeTexts: [PropertyText] = []
    /// What few events have, boxed so that the others do not pay for it; nil when all of it is empty.
    private var rare: Rare?
    private var storedCalendar: Int32 = 0
    private var storedLine: UInt32
    private var storedModified: Int64 = .min

    /// The properties few events have.
    private struct RareFields: Sendable {
        var sequence = 0
        var duration: ICalDuration?
        var recurrenceDates: [RecurrenceDate] = []
        var exceptionDates: [WrittenTime] = []
        var recurrenceID: WrittenTime?
        var thisAndFuture = false
        var categoryTexts: [PropertyText] = []

        /// Google writes SEQUENCE:0 on every event: defaults alone need no box.
        var isEmpty: Bool {
            sequence == 0 && duration == nil && recurrenceDates.isEmpty && exceptionDates.isEmpty
                && recurrenceID == nil && !thisAndFuture && categoryTexts.isEmpty
        }
    }

    private final class Rare: Sendable {
        let fields: RareFields
        init(_ fields: RareFields) { self.fields = fields }
    }

    /// Changes the boxed fields: a new box (events are values, and copies share boxes), or none when all
    /// of them are back to their defaults.
    private mutating func changeRare(_ change: (inout RareFields) -> Void) {
        var fields = rare?.fields ?? RareFields()
        change(&fields)
        rare = fields.isEmpty ? nil : Rare(fields)
    }

    package var sequence: Int {
        get { rare?.fields.sequence ?? 0 }
        set { changeRare { $0.sequence = newValue } }
    }

    package var duration: ICalDuration? {
        get { rare?.fields.duration }
        set { changeRare { $0.duration = newValue } }
    }

    package var recurrenceDates: [RecurrenceDate] {
        get { rare?.fields.recurrenceDates ?? [] }
        set { changeRare { $0.recurrenceDates = newValue } }
    }

    package var exceptionDates: [WrittenTime] {
        get { rare?.fields.exceptionDates ?? [] }
        set { changeRare { $0.exceptionDates = newValue } }
    }

    package var recurrenceID: WrittenTime? {
        get { rare?.fields.recurrenceID }
        set { changeRare { $0.recurrenceID = newValue } }
    }

    /// `RANGE=THISANDFUTURE` on RECURRENCE-ID: the override also applies to every later instance.
    package var thisAndFuture: Bool {
        get { rare?.fields.thisAndFuture ?? false }
        set { changeRare { $0.thisAndFuture = newValue } }
    }

    package var categoryTexts: [PropertyText] {
        get { rare?.fields.categoryTexts ?? [] }
        set { changeRare { $0.categoryTexts = newValue } }
    }

    /// Which VCALENDAR of the file it came from (0-based; bare events form their own calendar).
    package var calendar: Int {
        get { Int(storedCalendar) }
        set { storedCalendar = Int32(clamping: newValue) }
    }

    /// When this copy was last changed, in seconds since the epoch: LAST-MODIFIED, else DTSTAMP (read as UTC
    /// whatever its zone); nil when it has neither. Tells a stale copy of an event from the current one.
    package var modified: Int? {
        get { storedModified == .min ? nil : Int(storedModified) }
        set { storedModified = newValue.map { Int64($0) } ?? .min }
    }

    /// Physical line of its BEGIN:VEVENT.
    package var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    package init(start: WrittenTime, line: Int) {
        self.start = start
        self.storedLine = UInt32(clamping: line)
    }

    /// SUMMARY as text.
    package var summary: String? { summaryText.map(text) }

    /// DESCRIPTION as text.
    package var description: String? { descriptionText.map(text) }

    /// LOCATION as text.
    package var location: String? { locationText.map(text) }

    package var organizer: CalendarUser? { organizerText.map(user) }

    package var attendees: [CalendarUser] { attendeeTexts.map(user) }

    /// One ORGANIZER or ATTENDEE with an e-mail address, as `forEachParticipant` hands it over: views into
    /// the event's bytes, valid only during the call.
    package struct ParticipantView {
        /// The address as written (the value without `mailto:`, else the EMAIL parameter): not lower-cased.
        package let email: UnsafeBufferPointer<UInt8>
        /// PARTSTAT=DECLINED.
        package let isDeclined: Bool
        /// CUTYPE=ROOM or RESOURCE.
        package let isRoomOrResource: Bool
        /// CN as written (RFC 6868 `^` escapes not decoded yet).
        package let commonName: UnsafeBufferPointer<UInt8>?

        /// CN, decoded.
        package var name: String? { commonName.map(ParameterSyntax.decodeCaret) }

        /// A CN as written, decoded (for a copy of `commonName` kept past the call).
        package static func name(_ commonName: UnsafeBufferPointer<UInt8>) -> String {
            ParameterSyntax.decodeCaret(commonName)
        }
    }

    /// Calls `body` for each attendee and then the organizer that has an e-mail address: its value when that
    /// has an `@` (a `mailto:` value), else its EMAIL parameter (RFC 7986). Reads what `attendees` reads
    /// without making a single string: a large calendar has hundreds of thousands of attendees.
    package func forEachParticipant(_ body: (ParticipantView) -> Void) {
        storage.bytes.withUnsafeBufferPointer { bytes in
            storage.extra.withUnsafeBufferPointer { extra in
                func view(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
                    if let inExtra = TextStorage.extraRange(range, count: bytes.count) {
                        return UnsafeBufferPointer(rebasing: extra[inExtra])
                    }
                    return UnsafeBufferPointer(rebasing: bytes[range])
                }
                func visit(_ property: PropertyText) {
                    let found = EventReader.UserParameters(view(property.parameters.range))
                    let address = EventReader.address(view(property.value.range))
                    let email: UnsafeBufferPointer<UInt8>
                    if address.contains(UInt8(ascii: "@")) {
                        email = address
                    } else if let parameter = found.email, parameter.contains(UInt8(ascii: "@")) {
                        email = parameter
                    } else {
                        return
                    }
                    body(
                        ParticipantView(
                            email: email,
                            isDeclined: found.isDeclined,
                            isRoomOrResource: found.isRoomOrResource,
                            commonName: found.name
                        )
                    )
                }
                for property in attendeeTexts { visit(property) }
                if let organizerText { visit(organizerText) }
            }
        }
    }

    /// CATEGORIES values of every CATEGORIES line, unescaped and trimmed.
    package var categories: [String] {
        var result: [String] = []
        for line in categoryTexts {
            for item in ValueText.split(storage.slice(line.value.range), on: UInt8(ascii: ",")) {
                let text = ValueText.unescape(item).trimmingSpaces()
                if !text.isEmpty { result.append(text) }
            }
        }
        return result
    }

    /// Whether it has recurrence properties of its own.
    package var isRecurring: Bool { !rules.isEmpty || !recurrenceDates.isEmpty }

    private func text(_ range: TextRange) -> String { ValueText.unescape(storage.slice(range.range)) }

    private func user(_ property: PropertyText) -> CalendarUser {
        storage.withBytes(property.parameters.range) { parameters in
            storage.withBytes(property.value.range) { value in
                EventReader.user(parameters: parameters, value: value, line: property.line)
            }
        }
    }
}
