import KithFormats

/// Calendar questions in the configured zone: today, weeks, days between. Integer civil arithmetic.
package struct CivilCalendar: Sendable {
    package let zone: ZoneRules

    package init(zone: ZoneRules) { self.zone = zone }

    package func date(of instant: Int) -> CivilDate { zone.local(atUTC: instant).date }

    /// An instant as the wall clock of the zone shows it, with its offset: "2026-11-30 08:00 +02:00".
    package func moment(_ instant: Int) -> String {
        let local = zone.local(atUTC: instant)
        let offset = zone.offset(atUTC: instant) / 60
        let hours = CivilDate.pad(abs(offset) / 60, 2)
        let minutes = CivilDate.pad(abs(offset) % 60, 2)
        let time = CivilDate.pad(local.secondOfDay / 3600, 2) + ":" + CivilDate.pad(local.secondOfDay % 3600 / 60, 2)
        return "\(local.date) \(time) \(offset < 0 ? "-" : "+")\(hours):\(minutes)"
    }

    package func startOfDay(_ date: CivilDate) -> Int {
        zone.instant(ofLocal: CivilDateTime(date: date, secondOfDay: 0))
    }

    /// Monday of the ISO week that `date` is in.
    package func weekStart(_ date: CivilDate) -> CivilDate { date.adding(days: -date.weekday) }

    /// ISO 8601 week-numbering year and week (`2026-W49`).
    package func isoWeek(_ date: CivilDate) -> (year: Int, week: Int) {
        let thursday = date.adding(days: 3 - date.weekday)
        let firstThursdayYearStart = CivilDate(year: thursday.year, month: 1, day: 1)
        return (thursday.year, (thursday.daysSinceEpoch - firstThursdayYearStart.daysSinceEpoch) / 7 + 1)
    }

    package func slot(_ date: CivilDate) -> String {
        let week = isoWeek(date)
        return "\(week.year)-W\(week.week < 10 ? "0" : "")\(week.week)"
    }

    /// "Thu 26 Nov" (with the year when it is not `reference`'s).
    package static func short(_ date: CivilDate, reference: CivilDate? = nil) -> String {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var text = "\(days[date.weekday]) \(date.day) \(months[date.month - 1])"
        if let reference, reference.year != date.year { text += " \(date.year)" }
        return text
    }

    /// The first day of the month after `date`'s.
    package static func firstOfNextMonth(_ date: CivilDate) -> CivilDate {
        date.month == 12
            ? CivilDate(year: date.year + 1, month: 1, day: 1)
            : CivilDate(year: date.year, month: date.month + 1, day: 1)
    }

    /// The next time a yearly date (month and day) falls on or after `from`; Feb 29 falls on Feb 28 in
    /// common years.
    package static func nextAnniversary(month: Int, day: Int, onOrAfter from: CivilDate) -> CivilDate {
        for year in from.year...(from.year + 1) {
            var candidate = CivilDate(year: year, month: month, day: day)
            if !candidate.isValid, month == 2, day == 29 { candidate = CivilDate(year: year, month: 2, day: 28) }
            if candidate.isValid, candidate >= from { return candidate }
        }
        return CivilDate(year: from.year + 1, month: month, day: min(day, 28))
    }

    /// "3 weeks", "5 months", "1 year", "4 days".
    /// A configured duration in words, exactly: "6 weeks", "2 months", "1 year", "10 days", "36 hours".
    package static func spell(_ duration: ConfigDuration) -> String {
        func plural(_ count: Int, _ unit: String) -> String { Plural.of(count, unit) }
        var parts: [String] = []
        if duration.months > 0 {
            parts.append(
                duration.months % 12 == 0
                    ? plural(duration.months / 12, "year") : plural(duration.months, "month")
            )
        }
        let seconds = duration.seconds
        if seconds > 0 {
            let units = [(7 * 86_400, "week"), (86_400, "day"), (3600, "hour"), (60, "minute"), (1, "second")]
            let (size, unit) = units.first { seconds % $0.0 == 0 }!
            parts.append(plural(seconds / size, unit))
        }
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: " and ")
    }

    /// `seconds` in the unit `like` is written in, rounded to the nearest ("5 weeks"; with `bare`, "5"); in
    /// days when that unit would not show the difference.
    package static func spell(seconds: Int, like duration: ConfigDuration, bare: Bool = false) -> String {
        func plural(_ count: Int, _ unit: String) -> String { Plural.of(count, unit) }
        let size: Int
        let unit: String
        if duration.seconds == 0 {
            (size, unit) = duration.months % 12 == 0 ? (365 * 86_400, "year") : (30 * 86_400, "month")
        } else if duration.seconds % (7 * 86_400) == 0 {
            (size, unit) = (7 * 86_400, "week")
        } else {
            (size, unit) = (86_400, "day")
        }
        let count = (seconds + size / 2) / size
        if count * size == duration.approximateSeconds || count == 0 {
            return plural((seconds + 43_200) / 86_400, "day")
        }
        return bare ? "\(count)" : plural(count, unit)
    }

    package static func span(days: Int) -> String {
        func plural(_ count: Int, _ unit: String) -> String { Plural.of(count, unit) }
        if days >= 365 { return plural(days / 365, "year") }
        if days >= 60 { return plural(days / 30, "month") }
        if days >= 14 { return plural(days / 7, "week") }
        return plural(days, "day")
    }
}
