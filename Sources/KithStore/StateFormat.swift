// What a state export and the database agree on, apart from the store itself, so that what an import accepts
// can be built and fuzzed without SQLite (scripts/fuzz.sh, target state-import).

/// The state's version: the database's `PRAGMA user_version` and an export's `kith_state`.
///
/// 1: manual entries, snoozes, ignores, first sights, sent nudges, digest slots. 2: rhythms, circles and notes
/// set from the command line (an export of version 1 imports as one without any). 3: the sources' fetch state.
/// 4: the address each source's state is about; each digest's secret and numbered items.
package enum StateFormat {
    package static let version = 4

    /// The shortest rhythm, in seconds, `kith every` takes and an import accepts: digests are weekly, and a
    /// rhythm of hours would only mean "always overdue".
    package static let shortestRhythm = 86_400
}

/// What the user told Kith about someone: that they met (`met`) or that a follow-up is done (`done`).
package enum ManualKind: String, Sendable, Hashable, CaseIterable {
    case met
    case done
}
