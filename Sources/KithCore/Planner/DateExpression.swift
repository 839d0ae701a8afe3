import KithFormats

/// A day (and maybe a time) as a person types it on the command line: `2026-12-04`, `2026-12-04T09:30`,
/// `today`, `yesterday`, `tomorrow`, a weekday (`friday`, `fri`), or an offset from today (`+3d`, `-2w`).
///
/// A weekday means the nearest one in the direction the command looks: for something that happened
/// (`met --on`, `done --on`) the last one on or before today, for something ahead (`snooze --until`,
/// `preview --at`) the next one after today.
package struct DateExpression: Sendable, Hashable {
    package enum Direction: Sendable {
        case past
        case future
    }

    package var date: CivilDate
    /// Seconds after midnight, when a time was written.
    package var secondOfDay: Int?

    /// What the accepted forms are, for messages.
    package static let forms = "YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, yesterday, tomorrow, a weekday, +3d or -2w"

    private static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// The day `text` names, seen from `today`; nil when it is none of the forms.
    package static func parse(_ text: String, today: CivilDate, direction: Direction) -> DateExpression? {
        let word = text.lowercased()
        switch word {
        case "today": return DateExpression(date: today)
        case "yesterday": return DateExpression(date: today.adding(days: -1))
        case "tomorrow": return DateExpression(date: today.adding(days: 1))
        default: break
        }
        // A weekday in full or by its first three letters.
        let weekday = weekdays.firstIndex { $0 == word || (word.count == 3 && $0.hasPrefix(word)) }
        if let weekday {
            // CivilDate.weekday: 0 is Monday.
            switch direction {
            case .past: return DateExpression(date: today.adding(days: -((today.weekday - weekday + 7) % 7)))
            case .future:
                let ahead = (weekday - today.weekday + 7) % 7
                return DateExpression(date: today.adding(days: ahead == 0 ? 7 : ahead))
            }
        }
        if let offset = offset(word) { return DateExpression(date: today.adding(days: offset)) }
        return written(text)
    }

    /// `+3d`, `-2w`, `+1d`: a signed count of days or weeks, at most ten years either way.
    private static func offset(_ word: String) -> Int? {
        guard let sign = word.first, sign == "+" || sign == "-", let unit = word.last, unit == "d" || unit == "w"
        else { return nil }
        let digits = word.dropFirst().dropLast()
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int(digits)
        else { return nil }
        let days = count * (unit == "w" ? 7 : 1)
        guard days <= 3_660 else { return nil }
        return sign == "-" ? -days : days
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    private static func written(_ text: String) -> DateExpression? {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        let fields = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
            let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2]), year >= 1
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        guard parts.count == 2 else { return DateExpression(date: date) }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock[0].count == 2, clock[1].count == 2, let hour = Int(clock[0]),
            let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return DateExpression(date: date, secondOfDay: hour * 3600 + minute * 60)
    }
}
