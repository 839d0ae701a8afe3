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

/// A VEVENT as written, with its values decoded and checked (RFC 5545 §3.6.1).
///
/// Text properties and attendees are kept as the lines they came from and decoded when asked for: most
/// events are only ever expanded, and this keeps a large calendar's memory close to its file's size.
package struct Event: Sendable {
    package var uid: String?
    /// SUMMARY, still escaped.
    package var summaryBytes: ArraySlice<UInt8>?
    /// DESCRIPTION, still escaped: often long and seldom shown, so decoded only when asked for.
    package var descriptionBytes: ArraySlice<UInt8>?
    /// DESCRIPTION as text.
    package var description: String? { descriptionBytes.map(ValueText.unescape) }
    /// LOCATION, still escaped.
    package var locationBytes: ArraySlice<UInt8>?
    /// `STATUS`, upper-cased.
    package var status: String?
    package var sequence = 0
    package var start: WrittenTime
    package var end: WrittenTime?
    package var duration: ICalDuration?
    /// The ORGANIZER line, read on demand (`organizer`).
    package var organizerLine: ContentLine?
    /// The ATTENDEE lines, read on demand (`attendees`).
    package var attendeeLines: [ContentLine] = []
    /// The CATEGORIES lines, read on demand (`categories`).
    package var categoryLines: [ContentLine] = []
    package var rules: [RecurrenceRule] = []
    package var recurrenceDates: [RecurrenceDate] = []
    package var exceptionDates: [WrittenTime] = []
    package var recurrenceID: WrittenTime?
    /// `RANGE=THISANDFUTURE` on RECURRENCE-ID: the override also applies to every later instance.
    package var thisAndFuture = false
    /// Which VCALENDAR of the file it came from (0-based; bare events form their own calendar).
    package var calendar = 0
    /// Physical line of its BEGIN:VEVENT.
    package var line: Int

    package init(start: WrittenTime, line: Int) {
        self.start = start
        self.line = line
    }

    /// SUMMARY as text.
    package var summary: String? { summaryBytes.map(ValueText.unescape) }

    /// LOCATION as text.
    package var location: String? { locationBytes.map(ValueText.unescape) }

    package var organizer: CalendarUser? { organizerLine.map(EventReader.user) }

    package var attendees: [CalendarUser] { attendeeLines.map(EventReader.user) }

    /// CATEGORIES values of every CATEGORIES line, unescaped and trimmed.
    package var categories: [String] {
        var result: [String] = []
        for line in categoryLines {
            for item in ValueText.split(line.value, on: UInt8(ascii: ",")) {
                let text = ValueText.unescape(item).trimmingSpaces()
                if !text.isEmpty { result.append(text) }
            }
        }
        return result
    }

    /// Whether it has recurrence properties of its own.
    package var isRecurring: Bool { !rules.isEmpty || !recurrenceDates.isEmpty }
}
