/// An RRULE value (RFC 5545 §3.3.10), parsed.
package struct RecurrenceRule: Hashable, Sendable {
    package enum Frequency: Int, Sendable, Comparable {
        case secondly, minutely, hourly, daily, weekly, monthly, yearly

        package static func < (lhs: Frequency, rhs: Frequency) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A BYDAY entry: weekday (0 = Monday … 6 = Sunday) and an optional ordinal (0 = every).
    package struct WeekdayNumber: Hashable, Sendable {
        package var ordinal: Int
        package var weekday: Int
    }

    package var frequency: Frequency
    package var interval = 1
    package var count: Int?
    package var until: WrittenTime?
    package var bySecond: [Int] = []
    package var byMinute: [Int] = []
    package var byHour: [Int] = []
    package var byDay: [WeekdayNumber] = []
    package var byMonthDay: [Int] = []
    package var byYearDay: [Int] = []
    package var byWeekNo: [Int] = []
    package var byMonth: [Int] = []
    package var bySetPos: [Int] = []
    /// Week start: 0 = Monday (the default) … 6 = Sunday.
    package var weekStart = 0

    package init(frequency: Frequency) { self.frequency = frequency }

    /// The outcome of reading an RRULE: the rule, and what had to be repaired or ignored.
    package struct Parsed {
        package var rule: RecurrenceRule?
        package var problems: [String] = []
        package var repairs: [String] = []
    }

    /// Parses an RRULE value. Tolerates lower-case names, a trailing `;` (Google), and `\;`/`\,` escapes
    /// (Exchange writes the rule as TEXT). Unknown parts are ignored with a problem noted; a missing or
    /// unknown FREQ, or a malformed value of a known part, makes the rule unusable (`rule` is nil).
    package static func parse(_ value: some Collection<UInt8>) -> Parsed {
        var result = Parsed()
        var bytes = Array(value)
        if bytes.contains(UInt8(ascii: "\\")) {
            bytes.removeAll { $0 == UInt8(ascii: "\\") }
            result.repairs.append("backslash escapes removed")
        }
        var frequency: Frequency?
        var sawFrequency = false
        var rule = RecurrenceRule(frequency: .daily)
        var failed = false
        for part in bytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true) {
            guard let equals = part.firstIndex(of: UInt8(ascii: "=")) else {
                if !part.allSatisfy(ASCII.isSpace) {
                    result.problems.append("part \"\(String(decoding: part, as: UTF8.self))\" has no '='")
                }
                continue
            }
            let name = String(decoding: part[..<equals].map(ASCII.upper), as: UTF8.self)
                .trimmingSpaces()
            let rawValue = part[(equals + 1)...]
            let text = String(decoding: rawValue.map(ASCII.upper), as: UTF8.self).trimmingSpaces()
            var ok = true
            var outOfRange: String? = nil
            func list(_ range: ClosedRange<Int>, allowNegative: Bool) -> [Int]? {
                var numbers: [Int] = []
                for item in text.split(separator: ",") {
                    // `magnitude`, not `abs`: abs(Int.min) traps.
                    guard let number = Int(item.trimmingSpaces()), number.magnitude <= UInt(range.upperBound),
                        range.contains(Int(number.magnitude)),
                        allowNegative || number >= 0, number != 0 || range.lowerBound == 0
                    else {
                        let written = item.trimmingSpaces().utf8
                        if !written.isEmpty, written.allSatisfy({ ASCII.isDigit($0) || $0 == 0x2B || $0 == 0x2D }) {
                            let bounds = "\(range.lowerBound)…\(range.upperBound)"
                            outOfRange = allowNegative ? "\(bounds) or -\(range.upperBound)…-1" : bounds
                        }
                        return nil
                    }
                    numbers.append(number)
                }
                return numbers.isEmpty ? nil : numbers
            }
            switch name {
            case "FREQ":
                sawFrequency = true
                switch text {
                case "SECONDLY": frequency = .secondly
                case "MINUTELY": frequency = .minutely
                case "HOURLY": frequency = .hourly
                case "DAILY": frequency = .daily
                case "WEEKLY": frequency = .weekly
                case "MONTHLY": frequency = .monthly
                case "YEARLY": frequency = .yearly
                default: ok = false
                }
            case "INTERVAL":
                // Bounded so that periods times INTERVAL stay far from overflow (and from useful values).
                if let number = Int(text), (1...Limits.maxRecurrenceInterval).contains(number) {
                    rule.interval = number
                } else {
                    ok = false
                    outOfRange = "1…\(Limits.maxRecurrenceInterval)"
                }
            case "COUNT":
                if let number = Int(text), (0...Limits.maxRecurrenceCount).contains(number) {
                    rule.count = number
                } else {
                    ok = false
                    outOfRange = "0…\(Limits.maxRecurrenceCount)"
                }
            case "UNTIL":
                if let until = WrittenTime.parse(rawValue, tzid: nil) { rule.until = until } else { ok = false }
            case "BYSECOND": if let v = list(0...60, allowNegative: false) { rule.bySecond = v } else { ok = false }
            case "BYMINUTE": if let v = list(0...59, allowNegative: false) { rule.byMinute = v } else { ok = false }
            case "BYHOUR": if let v = list(0...23, allowNegative: false) { rule.byHour = v } else { ok = false }
            case "BYMONTHDAY": if let v = list(1...31, allowNegative: true) { rule.byMonthDay = v } else { ok = false }
            case "BYYEARDAY": if let v = list(1...366, allowNegative: true) { rule.byYearDay = v } else { ok = false }
            case "BYWEEKNO": if let v = list(1...53, allowNegative: true) { rule.byWeekNo = v } else { ok = false }
            case "BYMONTH": if let v = list(1...12, allowNegative: false) { rule.byMonth = v } else { ok = false }
            case "BYSETPOS": if let v = list(1...366, allowNegative: true) { rule.bySetPos = v } else { ok = false }
            case "WKST":
                if let day = weekday(text) { rule.weekStart = day } else { ok = false }
            case "BYDAY":
                var days: [WeekdayNumber] = []
                for item in text.split(separator: ",") {
                    let entry = item.trimmingSpaces()
                    guard entry.count >= 2, let day = weekday(String(entry.suffix(2))) else {
                        ok = false
                        break
                    }
                    let prefix = entry.dropLast(2)
                    var ordinal = 0
                    if !prefix.isEmpty {
                        guard let number = Int(prefix.hasPrefix("+") ? String(prefix.dropFirst()) : String(prefix)),
                            number.magnitude <= 53, number != 0
                        else {
                            ok = false
                            break
                        }
                        ordinal = number
                    }
                    days.append(WeekdayNumber(ordinal: ordinal, weekday: day))
                }
                if ok && !days.isEmpty { rule.byDay = days } else { ok = false }
            default:
                result.problems.append("unknown part \(name) ignored")
            }
            if !ok {
                let written = String(decoding: rawValue.prefix(40), as: UTF8.self)
                if let outOfRange {
                    result.problems.append("\(name)=\(written) is out of range (\(outOfRange))")
                } else {
                    result.problems.append("\(name)=\(written) is not valid")
                }
                failed = true
            }
        }
        guard let frequency else {
            if !sawFrequency { result.problems.append("FREQ is missing") }
            return result
        }
        if rule.count != nil && rule.until != nil {
            result.problems.append("both COUNT and UNTIL given; COUNT used")
            rule.until = nil
        }
        guard !failed else { return result }
        rule.frequency = frequency
        result.rule = rule
        return result
    }

    private static func weekday(_ text: String) -> Int? {
        switch text {
        case "MO": 0
        case "TU": 1
        case "WE": 2
        case "TH": 3
        case "FR": 4
        case "SA": 5
        case "SU": 6
        default: nil
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs; looks at the UTF-8 bytes only.
    func trimmingSpaces() -> String {
        let text = Substring(self)
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while start < end {
            let last = bytes.index(before: end)
            guard bytes[last] == 0x20 || bytes[last] == 0x09 else { break }
            end = last
        }
        return String(text[start..<end])
    }
}
