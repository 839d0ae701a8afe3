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
}
