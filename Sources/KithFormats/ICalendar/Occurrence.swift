/// A point in time as an occurrence has it: a whole day, an instant, or a floating wall time.
package enum OccurrenceTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A DATE: the whole day wherever the reader is.
    case date(CivilDate)
    /// Seconds since the epoch, UTC.
    case instant(Int)
    /// A wall time that means the same local time in every zone.
    case floating(CivilDateTime)

    /// A sort key that puts every kind on one line, reading dates and floating times as UTC.
    package var sortKey: Int {
        switch self {
        case .date(let date): return date.daysSinceEpoch * 86_400
        case .instant(let instant): return instant
        case .floating(let local): return local.secondsSinceEpoch
        }
    }

    package static func < (lhs: OccurrenceTime, rhs: OccurrenceTime) -> Bool { lhs.sortKey < rhs.sortKey }

    /// The time `seconds` later, of the same kind: a date moves by whole days (the seconds a date-valued
    /// length or offset has, divided by a day), an instant and a floating wall time by the seconds.
    package func adding(seconds: Int) -> OccurrenceTime {
        switch self {
        case .date(let date): return .date(date.adding(days: seconds / 86_400))
        case .instant(let instant): return .instant(instant + seconds)
        case .floating(let wall): return .floating(CivilDateTime(secondsSinceEpoch: wall.secondsSinceEpoch + seconds))
        }
    }

    /// The corpus' normal form: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ`, or `YYYY-MM-DDTHH:MM:SS` when floating.
    package var description: String {
        switch self {
        case .date(let date): return date.description
        case .instant(let instant): return CivilDateTime(secondsSinceEpoch: instant).description + "Z"
        case .floating(let local): return local.description
        }
    }

    package var isDate: Bool {
        if case .date = self { return true }
        return false
    }

    package var isFloating: Bool {
        if case .floating = self { return true }
        return false
    }

    /// The time as one word, for values kept by the million: its value (days, or seconds since the epoch)
    /// shifted left by two, then its kind (0 date, 1 instant, 2 floating; 3 is free for "none").
    package var packed: Int64 {
        switch self {
        case .date(let date): return Int64(date.daysSinceEpoch) << 2
        case .instant(let instant): return Int64(instant) << 2 | 1
        case .floating(let local): return Int64(local.secondsSinceEpoch) << 2 | 2
        }
    }

    /// The time of a word made by `packed`; nil for kind 3.
    package init?(packed: Int64) {
        let value = Int(packed >> 2)
        switch packed & 3 {
        case 0: self = .date(CivilDate(daysSinceEpoch: value))
        case 1: self = .instant(value)
        case 2: self = .floating(CivilDateTime(secondsSinceEpoch: value))
        default: return nil
        }
    }
}

/// One occurrence of an event: a single event, one instance of a recurring one, or an override.
///
/// Stored in 24 bytes, because a large calendar expands into millions of them: each time packed into one
/// 64-bit word (its kind in the low bits), and the end as an offset from the start in the start's unit.
package struct Occurrence: Sendable, Hashable {
    private var packedStart: Int64
    /// The recurrence ID packed like the start (kind 3: none), with `isOverride` in bit 2.
    private var packedRecurrence: Int64
    private var storedIndex: UInt32
    /// End minus start: days when the start is a date, else seconds.
    private var endOffset: Int32

    package init(
        eventIndex: Int,
        start: OccurrenceTime,
        end: OccurrenceTime,
        recurrenceID: OccurrenceTime?,
        isOverride: Bool
    ) {
        packedStart = start.packed
        packedRecurrence = 0
        storedIndex = 0
        endOffset = 0
        self.eventIndex = eventIndex
        self.end = end
        self.recurrenceID = recurrenceID
        self.isOverride = isOverride
    }

    /// Index into `ICalendar.events` of the component whose properties this occurrence has.
    package var eventIndex: Int {
        get { Int(storedIndex) }
        set { storedIndex = UInt32(truncatingIfNeeded: newValue) }
    }

    package var start: OccurrenceTime {
        get { OccurrenceTime(packed: packedStart)! }
        set {
            let end = self.end
            packedStart = newValue.packed
            self.end = end
        }
    }

    package var end: OccurrenceTime {
        get {
            let value = packedStart >> 2 + Int64(endOffset)
            return OccurrenceTime(packed: value << 2 | packedStart & 3)!
        }
        set {
            // Ends have their start's kind; a mixed RDATE period is measured on the common sort key.
            let offset: Int
            switch (start, newValue) {
            case (.date(let from), .date(let to)): offset = to.daysSinceEpoch - from.daysSinceEpoch
            case (.date, _): offset = (newValue.sortKey - start.sortKey) / 86_400
            default: offset = newValue.sortKey - start.sortKey
            }
            endOffset = Int32(clamping: offset)
        }
    }

    /// The instance's original start, for events that recur or have overrides; nil for single events.
    package var recurrenceID: OccurrenceTime? {
        get { OccurrenceTime(packed: (packedRecurrence >> 3) << 2 | packedRecurrence & 3) }
        set {
            let packed = newValue?.packed ?? 3
            packedRecurrence = (packed >> 2) << 3 | packed & 3 | packedRecurrence & 4
        }
    }

    /// Whether it comes from a component with RECURRENCE-ID.
    package var isOverride: Bool {
        get { packedRecurrence & 4 != 0 }
        set { packedRecurrence = newValue ? packedRecurrence | 4 : packedRecurrence & ~4 }
    }
}

/// A half-open range of days, [from, to), that occurrences must overlap.
package struct DateWindow: Sendable, Hashable {
    package var from: CivilDate
    package var to: CivilDate

    package init(from: CivilDate, to: CivilDate) {
        self.from = from
        self.to = to
    }

    /// The window as sort keys (see `OccurrenceTime.sortKey`), for times of one zone: instants are
    /// compared against the window's days in UTC and in `zone` (the event's own zone) together, from the
    /// earlier midnight to the later one, so that an occurrence overlapping the window as `inspect` shows it
    /// (UTC) counts, and so does one overlapping the same days in the event's zone; days and floating times
    /// as wall times. Computed once per series.
    struct Bounds {
        var lower: Int
        var upper: Int
        var zonedLower: Int
        var zonedUpper: Int

        /// Whether [start, end) overlaps; an occurrence without length counts where it starts.
        func overlaps(start: OccurrenceTime, end: OccurrenceTime) -> Bool {
            var low = lower
            var high = upper
            if case .instant = start {
                low = zonedLower
                high = zonedUpper
            }
            let startKey = start.sortKey
            let endKey = end.sortKey
            guard startKey < high else { return false }
            return endKey > low || (endKey <= startKey && startKey >= low)
        }
    }

    func bounds(zone: ZoneRules?) -> Bounds {
        let lower = from.daysSinceEpoch * 86_400
        let upper = to.daysSinceEpoch * 86_400
        guard let zone else { return Bounds(lower: lower, upper: upper, zonedLower: lower, zonedUpper: upper) }
        return Bounds(
            lower: lower,
            upper: upper,
            zonedLower: min(lower, zone.instant(ofLocal: CivilDateTime(date: from, secondOfDay: 0))),
            zonedUpper: max(upper, zone.instant(ofLocal: CivilDateTime(date: to, secondOfDay: 0)))
        )
    }

    /// Whether [start, end) overlaps the window, for a time of `zone` (see `Bounds`).
    func overlaps(start: OccurrenceTime, end: OccurrenceTime, zone: ZoneRules? = nil) -> Bool {
        bounds(zone: zone).overlaps(start: start, end: end)
    }

    /// The last wall time worth generating: the window's end plus a day, for zone offsets.
    var generationLimit: CivilDateTime { CivilDateTime(date: to.adding(days: 1), secondOfDay: 0) }
}
