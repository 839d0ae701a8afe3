import KithCore

/// How the sources stand, for the digest's footer and `kith status`.
package enum SourceStatus {
    /// A source counts as failing in the digest once it has failed for longer than this.
    package static let reportedAfter = 86_400

    /// One line per configured source that has failed for more than a day: its name, masked address and why.
    package static func failingLines(
        _ settings: Settings,
        states: [String: SourceState],
        now: Int,
        calendar: CivilCalendar
    ) -> [String] {
        settings.sources.compactMap { source in
            guard let state = states[source.name], state.hasFailed(longerThan: reportedAfter, at: now),
                let since = state.failingSince
            else { return nil }
            let why = state.lastError ?? "unknown"
            return "\(source.name) (\(source.maskedURL)): \(why); failing since \(calendar.moment(since))"
        }
    }
}
