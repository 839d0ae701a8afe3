/// A date in the proleptic Gregorian calendar, with integer arithmetic (no Foundation, no ICU).
package struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Stored compactly (8 bytes): a large calendar holds millions of dates in its occurrences.
    private var storedYear: Int32
    private var storedMonth: UInt8
    private var storedDay: UInt8

    package var year: Int {
        get { Int(storedYear) }
        set { storedYear = Int32(clamping: newValue) }
    }

    package var month: Int {
        get { Int(storedMonth) }
        set { storedMonth = UInt8(clamping: newValue) }
    }

    package var day: Int {
        get { Int(storedDay) }
        set { storedDay = UInt8(clamping: newValue) }
    }

    package init(year: Int, month: Int, day: Int) {
        storedYear = Int32(clamping: year)
        storedMonth = UInt8(clamping: month)
        storedDay = UInt8(clamping: day)
    }

    /// The date `days` days after 1970-01-01 (negative before).
    package init(daysSinceEpoch days: Int) {
        // Civil-from-days over 400-year eras of 146 097 days (H. Hinnant's formulation).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days since 1970-01-01.
    package var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ISO weekday: 0 is Monday, 6 is Sunday.
    package var weekday: Int { Self.weekday(ofDay: daysSinceEpoch) }

    package static func weekday(ofDay days: Int) -> Int {
        // 1970-01-01 was a Thursday (3).
        ((days % 7) + 7 + 3) % 7
    }

    package static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    package static func daysIn(year: Int) -> Int { isLeap(year) ? 366 : 365 }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether the fields name a real date.
    package var isValid: Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= Self.daysIn(month: month, year: year)
    }

    /// 1-based day of the year.
    package var dayOfYear: Int { daysSinceEpoch - CivilDate(year: year, month: 1, day: 1).daysSinceEpoch + 1 }

    package func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Adds months, keeping the day; the result may be invalid (Feb 30), which callers check.
    package func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        return CivilDate(year: newYear, month: index - newYear * 12 + 1, day: day)
    }

    package static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.storedYear, lhs.storedMonth, lhs.storedDay) < (rhs.storedYear, rhs.storedMonth, rhs.storedDay)
    }

    /// `YYYY-MM-DD`.
    package var description: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    package static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(abs(value))
        let padded = text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        return value < 0 ? "-" + padded : padded
    }
}

/// A wall-clock date and time without a zone.
package struct CivilDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var date: CivilDate
    private var storedSecond: Int32

    /// Seconds since midnight, 0 ..< 86 400 (a leap second 60 is folded into the next minute by the reader).
    package var secondOfDay: Int {
        get { Int(storedSecond) }
        set { storedSecond = Int32(clamping: newValue) }
    }

    package init(date: CivilDate, secondOfDay: Int) {
        self.date = date
        self.storedSecond = Int32(clamping: secondOfDay)
    }

    package init(date: CivilDate, hour: Int, minute: Int, second: Int) {
        self.init(date: date, secondOfDay: hour * 3600 + minute * 60 + second)
    }

    /// The civil time of `seconds` since the epoch, read as UTC (or as any fixed offset already applied).
    package init(secondsSinceEpoch seconds: Int) {
        // Floor division that cannot overflow (negating Int.min would trap).
        let days = seconds >= 0 ? seconds / 86_400 : (seconds + 1) / 86_400 - 1
        self.init(date: CivilDate(daysSinceEpoch: days), secondOfDay: seconds - days * 86_400)
    }

    /// Seconds since the epoch if this wall time were UTC.
    package var secondsSinceEpoch: Int { date.daysSinceEpoch * 86_400 + secondOfDay }

    package var hour: Int { secondOfDay / 3600 }
    package var minute: Int { secondOfDay / 60 % 60 }
    package var second: Int { secondOfDay % 60 }

    package static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        (lhs.date, lhs.storedSecond) < (rhs.date, rhs.storedSecond)
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    package var description: String {
        "\(date)T\(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2)):\(CivilDate.pad(second, 2))"
    }
}
