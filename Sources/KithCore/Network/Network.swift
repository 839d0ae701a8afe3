import KithFormats

/// The people of the user's network and what the planner needs of their interactions at one moment, built
/// from the inbox's documents (`NetworkBuilder`). Pure.
///
/// A large network has millions of interactions (every occurrence of every event, times its attendees), and a
/// plan needs only a few of each person's: the last before the moment, the next after it, and in which of a
/// few recent periods they met. Those are kept per person (`Summary`); a person's whole list is made when
/// asked for (`interactions(of:)`, for `kith history`), from the occurrences, which are kept.
package struct Network: Sendable {
    /// Everyone, sorted by name.
    package private(set) var people: [Person]
    /// Files that could not be read, with their first error.
    package private(set) var unreadable: [Diagnostic]
    /// The moment the summaries are taken at: interactions that start at or before it are past.
    package let now: Int
    /// What `summaries[i]` counts in `Summary.periods`: bit `k` for `periods[k]`.
    package let periods: [Range<Int>]
    /// The summary of `people[i]`'s interactions.
    package private(set) var summaries: [Summary]
    /// How many interactions there are in all.
    package let interactionCount: Int

    /// What every interaction from a calendar event shares: where the event is, how it counts, who takes part.
    struct Taking: Sendable {
        /// Index into `parts`; -1 for an interaction the user told about (`item` indexes `manual`).
        var part: Int32
        var item: Int32
        var ordinal: Int32
        var attendeeCount: Int32
        var kind: Interaction.Kind
        /// A run of `takingPeople`.
        var people: Range<Int32>
    }

    /// One calendar file: its events, their occurrences in the window, and the taking of each event (-1: none).
    struct Part: Sendable {
        var path: String
        var events: [Event]
        var occurrences: [Occurrence]
        var takingOfEvent: [Int32]
    }

    var parts: [Part]
    var takings: [Taking]
    /// Positions in `people`.
    var takingPeople: [Int32]
    var manual: [Interaction]
    /// Interactions the user told Kith about for someone who is in no file (any more).
    var strayInteractions: [String: [Interaction]]
    /// The zone all-day and floating times are read in.
    let zone: ZoneRules

    /// One interaction, held by reference to what it came from.
    package struct Encounter: Sendable {
        /// UTC instant of the start (an all-day event starts at midnight in the configured zone).
        package var start: Int
        /// The start of the same event's occurrence before this one, within the window; Int.min when there
        /// is none (a one-off, or the first instance of a series).
        package var previousInstance: Int
        var occurrenceStart: Int64
        var taking: Int32
        var ordinal: Int32
        package var attendeeCount: Int32
        package var kind: Interaction.Kind

        /// Whether it resets the person's cadence.
        package var countsForCadence: Bool { kind != .largeMeeting }

        /// Whether it comes before `other` in a person's list: by start, then by the order events were read.
        func precedes(_ other: Encounter) -> Bool {
            start != other.start ? start < other.start : ordinal < other.ordinal
        }
    }

    /// A person's interactions as a plan at `now` needs them.
    package struct Summary: Sendable {
        /// The last interaction at or before `now`, of any kind.
        package var lastMet: Encounter?
        /// The last one at or before `now` that counts for the cadence.
        package var lastCounted: Encounter?
        /// The first one after `now`, of any kind.
        package var nextPlanned: Encounter?
        /// The first one after `now` that counts for the cadence.
        package var nextCounted: Encounter?
        /// Bit `k`: an interaction at or before `now` starts within `periods[k]`.
        package var periods: UInt64 = 0
        /// The start of the meeting that counts before `lastCounted` (Int.min: none): how long the gap was
        /// that the last meeting ended.
        package var previousCountedStart = Int.min

        /// Takes one interaction into account.
        mutating func add(_ encounter: Encounter, now: Int) {
            if encounter.start <= now {
                if lastMet.map({ $0.precedes(encounter) }) ?? true { lastMet = encounter }
                if encounter.countsForCadence {
                    if let last = lastCounted, !last.precedes(encounter) {
                        noteEarlierCounted(encounter.start)
                    } else {
                        if let last = lastCounted { noteEarlierCounted(last.start) }
                        lastCounted = encounter
                    }
                }
            } else {
                if nextPlanned.map({ encounter.precedes($0) }) ?? true { nextPlanned = encounter }
                if encounter.countsForCadence, nextCounted.map({ encounter.precedes($0) }) ?? true {
                    nextCounted = encounter
                }
            }
        }

        /// A start of a meeting that counts earlier than `lastCounted`.
        mutating func noteEarlierCounted(_ start: Int) {
            if start > previousCountedStart { previousCountedStart = start }
        }
    }

    /// Whether an encounter is an instance of a recurring event (the series itself, or one of its overrides).
    package func isSeriesInstance(_ encounter: Encounter) -> Bool {
        let taking = takings[Int(encounter.taking)]
        guard taking.part >= 0 else { return false }
        let event = parts[Int(taking.part)].events[Int(taking.item)]
        return event.isRecurring || event.recurrenceID != nil
    }

    /// Whether an encounter is an override of one instance of a series (RECURRENCE-ID).
    package func isOverride(_ encounter: Encounter) -> Bool {
        let taking = takings[Int(encounter.taking)]
        return taking.part >= 0 && parts[Int(taking.part)].events[Int(taking.item)].recurrenceID != nil
    }

    /// The person with a key, if any.
    package func person(_ key: String) -> Person? { position(of: key).map { people[$0] } }

    private func position(of key: String) -> Int? { people.firstIndex { $0.key == key } }

    /// An encounter with all its details.
    package func interaction(_ encounter: Encounter) -> Interaction {
        let taking = takings[Int(encounter.taking)]
        if taking.part < 0 { return manual[Int(taking.item)] }
        return Interaction(
            kind: taking.kind,
            start: encounter.start,
            attendeeCount: Int(taking.attendeeCount),
            event: eventInfo(taking),
            occurrenceStart: OccurrenceTime(packed: encounter.occurrenceStart)
        )
    }

    private func eventInfo(_ taking: Taking) -> EventInfo {
        let part = parts[Int(taking.part)]
        let event = part.events[Int(taking.item)]
        return EventInfo(
            summary: event.summary ?? "(no title)",
            file: part.path,
            line: event.line,
            uid: event.uid,
            ordinal: Int(taking.ordinal)
        )
    }

    /// A person's interactions, sorted by start (then by the order events were read): made from the
    /// occurrences each time, for one person at a time.
    package func interactions(of key: String) -> [Interaction] {
        guard let position = position(of: key).map(Int32.init) else {
            return (strayInteractions[key] ?? []).sorted(by: Interaction.precedes)
        }
        var result: [Interaction] = []
        var details: [Int32: EventInfo] = [:]
        for part in parts {
            for occurrence in part.occurrences {
                let index = part.takingOfEvent[occurrence.eventIndex]
                guard index >= 0 else { continue }
                let taking = takings[Int(index)]
                guard takingPeople[Int(taking.people.lowerBound)..<Int(taking.people.upperBound)].contains(position)
                else { continue }
                let info = details[index] ?? eventInfo(taking)
                details[index] = info
                result.append(
                    Interaction(
                        kind: taking.kind,
                        start: NetworkBuilder.instant(occurrence.start, zone: zone),
                        attendeeCount: Int(taking.attendeeCount),
                        event: info,
                        occurrenceStart: occurrence.start
                    )
                )
            }
        }
        for taking in takings where taking.part < 0 {
            if takingPeople[Int(taking.people.lowerBound)..<Int(taking.people.upperBound)].contains(position) {
                result.append(manual[Int(taking.item)])
            }
        }
        return result.sorted(by: Interaction.precedes)
    }

    /// Whom a query names: one person, no one, or several to choose from.
    package enum Match: Sendable {
        case one(Person)
        case none
        case ambiguous([Person])
    }

    /// The person an address or a name refers to: an exact address, else an exact full name (ignoring case)
    /// when only one person has it, else the people whose name or an address contains the query.
    package func resolve(_ query: String) -> Match {
        let lower = query.lowercased().trimmingSpaces
        // An empty query names no one (it is a part of every name).
        guard !lower.isEmpty else { return .none }
        if let exact = people.first(where: { $0.emails.contains(lower) }) { return .one(exact) }
        let named = people.filter { $0.name.lowercased() == lower }
        if named.count == 1 { return .one(named[0]) }
        let found =
            named.isEmpty
            ? people.filter { $0.name.lowercased().contains(lower) || $0.emails.contains { $0.contains(lower) } }
            : named
        switch found.count {
        case 0: return .none
        case 1: return .one(found[0])
        default: return .ambiguous(found)
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
