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
        let people = planner.network.people.filter(\.inContacts).map { ($0.key, planner.revisionInstant($0)) }
        var state = planner.state
        state.firstSeen = try noteFirstSeen(people, now: seenAt)
        // The first run is recorded at `seenAt` by the call above when there was none.
        state.firstRun = state.firstRun ?? seenAt
        return (planner.with(state: state), diagnostics)
    }
}
