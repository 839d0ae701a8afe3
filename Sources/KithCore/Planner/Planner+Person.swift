/// What `kith show` and `kith people` ask of the planner about one person.
extension Planner {
    /// Whether the person at `index` is left out of every nudge now: snoozed, ignored (the state's or the
    /// config's `[people]`).
    package func isLeftOut(at index: Int) -> Bool { excluded[index] }

    /// The nudge the person at `index` offers now, described as the digest would describe it (the first kind
    /// that applies, in `Nudge.Kind` order); nil when none applies or they are left out. Whether it makes the
    /// digest depends on everyone else (`nudges()`).
    package func offered(at index: Int) -> Nudge? {
        guard !excluded[index] else { return nil }
        return candidates(at: index, describing: true).min { $0.kind.rank < $1.kind.rank }
    }

    /// The position of the person with `key` in `network.people`.
    package func index(of key: String) -> Int? { network.people.firstIndex { $0.key == key } }
}
