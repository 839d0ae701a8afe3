import KithFormats

/// The nudges and statistics of the digest at `now`: a pure function of the network, settings and state.
package struct Planner: Sendable {
    package let network: Network
    package let settings: Settings
    package let state: PlannerState
    package let now: Int
    package let calendar: CivilCalendar
    /// The day of `now` in the configured zone.
    private let today: CivilDate
    /// Per person (as `network.people` orders them): whether they are left out, and their cadence.
    private let excluded: [Bool]
    private let cadences: [(seconds: Int, circle: String?)?]

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
                    cadence: Self.cadence(of: people[index], settings: settings)
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
            window: window(now: now, settings: settings, zone: zone),
            now: now,
            periods: statisticsPeriods(now: now, calendar: CivilCalendar(zone: zone)),
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
    package static func window(now: Int, settings: Settings, zone: ZoneRules) -> DateWindow {
        let today = zone.local(atUTC: now).date
        let cadences =
            settings.circles.map(\.every.approximateSeconds)
            + settings.people.values.compactMap { $0.every?.approximateSeconds }
        let longestDays = (cadences.max() ?? 0) / 86_400
        let backDays = min(max(2 * longestDays, 366), 5 * 366)
        let ahead = max(settings.digest.lookahead.approximateSeconds / 86_400, 7) + 2
        return DateWindow(from: today.adding(days: -backDays), to: today.adding(days: ahead))
    }

    /// The spans the statistics count meetings in: the week of `now` and the eleven before it (this week
    /// first, open-ended, as only meetings up to `now` count), then the month of `now`.
    static func statisticsPeriods(now: Int, calendar: CivilCalendar) -> [Range<Int>] {
        let today = calendar.date(of: now)
        let thisWeek = calendar.weekStart(today)
        let weekStarts = (0..<12).map { calendar.startOfDay(thisWeek.adding(days: -7 * $0)) }
        var periods = [weekStarts[0]..<Int.max]
        for weeksAgo in 1..<12 { periods.append(weekStarts[weeksAgo]..<weekStarts[weeksAgo - 1]) }
        let monthStart = calendar.startOfDay(CivilDate(year: today.year, month: today.month, day: 1))
        periods.append(monthStart..<calendar.startOfDay(CivilCalendar.firstOfNextMonth(today)))
        return periods
    }

    /// A person's cadence and where it comes from: their own `every`, else their circle's (with the circle's
    /// jitter, the same for the same person every time); nil when they are in no circle.
    package func cadence(of person: Person) -> (seconds: Int, circle: String?)? {
        Self.cadence(of: person, settings: settings)
    }

    private static func cadence(of person: Person, settings: Settings) -> (seconds: Int, circle: String?)? {
        let personal = settings.people.isEmpty ? nil : person.emails.lazy.compactMap { settings.people[$0] }.first
        if let every = personal?.every { return (every.approximateSeconds, personal?.circle) }
        guard let circle = circle(of: person, personal: personal, settings: settings) else { return nil }
        let base = Double(circle.every.approximateSeconds)
        let spread = Double(circle.jitter) / 100 * (Self.unitHash(person.key) * 2 - 1)
        return (Int(base * (1 + spread)), circle.name)
    }

    private static func circle(of person: Person, personal: Settings.Person?, settings: Settings) -> Settings.Circle? {
        if let name = personal?.circle { return settings.circles.first { $0.name == name } }
        let byMembership = settings.circles.first { circle in person.emails.contains { circle.members.contains($0) } }
        if let circle = byMembership { return circle }
        if let circle = settings.circles.first(where: { circle in
            circle.categories.contains { category in person.categories.contains { $0.caseInsensitiveEquals(category) } }
        }) {
            return circle
        }
        guard person.inContacts, let name = settings.defaultCircle else { return nil }
        return settings.circles.first { $0.name == name }
    }

    /// A deterministic number in [0, 1) from a key, for jitter.
    static func unitHash(_ key: String) -> Double { Double(StableHash.fnv1a(key) >> 11) / Double(1 << 53) }

    private static func isExcluded(_ person: Person, settings: Settings, state: PlannerState, now: Int) -> Bool {
        if !state.ignored.isEmpty, state.ignored.contains(person.key) { return true }
        if !state.snoozedUntil.isEmpty, let until = state.snoozedUntil[person.key], until > now { return true }
        return !settings.people.isEmpty && person.emails.contains { settings.people[$0]?.ignore == true }
    }

    /// Every nudge that applies now, at most one per person (the most urgent), each section ranked and capped.
    package func nudges() -> [Nudge] {
        // Each section's first few, most urgent first (then by name and key): kept while going through the
        // people once, rather than sorting every candidate of a large network; on all cores, each keeping
        // the first few of its own people, then the first few of those.
        @Sendable func ranksBefore(_ a: (Int, Nudge), _ b: (Int, Nudge)) -> Bool {
            (a.1.urgency, b.1.name, b.1.personKey) > (b.1.urgency, a.1.name, a.1.personKey)
        }
        let limit = settings.digest.maxPerSection
        @Sendable func keep(_ entry: (Int, Nudge), in sections: inout [Nudge.Kind: [(Int, Nudge)]]) {
            var section = sections[entry.1.kind, default: []]
            if section.count == limit, let last = section.last, !ranksBefore(entry, last) { return }
            let position = section.firstIndex { ranksBefore(entry, $0) } ?? section.count
            section.insert(entry, at: position)
            if section.count > limit { section.removeLast() }
            sections[entry.1.kind] = section
        }
        let planner = self
        let parts = Parallel.ranges(network.people.count, minimumPerRange: 10_000) { range in
            var sections: [Nudge.Kind: [(Int, Nudge)]] = [:]
            for index in range where !planner.excluded[index] {
                // The person's most urgent nudge: the first section's, and in it the most urgent.
                var best: Nudge?
                for nudge in planner.candidates(at: index, describing: false) {
                    if let current = best, (current.kind.rank, -current.urgency) <= (nudge.kind.rank, -nudge.urgency) {
                        continue
                    }
                    best = nudge
                }
                if let best { keep((index, best), in: &sections) }
            }
            return sections
        }
        var sections: [Nudge.Kind: [(Int, Nudge)]] = [:]
        for part in parts {
            for entry in part.values.joined() { keep(entry, in: &sections) }
        }
        var result: [Nudge] = []
        for kind in Nudge.Kind.allCases {
            // Only the nudges that make the digest are described.
            for (index, chosen) in sections[kind] ?? [] {
                let described = candidates(at: index, describing: true)
                result.append(described.first { $0.kind == chosen.kind } ?? chosen)
            }
        }
        return result
    }

    /// The nudges that apply to one person. Without `describing`, reasons and context are left empty: most
    /// candidates do not make the digest, and only the ones that do are described (`nudges()`).
    private func candidates(at index: Int, describing: Bool) -> [Nudge] {
        let person = network.people[index]
        let encounters = network.summaries[index]
        let lastForCadence = encounters.lastCounted
        func summary(of encounter: Network.Encounter) -> String { network.interaction(encounter).summary }
        func source(of encounter: Network.Encounter) -> SourceReference { network.interaction(encounter).source }
        var nudges: [Nudge] = []
        let cadence = cadences[index]

        // Follow up: a small meeting within follow_up_within, and nothing since.
        if let last = encounters.lastMet, last.kind == .meeting,
            now - last.start <= settings.digest.followUpWithin.approximateSeconds,
            last.attendeeCount <= settings.digest.followUpMaxAttendees
        {
            let day = calendar.date(of: last.start)
            nudges.append(
                nudge(
                    .followUp,
                    person,
                    due: day,
                    reason:
                        "Follow up with \(person.name) after '\(summary(of: last))' on \(CivilCalendar.short(day, reference: today))",
                    describing: describing,
                    sources: [source(of: last)],
                    urgency: Double(last.start)
                )
            )
        }

        // Prepare: a meeting in the coming 7 days with someone not seen for their cadence (or 90 days).
        if let next = encounters.nextPlanned, next.start - now <= 7 * 86_400 {
            let threshold = cadence?.seconds ?? 90 * 86_400
            let unseenFor = lastForCadence.map { now - $0.start }
            if unseenFor == nil || unseenFor! >= threshold {
                let day = calendar.date(of: next.start)
                func reason() -> String {
                    let text =
                        "Prepare for '\(summary(of: next))' on \(CivilCalendar.short(day, reference: today)) with \(person.name)"
                    guard let last = lastForCadence else { return text + ": you have not met before" }
                    return text + ": last met \(CivilCalendar.span(days: (now - last.start) / 86_400)) ago"
                }
                func lastMet() -> [String] {
                    guard let last = lastForCadence else { return [] }
                    let day = CivilCalendar.short(calendar.date(of: last.start), reference: today)
                    return ["Last met: '\(summary(of: last))' on \(day)"]
                }
                nudges.append(
                    nudge(
                        .prepare,
                        person,
                        due: day,
                        reason: reason(),
                        describing: describing,
                        sources: [source(of: next)],
                        context: contextLines(person) + lastMet(),
                        urgency: -Double(next.start)
                    )
                )
            }
        }

        // Birthdays and anniversaries within the look-ahead.
        let horizon = today.adding(days: settings.digest.lookahead.approximateSeconds / 86_400)
        if let birthday = person.birthday, let (day, years) = upcoming(birthday, today: today), day <= horizon {
            let when = CivilCalendar.short(day, reference: today)
            let reason =
                years.map { "\(person.name) turns \($0) on \(when)" } ?? "\(person.name)'s birthday is on \(when)"
            nudges.append(
                nudge(
                    .birthday,
                    person,
                    due: day,
                    reason: reason,
                    describing: describing,
                    sources: person.sources,
                    urgency: -Double(day.daysSinceEpoch)
                )
            )
        }
        for anniversary in person.anniversaries {
            guard let (day, years) = upcoming(anniversary.date, today: today), day <= horizon else { continue }
            let when = CivilCalendar.short(day, reference: today)
            let label = anniversary.label.lowercased() == "anniversary" ? "anniversary" : "'\(anniversary.label)'"
            let reason =
                years.map { "\(person.name)'s \(label): \($0) year\($0 == 1 ? "" : "s") on \(when)" }
                ?? "\(person.name)'s \(label) is on \(when)"
            nudges.append(
                nudge(
                    .anniversary,
                    person,
                    due: day,
                    reason: reason,
                    describing: describing,
                    sources: person.sources,
                    urgency: -Double(day.daysSinceEpoch)
                )
            )
        }

        // Reconnect: the cadence has run out since the last meeting (or since the card first appeared).
        if let cadence {
            let since = lastForCadence?.start ?? state.firstSeen[person.key]
            let heldBack = encounters.nextCounted.map { $0.start - now <= cadence.seconds } ?? false
            if let since, now - since > cadence.seconds, !heldBack {
                // Rank by how overdue, lowered for people the last digests already named, so that the capped
                // section rotates instead of showing the same people every week.
                let overdue = Double(now - since) / Double(max(cadence.seconds, 1))
                let ratio = overdue / Double(1 + (state.recentReconnects[person.key] ?? 0))
                let circleText = cadence.circle.map { "your \($0) circle" } ?? "you"
                let every = CivilCalendar.span(days: cadence.seconds / 86_400)
                func reason() -> String {
                    guard let last = lastForCadence else {
                        return
                            "Reconnect with \(person.name): not met since the card appeared; \(circleText) meets every \(every)"
                    }
                    let day = calendar.date(of: last.start)
                    return
                        "Reconnect with \(person.name): last met \(CivilCalendar.span(days: (now - last.start) / 86_400)) ago "
                        + "('\(summary(of: last))', \(CivilCalendar.short(day, reference: today))); \(circleText) meets every \(every)"
                }
                nudges.append(
                    nudge(
                        .reconnect,
                        person,
                        due: calendar.date(of: since + cadence.seconds),
                        reason: reason(),
                        describing: describing,
                        sources: lastForCadence.map { [source(of: $0)] } ?? person.sources,
                        context: contextLines(person),
                        urgency: ratio
                    )
                )
            }
        }

        // New in your network: a card first seen recently, not met yet.
        if person.inContacts, encounters.lastMet == nil,
            let firstSeen = state.firstSeen[person.key] ?? revisionInstant(person),
            now - firstSeen <= settings.digest.newContactWithin.approximateSeconds, firstSeen <= now
        {
            let day = calendar.date(of: firstSeen)
            nudges.append(
                nudge(
                    .newContact,
                    person,
                    due: day,
                    reason:
                        "\(person.name) is new in your network (added \(CivilCalendar.short(day, reference: today))); you have not met yet",
                    describing: describing,
                    sources: person.sources,
                    context: contextLines(person),
                    urgency: Double(firstSeen)
                )
            )
        }
        return nudges
    }

    private func nudge(
        _ kind: Nudge.Kind,
        _ person: Person,
        due: CivilDate,
        reason: @autoclosure () -> String,
        describing: Bool,
        sources: @autoclosure () -> [SourceReference],
        context: @autoclosure () -> [String] = [],
        urgency: Double
    ) -> Nudge {
        var nudge = Nudge(
            kind: kind,
            personKey: person.key,
            name: person.name,
            emails: person.emails,
            due: due,
            reason: describing ? reason() : "",
            sources: describing ? sources() : [],
            urgency: urgency
        )
        if describing { nudge.context = context() }
        return nudge
    }

    private func contextLines(_ person: Person) -> [String] {
        var lines: [String] = []
        let role = [person.title, person.organization].compactMap { $0 }.joined(separator: ", ")
        if !role.isEmpty { lines.append(role) }
        if let note = person.note, !note.isEmpty { lines.append("Note: " + note.replacingNewlines()) }
        if !person.inContacts { lines.append("Not in your contacts yet") }
        return lines
    }

    /// The next date of a yearly date within reach, and the age or years when the year is known.
    private func upcoming(_ date: VCardDate, today: CivilDate) -> (CivilDate, Int?)? {
        switch date {
        case .date(let original):
            let next = CivilCalendar.nextAnniversary(month: original.month, day: original.day, onOrAfter: today)
            // A date in the future (a card saying year 9999) has no age to tell.
            let years = next.year - original.year
            return (next, years > 0 ? years : nil)
        case .monthDay(let month, let day):
            return (CivilCalendar.nextAnniversary(month: month, day: day, onOrAfter: today), nil)
        case .text:
            return nil
        }
    }

    /// A card's REV as an instant (midnight of its day), standing in for "first seen" until the state records it.
    package func revisionInstant(_ person: Person) -> Int? { person.revisionDate.map(calendar.startOfDay) }

    /// The week's statistics.
    package func statistics() -> DigestStatistics {
        // The network noted the periods `statisticsPeriods` gives: twelve weeks, this one first, then the month.
        var weeklyCounts = Array(repeating: 0, count: 12)
        var metThisMonth = 0
        var overdue = 0
        for (index, summary) in network.summaries.enumerated() {
            for weeksAgo in 0..<12 where summary.periods & (1 << weeksAgo) != 0 { weeklyCounts[11 - weeksAgo] += 1 }
            if summary.periods & (1 << 12) != 0 { metThisMonth += 1 }
            if !excluded[index], let cadence = cadences[index], let since = summary.lastCounted?.start,
                now - since > cadence.seconds
            {
                overdue += 1
            }
        }
        return DigestStatistics(
            metThisWeek: weeklyCounts[11],
            weeklyGoal: settings.digest.weeklyGoal,
            weeklyCounts: weeklyCounts,
            people: network.people.count,
            overdue: overdue,
            metThisMonth: metThisMonth
        )
    }
}

extension String {
    func replacingNewlines() -> String {
        split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
