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

        /// Which of a person's nudges is the one shown: the first that applies in this order.
        package var rank: Int { Self.allCases.firstIndex(of: self)! }

        /// The share of the digest (`[digest.shares]`) this kind draws on.
        package var share: Share {
            switch self {
            case .reconnect: .reconnect
            case .followUp: .followUp
            case .prepare, .birthday, .anniversary: .comingUp
            case .newContact: .newContact
            }
        }
    }

    /// The parts a digest's budget is shared out in.
    package enum Share: String, Sendable, CaseIterable {
        case reconnect
        case followUp = "follow_up"
        case comingUp = "coming_up"
        case newContact = "new_contact"

        package func percent(of shares: Settings.Shares) -> Int {
            switch self {
            case .reconnect: shares.reconnect
            case .followUp: shares.followUp
            case .comingUp: shares.comingUp
            case .newContact: shares.newContact
            }
        }
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
    /// How pressing it is, comparable across kinds (higher first): the circle's weight times how far past the
    /// rhythm (reconnect) or how near the day (the rest). `Planner+Rules.swift` documents the scale.
    package var priority: Double
    /// Since when they have been waiting to be shown (reconnect): when they fell due, or when their last rest
    /// ran out. Among equals, and for the reconnects' last place, whoever waited longest comes first.
    package var waitingSince = Int.max
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
