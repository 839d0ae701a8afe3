extension ICalendar {
    /// Every occurrence that overlaps `window`, with recurrences expanded and overrides applied.
    ///
    /// Events are grouped by UID within each VCALENDAR. RRULE, RDATE and EXDATE expand the master;
    /// a component with RECURRENCE-ID replaces the instance it names (RANGE=THISANDFUTURE: that one and
    /// every later one, shifted alike); overrides without a master stand alone. DTSTART is always the
    /// first instance (RFC 5545 §3.8.5.3). Times are resolved through `resolver`; problems go to `log`.
    ///
    /// - Parameter onAllCores: expand a large calendar's series on all cores, in contiguous runs joined in
    ///   order (the outcome is the same). Off by default: the runs' results and the joined array stand side by
    ///   side for a moment, which a caller that keeps the occurrences may not want to pay for.
    /// - Parameter ignoring: events left out, as if the file did not have them: stale copies of events that
    ///   another file holds in a newer version (`ICalendar.staleCopies(across:)`).
    package func occurrences(
        in window: DateWindow,
        database: TimeZoneDatabase,
        log: inout DiagnosticLog,
        onAllCores: Bool = false,
        ignoring: Set<Int> = []
    ) -> [Occurrence] {
        let series = seriesIndex()
        let calendar = self
        let path = log.path
        let seriesCount = series.heads.count
        let parts = Parallel.ranges(seriesCount, minimumPerRange: onAllCores ? 5_000 : Int.max) { range in
            // Each run has its share of the file's work limit, so that the outcome does not depend on timing.
            let share = Int((Int64(Limits.maxRecurrenceWorkPerFile) * Int64(range.count)) / Int64(max(seriesCount, 1)))
            var expander = OccurrenceExpander(calendar: calendar, window: window, database: database, work: share)
            var partLog = DiagnosticLog(path: path)
            var result: [Occurrence] = []
            var group: [Int] = []
            for head in series.heads[range] {
                group.removeAll(keepingCapacity: true)
                var member = head
                while member >= 0 {
                    if ignoring.isEmpty || !ignoring.contains(member) { group.append(member) }
                    member = Int(series.next[member])
                }
                if group.isEmpty { continue }
                expander.expand(group, into: &result, log: &partLog)
            }
            return (occurrences: result, diagnostics: partLog.entries, noticed: expander.noticedCalendars)
        }
        // The notice about X-WR-TIMEZONE is given once per VCALENDAR: a later run does not repeat one that an
        // earlier run gave for the same VCALENDAR.
        var noticed: Set<Int> = []
        for part in parts {
            var notices = part.noticed.makeIterator()
            for entry in part.diagnostics {
                if entry.code == .floatingByCalendarZone, let calendar = notices.next(),
                    !noticed.insert(calendar).inserted
                {
                    continue
                }
                log.append(contentsOf: [entry])
            }
        }
        if parts.count == 1 { return parts[0].occurrences }
        var result: [Occurrence] = []
        result.reserveCapacity(parts.reduce(0) { $0 + $1.occurrences.count })
        for part in parts { result.append(contentsOf: part.occurrences) }
        return result
    }

    /// Events grouped into series: same VCALENDAR and UID; events without UID stand alone. `heads` are each
    /// series' first event, in file order; `next[event]` is the series' next event (ascending), -1 at the end.
    ///
    /// Series are found with an open-addressed table of event indices (4 bytes a slot) and chained through
    /// `next`: no dictionary of strings, no array per series.
    func seriesIndex() -> (heads: [Int], next: [Int32]) {
        let count = events.count
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var table = [Int32](repeating: -1, count: capacity)
        var next = [Int32](repeating: -1, count: count)
        var last = [Int32](repeating: -1, count: count)
        var heads: [Int] = []
        for index in 0..<count {
            guard let uid = events[index].uid else {
                heads.append(index)
                continue
            }
            var hasher = Hasher()
            hasher.combine(events[index].calendar)
            hasher.combine(uid)
            var slot = hasher.finalize() & mask
            while true {
                let occupant = Int(table[slot])
                if occupant < 0 {
                    table[slot] = Int32(index)
                    last[index] = Int32(index)
                    heads.append(index)
                    break
                }
                if events[occupant].calendar == events[index].calendar, events[occupant].uid == uid {
                    next[Int(last[occupant])] = Int32(index)
                    last[occupant] = Int32(index)
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return (heads, next)
    }
}

/// Expands series into occurrences for one file; keeps the zone resolver's cache across series.
struct OccurrenceExpander {
    let calendar: ICalendar
    let window: DateWindow
    let database: TimeZoneDatabase
    /// One resolver per VCALENDAR of the file: each may define the same TZID its own way.
    private var resolvers: [Int: ZoneResolver] = [:]
    /// The VCALENDARs whose X-WR-TIMEZONE notice was given, in the order given.
    private(set) var noticedCalendars: [Int] = []

    /// Work (see `RecurrenceIterator.work`) the rules of the series still to expand may do together.
    private(set) var remainingWork: Int
    private var reportedFileLimit = false

    init(
        calendar: ICalendar,
        window: DateWindow,
        database: TimeZoneDatabase,
        work: Int = Limits.maxRecurrenceWorkPerFile
    ) {
        self.calendar = calendar
        self.window = window
        self.database = database
        self.remainingWork = work
        plainBounds = window.bounds(zone: nil)
    }

    /// The window's bounds for times without a zone, and for each zone met (`bounds(_:)`).
    private var plainBounds: DateWindow.Bounds
    private var zoneBounds: [ObjectIdentifier: DateWindow.Bounds] = [:]

    /// The window's bounds for times of `zone`: worked out once per zone.
    mutating func bounds(_ zone: ZoneRules?) -> DateWindow.Bounds {
        guard let zone else { return plainBounds }
        if let known = zoneBounds[ObjectIdentifier(zone)] { return known }
        let bounds = window.bounds(zone: zone)
        zoneBounds[ObjectIdentifier(zone)] = bounds
        return bounds
    }

    /// The zone last looked up: nearly every event of a file names the same one or two.
    private var lastLookup: (calendar: Int, tzid: String, rules: ZoneRules?)?

    private mutating func rules(for tzid: String, event: Event, log: inout DiagnosticLog) -> ZoneRules? {
        if let lastLookup, lastLookup.calendar == event.calendar, lastLookup.tzid == tzid { return lastLookup.rules }
        let calendar = self.calendar
        let rules = resolvers[
            event.calendar,
            default: ZoneResolver(
                database: database,
                definitions: calendar.timeZoneDefinitions(forCalendar: event.calendar)
            )
        ].rules(for: tzid, line: event.line, log: &log)
        lastLookup = (event.calendar, tzid, rules)
        return rules
    }

    /// How the times of one component are turned into occurrence times.
    enum Basis {
        case date
        case utc
        case floating
        case zone(ZoneRules)

        var zone: ZoneRules? {
            if case .zone(let rules) = self { return rules }
            return nil
        }

        var isUTC: Bool {
            if case .utc = self { return true }
            return false
        }
    }

    mutating func basis(of time: WrittenTime, event: Event, log: inout DiagnosticLog) -> Basis {
        if time.isDate { return .date }
        switch time.reference {
        case .utc: return .utc
        case .tzid(let tzid):
            if let rules = rules(for: tzid, event: event, log: &log) { return .zone(rules) }
            return .floating
        case .floating:
            // Google and Apple write floating times meaning the calendar's X-WR-TIMEZONE.
            if let name = calendar.calendars[safe: event.calendar]?.defaultTimeZone, !name.isEmpty,
                let rules = rules(for: name, event: event, log: &log)
            {
                if !noticedCalendars.contains(event.calendar) {
                    noticedCalendars.append(event.calendar)
                    log.warning(
                        .floatingByCalendarZone,
                        "floating times are read in the calendar's X-WR-TIMEZONE \"\(name)\"",
                        line: event.line
                    )
                }
                return .zone(rules)
            }
            return .floating
        }
    }

    /// A converter per zone met: consecutive instances of a series convert cheaply, and so do the events of a
    /// zone when events of several zones take turns.
    private var converters: [ObjectIdentifier: ZoneRules.Converter] = [:]

    mutating func resolve(_ local: CivilDateTime, _ basis: Basis) -> OccurrenceTime {
        switch basis {
        case .date: return .date(local.date)
        case .utc: return .instant(local.secondsSinceEpoch)
        case .floating: return .floating(local)
        case .zone(let rules):
            return .instant(
                converters[ObjectIdentifier(rules), default: ZoneRules.Converter(rules)].instant(ofLocal: local)
            )
        }
    }

    mutating func resolve(_ time: WrittenTime, event: Event, log: inout DiagnosticLog) -> OccurrenceTime {
        resolve(time.local, basis(of: time, event: event, log: &log))
    }

    /// The end of an occurrence starting at `start` (wall time `local` in `basis`).
    mutating func end(
        start: OccurrenceTime,
        local: CivilDateTime,
        basis: Basis,
        length: Length
    ) -> OccurrenceTime {
        switch length {
        case .exact(let seconds):
            return start.adding(seconds: seconds)
        case .nominal(let duration):
            // The days are calendar days in the event's zone; the rest is exact.
            let shifted = CivilDateTime(date: local.date.adding(days: duration.days), secondOfDay: local.secondOfDay)
            return resolve(shifted, basis).adding(seconds: duration.seconds)
        }
    }

    /// An event's length: exact (from DTEND) or nominal (DURATION's days are calendar days).
    enum Length {
        case exact(Int)
        case nominal(ICalDuration)
    }

    mutating func length(of event: Event, start: OccurrenceTime, log: inout DiagnosticLog) -> Length {
        if let endTime = event.end {
            let end = resolve(endTime, event: event, log: &log)
            return .exact(max(0, end.sortKey - start.sortKey))
        }
        if let duration = event.duration { return .nominal(duration) }
        return .exact(event.start.isDate ? 86_400 : 0)
    }

    /// The occurrences of one UID's events (a series, its overrides) within the window, in three steps: a
    /// single event as it is; the overrides, each standing for the instance its RECURRENCE-ID names; then each
    /// master's instances (DTSTART, its rules, its RDATEs) less those excluded or overridden. Of several
    /// copies of one master only the current one counts (`currentCopies`).
    mutating func expand(_ group: [Int], into result: inout [Occurrence], log: inout DiagnosticLog) {
        if group.count == 1, expandSingle(group[0], into: &result, log: &log) { return }
        var masters = group.filter { calendar.events[$0].recurrenceID == nil }
        if masters.count > 1 { masters = currentCopies(masters, log: &log) }
        let overrides = readOverrides(
            group.filter { calendar.events[$0].recurrenceID != nil },
            master: masters.first,
            into: &result,
            log: &log
        )
        let recurring = !overrides.isEmpty || group.contains { calendar.events[$0].isRecurring }
        for index in masters {
            expandSeries(index, recurring: recurring, overrides: overrides, into: &result, log: &log)
        }
    }

    /// Of several VEVENTs with one UID and no RECURRENCE-ID, those that are copies of one event (a sync tool's
    /// stale versions) give way to the current one; the rest are kept. RFC 5545 §3.8.4.7 makes a UID name one
    /// event and §3.8.7.4 makes SEQUENCE its revision: the highest SEQUENCE wins, then the latest LAST-MODIFIED
    /// (else DTSTAMP), then the later in the file. Copies have the same organizer and either recur, start
    /// alike, or have the same SUMMARY; one-off events differing in both start and SUMMARY share a UID by a
    /// producer's mistake and each counts.
    mutating func currentCopies(_ masters: [Int], log: inout DiagnosticLog) -> [Int] {
        var kept: [Int] = []
        for index in masters {
            let event = calendar.events[index]
            guard let place = kept.firstIndex(where: { Self.areCopies(calendar.events[$0], event) }) else {
                kept.append(index)
                continue
            }
            let other = calendar.events[kept[place]]
            let eventIsNewer =
                (event.sequence, event.modified ?? .min) >= (other.sequence, other.modified ?? .min)
            let (newer, older) = eventIsNewer ? (event, other) : (other, event)
            if eventIsNewer { kept[place] = index }
            log.warning(
                .staleCopy,
                "VEVENT \"\(event.uid ?? "")\" appears again without RECURRENCE-ID; the copy at line \(older.line) "
                    + "(SEQUENCE \(older.sequence)) is older than the one at line \(newer.line) "
                    + "(SEQUENCE \(newer.sequence)) and is ignored",
                line: older.line
            )
        }
        return kept
    }

    static func areCopies(_ a: Event, _ b: Event) -> Bool {
        guard a.organizer?.email == b.organizer?.email else { return false }
        if a.isRecurring || b.isRecurring || a.start == b.start { return true }
        switch (a.summaryText, b.summaryText) {
        case (nil, nil): return true
        case (let x?, let y?): return a.storage.slice(x.range).elementsEqual(b.storage.slice(y.range))
        default: return false
        }
    }

    /// An EXDATE or RECURRENCE-ID in the terms of the DTSTART whose instance it names, and what had to be
    /// read differently (nil when it was written as RFC 5545 §3.8.5.1 and §3.8.4.4 ask: DTSTART's value type).
    ///
    /// Producers mix kinds; the instance they meant is the one at that day or wall time:
    /// - a DATE against a DATE-TIME DTSTART names every instance on that day (a `.date`; callers match days);
    /// - a DATE-TIME against a DATE DTSTART names the instance of the day written;
    /// - a floating time against a zoned or UTC DTSTART is a wall time in DTSTART's zone;
    /// - a zoned or UTC time against a floating DTSTART names the instance at the wall time written;
    /// - UTC against zoned, or one zone against another, names the same instant, as the RFC has it.
    mutating func instance(
        named written: WrittenTime,
        series start: WrittenTime,
        basis seriesBasis: Basis,
        event: Event,
        log: inout DiagnosticLog
    ) -> (time: OccurrenceTime, mismatch: String?) {
        if written.isDate {
            return (
                .date(written.local.date),
                start.isDate ? nil : "is a DATE where DTSTART is a DATE-TIME; it names every instance of that day"
            )
        }
        if start.isDate {
            return (
                .date(written.local.date), "is a DATE-TIME where DTSTART is a DATE; it names the instance of that day"
            )
        }
        let own = basis(of: written, event: event, log: &log)
        switch (seriesBasis, own) {
        case (.utc, .floating), (.zone, .floating):
            return (resolve(written.local, seriesBasis), "is floating where DTSTART has a zone; read in DTSTART's zone")
        case (.floating, .utc), (.floating, .zone):
            return (.floating(written.local), "has a zone where DTSTART is floating; its wall time names the instance")
        default:
            return (resolve(written.local, own), nil)
        }
    }

    /// The instants and days a master's EXDATEs exclude, each read in DTSTART's terms (`instance`).
    mutating func exclusions(
        of event: Event,
        basis startBasis: Basis,
        log: inout DiagnosticLog
    ) -> (instants: Set<OccurrenceTime>, days: Set<CivilDate>) {
        var instants: Set<OccurrenceTime> = []
        var days: Set<CivilDate> = []
        var mismatch: String? = nil
        for exdate in event.exceptionDates {
            let read = instance(named: exdate, series: event.start, basis: startBasis, event: event, log: &log)
            if case .date(let day) = read.time, !event.start.isDate {
                days.insert(day)
            } else {
                instants.insert(read.time)
            }
            if mismatch == nil { mismatch = read.mismatch }
        }
        if let mismatch {
            log.warning(
                .instanceKindMismatch,
                "VEVENT \"\(event.uid ?? "")\": EXDATE \(mismatch) (RFC 5545 §3.8.5.1)",
                line: event.line
            )
        }
        return (instants, days)
    }

    /// Most events happen once: no rule, no overrides, nothing to exclude. Whether `index` was one.
    mutating func expandSingle(_ index: Int, into result: inout [Occurrence], log: inout DiagnosticLog) -> Bool {
        let event = calendar.events[index]
        guard event.recurrenceID == nil, !event.isRecurring, event.exceptionDates.isEmpty else { return false }
        let startBasis = basis(of: event.start, event: event, log: &log)
        let start = resolve(event.start.local, startBasis)
        let end = end(
            start: start,
            local: event.start.local,
            basis: startBasis,
            length: length(of: event, start: start, log: &log)
        )
        if bounds(startBasis.zone).overlaps(start: start, end: end) {
            result.append(Occurrence(eventIndex: index, start: start, end: end, recurrenceID: nil, isOverride: false))
        }
        return true
    }

    /// What a series' overrides replace: the instants (and, for all-day ones, the days) they stand for, and
    /// the shifts RANGE=THISANDFUTURE ones give every later instance.
    struct Overrides {
        var instants: Set<OccurrenceTime> = []
        var days: Set<CivilDate> = []
        /// Sorted by `from`.
        var futureShifts: [(from: OccurrenceTime, index: Int, shift: Int, length: Length)] = []

        var isEmpty: Bool { instants.isEmpty }
    }

    /// Emits each override that overlaps the window, and returns what they replace.
    ///
    /// RECURRENCE-IDs are read in the terms of `master`'s DTSTART (`instance`). An override whose instance the
    /// master's EXDATE excludes was cancelled after it was made (the master changed later, its stale override
    /// left behind): it is dropped, so that a cancelled meeting never counts as met.
    mutating func readOverrides(
        _ overrides: [Int],
        master: Int?,
        into result: inout [Occurrence],
        log: inout DiagnosticLog
    ) -> Overrides {
        var read = Overrides()
        guard !overrides.isEmpty else { return read }
        var masterTerms: (start: WrittenTime, basis: Basis)? = nil
        var excluded: (instants: Set<OccurrenceTime>, days: Set<CivilDate>) = ([], [])
        if let master {
            let event = calendar.events[master]
            let masterBasis = basis(of: event.start, event: event, log: &log)
            masterTerms = (event.start, masterBasis)
            if !event.exceptionDates.isEmpty { excluded = exclusions(of: event, basis: masterBasis, log: &log) }
        }
        var named: [(index: Int, recurrenceID: OccurrenceTime)] = []
        named.reserveCapacity(overrides.count)
        for index in overrides {
            let event = calendar.events[index]
            let recurrenceID: OccurrenceTime
            if let masterTerms {
                let named = instance(
                    named: event.recurrenceID!,
                    series: masterTerms.start,
                    basis: masterTerms.basis,
                    event: event,
                    log: &log
                )
                recurrenceID = named.time
                if let mismatch = named.mismatch {
                    log.warning(
                        .instanceKindMismatch,
                        "VEVENT \"\(event.uid ?? "")\": RECURRENCE-ID \(mismatch) (RFC 5545 §3.8.4.4)",
                        line: event.line
                    )
                }
            } else {
                recurrenceID = resolve(event.recurrenceID!, event: event, log: &log)
            }
            named.append((index, recurrenceID))
        }
        // Two overrides of one instance are copies of one change (a sync tool's stale one beside the current):
        // the one `currentCopies` would keep stands, so that the instance counts once.
        var current: [OccurrenceTime: Int] = [:]
        if named.count > 1 {
            for (position, item) in named.enumerated() where !calendar.events[item.index].thisAndFuture {
                guard let other = current[item.recurrenceID] else {
                    current[item.recurrenceID] = position
                    continue
                }
                let (a, b) = (calendar.events[named[other].index], calendar.events[item.index])
                let laterWins = (b.sequence, b.modified ?? .min) >= (a.sequence, a.modified ?? .min)
                let (newer, older) = laterWins ? (b, a) : (a, b)
                if laterWins { current[item.recurrenceID] = position }
                log.warning(
                    .staleCopy,
                    "VEVENT \"\(b.uid ?? "")\": two overrides of the instance \(item.recurrenceID); the one at line "
                        + "\(older.line) (SEQUENCE \(older.sequence)) is older than the one at line \(newer.line) "
                        + "(SEQUENCE \(newer.sequence)) and is ignored",
                    line: older.line
                )
            }
        }
        for (position, item) in named.enumerated() {
            let (index, recurrenceID) = item
            let event = calendar.events[index]
            if named.count > 1, !event.thisAndFuture, current[recurrenceID] != position { continue }
            if !event.thisAndFuture,
                excluded.instants.contains(recurrenceID)
                    || (!excluded.days.isEmpty && excludedDay(recurrenceID, days: excluded.days, terms: masterTerms))
            {
                log.warning(
                    .overrideExcluded,
                    "VEVENT \"\(event.uid ?? "")\": the instance this RECURRENCE-ID overrides is excluded by the "
                        + "series' EXDATE; the override is taken as cancelled",
                    line: event.line
                )
                continue
            }
            read.instants.insert(recurrenceID)
            if case .date(let day) = recurrenceID { read.days.insert(day) }
            let start = resolve(event.start, event: event, log: &log)
            let length = length(of: event, start: start, log: &log)
            let startBasis = basis(of: event.start, event: event, log: &log)
            let end = end(start: start, local: event.start.local, basis: startBasis, length: length)
            if event.thisAndFuture {
                read.futureShifts.append((recurrenceID, index, start.sortKey - recurrenceID.sortKey, length))
            }
            if bounds(startBasis.zone).overlaps(start: start, end: end) {
                result.append(
                    Occurrence(eventIndex: index, start: start, end: end, recurrenceID: recurrenceID, isOverride: true)
                )
            }
        }
        read.futureShifts.sort { $0.from < $1.from }
        return read
    }

    /// Whether a RECURRENCE-ID falls on a day a DATE-valued EXDATE of a timed series excludes (the day in the
    /// series' zone).
    mutating func excludedDay(
        _ recurrenceID: OccurrenceTime,
        days: Set<CivilDate>,
        terms: (start: WrittenTime, basis: Basis)?
    ) -> Bool {
        switch recurrenceID {
        case .date(let day): return days.contains(day)
        case .floating(let local): return days.contains(local.date)
        case .instant(let instant):
            if case .zone(let rules) = terms?.basis { return days.contains(rules.local(atUTC: instant).date) }
            return days.contains(CivilDateTime(secondsSinceEpoch: instant).date)
        }
    }

    /// A master's instances within the window: DTSTART, its rules' instances and its RDATEs, less those its
    /// EXDATEs exclude and those `overrides` replace.
    mutating func expandSeries(
        _ index: Int,
        recurring: Bool,
        overrides: Overrides,
        into result: inout [Occurrence],
        log: inout DiagnosticLog
    ) {
        let overridden = overrides.instants
        let overriddenDays = overrides.days
        let futureShifts = overrides.futureShifts
        let event = calendar.events[index]
        let startBasis = basis(of: event.start, event: event, log: &log)
        let first = resolve(event.start.local, startBasis)
        let length = length(of: event, start: first, log: &log)
        var excluded: Set<OccurrenceTime> = []
        var excludedDays: Set<CivilDate> = []
        if !event.exceptionDates.isEmpty {
            (excluded, excludedDays) = exclusions(of: event, basis: startBasis, log: &log)
        }

        let seriesBounds = bounds(startBasis.zone)
        // The first day an instance may start on and still overlap the window: its length before the
        // window, and two days more for zone offsets.
        let earliestDay = window.from.daysSinceEpoch - Self.spanDays(length) - 2
        func emit(_ start: OccurrenceTime, local: CivilDateTime, basis: Basis, explicitEnd: OccurrenceTime?) {
            if !excluded.isEmpty, excluded.contains(start) { return }
            if !excludedDays.isEmpty, !start.isDate, excludedDays.contains(local.date) { return }
            if recurring, !overridden.isEmpty {
                if overridden.contains(start) { return }
                if start.isDate == false, overriddenDays.contains(local.date), !event.start.isDate { return }
            }
            var occurrence = Occurrence(
                eventIndex: index,
                start: start,
                end: explicitEnd ?? end(start: start, local: local, basis: basis, length: length),
                recurrenceID: recurring ? start : nil,
                isOverride: false
            )
            if !futureShifts.isEmpty, let shift = futureShifts.last(where: { $0.from <= start }) {
                let shifted = start.adding(seconds: shift.shift)
                occurrence.eventIndex = shift.index
                occurrence.start = shifted
                occurrence.end = end(start: shifted, local: local, basis: basis, length: shift.length)
                occurrence.isOverride = true
            }
            let bounds = basis.zone === startBasis.zone ? seriesBounds : window.bounds(zone: basis.zone)
            if bounds.overlaps(start: occurrence.start, end: occurrence.end) { result.append(occurrence) }
        }

        // RFC 5545 §3.8.5.3: DTSTART is the first instance, whether or not the rule matches it.
        // Instances from several rules and RDATEs may coincide; one rule alone never repeats itself.
        let needsDeduplication = event.rules.count > 1 || !event.recurrenceDates.isEmpty
        var seen: Set<OccurrenceTime> = needsDeduplication ? [first] : []
        emit(first, local: event.start.local, basis: startBasis, explicitEnd: nil)
        let limit = window.generationLimit
        for rule in event.rules {
            let until = rule.until.map { untilLocal($0, basis: startBasis, isDate: event.start.isDate) }
            let fileBound = remainingWork < Limits.maxRecurrenceWorkPerSeries
            var iterator = RecurrenceIterator(
                rule: rule,
                start: event.start.local,
                isDate: event.start.isDate,
                until: until,
                workLimit: min(Limits.maxRecurrenceWorkPerSeries, remainingWork)
            )
            // Instances that end days before the window are not produced at all; a shift of later
            // instances (RANGE=THISANDFUTURE) could bring one in, so then every one is.
            if futureShifts.isEmpty { iterator.skip(toPeriodsEndingOnOrAfter: earliestDay) }
            while let local = iterator.next() {
                if local > limit { break }
                let start = resolve(local, startBasis)
                if needsDeduplication {
                    guard seen.insert(start).inserted else { continue }
                } else if start == first {
                    continue
                }
                emit(start, local: local, basis: startBasis, explicitEnd: nil)
            }
            remainingWork -= iterator.work
            if let hit = iterator.limitHit {
                if hit == .work && fileBound {
                    // Once per file: every later series of the file stops at once, for the same reason.
                    if !reportedFileLimit {
                        reportedFileLimit = true
                        log.warning(
                            .recurrenceLimit,
                            "VEVENT \"\(event.uid ?? "")\": RRULE stopped: the file's recurrence rules examined more than \(Limits.maxRecurrenceWorkPerFile) candidate instants; later rules of this file give only DTSTART and RDATEs",
                            line: event.line
                        )
                    }
                } else {
                    reportLimit(hit, event: event, log: &log)
                }
            }
        }
        var rdateMismatch: String? = nil
        for rdate in event.recurrenceDates {
            var rdateBasis = basis(of: rdate.start, event: event, log: &log)
            var rdateLocal = rdate.start.local
            // RFC 5545 §3.8.5.2 wants RDATEs of DTSTART's kind; one of another kind is read in DTSTART's terms: a
            // DATE on a timed series is an instance of that day at DTSTART's time, a DATE-TIME on an all-day
            // series one of its day, a floating one in DTSTART's zone, a zoned one on a floating series at its
            // wall time.
            if event.start.isDate, !rdate.start.isDate {
                rdateBasis = .date
                rdateLocal = CivilDateTime(date: rdateLocal.date, secondOfDay: 0)
                rdateMismatch = rdateMismatch ?? "is a DATE-TIME where DTSTART is a DATE; it adds that day"
            } else if !event.start.isDate, rdate.start.isDate {
                rdateBasis = startBasis
                rdateLocal = CivilDateTime(date: rdateLocal.date, secondOfDay: event.start.local.secondOfDay)
                rdateMismatch =
                    rdateMismatch ?? "is a DATE where DTSTART is a DATE-TIME; it adds that day at DTSTART's time"
            } else if case .floating = rdateBasis, startBasis.zone != nil || startBasis.isUTC {
                rdateBasis = startBasis
                rdateMismatch = rdateMismatch ?? "is floating where DTSTART has a zone; read in DTSTART's zone"
            } else if case .floating = startBasis, rdateBasis.zone != nil || rdateBasis.isUTC {
                rdateBasis = .floating
                rdateMismatch = rdateMismatch ?? "has a zone where DTSTART is floating; read at its wall time"
            }
            let start = resolve(rdateLocal, rdateBasis)
            guard seen.insert(start).inserted else { continue }
            var explicitEnd: OccurrenceTime? = nil
            if let endTime = rdate.end {
                explicitEnd = resolve(endTime, event: event, log: &log)
            } else if let duration = rdate.duration {
                explicitEnd = end(
                    start: start,
                    local: rdateLocal,
                    basis: rdateBasis,
                    length: .nominal(duration)
                )
            }
            emit(start, local: rdateLocal, basis: rdateBasis, explicitEnd: explicitEnd)
        }
        if let rdateMismatch {
            log.warning(
                .instanceKindMismatch,
                "VEVENT \"\(event.uid ?? "")\": RDATE \(rdateMismatch) (RFC 5545 §3.8.5.2)",
                line: event.line
            )
        }
    }

    func reportLimit(_ hit: RecurrenceIterator.Limit, event: Event, log: inout DiagnosticLog) {
        let what =
            switch hit {
            case .instances: "more than \(Limits.maxRecurrenceInstances) instances"
            case .emptyPeriods: "\(Limits.maxEmptyPeriods) periods in a row without an instance"
            case .work: "examining \(Limits.maxRecurrenceWorkPerSeries) candidate instants (BYxxx parts too broad)"
            }
        log.warning(.recurrenceLimit, "VEVENT \"\(event.uid ?? "")\": RRULE stopped after \(what)", line: event.line)
    }

    /// How many days an occurrence of this length may span, at most.
    static func spanDays(_ length: Length) -> Int {
        switch length {
        case .exact(let seconds): return seconds / 86_400 + 1
        case .nominal(let duration): return max(0, duration.days) + max(0, duration.seconds) / 86_400 + 1
        }
    }

    /// UNTIL as a wall time in DTSTART's zone (RFC 5545: UTC when DTSTART is zoned; a DATE includes its day).
    func untilLocal(_ until: WrittenTime, basis: Basis, isDate: Bool) -> CivilDateTime {
        if until.isDate {
            return CivilDateTime(date: until.local.date, secondOfDay: isDate ? 0 : 86_399)
        }
        if isDate { return CivilDateTime(date: until.local.date, secondOfDay: 0) }
        if until.reference == .utc, case .zone(let rules) = basis {
            return rules.local(atUTC: until.local.secondsSinceEpoch)
        }
        return until.local
    }

}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
