/// The UTC offsets of one time zone over time, as a sorted table of transitions built once per zone.
///
/// Conversions are a binary search; no Foundation `TimeZone`, no ICU in the hot path.
package final class ZoneRules: Sendable {
    /// The zone's name as resolved (an IANA name, or the TZID of a VTIMEZONE).
    package let identifier: String
    /// UTC instants (seconds since the epoch) at which the offset changes, ascending.
    let transitions: [Int]
    /// Offset (seconds east of UTC) in force from `transitions[i]` on.
    let offsets: [Int]
    /// Offset in force before the first transition.
    let initialOffset: Int

    package init(identifier: String, initialOffset: Int, transitions: [(at: Int, offset: Int)]) {
        self.identifier = identifier
        self.initialOffset = initialOffset
        var instants: [Int] = []
        var offsets: [Int] = []
        var last = initialOffset
        for transition in transitions.sorted(by: { $0.at < $1.at }) where transition.offset != last {
            if let previous = instants.last, previous == transition.at {
                offsets[offsets.count - 1] = transition.offset
            } else {
                instants.append(transition.at)
                offsets.append(transition.offset)
            }
            last = transition.offset
        }
        self.transitions = instants
        self.offsets = offsets
    }

    /// A zone with one fixed offset.
    package static func fixed(_ offset: Int, identifier: String) -> ZoneRules {
        ZoneRules(identifier: identifier, initialOffset: offset, transitions: [])
    }

    /// Offset (seconds east of UTC) at the UTC instant.
    package func offset(atUTC instant: Int) -> Int {
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? initialOffset : offsets[low - 1]
    }

    /// The UTC instant of a wall-clock time in this zone.
    ///
    /// RFC 5545 §3.3.5: a time that falls in a gap is read with the offset in force before the gap (so it
    /// lands after the gap); a time that occurs twice means its first occurrence.
    package func instant(ofLocal local: CivilDateTime) -> Int {
        let wall = local.secondsSinceEpoch
        let before = offset(atUTC: wall - 86_400)
        let after = offset(atUTC: wall + 86_400)
        if before == after {
            let candidate = wall - before
            if offset(atUTC: candidate) == before { return candidate }
        }
        let early = wall - before
        let late = wall - after
        let earlyValid = offset(atUTC: early) == before
        let lateValid = offset(atUTC: late) == after
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early
        }
    }

    /// The offset at `instant` and the span of instants over which it holds unchanged.
    package func interval(atUTC instant: Int) -> (offset: Int, from: Int, until: Int) {
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        let from = low == 0 ? Int.min : transitions[low - 1]
        let until = low == transitions.count ? Int.max : transitions[low]
        return (low == 0 ? initialOffset : offsets[low - 1], from, until)
    }

    /// Converts wall times of one zone in (mostly) increasing order, remembering the offset interval of the
    /// last answer so that a series of instances costs one comparison each instead of several searches.
    package struct Converter {
        package let rules: ZoneRules
        private var cached: (offset: Int, from: Int, until: Int)?

        package init(_ rules: ZoneRules) { self.rules = rules }

        package mutating func instant(ofLocal local: CivilDateTime) -> Int {
            let wall = local.secondsSinceEpoch
            // Away from both ends of the interval by more than any offset, the answer is unambiguous.
            if let cached, wall - cached.offset > cached.from &+ 86_400, wall - cached.offset < cached.until &- 86_400 {
                return wall - cached.offset
            }
            let instant = rules.instant(ofLocal: local)
            cached = rules.interval(atUTC: instant)
            return instant
        }
    }

    /// The wall-clock time in this zone at the UTC instant.
    package func local(atUTC instant: Int) -> CivilDateTime {
        CivilDateTime(secondsSinceEpoch: instant + offset(atUTC: instant))
    }
}
