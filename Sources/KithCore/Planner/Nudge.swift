import KithFormats

/// One suggestion of the digest: who, why, and from which facts.
package struct Nudge: Sendable {
    package enum Kind: String, Sendable, CaseIterable {
        case prepare
        case followUp = "follow_up"
        case birthday
        case anniversary
        case reconnect
        case newContact = "new_contact"

        /// Section order in the digest, most urgent first; a person appears only in the first that applies.
        package var rank: Int { Self.allCases.firstIndex(of: self)! }
    }

    package var kind: Kind
    package var personKey: String
    package var name: String
    package var emails: [String]
    /// The date it is about (the meeting, the birthday, when the cadence ran out), in the configured zone.
    package var due: CivilDate
    /// One line a human would write.
    package var reason: String
    /// Extra context lines (organisation, title, notes, last meeting).
    package var context: [String] = []
    package var sources: [SourceReference]
    /// Higher is more urgent; orders nudges within a section.
    package var urgency: Double
}

/// What the user told Kith that files cannot say (from the state; empty until the state exists).
package struct PlannerState: Sendable {
    /// Snoozed people (person key) until a UTC instant.
    package var snoozedUntil: [String: Int] = [:]
    /// People the user never wants to hear about.
    package var ignored: Set<String> = []
    /// When a card was first seen (person key → UTC instant).
    package var firstSeen: [String: Int] = [:]
    /// How many of the last digests already asked to reconnect with a person (person key → count).
    package var recentReconnects: [String: Int] = [:]

    package init() {}
}

/// The week's statistics.
package struct DigestStatistics: Sendable {
    /// Distinct people met this week (Monday to Sunday in the configured zone, up to now).
    package var metThisWeek: Int
    package var weeklyGoal: Int
    /// Distinct people met per week, oldest first, the current week last (12 weeks).
    package var weeklyCounts: [Int]
    package var people: Int
    package var overdue: Int
    package var metThisMonth: Int
}
