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

        /// Which of a person's equally pressing nudges leads their item: the first in this order.
        package var rank: Int { Self.allCases.firstIndex(of: self)! }

        /// The kind in words, as the digest's task list files it ("Follow up").
        package var title: String {
            switch self {
            case .prepare: "Prepare"
            case .followUp: "Follow up"
            case .birthday: "Birthday"
            case .anniversary: "Anniversary"
            case .reconnect: "Reconnect"
            case .newContact: "New contact"
            }
        }

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

    /// The parts a digest's budget is shared out in, in the order the digest shows them.
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

        /// The title of the digest's section for this share.
        package var title: String {
            switch self {
            case .reconnect: "Reconnect"
            case .followUp: "Follow up"
            case .comingUp: "Coming up"
            case .newContact: "New in your network"
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

    /// Whether this nudge is more urgent than `other` of the same person, and so leads their item: the higher
    /// priority (which already weighs how near a day-bound nudge is), then the kind's rank.
    package func isMoreUrgent(than other: Nudge) -> Bool {
        priority != other.priority ? priority > other.priority : kind.rank < other.kind.rank
    }
}
