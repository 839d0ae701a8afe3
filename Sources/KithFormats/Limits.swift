/// Named limits that keep any input from costing unbounded time or memory.
///
/// Each limit, when hit, is reported as a diagnostic naming it; the rest of the input still counts.
package enum Limits {
    /// Largest file read, in bytes. Larger files are refused as a whole.
    package static let maxFileBytes = 512 * 1024 * 1024
    /// Longest content line after unfolding, in bytes (inline photos can be a few MB).
    package static let maxLineBytes = 16 * 1024 * 1024
    /// Most components (events, cards, time zones, …) read from one file.
    package static let maxComponents = 2_000_000
    /// Deepest nesting of BEGIN/END blocks.
    package static let maxNesting = 32
    /// Most instances a single recurrence set produces, counted from its start.
    package static let maxRecurrenceInstances = 200_000
    /// Most recurrence periods examined in a row without producing an instance (rules that match nothing).
    package static let maxEmptyPeriods = 100_000
    /// Latest year a recurrence or time zone rule is expanded to.
    package static let maxYear = 2200
    /// Largest INTERVAL of an RRULE: keeps period arithmetic far from overflow (a SECONDLY rule at this
    /// interval repeats every 11.6 days).
    package static let maxRecurrenceInterval = 1_000_000
    /// Largest COUNT of an RRULE (no more than `maxRecurrenceInstances` are produced in any case).
    package static let maxRecurrenceCount = 1_000_000_000
    /// Most candidate instants (days and times of day examined, periods tried) one recurrence rule may cost.
    package static let maxRecurrenceWorkPerSeries = 2_000_000
    /// Most candidate instants the rules of one file may cost together.
    package static let maxRecurrenceWorkPerFile = 20_000_000
    /// Largest DURATION, in days (its weeks, days, hours, minutes and seconds together): ten thousand years.
    package static let maxDurationDays = 3_652_425
}
