// What a state export and the database agree on, apart from the store itself, so that what an import accepts
// can be built and fuzzed without SQLite (scripts/fuzz.sh, target state-import).

/// The state's version: the database's `PRAGMA user_version` and an export's `kith_state`.
package enum StateFormat {
    package static let version = 1
}

/// What the user told Kith about someone: that they met (`met`) or that a follow-up is done (`done`).
package enum ManualKind: String, Sendable, Hashable, CaseIterable {
    case met
    case done
}
