import KithFormats

/// What the user told Kith that files cannot say (from the state; empty until the state exists).
package struct PlannerState: Sendable {
    /// Snoozed people (person key) until a UTC instant.
    package var snoozedUntil: [String: Int] = [:]
    /// People the user never wants to hear about.
    package var ignored: Set<String> = []
    /// When a card was first seen (person key → UTC instant).
    package var firstSeen: [String: Int] = [:]
    /// When Kith first ran: a card first seen then was there before Kith, not new.
    package var firstRun: Int?
    /// When each person was last shown in a digest, by kind (person key → kind → UTC instant the digest was
    /// composed): someone shown and not acted on rests (`digest.rest`), a birthday is shown once.
    package var lastShown: [String: [Nudge.Kind: Int]] = [:]

    package init() {}
}
