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
package struct Event: Sendable {
    package var uid: String?
    package var summary: String?
    /// DESCRIPTION, still escaped: often long and seldom shown, so decoded only when asked for.
    package var descriptionBytes: ArraySlice<UInt8>?
    /// DESCRIPTION as text.
    package var description: String? { descriptionBytes.map(ValueText.unescape) }
    package var location: String?
    /// `STATUS`, upper-cased.
    package var status: String?
    package var sequence = 0
    package var start: WrittenTime
    package var end: WrittenTime?
    package var duration: ICalDuration?
    package var organizer: CalendarUser?
    package var attendees: [CalendarUser] = []
    package var categories: [String] = []
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

    /// Whether it has recurrence properties of its own.
    package var isRecurring: Bool { !rules.isEmpty || !recurrenceDates.isEmpty }
}
