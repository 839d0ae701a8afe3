import KithFormats

/// What the user told Kith that files cannot say (from the state; empty until the state exists).
package struct PlannerState: Sendable {
    /// A note the user wrote about someone (`kith note`).
    package struct Note: Sendable, Hashable {
        package var id: Int64
        package var text: String
        /// UTC instant it was written.
        package var at: Int

        package init(id: Int64, text: String, at: Int) {
            self.id = id
            self.text = text
            self.at = at
        }
    }

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
    /// A rhythm set with `kith every` (person key → how often): before `[people]` in the config and circles.
    package var rhythm: [String: ConfigDuration] = [:]
    /// A circle set with `kith circle` (person key → circle name): before `[people]` in the config and the
    /// circles' members and categories.
    package var circle: [String: String] = [:]
    /// Notes from `kith note` (person key → notes, oldest first).
    package var notes: [String: [Note]] = [:]

    package init() {}
}
