import Foundation
import KithFormats

/// The people of the user's network and their interactions, built from the inbox's documents. Pure.
package struct Network: Sendable {
    /// Everyone, sorted by name.
    package var people: [Person]
    /// The interactions of `people[i]`, sorted by start.
    package var interactionLists: [[Interaction]]
    /// Interactions the user told Kith about for someone who is in no file (any more).
    private var strayInteractions: [String: [Interaction]]
    /// Files that could not be read, with their first error.
    package var unreadable: [Diagnostic]
    private var indexByKey: [String: Int]

    package init(
        people: [Person],
        interactionLists: [[Interaction]],
        strayInteractions: [String: [Interaction]] = [:],
        unreadable: [Diagnostic]
    ) {
        self.people = people
        self.interactionLists = interactionLists
        self.strayInteractions = strayInteractions
        self.unreadable = unreadable
        var indexByKey: [String: Int] = [:]
        indexByKey.reserveCapacity(people.count)
        for index in people.indices { indexByKey[people[index].key] = index }
        self.indexByKey = indexByKey
    }

    package func person(_ key: String) -> Person? { indexByKey[key].map { people[$0] } }

    /// A person's interactions, sorted by start.
    package func interactions(of key: String) -> [Interaction] {
        indexByKey[key].map { interactionLists[$0] } ?? strayInteractions[key] ?? []
    }

    /// How many interactions there are in all.
    package var interactionCount: Int { interactionLists.reduce(0) { $0 + $1.count } }

    /// The person an address or a unique part of a name refers to; nil when none, all candidates when several.
    package func find(_ query: String) -> [Person] {
        let lower = query.lowercased()
        if let exact = people.first(where: { $0.emails.contains(lower) }) { return [exact] }
        return people.filter { $0.name.lowercased().contains(lower) || $0.emails.contains { $0.contains(lower) } }
    }
}

/// Builds a `Network` (DESIGN.md, "What counts as we met").
package enum NetworkBuilder {
    /// - Parameters:
    ///   - documents: every parsed file of the inbox, paths relative to it or absolute.
    ///   - window: the days whose occurrences matter (the planner's look-back and look-ahead).
    ///   - zone: the configured zone; all-day and floating times are read in it.
    ///   - manual: interactions the user told Kith about (from the state), by person key.
    package static func build(
        documents: [Document],
        settings: Settings,
        window: DateWindow,
        zone: ZoneRules,
        database: TimeZoneDatabase,
        manual: [String: [Interaction]] = [:]
    ) -> (network: Network, diagnostics: [Diagnostic]) {
        let own = Set(settings.me.emails)
        // Sources name files relative to the inbox, as the user knows them.
        let documents = documents.map { document in
            var document = document
            document.path = relativePath(document.path, inbox: settings.inbox)
            return document
        }
        var diagnostics: [Diagnostic] = []
        var unreadable: [Diagnostic] = []
        var cards = CardMerger(own: own)
        for document in documents where !isIgnored(document.path, settings: settings) {
            if document.isEmpty, let first = document.diagnostics.first(where: { $0.severity == .error }) {
                unreadable.append(first)
            }
            cards.add(document.cards, file: document.path)
        }
        var people = cards.people()
        var emailIndex: [String: Int] = [:]
        emailIndex.reserveCapacity(people.count * 2)
        for index in people.indices {
            for email in people[index].emails where emailIndex[email] == nil { emailIndex[email] = index }
        }
        // Attendees in no card, by address, as they are met.
        var strangers: [String: Int] = [:]
        // Interactions per person index while building; keyed by person key at the end.
        var byPerson: [[Interaction]] = Array(repeating: [], count: people.count)
        var ordinal = 0
        for document in documents where !isIgnored(document.path, settings: settings) {
            guard let calendar = document.calendar else { continue }
            var log = DiagnosticLog(path: document.path)
            // Only the network keeps what comes of them: the occurrences may be expanded on all cores.
            let occurrences = calendar.occurrences(in: window, database: database, log: &log, onAllCores: true)
            diagnostics.append(contentsOf: log.entries)
            // Who takes part is a property of the event, not of each occurrence: worked out once per event,
            // with the people resolved to indices (a run of `takingPeople`); nil for events that do not count
            // or have nobody of the network.
            var takings = [Taking?](repeating: nil, count: calendar.events.count)
            var takingPeople: [Int32] = []
            // The events that occur, in the order they first do (which numbers them), each read on all cores.
            var occurring: [Int] = []
            var seen = [Bool](repeating: false, count: calendar.events.count)
            for occurrence in occurrences where !seen[occurrence.eventIndex] {
                seen[occurrence.eventIndex] = true
                occurring.append(occurrence.eventIndex)
            }
            let events = calendar.events
            let path = document.path
            let eventsInOrder = occurring
            let firstOrdinal = ordinal + 1
            // Who takes part, with those already known (from cards or earlier files) found in the same go.
            let known = emailIndex
            let found = Parallel.ranges(occurring.count, minimumPerRange: 2_000) { range in
                range.map { position in
                    participants(
                        of: events[eventsInOrder[position]],
                        file: path,
                        ordinal: firstOrdinal + position,
                        own: own,
                        settings: settings
                    ).map { participation in
                        (participation, participation.people.map { known[$0.email] })
                    }
                }
            }.flatMap { $0 }
            ordinal += occurring.count
            for (position, index) in occurring.enumerated() {
                guard let (participation, indices) = found[position] else { continue }
                let first = takingPeople.count
                for (participant, knownIndex) in zip(participation.people, indices) {
                    if let personIndex = knownIndex ?? strangers[participant.email] {
                        takingPeople.append(Int32(personIndex))
                        continue
                    }
                    var stranger = Person(
                        key: participant.email,
                        name: participant.name.flatMap { $0.isEmpty ? nil : $0 } ?? participant.email,
                        emails: [participant.email],
                        inContacts: false
                    )
                    let event = participation.event
                    stranger.sources = [SourceReference(file: event.file, line: event.line, uid: event.uid)]
                    strangers[participant.email] = people.count
                    takingPeople.append(Int32(people.count))
                    people.append(stranger)
                    byPerson.append([])
                }
                if takingPeople.count > first {
                    takings[index] = Taking(
                        event: participation.event,
                        kind: participation.kind,
                        attendeeCount: participation.count,
                        people: first..<takingPeople.count
                    )
                }
            }
            var counts = Array(repeating: 0, count: people.count)
            for occurrence in occurrences {
                for position in takings[occurrence.eventIndex]?.people ?? 0..<0 {
                    counts[Int(takingPeople[position])] += 1
                }
            }
            // Each person's list grows once, to its size, rather than doubling its way there.
            for personIndex in counts.indices where counts[personIndex] > 0 {
                byPerson[personIndex].reserveCapacity(byPerson[personIndex].count + counts[personIndex])
            }
            // In order of start (then of reading), so that every person's list comes out sorted.
            var order: [(start: Int, ordinal: Int, occurrence: Int)] = []
            order.reserveCapacity(occurrences.count)
            for (position, occurrence) in occurrences.enumerated() {
                guard let ordinal = takings[occurrence.eventIndex]?.event.ordinal else { continue }
                order.append((instant(occurrence.start, zone: zone), ordinal, position))
            }
            order.sort { ($0.start, $0.ordinal) < ($1.start, $1.ordinal) }
            for entry in order {
                let occurrence = occurrences[entry.occurrence]
                let taking = takings[occurrence.eventIndex]!
                let interaction = Interaction(
                    kind: taking.kind,
                    start: entry.start,
                    attendeeCount: taking.attendeeCount,
                    event: taking.event,
                    occurrenceStart: occurrence.start
                )
                for position in taking.people { byPerson[Int(takingPeople[position])].append(interaction) }
            }
        }
        var stray: [String: [Interaction]] = [:]
        if !manual.isEmpty {
            var indexByKey: [String: Int] = [:]
            for (index, person) in people.enumerated() { indexByKey[person.key] = index }
            for (key, entries) in manual {
                if let index = indexByKey[key] {
                    byPerson[index].append(contentsOf: entries)
                } else {
                    stray[key, default: []].append(contentsOf: entries)
                }
            }
        }
        // Lists from one calendar are sorted already; several calendars and manual entries need merging.
        for index in byPerson.indices where byPerson[index].count > 1 {
            let isSorted = byPerson[index].withUnsafeBufferPointer { list in
                (1..<list.count).allSatisfy { list[$0 - 1].start <= list[$0].start }
                    && (1..<list.count).allSatisfy {
                        list[$0 - 1].start < list[$0].start || !Interaction.precedes(list[$0], list[$0 - 1])
                    }
            }
            if !isSorted { byPerson[index].sort(by: Interaction.precedes) }
        }
        for key in stray.keys { stray[key]!.sort(by: Interaction.precedes) }
        // By name as its bytes compare, lower-cased (the same order as String's for names in composed form).
        let sortKeys = people.indices.map {
            Array(people[$0].name.lowercased().utf8) + [0] + Array(people[$0].key.utf8)
        }
        let order = people.indices.sorted { a, b in
            sortKeys[a].withUnsafeBufferPointer { left in
                sortKeys[b].withUnsafeBufferPointer { right in
                    let common = min(left.count, right.count)
                    let compared = memcmp(left.baseAddress!, right.baseAddress!, common)
                    return compared != 0 ? compared < 0 : left.count < right.count
                }
            }
        }
        // Moved into their order without copying them.
        var sortedPeople: [Person] = []
        var sortedLists: [[Interaction]] = []
        sortedPeople.reserveCapacity(people.count)
        sortedLists.reserveCapacity(people.count)
        var remaining = people.map { Optional($0) }
        people = []
        for index in order {
            sortedPeople.append(remaining[index].take()!)
            sortedLists.append(byPerson[index])
            byPerson[index] = []
        }
        let network = Network(
            people: sortedPeople,
            interactionLists: sortedLists,
            strayInteractions: stray,
            unreadable: unreadable
        )
        return (network, diagnostics)
    }

    /// What the interactions of one counting event share, and where its people stand in a run of indices.
    struct Taking {
        var event: EventInfo
        var kind: Interaction.Kind
        var attendeeCount: Int
        var people: Range<Int>
    }

    struct Participation: Sendable {
        var event: EventInfo
        var people: [(email: String, name: String?)]
        var count: Int
        var kind: Interaction.Kind
    }

    /// Who of the user's network takes part in an event (DESIGN.md "What counts as we met"); nil when the
    /// event does not count at all.
    static func participants(
        of event: Event,
        file: String,
        ordinal: Int,
        own: Set<String>,
        settings: Settings
    ) -> Participation? {
        if event.status == "CANCELLED" { return nil }
        let summary = event.summary ?? "(no title)"
        if settings.meetings.ignoreSummaries.contains(where: { matches(summary, pattern: $0) }) { return nil }
        // Attendee lists are short: arrays with linear search beat hashing here.
        var people: [(email: String, name: String?)] = []
        var everyone: [String] = []
        event.forEachParticipant { email, name, declined, isRoomOrResource in
            if isRoomOrResource { return }
            if !everyone.contains(email) { everyone.append(email) }
            if declined || own.contains(email) { return }
            if !people.contains(where: { $0.email == email }) { people.append((email, name())) }
        }
        // The user is at their own meetings even when no address of theirs is listed.
        if let me = own.first, !everyone.contains(where: own.contains) { everyone.append(me) }
        let kind: Interaction.Kind = everyone.count > settings.meetings.maxAttendees ? .largeMeeting : .meeting
        let info = EventInfo(summary: summary, file: file, line: event.line, uid: event.uid, ordinal: ordinal)
        return Participation(event: info, people: people, count: everyone.count, kind: kind)
    }

    /// The UTC instant of an occurrence time: dates and floating times are read in `zone`.
    static func instant(_ time: OccurrenceTime, zone: ZoneRules) -> Int {
        switch time {
        case .instant(let instant): return instant
        case .date(let date): return zone.instant(ofLocal: CivilDateTime(date: date, secondOfDay: 0))
        case .floating(let local): return zone.instant(ofLocal: local)
        }
    }

    static func relativePath(_ path: String, inbox: String) -> String {
        guard !inbox.isEmpty else { return path }
        let folder = inbox.hasSuffix("/") ? inbox : inbox + "/"
        return path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path
    }

    /// Whether a file (relative to the inbox) lies under one of `meetings.ignore_paths`.
    static func isIgnored(_ path: String, settings: Settings) -> Bool {
        settings.meetings.ignorePaths.contains { ignored in
            path == ignored || path.hasPrefix(ignored.hasSuffix("/") ? ignored : ignored + "/")
        }
    }

    /// Case-insensitive match with `*` as a wildcard; without one, a substring match.
    static func matches(_ text: String, pattern: String) -> Bool {
        let text = text.lowercased()
        let pattern = pattern.lowercased()
        guard pattern.contains("*") else { return text.contains(pattern) }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(text)
        for (index, part) in parts.enumerated() where !part.isEmpty {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if index == parts.count - 1 {
                return rest.hasSuffix(part)
            } else {
                guard let range = rest.range(of: part) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return true
    }
}
