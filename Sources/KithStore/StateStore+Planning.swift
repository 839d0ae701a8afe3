import KithCore
import KithFormats

extension StateStore {
    /// The network and planner at `now` over `documents`, with what the state remembers: snoozes, ignores,
    /// what was shown when, manual entries. The cards seen for the first time are recorded at `seenAt`, the
    /// real time (not `now`, which may be a preview's `--at`).
    package func planner(
        documents: [Document],
        settings: Settings,
        now: Int,
        seenAt: Int,
        zone: ZoneRules,
        database: TimeZoneDatabase
    ) throws(StateError) -> (planner: Planner, diagnostics: [Diagnostic]) {
        let (planner, diagnostics) = Planner.make(
            documents: documents,
            settings: settings,
            state: try plannerState(),
            manual: try manualInteractions(),
            now: now,
            zone: zone,
            database: database
        )
        var state = planner.state
        let people = planner.network.people.filter(\.inContacts).map { ($0.key, planner.revisionInstant($0)) }
        state.firstSeen = try noteFirstSeen(people, now: seenAt)
        return (planner.with(state: state), diagnostics)
    }
}
