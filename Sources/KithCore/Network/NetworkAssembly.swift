import KithFormats

/// A `Network` being put together: people from cards first, then each calendar, then the user's own entries.
struct NetworkAssembly {
    private let settings: Settings
    private let now: Int
    private let periods: [Range<Int>]
    private let zone: ZoneRules
    /// The user's addresses (they are never people).
    private let own: AddressTable
    private var people: [Person]
    /// Every address of every person, to the person's index.
    private var addresses: AddressTable
    private var summaries: [Network.Summary]
    private var parts: [Network.Part] = []
    private var takings: [Network.Taking] = []
    private var takingPeople: [Int32] = []
    private var manual: [Interaction] = []
    private var stray: [String: [Interaction]] = [:]
    /// Events are numbered in the order they are first met, across files.
    private var ordinal = 0
    private var interactionCount = 0

    /// - Parameter addresses: every address of `people`, to the person's index.
    init(
        people: [Person],
        addresses: AddressTable,
        settings: Settings,
        now: Int,
        periods: [Range<Int>],
        zone: ZoneRules
    ) {
        self.settings = settings
        self.now = now
        self.periods = periods
        self.zone = zone
        var own = AddressTable()
        for email in settings.me.emails { own.insert(email, value: 0) }
        self.own = own
        self.people = people
        self.addresses = addresses
        summaries = Array(repeating: Network.Summary(), count: people.count)
    }

    /// Adds one calendar file: who takes part in each event, and what each person's interactions sum up to.
    mutating func add(_ events: [Event], occurrences: [Occurrence], path: String) {
        // The events that occur, in the order they first do (which numbers them).
        var occurring: [Int32] = []
        var seen = [Bool](repeating: false, count: events.count)
        for occurrence in occurrences where !seen[occurrence.eventIndex] {
            seen[occurrence.eventIndex] = true
            occurring.append(Int32(occurrence.eventIndex))
        }
        // Who takes part is a property of the event, not of each occurrence: read once per event, on all cores,
        // with the addresses already known (from cards or earlier files) found in the same go.
        let eventsInOrder = occurring
        let known = addresses
        let own = self.own
        let settings = self.settings
        let readings = Parallel.ranges(occurring.count, minimumPerRange: 2_000) { range in
            var reading = EventReading()
            for position in range {
                reading.read(
                    events[Int(eventsInOrder[position])],
                    position: Int32(position),
                    known: known,
                    own: own,
                    settings: settings
                )
            }
            return reading
        }
        let part = Int32(parts.count)
        let firstTaking = takings.count
        var takingOfEvent = [Int32](repeating: -1, count: events.count)
        for reading in readings {
            // Each address no one had when the range was read: someone met in an earlier range, or new.
            let unknowns = (0..<reading.unknowns.count).map { unknown in
                let next = Int32(people.count)
                let index = reading.unknowns.withAddress(unknown) { address in
                    addresses.insert(address, hash: AddressTable.hash(address), value: next)
                }
                if index == next {
                    let event = events[Int(eventsInOrder[Int(reading.unknownPositions[unknown])])]
                    people.append(Self.person(reading, unknown, event: event, path: path))
                    summaries.append(Network.Summary())
                }
                return index
            }
            for entry in reading.entries {
                let eventIndex = Int(eventsInOrder[Int(entry.position)])
                let first = Int32(takingPeople.count)
                for value in reading.people[Int(entry.people.lowerBound)..<Int(entry.people.upperBound)] {
                    takingPeople.append(value >= 0 ? value : unknowns[Int(-value - 1)])
                }
                takingOfEvent[eventIndex] = Int32(takings.count)
                takings.append(
                    Network.Taking(
                        part: part,
                        item: Int32(eventIndex),
                        ordinal: Int32(ordinal + 1) + entry.position,
                        attendeeCount: entry.attendeeCount,
                        kind: entry.kind,
                        people: first..<Int32(takingPeople.count)
                    )
                )
            }
        }
        ordinal += occurring.count
        summarize(occurrences, takingOfEvent: takingOfEvent, firstTaking: firstTaking)
        parts.append(Network.Part(path: path, events: events, occurrences: occurrences, takingOfEvent: takingOfEvent))
    }

    /// The person of an address no card has, first met at `event`.
    private static func person(_ reading: EventReading, _ unknown: Int, event: Event, path: String) -> Person {
        let email = reading.unknowns.withAddress(unknown) { String(decoding: $0, as: UTF8.self) }
        let nameRange = Int(reading.nameStarts[unknown])..<Int(reading.nameStarts[unknown + 1])
        let name =
            reading.hasName[unknown]
            ? reading.names.withUnsafeBufferPointer {
                Event.ParticipantView.name(UnsafeBufferPointer(rebasing: $0[nameRange]))
            } : nil
        var person = Person.Fields(
            key: email,
            name: name.flatMap { $0.isEmpty ? nil : $0 } ?? email,
            emails: [email],
            inContacts: false
        )
        person.sources = [SourceReference(file: path, line: event.line, uid: event.uid)]
        return Person(person)
    }

    /// Folds the occurrences into each person's summary: first per event (its last occurrence at or before
    /// `now`, its first after, the periods it met in), then per person taking part.
    private mutating func summarize(_ occurrences: [Occurrence], takingOfEvent: [Int32], firstTaking: Int) {
        var spans = [Span](repeating: Span(), count: takings.count - firstTaking)
        let earliest = periods.map(\.lowerBound).min() ?? Int.max
        for occurrence in occurrences {
            let taking = Int(takingOfEvent[occurrence.eventIndex])
            guard taking >= 0 else { continue }
            let start = NetworkBuilder.instant(occurrence.start, zone: zone)
            let bits = start >= earliest ? periodBits(start) : 0
            spans[taking - firstTaking].add(start: start, packed: occurrence.start.packed, bits: bits, now: now)
        }
        for (offset, span) in spans.enumerated() where span.count > 0 {
            let index = firstTaking + offset
            let taking = takings[index]
            interactionCount += span.count * taking.people.count
            for position in taking.people {
                let person = Int(takingPeople[Int(position)])
                if span.lastPast.start != Int.min {
                    summaries[person].add(
                        encounter(index, taking, span.lastPast, previous: span.previousPast),
                        now: now
                    )
                    if taking.kind != .largeMeeting { summaries[person].noteEarlierCounted(span.previousPast) }
                }
                if span.firstPlanned.start != Int.max {
                    summaries[person].add(
                        encounter(index, taking, span.firstPlanned, previous: span.lastPast.start),
                        now: now
                    )
                }
                summaries[person].periods |= span.periods
            }
        }
    }

    /// The periods an interaction starting at `start` met in: bit `k` for `periods[k]`; none after `now`.
    private func periodBits(_ start: Int) -> UInt64 {
        guard start <= now else { return 0 }
        var bits: UInt64 = 0
        for (bit, period) in periods.enumerated() where period.contains(start) { bits |= 1 << UInt64(bit) }
        return bits
    }

    private func encounter(
        _ index: Int,
        _ taking: Network.Taking,
        _ time: (start: Int, packed: Int64),
        previous: Int = Int.min
    )
        -> Network.Encounter
    {
        Network.Encounter(
            start: time.start,
            previousInstance: previous,
            occurrenceStart: time.packed,
            taking: Int32(index),
            ordinal: taking.ordinal,
            attendeeCount: taking.attendeeCount,
            kind: taking.kind
        )
    }

    /// Adds the interactions the user told Kith about; those for someone in no file are kept aside.
    mutating func add(manual entries: [String: [Interaction]]) {
        guard !entries.isEmpty else { return }
        var indexByKey: [String: Int] = [:]
        for (index, person) in people.enumerated() { indexByKey[person.key] = index }
        for (key, list) in entries {
            guard let person = indexByKey[key] else {
                stray[key, default: []].append(contentsOf: list)
                continue
            }
            for entry in list {
                let index = takings.count
                takings.append(
                    Network.Taking(
                        part: -1,
                        item: Int32(manual.count),
                        ordinal: Int32(clamping: entry.event.ordinal),
                        attendeeCount: Int32(clamping: entry.attendeeCount),
                        kind: entry.kind,
                        people: Int32(takingPeople.count)..<Int32(takingPeople.count + 1)
                    )
                )
                takingPeople.append(Int32(person))
                manual.append(entry)
                interactionCount += 1
                let taking = takings[index]
                let packed = entry.occurrenceStart?.packed ?? 3
                summaries[person].add(encounter(index, taking, (entry.start, packed)), now: now)
                summaries[person].periods |= periodBits(entry.start)
            }
        }
    }

    /// The network, its people sorted by name.
    consuming func network(unreadable: [Diagnostic]) -> Network {
        let order = Self.nameOrder(people)
        var position = [Int32](repeating: 0, count: order.count)
        for (new, old) in order.enumerated() { position[old] = Int32(new) }
        for index in takingPeople.indices { takingPeople[index] = position[Int(takingPeople[index])] }
        return Network(
            people: order.map { people[$0] },
            unreadable: unreadable,
            now: now,
            periods: periods,
            summaries: order.map { summaries[$0] },
            interactionCount: interactionCount,
            parts: parts,
            takings: takings,
            takingPeople: takingPeople,
            manual: manual,
            strayInteractions: stray,
            zone: zone
        )
    }

    /// The order of people by name as its bytes compare, lower-cased (the same order as String's for names in
    /// composed form), then by key.
    ///
    /// Each range of people (of at least `minimumPerRange`) is keyed and sorted on its own core, then the
    /// sorted runs are merged.
    static func nameOrder(_ people: [Person], minimumPerRange: Int = 20_000) -> [Int] {
        let runs = Parallel.ranges(people.count, minimumPerRange: minimumPerRange) { range in
            var keys = NameKeys(people, range)
            keys.sort()
            return keys
        }
        var merged = runs[0].order.map { (run: 0, position: $0) }
        for next in 1..<runs.count {
            var result: [(run: Int, position: Int)] = []
            result.reserveCapacity(merged.count + runs[next].order.count)
            var left = 0
            var right = 0
            let incoming = runs[next].order
            while left < merged.count, right < incoming.count {
                let held = merged[left]
                if NameKeys.precedes(runs[next], incoming[right], runs[held.run], held.position) {
                    result.append((next, incoming[right]))
                    right += 1
                } else {
                    result.append(held)
                    left += 1
                }
            }
            result.append(contentsOf: merged[left...])
            result.append(contentsOf: incoming[right...].map { (next, $0) })
            merged = result
        }
        return merged.map { runs[$0.run].first + $0.position }
    }
}

/// The sort keys of a range of people: each one's lower-cased name, a zero byte and key, end to end, with
/// the first 32 bytes of each also as four numbers, so that most comparisons compare numbers.
private struct NameKeys: Sendable {
    /// The index of the range's first person.
    let first: Int
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var words: [(UInt64, UInt64, UInt64, UInt64)] = []
    /// Positions within the range, in order once sorted.
    private(set) var order: [Int]

    init(_ people: [Person], _ range: Range<Int>) {
        first = range.lowerBound
        order = Array(0..<range.count)
        bytes.reserveCapacity(range.count * 40)
        starts.reserveCapacity(range.count + 1)
        words.reserveCapacity(range.count)
        var lowered: [UInt8] = []
        for index in range {
            var name = people[index].name
            name.withUTF8 { TextCase.lowercase($0, into: &lowered) }
            bytes.append(contentsOf: lowered)
            bytes.append(0)
            bytes.append(contentsOf: people[index].key.utf8)
            starts.append(bytes.count)
        }
        for position in 0..<range.count {
            words.append((word(position, 0), word(position, 8), word(position, 16), word(position, 24)))
        }
    }

    private func word(_ position: Int, _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for at in (starts[position] + offset)..<(starts[position] + offset + 8) {
            value = value << 8 | UInt64(at < starts[position + 1] ? bytes[at] : 0)
        }
        return value
    }

    mutating func sort() {
        let keys = self
        order.sort { Self.precedes(keys, $0, keys, $1) }
    }

    /// Whether person `a` of `left` comes before person `b` of `right`.
    static func precedes(_ left: NameKeys, _ a: Int, _ right: NameKeys, _ b: Int) -> Bool {
        let x = left.words[a]
        let y = right.words[b]
        if x.0 != y.0 { return x.0 < y.0 }
        if x.1 != y.1 { return x.1 < y.1 }
        if x.2 != y.2 { return x.2 < y.2 }
        if x.3 != y.3 { return x.3 < y.3 }
        // The first 32 bytes are equal: the rest, byte by byte.
        var i = left.starts[a] + 32
        var j = right.starts[b] + 32
        let iEnd = left.starts[a + 1]
        let jEnd = right.starts[b + 1]
        while i < iEnd, j < jEnd {
            if left.bytes[i] != right.bytes[j] { return left.bytes[i] < right.bytes[j] }
            i += 1
            j += 1
        }
        return iEnd - left.starts[a] < jEnd - right.starts[b]
    }
}

/// Per event while summing up a file: its last occurrence at or before `now`, its first after, and the
/// periods it met in.
private struct Span {
    var lastPast: (start: Int, packed: Int64) = (Int.min, 3)
    /// The start of the occurrence before `lastPast` (Int.min: none in the window).
    var previousPast = Int.min
    var firstPlanned: (start: Int, packed: Int64) = (Int.max, 3)
    var periods: UInt64 = 0
    var count = 0

    @inline(__always)
    mutating func add(start: Int, packed: Int64, bits: UInt64, now: Int) {
        count += 1
        periods |= bits
        if start <= now {
            if start >= lastPast.start {
                previousPast = lastPast.start
                lastPast = (start, packed)
            } else if start > previousPast {
                previousPast = start
            }
        } else if start < firstPlanned.start {
            firstPlanned = (start, packed)
        }
    }
}

/// Who takes part in the events of one range of a file, read on one core.
private struct EventReading {
    /// An event that counts and has someone of the network.
    struct Entry {
        var position: Int32
        var attendeeCount: Int32
        var kind: Interaction.Kind
        var people: Range<Int32>
    }

    var entries: [Entry] = []
    /// Runs of people: a person's index, or for an address no one had, -1 - its number in `unknowns`.
    var people: [Int32] = []
    /// The addresses no one had, each once, numbered in the order first met; for each, the position of the
    /// event first met at and the CN written there (as written; `hasName` false for none).
    private(set) var unknowns = AddressTable()
    var unknownPositions: [Int32] = []
    var names: [UInt8] = []
    var nameStarts: [Int32] = [0]
    var hasName: [Bool] = []

    /// The addresses of the event being read, lower-cased, end to end.
    private var eventBytes: [UInt8] = []
    private var eventAddresses: [(hash: UInt64, start: Int, end: Int, isPerson: Bool)] = []
    private var lowered: [UInt8] = []

    /// Reads who of the network takes part in an event (DESIGN.md "What counts as we met"); nothing when the
    /// event does not count at all or has nobody of the network.
    mutating func read(_ event: Event, position: Int32, known: AddressTable, own: AddressTable, settings: Settings) {
        guard MeetingRule.eventCounts(status: event.status, summary: event.summary, settings: settings.meetings) else {
            return
        }
        eventBytes.removeAll(keepingCapacity: true)
        eventAddresses.removeAll(keepingCapacity: true)
        let first = Int32(people.count)
        var hasOwn = false
        event.forEachParticipant { participant in
            guard MeetingRule.isPerson(isRoomOrResource: participant.isRoomOrResource) else { return }
            TextCase.lowercase(participant.email, into: &lowered)
            let (hash, seen) = lowered.withUnsafeBufferPointer { address in
                let hash = AddressTable.hash(address)
                return (
                    hash,
                    eventAddresses.firstIndex { entry in
                        entry.hash == hash && eventBytes[entry.start..<entry.end].elementsEqual(address)
                    }
                )
            }
            let isOwn = lowered.withUnsafeBufferPointer { own.value(of: $0, hash: hash) } != nil
            hasOwn = hasOwn || isOwn
            let entry: Int
            if let seen {
                entry = seen
            } else {
                eventAddresses.append((hash, eventBytes.count, eventBytes.count + lowered.count, false))
                eventBytes.append(contentsOf: lowered)
                entry = eventAddresses.count - 1
            }
            let counts = MeetingRule.participantCounts(isDeclined: participant.isDeclined, isOwnAddress: isOwn)
            if !counts || eventAddresses[entry].isPerson { return }
            eventAddresses[entry].isPerson = true
            if let person = lowered.withUnsafeBufferPointer({ known.value(of: $0, hash: hash) }) {
                people.append(person)
                return
            }
            let next = Int32(unknowns.count)
            let unknown = lowered.withUnsafeBufferPointer { unknowns.insert($0, hash: hash, value: next) }
            people.append(-1 - unknown)
            guard unknown == next else { return }
            unknownPositions.append(position)
            if let name = participant.commonName { names.append(contentsOf: name) }
            nameStarts.append(Int32(names.count))
            hasName.append(participant.commonName != nil)
        }
        guard people.count > first else { return }
        let count = MeetingRule.attendeeCount(
            distinctAddresses: eventAddresses.count,
            listsOwnAddress: hasOwn,
            knowsOwnAddresses: !settings.me.emails.isEmpty
        )
        entries.append(
            Entry(
                position: position,
                attendeeCount: Int32(clamping: count),
                kind: MeetingRule.kind(attendeeCount: count, settings: settings.meetings),
                people: first..<Int32(people.count)
            )
        )
    }
}
