import KithFormats

/// Which nudges make the week's digest: one ranking across kinds, a budget, and shares of it per kind.
///
/// Each person offers one nudge: the first kind that applies in `Nudge.Kind` order (a meeting to prepare
/// before a follow-up, before a birthday, before a reconnect). Of those, each share (`[digest.shares]`, percent
/// of `digest.max_items`, rounded down) takes its most pressing; the places left, by shares that found too
/// few or that the shares leave over, go to the most pressing of all the rest, whatever their kind. So
/// follow-ups never crowd out reconnects, and a quiet week for one kind is not a shorter digest.
///
/// Whoever is not shown keeps waiting and gains a point of priority a week (`Planner.reconnect`); whoever is
/// shown and not acted on rests for `digest.rest`. With R places for reconnects a week and N people overdue,
/// everyone overdue is shown within about N / R weeks plus 3 × the largest circle weight (a newcomer to the
/// ranking can rank above people who waited at most that many weeks): with the defaults (R = 5, weights up
/// to 3), 40 people overdue are all shown within 17 weeks.
extension Planner {
    /// The week's nudges, in ranking order (most pressing first).
    package func nudges() -> [Nudge] {
        let budget = settings.digest.maxItems
        let best = bestPerShare(keeping: budget)
        var chosen: [(Int, Nudge)] = []
        var rest: [(Int, Nudge)] = []
        for share in Nudge.Share.allCases {
            let candidates = best[share] ?? []
            let places = min(share.percent(of: settings.digest.shares) * budget / 100, budget - chosen.count)
            chosen += candidates.prefix(places)
            rest += candidates.dropFirst(places)
        }
        chosen += rest.sorted(by: Self.ranksBefore).prefix(budget - chosen.count)
        // Only the nudges that make the digest are described.
        return chosen.sorted(by: Self.ranksBefore).map { index, nudge in
            candidates(at: index, describing: true).first { $0.kind == nudge.kind } ?? nudge
        }
    }

    /// Higher priority first, then by name and key, so that the order is the same every time.
    @Sendable static func ranksBefore(_ a: (Int, Nudge), _ b: (Int, Nudge)) -> Bool {
        (a.1.priority, b.1.name, b.1.personKey) > (b.1.priority, a.1.name, a.1.personKey)
    }

    /// Each share's `limit` most pressing nudges, one per person: kept while going through the people once
    /// (on all cores, each keeping the first few of its own people, then the first few of those), rather than
    /// sorting every candidate of a large network.
    private func bestPerShare(keeping limit: Int) -> [Nudge.Share: [(Int, Nudge)]] {
        @Sendable func keep(_ entry: (Int, Nudge), in shares: inout [Nudge.Share: [(Int, Nudge)]]) {
            let share = entry.1.kind.share
            var list = shares[share, default: []]
            if list.count == limit, let last = list.last, !Self.ranksBefore(entry, last) { return }
            let position = list.firstIndex { Self.ranksBefore(entry, $0) } ?? list.count
            list.insert(entry, at: position)
            if list.count > limit { list.removeLast() }
            shares[share] = list
        }
        let planner = self
        let parts = Parallel.ranges(network.people.count, minimumPerRange: 10_000) { range in
            var shares: [Nudge.Share: [(Int, Nudge)]] = [:]
            for index in range where !planner.excluded[index] {
                let offered = planner.candidates(at: index, describing: false).min { $0.kind.rank < $1.kind.rank }
                if let offered { keep((index, offered), in: &shares) }
            }
            return shares
        }
        var shares: [Nudge.Share: [(Int, Nudge)]] = [:]
        for part in parts {
            for entry in part.values.joined() { keep(entry, in: &shares) }
        }
        return shares
    }
}
