/// Expands an RRULE into wall-clock times, in order, lazily (RFC 5545 §3.3.10).
///
/// Works in integer civil arithmetic: each period of the rule (a year, month, week, day, hour, minute or
/// second, times INTERVAL) yields its candidate days and times, filtered and expanded by the BYxxx parts
/// as the RFC's table says, then BYSETPOS. Only instances at or after DTSTART that match the rule are
/// produced (DTSTART itself is added by the recurrence set, not here). Stops at COUNT, UNTIL, the year
/// `Limits.maxYear`, after `Limits.maxRecurrenceInstances` instances, after `Limits.maxEmptyPeriods` periods
/// in a row that match nothing, or when its work (periods, days looked at and candidate instants made, which
/// BYSETPOS may cut to a few) reaches its limit; `limitHit` tells which limit stopped it.
package struct RecurrenceIterator: IteratorProtocol, Sequence {
    package enum Limit: Sendable, Equatable {
        case instances
        case emptyPeriods
        /// The work limit given to the iterator.
        case work
    }

    private let rule: RecurrenceRule
    private let start: CivilDateTime
    private let isDate: Bool
    private let until: CivilDateTime?
    private var period = 0
    private var buffer: [CivilDateTime] = []
    private var scratch: [CivilDateTime] = []
    private var bufferIndex = 0
    private var produced = 0
    private var emptyPeriods = 0
    private var finished = false
    private let timesOfDay: [Int]
    private let startDay: Int
    /// The weekdays BYDAY names (bit `weekday`), or DTSTART's for a WEEKLY rule without BYDAY; 0 for none.
    private let weekdays: UInt8
    /// The year of the first YEARLY period: with BYWEEKNO, the week-numbering year DTSTART falls in.
    private let baseYear: Int
    package private(set) var limitHit: Limit?
    /// Work done so far: one per period, per day looked at and per candidate instant made.
    package private(set) var work = 0
    private let workLimit: Int

    /// - Parameters:
    ///   - start: DTSTART as wall-clock time (for a DATE, midnight).
    ///   - until: UNTIL as wall-clock time in DTSTART's zone, inclusive; nil when the rule has none.
    ///   - workLimit: the most work this iterator may do (see `work`) before it stops.
    package init(
        rule: RecurrenceRule,
        start: CivilDateTime,
        isDate: Bool,
        until: CivilDateTime?,
        workLimit: Int = Limits.maxRecurrenceWorkPerSeries
    ) {
        self.rule = rule
        self.workLimit = workLimit
        self.start = start
        self.isDate = isDate
        self.until = until
        self.startDay = start.date.daysSinceEpoch
        var weekdays: UInt8 = 0
        for entry in rule.byDay { weekdays |= 1 << UInt8(entry.weekday) }
        if rule.byDay.isEmpty && rule.frequency == .weekly { weekdays = 1 << UInt8(start.date.weekday) }
        self.weekdays = weekdays
        var year = start.date.year
        if !rule.byWeekNo.isEmpty {
            let day = start.date.daysSinceEpoch
            if day >= Self.weekOneStart(year: year + 1, weekStart: rule.weekStart) {
                year += 1
            } else if day < Self.weekOneStart(year: year, weekStart: rule.weekStart) {
                year -= 1
            }
        }
        self.baseYear = year
        if isDate {
            timesOfDay = [0]
        } else {
            let hours = rule.byHour.isEmpty ? [start.hour] : rule.byHour
            let minutes = rule.byMinute.isEmpty ? [start.minute] : rule.byMinute
            let seconds = rule.bySecond.isEmpty ? [start.second] : rule.bySecond.map { Swift.min($0, 59) }
            var times: [Int] = []
            for hour in hours {
                for minute in minutes {
                    for second in seconds { times.append(hour * 3600 + minute * 60 + second) }
                }
            }
            timesOfDay = Array(Set(times)).sorted()
        }
    }

    package mutating func next() -> CivilDateTime? {
        while true {
            if bufferIndex < buffer.count {
                let candidate = buffer[bufferIndex]
                bufferIndex += 1
                if let until, candidate > until {
                    finished = true
                    buffer.removeAll()
                    return nil
                }
                if let count = rule.count, produced >= count {
                    finished = true
                    return nil
                }
                if produced >= Limits.maxRecurrenceInstances {
                    limitHit = .instances
                    finished = true
                    return nil
                }
                produced += 1
                return candidate
            }
            if finished { return nil }
            buffer.removeAll(keepingCapacity: true)
            bufferIndex = 0
            guard spend(1) else { continue }
            fillNextPeriod()
            if buffer.isEmpty {
                emptyPeriods += 1
                if emptyPeriods >= Limits.maxEmptyPeriods {
                    limitHit = .emptyPeriods
                    finished = true
                }
            } else {
                emptyPeriods = 0
            }
        }
    }

    @inline(__always)
    private func isListed(weekday: Int) -> Bool { weekdays & (1 << UInt8(weekday)) != 0 }

    /// Moves past the periods that end before `day` (days since the epoch), so that a series which began
    /// long before the days wanted does not produce every instance since. Only for rules without COUNT, whose
    /// instances do not depend on how many came before; with COUNT, and before the first call, nothing moves.
    /// One period before the computed one is kept, so that a period that reaches into `day` is never skipped.
    package mutating func skip(toPeriodsEndingOnOrAfter day: Int) {
        guard rule.count == nil, period == 0, day > startDay else { return }
        // Nothing is produced after `Limits.maxYear`; a later day would only make the products below large.
        let day = Swift.min(day, Self.lastDay + 1)
        let first: Int
        switch rule.frequency {
        case .yearly:
            first = (CivilDate(daysSinceEpoch: day).year - baseYear) / rule.interval
        case .monthly:
            let target = CivilDate(daysSinceEpoch: day)
            let months = (target.year * 12 + target.month) - (start.date.year * 12 + start.date.month)
            first = months / rule.interval
        case .weekly:
            let offset = (start.date.weekday - rule.weekStart + 7) % 7
            first = (day - (startDay - offset)) / (7 * rule.interval)
        case .daily:
            first = (day - startDay) / rule.interval
        // Sub-daily periods count from DTSTART's hour, minute or second: a day less, for its time of day.
        case .hourly:
            first = (day - startDay - 1) * 24 / rule.interval
        case .minutely:
            first = (day - startDay - 1) * 1_440 / rule.interval
        case .secondly:
            first = (day - startDay - 1) * 86_400 / rule.interval
        }
        period = Swift.max(0, first - 1)
    }

    // MARK: - Periods

    private mutating func fillNextPeriod() {
        let index = period
        period += 1
        // The period's candidates reuse one buffer across periods (taken out of self while it is filled).
        var candidates = scratch
        scratch = []
        candidates.removeAll(keepingCapacity: true)
        defer { scratch = candidates }
        switch rule.frequency {
        case .yearly:
            let year = baseYear + index * rule.interval
            guard year <= Limits.maxYear else { return stop() }
            guard spend(rule.byWeekNo.isEmpty ? CivilDate.daysIn(year: year) : 7 * rule.byWeekNo.count) else { return }
            let days = yearDays(year)
            guard spend(days.count * timesOfDay.count) else { return }
            addDays(days, to: &candidates)
        case .monthly:
            let monthIndex = start.date.year * 12 + start.date.month - 1 + index * rule.interval
            let year = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
            guard year <= Limits.maxYear else { return stop() }
            guard spend(31) else { return }
            let days = monthDays(year: year, month: monthIndex - year * 12 + 1)
            guard spend(days.count * timesOfDay.count) else { return }
            addDays(days, to: &candidates)
        case .weekly:
            let offset = (start.date.weekday - rule.weekStart + 7) % 7
            let weekStart = startDay - offset + index * 7 * rule.interval
            guard weekStart <= Self.lastDay else { return stop() }
            guard spend(7 + 7 * timesOfDay.count) else { return }
            // Days in order, each turned into a date only when it is a candidate.
            for day in weekStart..<(weekStart + 7) where isListed(weekday: CivilDate.weekday(ofDay: day)) {
                let date = CivilDate(daysSinceEpoch: day)
                if hasLimits && !matchesLimits(date, day: day) { continue }
                addDay(date, to: &candidates)
            }
        case .daily:
            let day = startDay + index * rule.interval
            guard day <= Self.lastDay else { return stop() }
            guard spend(timesOfDay.count) else { return }
            let date = CivilDate(daysSinceEpoch: day)
            if dayMatchesSimple(date, day: day) { addDay(date, to: &candidates) }
        case .hourly, .minutely, .secondly:
            fillSubDaily(index, into: &candidates)
        }
        if !rule.bySetPos.isEmpty { candidates = applySetPos(candidates) }
        for candidate in candidates where candidate >= start { buffer.append(candidate) }
    }

    private mutating func stop() { finished = true }

    /// Counts `units` of work; false (and the iterator stopped) when they would pass the work limit.
    @inline(__always)
    private mutating func spend(_ units: Int) -> Bool {
        if units <= workLimit - work {
            work += units
            return true
        }
        limitHit = .work
        finished = true
        return false
    }

    /// The last day of `Limits.maxYear`.
    private static let lastDay = CivilDate(year: Limits.maxYear, month: 12, day: 31).daysSinceEpoch

    /// Whether BYMONTH, BYYEARDAY or BYMONTHDAY limit the days.
    private var hasLimits: Bool { !rule.byMonth.isEmpty || !rule.byYearDay.isEmpty || !rule.byMonthDay.isEmpty }

    private func addDays(_ days: [Int], to candidates: inout [CivilDateTime]) {
        for day in days { addDay(CivilDate(daysSinceEpoch: day), to: &candidates) }
    }

    /// The day at each of the rule's times of day.
    private func addDay(_ date: CivilDate, to candidates: inout [CivilDateTime]) {
        for time in timesOfDay { candidates.append(CivilDateTime(date: date, secondOfDay: time)) }
    }

    private func applySetPos(_ candidates: [CivilDateTime]) -> [CivilDateTime] {
        var picked: [CivilDateTime] = []
        for position in rule.bySetPos {
            let index = position > 0 ? position - 1 : candidates.count + position
            if index >= 0 && index < candidates.count { picked.append(candidates[index]) }
        }
        return Array(Set(picked)).sorted()
    }

    // MARK: - Days of a period

    /// Days of a YEARLY period, expanded and limited by the BYxxx parts.
    private func yearDays(_ year: Int) -> [Int] {
        let first = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch
        let length = CivilDate.daysIn(year: year)
        if !rule.byWeekNo.isEmpty {
            var days: [Int] = []
            let weekOne = Self.weekOneStart(year: year, weekStart: rule.weekStart)
            let weeks = (Self.weekOneStart(year: year + 1, weekStart: rule.weekStart) - weekOne) / 7
            let weekdays = rule.byDay.isEmpty ? UInt8(1) << UInt8(start.date.weekday) : self.weekdays
            for number in Set(rule.byWeekNo).sorted() {
                let week = number > 0 ? number : weeks + number + 1
                guard week >= 1 && week <= weeks else { continue }
                for day in (weekOne + (week - 1) * 7)..<(weekOne + week * 7) {
                    let date = CivilDate(daysSinceEpoch: day)
                    guard weekdays & (1 << UInt8(CivilDate.weekday(ofDay: day))) != 0 else { continue }
                    if !rule.byMonth.isEmpty && !rule.byMonth.contains(date.month) { continue }
                    if !rule.byYearDay.isEmpty && !matchesYearDay(date, day: day) { continue }
                    if !rule.byMonthDay.isEmpty && !matchesMonthDay(date) { continue }
                    days.append(day)
                }
            }
            return days.sorted()
        }
        let hasDaySelector = !rule.byYearDay.isEmpty || !rule.byMonthDay.isEmpty || !rule.byDay.isEmpty
        if !hasDaySelector {
            // RFC 5545 §3.3.10: missing parts come from DTSTART: its day in each BYMONTH month, else its date.
            let months = rule.byMonth.isEmpty ? [start.date.month] : rule.byMonth.sorted()
            return months.compactMap { month in
                let date = CivilDate(year: year, month: month, day: start.date.day)
                return date.isValid ? date.daysSinceEpoch : nil
            }
        }
        var days: [Int] = []
        for day in first..<(first + length) {
            let date = CivilDate(daysSinceEpoch: day)
            if !rule.byMonth.isEmpty && !rule.byMonth.contains(date.month) { continue }
            if !rule.byYearDay.isEmpty && !matchesYearDay(date, day: day) { continue }
            if !rule.byMonthDay.isEmpty && !matchesMonthDay(date) { continue }
            if !rule.byDay.isEmpty && !matchesOrdinalDay(date, day: day, withinMonth: !rule.byMonth.isEmpty) {
                continue
            }
            days.append(day)
        }
        return days
    }

    /// Days of a MONTHLY period.
    private func monthDays(year: Int, month: Int) -> [Int] {
        if !rule.byMonth.isEmpty && !rule.byMonth.contains(month) { return [] }
        let first = CivilDate(year: year, month: month, day: 1).daysSinceEpoch
        let length = CivilDate.daysIn(month: month, year: year)
        if rule.byMonthDay.isEmpty && rule.byDay.isEmpty && rule.byYearDay.isEmpty {
            let date = CivilDate(year: year, month: month, day: start.date.day)
            return date.isValid ? [date.daysSinceEpoch] : []
        }
        var days: [Int] = []
        for dayOfMonth in 1...length {
            let date = CivilDate(year: year, month: month, day: dayOfMonth)
            let day = first + dayOfMonth - 1
            if !rule.byYearDay.isEmpty && !matchesYearDay(date, day: day) { continue }
            if !rule.byMonthDay.isEmpty && !matchesMonthDay(date) { continue }
            if !rule.byDay.isEmpty && !matchesOrdinalDay(date, day: day, withinMonth: true) { continue }
            days.append(day)
        }
        return days
    }

    /// The first day of week 1 of `year`: the week (starting on `weekStart`) with at least four days in it.
    static func weekOneStart(year: Int, weekStart: Int) -> Int {
        let january1 = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch
        let sinceWeekStart = (CivilDate.weekday(ofDay: january1) - weekStart + 7) % 7
        return sinceWeekStart <= 3 ? january1 - sinceWeekStart : january1 + 7 - sinceWeekStart
    }

    // MARK: - Filters

    private func matchesYearDay(_ date: CivilDate, day: Int) -> Bool {
        let dayOfYear = day - CivilDate(year: date.year, month: 1, day: 1).daysSinceEpoch + 1
        let length = CivilDate.daysIn(year: date.year)
        return rule.byYearDay.contains { $0 > 0 ? $0 == dayOfYear : length + $0 + 1 == dayOfYear }
    }

    private func matchesMonthDay(_ date: CivilDate) -> Bool {
        let length = CivilDate.daysIn(month: date.month, year: date.year)
        return rule.byMonthDay.contains { $0 > 0 ? $0 == date.day : length + $0 + 1 == date.day }
    }

    /// BYDAY with ordinals counted within the month or the year (RFC 5545 §3.3.10, BYDAY in MONTHLY/YEARLY).
    private func matchesOrdinalDay(_ date: CivilDate, day: Int, withinMonth: Bool) -> Bool {
        let weekday = CivilDate.weekday(ofDay: day)
        for entry in rule.byDay where entry.weekday == weekday {
            if entry.ordinal == 0 { return true }
            let position: Int
            let length: Int
            if withinMonth {
                position = date.day
                length = CivilDate.daysIn(month: date.month, year: date.year)
            } else {
                position = day - CivilDate(year: date.year, month: 1, day: 1).daysSinceEpoch + 1
                length = CivilDate.daysIn(year: date.year)
            }
            let fromStart = (position - 1) / 7 + 1
            let fromEnd = -((length - position) / 7 + 1)
            if entry.ordinal == fromStart || entry.ordinal == fromEnd { return true }
        }
        return false
    }

    /// BYMONTH, BYYEARDAY, BYMONTHDAY and BYDAY as limits (DAILY and shorter periods).
    private func dayMatchesSimple(_ date: CivilDate, day: Int) -> Bool {
        if !rule.byMonth.isEmpty && !rule.byMonth.contains(date.month) { return false }
        if !rule.byYearDay.isEmpty && !matchesYearDay(date, day: day) { return false }
        if !rule.byMonthDay.isEmpty && !matchesMonthDay(date) { return false }
        if weekdays != 0 && !isListed(weekday: CivilDate.weekday(ofDay: day)) { return false }
        return true
    }

    /// WEEKLY: BYMONTH limits; BYYEARDAY and BYMONTHDAY are not defined for WEEKLY and are applied as limits.
    private func matchesLimits(_ date: CivilDate, day: Int) -> Bool {
        if !rule.byMonth.isEmpty && !rule.byMonth.contains(date.month) { return false }
        if !rule.byYearDay.isEmpty && !matchesYearDay(date, day: day) { return false }
        if !rule.byMonthDay.isEmpty && !matchesMonthDay(date) { return false }
        return true
    }

    // MARK: - HOURLY, MINUTELY, SECONDLY

    private mutating func fillSubDaily(_ index: Int, into candidates: inout [CivilDateTime]) {
        let step: Int
        let origin: Int
        switch rule.frequency {
        case .hourly:
            step = 3600 * rule.interval
            origin = start.secondsSinceEpoch - start.minute * 60 - start.second
        case .minutely:
            step = 60 * rule.interval
            origin = start.secondsSinceEpoch - start.second
        default:
            step = rule.interval
            origin = start.secondsSinceEpoch
        }
        let periodStart = origin + index * step
        let time = CivilDateTime(secondsSinceEpoch: periodStart)
        guard time.date.year <= Limits.maxYear else { return stop() }
        let day = time.date.daysSinceEpoch
        if !dayMatchesSimple(time.date, day: day) {
            // Skip straight to the first period on the next day: a rule that limits days can otherwise
            // spend millions of empty periods on the days it excludes.
            let nextDay = (day + 1) * 86_400
            period = Swift.max(period, (nextDay - origin + step - 1) / step)
            return
        }
        if !rule.byHour.isEmpty && !rule.byHour.contains(time.hour) {
            if rule.frequency != .hourly {
                let nextHour = periodStart - periodStart % 3600 + 3600
                period = Swift.max(period, (nextHour - origin + step - 1) / step)
            }
            return
        }
        if rule.frequency == .secondly || rule.frequency == .minutely {
            if !rule.byMinute.isEmpty && !rule.byMinute.contains(time.minute) { return }
        }
        if rule.frequency == .secondly {
            if !rule.bySecond.isEmpty && !rule.bySecond.contains(time.second) { return }
            candidates.append(time)
            return
        }
        let minutes: [Int]
        if rule.frequency == .minutely {
            minutes = [time.minute]
        } else {
            minutes = rule.byMinute.isEmpty ? [start.minute] : rule.byMinute.sorted()
        }
        let seconds = rule.bySecond.isEmpty ? [start.second] : rule.bySecond.sorted()
        guard spend(minutes.count * seconds.count) else { return }
        let hourStart = periodStart - time.minute * 60 - time.second
        for minute in minutes {
            for second in seconds {
                candidates.append(CivilDateTime(secondsSinceEpoch: hourStart + minute * 60 + Swift.min(second, 59)))
            }
        }
        candidates.sort()
    }
}
