import KithFormats

/// Which people make the week's digest, and what it tells about each: one ranking across kinds, a budget of
/// items, and shares of it per kind.
///
/// An item is one person with every nudge that applies to them this week (`candidates(at:describing:)`): none
/// is hidden behind another, so a birthday shows beside a follow-up. The item is led by the person's most
/// urgent nudge (`Nudge.isMoreUrgent(than:)`: the highest priority, which for a day-bound nudge grows as the
/// day comes near, then the kind's rank); its kind decides the share the person draws on and the digest's
/// section they appear in, and their place in the ranking. The budget (`digest.max_items`) counts items.
///
/// Of the people, each share (`[digest.shares]`, percent of `digest.max_items`, rounded down) takes its most
/// pressing; the places left, by shares that found too few or that the shares leave over, go to the most
/// pressing of all the rest, whatever their kind. So follow-ups never crowd out reconnects, and a quiet week
/// for one kind is not a shorter digest.
///
/// Fairness: whoever is shown and not acted on rests for `digest.rest`; among equally pressing people, and for
/// the last of the reconnects' places (when they have two or more), whoever has waited longest since falling
/// due (or since their rest ran out) comes first. People who fall due join the end of that line, so someone
/// overdue is shown within as many weeks as there are people ahead of them in it: at most the number of
/// people overdue, and sooner for anyone pressing enough to take one of the other places.
extension Planner {
    /// The week's items in ranking order (most pressing first): per person chosen, all their nudges, the most
    /// urgent first and the others by the day they are about.
    package func items() -> [[Nudge]] {
        let budget = settings.digest.maxItems
        let (best, longestWaiting) = bestPerShare(keeping: budget)
        var chosen: [(Int, Nudge)] = []
        var taken = Set<Int>()
        func take(_ entries: some Sequence<(Int, Nudge)>, upTo count: Int) {
            var left = count
            for entry in entries where left > 0 && !taken.contains(entry.0) {
                chosen.append(entry)
                taken.insert(entry.0)
                left -= 1
            }
        }
        for share in Nudge.Share.allCases {
            let places = min(share.percent(of: settings.digest.shares) * budget / 100, budget - chosen.count)
            let candidates = best[share] ?? []
            if share == .reconnect, places >= 2 {
                take(candidates, upTo: places - 1)
                take(longestWaiting + candidates, upTo: 1)
            } else {
                take(candidates, upTo: places)
            }
        }
        take(best.values.joined().sorted(by: Self.ranksBefore), upTo: budget - chosen.count)
        // Only the people who make the digest are described.
        return chosen.sorted(by: Self.ranksBefore).map { index, _ in
            Self.inItemOrder(candidates(at: index, describing: true))
        }
    }

    /// Every nudge of the week's items, item by item.
    package func nudges() -> [Nudge] { Array(items().joined()) }

    /// A person's nudges as their item lists them: the most urgent first, then by the day each is about (and
    /// by kind on the same day).
    static func inItemOrder(_ nudges: [Nudge]) -> [Nudge] {
        guard let lead = lead(of: nudges) else { return [] }
        let rest = nudges.filter { $0.kind != lead.kind }
            .sorted { ($0.due, $0.kind.rank) < ($1.due, $1.kind.rank) }
        return [lead] + rest
    }

    /// The nudge that leads a person's item, the one they are ranked and placed by.
    static func lead(of nudges: [Nudge]) -> Nudge? { nudges.min { $0.isMoreUrgent(than: $1) } }

    /// Higher priority first, then whoever waited longest, then by name and key, so that the order is the same
    /// every time.
    @Sendable static func ranksBefore(_ a: (Int, Nudge), _ b: (Int, Nudge)) -> Bool {
        (a.1.priority, b.1.waitingSince, b.1.name, b.1.personKey)
            > (b.1.priority, a.1.waitingSince, a.1.name, a.1.personKey)
    }

    /// Whoever has waited longest first, then as `ranksBefore`.
    @Sendable static func waitedLonger(_ a: (Int, Nudge), _ b: (Int, Nudge)) -> Bool {
        a.1.waitingSince != b.1.waitingSince ? a.1.waitingSince < b.1.waitingSince : ranksBefore(a, b)
    }

    /// Each share's `limit` most pressing people, by their lead nudge, and the `limit` reconnects who waited
    /// longest: kept while going through the people once (on all cores, each keeping the first few of its own
    /// people, then the first few of those), rather than sorting every candidate of a large network.
    private func bestPerShare(
        keeping limit: Int
    ) -> (best: [Nudge.Share: [(Int, Nudge)]], longestWaiting: [(Int, Nudge)]) {
        let planner = self
        let parts = Parallel.ranges(network.people.count, minimumPerRange: 10_000) { range in
            var kept = Kept(limit: limit)
            for index in range where !planner.excluded[index] {
                if let lead = Self.lead(of: planner.candidates(at: index, describing: false)) {
                    kept.add((index, lead))
                }
            }
            return kept
        }
        var kept = Kept(limit: limit)
        for part in parts { kept.merge(part) }
        return (kept.best, kept.longestWaiting)
    }
}

/// The first few candidates of each share, and of the reconnects' waiting line, as people are gone through.
private struct Kept: Sendable {
    typealias Entry = (Int, Nudge)

    let limit: Int
    var best: [Nudge.Share: [Entry]] = [:]
    var longestWaiting: [Entry] = []

    mutating func add(_ entry: Entry) {
        Self.insert(entry, into: &best[entry.1.kind.share, default: []], limit: limit, by: Planner.ranksBefore)
        if entry.1.kind == .reconnect {
            Self.insert(entry, into: &longestWaiting, limit: limit, by: Planner.waitedLonger)
        }
    }

    mutating func merge(_ other: Kept) {
        for entry in other.best.values.joined() {
            Self.insert(entry, into: &best[entry.1.kind.share, default: []], limit: limit, by: Planner.ranksBefore)
        }
        for entry in other.longestWaiting {
            Self.insert(entry, into: &longestWaiting, limit: limit, by: Planner.waitedLonger)
        }
    }

    private static func insert(_ entry: Entry, into list: inout [Entry], limit: Int, by before: (Entry, Entry) -> Bool)
    {
        if list.count == limit, let last = list.last, !before(entry, last) { return }
        list.insert(entry, at: list.firstIndex { before(entry, $0) } ?? list.count)
        if list.count > limit { list.removeLast() }
    }
}
