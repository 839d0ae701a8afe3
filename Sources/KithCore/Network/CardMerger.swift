import KithFormats

/// Merges cards that share a UID or any address into people, deterministically.
///
/// Per field, the most recently revised card wins (REV; cards without REV count as oldest, then file
/// order); every address of every card is kept.
struct CardMerger {
    private struct Entry: Sendable {
        var card: VCard
        var file: String
        var order: Int
        var emails: [String]
    }

    private let own: Set<String>
    private var entries: [Entry] = []
    private var parent: [Int] = []
    /// The first card of each UID and of each address.
    private var byUID = AddressTable()
    private var byEmail = AddressTable()

    init(own: Set<String>) { self.own = own }

    /// Adds the cards of one file; what is read from each card alone is read on all cores.
    mutating func add(_ cards: [VCard], file: String) {
        let read = Parallel.ranges(cards.count, minimumPerRange: 2_000) { range in
            range.map { (addresses: cards[$0].emailAddresses, uid: cards[$0].uid) }
        }
        entries.reserveCapacity(entries.count + cards.count)
        parent.reserveCapacity(parent.count + cards.count)
        var index = 0
        for part in read {
            for (addresses, uid) in part {
                add(cards[index], file: file, addresses: addresses, uid: uid)
                index += 1
            }
        }
    }

    private mutating func add(_ card: VCard, file: String, addresses: [String], uid: String?) {
        let emails = addresses.filter { !own.contains($0) }
        // A card with only the user's own addresses is the user.
        if emails.isEmpty && !addresses.isEmpty { return }
        let index = entries.count
        entries.append(Entry(card: card, file: file, order: index, emails: emails))
        parent.append(index)
        if let uid, !uid.isEmpty {
            let first = Int(byUID.insert(uid, value: Int32(index)))
            if first != index { union(index, first) }
        }
        for email in emails {
            let first = Int(byEmail.insert(email, value: Int32(index)))
            if first != index { union(index, first) }
        }
    }

    private mutating func find(_ index: Int) -> Int {
        var root = index
        while parent[root] != root { root = parent[root] }
        var node = index
        while parent[node] != root {
            let next = parent[node]
            parent[node] = root
            node = next
        }
        return root
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let rootA = find(a)
        let rootB = find(b)
        if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
    }

    /// The people, in the order of their first cards, and every address to its person's index.
    mutating func people() -> (people: [Person], addresses: AddressTable) {
        // Groups in order of their root (their first card); most people have one card, and only groups of
        // several are gathered in a table.
        let roots = entries.indices.map { find($0) }
        var shared: [Int: [Int]] = [:]
        for index in entries.indices where roots[index] != index {
            shared[roots[index], default: [roots[index]]].append(index)
        }
        let groups = entries.indices.filter { roots[$0] == $0 }.map { shared[$0] ?? [$0] }
        // Every card with an address is in its first card's group: the table of first cards, numbered by
        // group, is the table of people.
        var groupOfRoot = [Int32](repeating: -1, count: entries.count)
        for (number, group) in groups.enumerated() { groupOfRoot[group[0]] = Int32(number) }
        var addresses = byEmail
        addresses.mapValues { groupOfRoot[roots[Int($0)]] }
        let entries = self.entries
        // Each person is made from their own cards alone: on all cores.
        let people = Parallel.ranges(groups.count, minimumPerRange: 2_000) { range in
            range.map { Self.person(from: groups[$0], entries: entries) }
        }.flatMap { $0 }
        return (people, addresses)
    }

    /// The person of one group of cards (indices into `entries`, ascending, the first the root).
    private static func person(from group: [Int], entries: [Entry]) -> Person {
        let root = group[0]
        // Newest first: REV, then the later card in file order.
        let members =
            group.count == 1
            ? group
            : group.sorted {
                (Person.Fields.digits(ofRevision: entries[$0].card.revision), entries[$0].order)
                    > (Person.Fields.digits(ofRevision: entries[$1].card.revision), entries[$1].order)
            }
        var emails: [String] = []
        for member in group {
            for email in entries[member].emails where !emails.contains(email) { emails.append(email) }
        }
        let cards = members.map { entries[$0].card }
        func first<T>(_ value: (VCard) -> T?) -> T? { cards.lazy.compactMap(value).first }
        let name =
            first { card in card.formattedName.flatMap { $0.isEmpty ? nil : $0 } }
            ?? first { card in
                card.name.map { [$0[1], $0[0]].filter { !$0.isEmpty }.joined(separator: " ") }.flatMap {
                    $0.isEmpty ? nil : $0
                }
            }
            ?? emails.first ?? "(no name)"
        let key = emails.first ?? "uid:\(first(\.uid) ?? "card-\(root)")"
        var person = Person.Fields(key: key, name: name, emails: emails, inContacts: true)
        person.cards = cards
        person.birthday = first(\.birthday)
        person.revision = first(\.revision)
        var categories: [String] = []
        for card in cards {
            for category in card.categories where !categories.contains(category) { categories.append(category) }
        }
        person.categories = categories
        if let anniversary = first(\.anniversary) { person.anniversaries.append(("Anniversary", anniversary)) }
        for card in cards {
            for labelled in card.labelledDates {
                let label = labelled.label ?? "Anniversary"
                if !person.anniversaries.contains(where: { $0.label == label && $0.date == labelled.date }) {
                    person.anniversaries.append((label, labelled.date))
                }
            }
        }
        person.sources = members.map { SourceReference(file: entries[$0].file, line: entries[$0].card.line) }.sorted()
        return Person(person)
    }
}
