import KithFormats

/// The nudges and statistics of the digest at `now`: a pure function of the network, settings and state.
package struct Planner: Sendable {
    package let network: Network
    package let settings: Settings
    package let state: PlannerState
    package let now: Int
    package let calendar: CivilCalendar
    /// The day of `now` in the configured zone.
    let today: CivilDate
    /// Per person (as `network.people` orders them): whether they are left out, and their cadence.
    let excluded: [Bool]
    let cadences: [Cadence?]

    /// A planner at the moment, and in the zone, the network was summed up for.
    package init(network: Network, settings: Settings, state: PlannerState) {
        self.network = network
        self.settings = settings
        self.state = state
        let now = network.now
        self.now = now
        self.calendar = CivilCalendar(zone: network.zone)
        self.today = calendar.date(of: now)
        let people = network.people
        let parts = Parallel.ranges(people.count, minimumPerRange: 10_000) { range in
            range.map { index in
                (
                    excluded: Self.isExcluded(people[index], settings: settings, state: state, now: now),
                    cadence: Self.cadence(of: people[index], settings: settings, state: state)
                )
            }
        }
        self.excluded = parts.flatMap { $0.map(\.excluded) }
        self.cadences = parts.flatMap { $0.map(\.cadence) }
    }

    /// Builds the network from the documents over the window a plan at `now` needs, and the planner on it.
    package static func make(
        documents: [Document],
        settings: Settings,
        state: PlannerState = PlannerState(),
        manual: [String: [Interaction]] = [:],
        now: Int,
        zone: ZoneRules,
        database: TimeZoneDatabase
    ) -> (planner: Planner, diagnostics: [Diagnostic]) {
        let (network, diagnostics) = NetworkBuilder.build(
            documents: documents,
            settings: settings,
            window: window(now: now, settings: settings, zone: zone, state: state),
            now: now,
            periods: statisticsPeriods(now: now, calendar: CivilCalendar(zone: zone), day: settings.digest.day),
            zone: zone,
            database: database,
            manual: manual
        )
        return (Planner(network: network, settings: settings, state: state), diagnostics)
    }

    /// The same planner with another state.
    package func with(state: PlannerState) -> Planner {
        Planner(network: network, settings: settings, state: state)
    }

    /// The days of occurrences a plan at `now` needs: back twice the longest cadence (at least a year, at most
    /// five), so that the last meeting of anyone still within reach of their cadence is seen; forward the
    /// look-ahead.
    package static func window(
        now: Int,
        settings: Settings,
        zone: ZoneRules,
        state: PlannerState = PlannerState()
    ) -> DateWindow {
        let today = zone.local(atUTC: now).date
        let cadences =
            settings.circles.map(\.every.approximateSeconds)
            + settings.people.values.compactMap { $0.every?.approximateSeconds }
            + state.rhythm.values.map(\.approximateSeconds)
        let longestDays = (cadences.max() ?? 0) / 86_400
        let backDays = min(max(2 * longestDays, 366), 5 * 366)
        let ahead = max(settings.digest.lookahead.approximateSeconds / 86_400, 7) + 2
        return DateWindow(from: today.adding(days: -backDays), to: today.adding(days: ahead))
    }

    /// The spans the statistics count meetings in (`DigestStatistics`): the twelve weeks before the digest's week
    /// (the digest's week starts on `day`, on or before `now`), the week that just ended first, then the digest's
    /// week so far (open-ended: only interactions up to `now` count).
    static func statisticsPeriods(
        now: Int,
        calendar: CivilCalendar,
        day: Settings.Weekday = Settings.Digest().day
    ) -> [Range<Int>] {
        let weekStart = DigestStatistics.weekStart(containing: calendar.date(of: now), day: day)
        let starts = (0...DigestStatistics.weeks).map { calendar.startOfDay(weekStart.adding(days: -7 * $0)) }
        return (0..<DigestStatistics.weeks).map { starts[$0 + 1]..<starts[$0] } + [starts[0]..<Int.max]
    }

    /// How often to meet someone, where that comes from, and how much their nudges weigh.
    package struct Cadence: Sendable, Hashable {
        /// Where a person's rhythm comes from, most specific first.
        package enum Origin: String, Sendable, Hashable {
            /// What the user told Kith for them: `kith every` (the rhythm) or `kith circle` (the circle).
            case state
            /// Their own `every` or `circle` in `[people]`.
            case person
            /// A circle that names them in `members`.
            case members
            /// A circle whose `categories` their card has.
            case categories
            /// `default_circle`: a card in no other circle.
            case defaultCircle = "default_circle"
        }

        /// The rhythm for this person: the configured one moved by the circle's jitter.
        package var seconds: Int
        /// The rhythm as configured, before jitter: what reasons quote.
        package var configured: ConfigDuration
        package var circle: String?
        package var origin: Origin
        /// The circle's weight (`Settings.Circle.effectiveWeight`); for a rhythm of one's own outside any
        /// circle, the weight a circle with that rhythm would have.
        package var weight: Int

        /// Whether jitter moved this person's rhythm by a day or more from the configured one.
        package var isSpread: Bool { abs(seconds - configured.approximateSeconds) >= 86_400 }
    }

    /// Where someone stands against their rhythm: since when it runs (their last meeting that counts, else
    /// when Kith first saw their card, else its REV) and when it runs out. Nil without a rhythm, or for
    /// someone never met that Kith knows no date for. The reconnect rule, the statistics' overdue count and
    /// `kith people --overdue` all read this, so they name the same people.
    package struct Standing: Sendable {
        package var since: Int
        package var due: Int
        package var cadence: Cadence
        /// Someone never met: `since` is when their card was first seen.
        package var neverMet: Bool

        package func isOverdue(at now: Int) -> Bool { now - since > cadence.seconds }
    }

    /// `Standing` of the person at `index` (as `network.people` orders them).
    package func standing(at index: Int) -> Standing? {
        guard let cadence = cadences[index] else { return nil }
        let person = network.people[index]
        if let last = network.summaries[index].lastCounted {
            return Standing(since: last.start, due: last.start + cadence.seconds, cadence: cadence, neverMet: false)
        }
        guard person.inContacts, let seen = state.firstSeen[person.key] ?? revisionInstant(person) else { return nil }
        return Standing(since: seen, due: seen + cadence.seconds, cadence: cadence, neverMet: true)
    }

    /// Whether the person at `index` is overdue now: not left out (snoozed, ignored) and past their rhythm.
    package func isOverdue(at index: Int) -> Bool {
        !excluded[index] && standing(at: index)?.isOverdue(at: now) == true
    }

    /// A person's cadence and where it comes from, each part from the most specific place that sets it: the
    /// rhythm from `kith every`, else `every` in `[people]`, else their circle's (with the circle's jitter, the
    /// same for the same person every time); the circle from `kith circle`, else `circle` in `[people]`, else
    /// the circles' members, categories and `default_circle`. Nil when they have neither rhythm nor circle.
    package func cadence(of person: Person) -> Cadence? {
        Self.cadence(of: person, settings: settings, state: state)
    }

    private static func cadence(of person: Person, settings: Settings, state: PlannerState) -> Cadence? {
        let personal = settings.people.isEmpty ? nil : person.emails.lazy.compactMap { settings.people[$0] }.first
        let found = circle(of: person, personal: personal, settings: settings, state: state)
        let own: (every: ConfigDuration, origin: Cadence.Origin)? =
            (state.rhythm.isEmpty ? nil : state.rhythm[person.key].map { ($0, .state) })
            ?? personal?.every.map { ($0, .person) }
        if let (every, origin) = own {
            let weight = found?.circle.effectiveWeight ?? Settings.Circle.defaultWeight(every: every)
            // A circle named for them goes with a rhythm of their own; one they are in by members or
            // categories does not: that circle does not meet them at this rhythm.
            let named = found.flatMap { $0.origin == .state || $0.origin == .person ? $0.circle.name : nil }
            return Cadence(
                seconds: every.approximateSeconds,
                configured: every,
                circle: named ?? personal?.circle,
                origin: origin,
                weight: weight
            )
        }
        guard let (circle, origin) = found else { return nil }
        let base = Double(circle.every.approximateSeconds)
        let spread = Double(circle.jitter) / 100 * (Self.unitHash(person.key) * 2 - 1)
        return Cadence(
            seconds: Int(base * (1 + spread)),
            configured: circle.every,
            circle: circle.name,
            origin: origin,
            weight: circle.effectiveWeight
        )
    }

    /// The circle a person is in and what put them there (see `cadence(of:)`); nil when in none.
    package func circle(of person: Person) -> (circle: Settings.Circle, origin: Cadence.Origin)? {
        let personal = settings.people.isEmpty ? nil : person.emails.lazy.compactMap { settings.people[$0] }.first
        return Self.circle(of: person, personal: personal, settings: settings, state: state)
    }

    /// The circle a person is in and what put them there: `kith circle`, `circle` in `[people]`, a circle's
    /// members, its categories, `default_circle`, in that order. A name no circle has (a circle removed from
    /// the config since) places no one.
    private static func circle(
        of person: Person,
        personal: Settings.Person?,
        settings: Settings,
        state: PlannerState
    ) -> (circle: Settings.Circle, origin: Cadence.Origin)? {
        if !state.circle.isEmpty, let name = state.circle[person.key],
            let circle = settings.circles.first(where: { $0.name == name })
        {
            return (circle, .state)
        }
        if let name = personal?.circle { return settings.circles.first { $0.name == name }.map { ($0, .person) } }
        let byMembership = settings.circles.first { circle in person.emails.contains { circle.members.contains($0) } }
        if let circle = byMembership { return (circle, .members) }
        if let circle = settings.circles.first(where: { circle in
            circle.categories.contains { category in person.categories.contains { $0.caseInsensitiveEquals(category) } }
        }) {
            return (circle, .categories)
        }
        guard person.inContacts, let name = settings.defaultCircle else { return nil }
        return settings.circles.first { $0.name == name }.map { ($0, .defaultCircle) }
    }

    /// A deterministic number in [0, 1) from a key, for jitter.
    static func unitHash(_ key: String) -> Double { Double(StableHash.fnv1a(key) >> 11) / Double(1 << 53) }

    private static func isExcluded(_ person: Person, settings: Settings, state: PlannerState, now: Int) -> Bool {
        if !state.ignored.isEmpty, state.ignored.contains(person.key) { return true }
        if !state.snoozedUntil.isEmpty, let until = state.snoozedUntil[person.key], until > now { return true }
        return !settings.people.isEmpty && person.emails.contains { settings.people[$0]?.ignore == true }
    }

    func contextLines(_ person: Person) -> [String] {
        var lines: [String] = []
        let role = [person.title, person.organization].compactMap { $0 }.joined(separator: ", ")
        if !role.isEmpty { lines.append(role) }
        if let note = person.note, !note.isEmpty { lines.append("Note: " + note.replacingNewlines()) }
        // The user's own latest note: what they wrote down to remember for next time.
        if !state.notes.isEmpty, let note = state.notes[person.key]?.last {
            lines.append("Your note: " + note.text.replacingNewlines())
        }
        if !person.inContacts { lines.append("Not in your contacts yet") }
        return lines
    }

    /// A card's REV as an instant (midnight of its day), standing in for "first seen" until the state records it.
    package func revisionInstant(_ person: Person) -> Int? { person.revisionDate.map(calendar.startOfDay) }

    /// The statistics of the digest at `now`: the week that just ended, the digest's week, and the chart.
    package func statistics() -> DigestStatistics {
        // The network noted the periods `statisticsPeriods` gives: bit k for k + 1 weeks ago, then this week.
        let weeks = DigestStatistics.weeks
        let weekStart = DigestStatistics.weekStart(containing: today, day: settings.digest.day)
        let weekEnd = calendar.startOfDay(weekStart.adding(days: 7))
        var weeklyCounts = Array(repeating: 0, count: weeks)
        var (metThisWeek, booked, overdue) = (0, 0, 0)
        for (index, summary) in network.summaries.enumerated() {
            for weeksAgo in 0..<weeks where summary.periods & (1 << weeksAgo) != 0 {
                weeklyCounts[weeks - 1 - weeksAgo] += 1
            }
            if summary.periods & (1 << weeks) != 0 {
                metThisWeek += 1
            } else if !excluded[index], let next = summary.nextCounted, next.start < weekEnd {
                booked += 1
            }
            if isOverdue(at: index) { overdue += 1 }
        }
        return DigestStatistics(
            lastWeek: weekStart.adding(days: -7),
            metLastWeek: weeklyCounts[weeks - 1],
            weeklyGoal: settings.digest.weeklyGoal,
            weeklyCounts: weeklyCounts,
            metThisWeek: metThisWeek,
            bookedThisWeek: booked,
            people: network.people.count,
            overdue: overdue
        )
    }
}

extension String {
    func replacingNewlines() -> String {
        split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
