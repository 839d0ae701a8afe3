import KithFormats

/// What counts as "we met" (DESIGN.md, README "What counts"), as pure questions about an event and its
/// participants: the network's reading of calendars asks these and nothing else.
package enum MeetingRule {
    /// Whether an event can count at all: not cancelled, and not a summary the user chose to ignore
    /// (`meetings.ignore_summaries`).
    package static func eventCounts(status: String?, summary: String?, settings: Settings.Meetings) -> Bool {
        if status == "CANCELLED" { return false }
        guard !settings.ignoreSummaries.isEmpty else { return true }
        let title = summary ?? "(no title)"
        return !settings.ignoreSummaries.contains { NetworkBuilder.matches(title, pattern: $0) }
    }

    /// Rooms and resources (CUTYPE=ROOM/RESOURCE) are not people: neither met nor counted among those there.
    package static func isPerson(isRoomOrResource: Bool) -> Bool { !isRoomOrResource }

    /// Whether a person listed is someone the user met there: not the user, and not one who declined.
    package static func participantCounts(isDeclined: Bool, isOwnAddress: Bool) -> Bool {
        !isDeclined && !isOwnAddress
    }

    /// How many people were there: the distinct addresses listed (rooms left out), plus the user when none of
    /// their addresses is listed (they are at their own meetings) and Kith knows who they are.
    package static func attendeeCount(distinctAddresses: Int, listsOwnAddress: Bool, knowsOwnAddresses: Bool) -> Int {
        distinctAddresses + (listsOwnAddress || !knowsOwnAddresses ? 0 : 1)
    }

    /// A meeting small enough to count for the rhythm, or a large one that only counts as "saw".
    package static func kind(attendeeCount: Int, settings: Settings.Meetings) -> Interaction.Kind {
        attendeeCount > settings.maxAttendees ? .largeMeeting : .meeting
    }
}
