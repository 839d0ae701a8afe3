import KithFormats

/// The nudge rules, one function per kind. Each says whether its kind applies to one person now and how
/// pressing it is (`Nudge.priority`), on one scale for every kind so that one ranking can mix them, from 0 to
/// `Planner.topPriority`:
/// - reconnect: weight × how many rhythms have passed since the last meeting that counts. The circle's weight
///   decides how soon someone reaches the top: with the default weights a close friend one rhythm overdue, the
///   default circle three. At the top everyone is simply long overdue, and who waited longest comes first;
///   a card whose REV is ten years old does not outrank everyone else for ever.
/// - a day-bound nudge (prepare, birthday, anniversary) and a follow-up: weight × (1 + nearness), nearness
///   going from 0 (at the edge of its window) to 1 (today, or a meeting just ended);
/// - new in your network: weight × (½ + ½ freshness).
/// The weight is the circle's (`circles.NAME.weight`, by default 3, 2 or 1 by rhythm); people in no circle
/// weigh 1. The defaults were chosen on `kith-bench simulate` (README, "Who comes first").
extension Planner {
    /// The highest priority: whoever reaches it is as pressing as can be, and among those the longest waiting
    /// comes first.
    static let topPriority = 3.0
    /// How far ahead a meeting is worth preparing for.
    static let prepareWithin = 7 * 86_400
    /// Whom Kith asks to prepare for when they have no rhythm: someone not met for this long.
    static let prepareUnseenFor = 90 * 86_400
    /// A birthday falling on the first days of a digest's week is shown in the digest before.
    static let earlyDays = 2
    /// An occasion shown this recently was shown by the digest before: longer than a week, shorter than two.
    static let occasionShownLately = 10 * 86_400

    /// What the rules read about one person.
    struct Facts {
        var index: Int
        var person: Person
        var encounters: Network.Summary
        var cadence: Cadence?
        /// When each kind was last shown for them.
        var shown: [Nudge.Kind: Int]

        var weight: Double { Double(cadence?.weight ?? 1) }
    }

    func facts(at index: Int) -> Facts {
        let person = network.people[index]
        return Facts(
            index: index,
            person: person,
            encounters: network.summaries[index],
            cadence: cadences[index],
            shown: state.lastShown.isEmpty ? [:] : state.lastShown[person.key] ?? [:]
        )
    }

    /// The nudges that apply to one person, each kind at most once. Without `describing`, reasons and context
    /// are left empty: most candidates do not make the digest, and only the ones that do are described.
    func candidates(at index: Int, describing: Bool) -> [Nudge] {
        let facts = facts(at: index)
        var nudges = [
            followUp(facts, describing: describing), prepare(facts, describing: describing),
            birthday(facts, describing: describing), reconnect(facts, describing: describing),
            newContact(facts, describing: describing),
        ].compactMap { $0 }
        nudges += anniversary(facts, describing: describing).prefix(1)
        return nudges
    }

    /// Whether someone shown at `shown` is still resting: the rest has not run out and nothing counted
    /// happened since (a meeting, or a `kith done`/`kith met`).
    func isResting(_ facts: Facts, since shown: Int?) -> Bool {
        guard let shown, now - shown < settings.digest.rest.approximateSeconds else { return false }
        guard let last = facts.encounters.lastCounted else { return true }
        return last.start <= shown
    }

    // MARK: - The rules

    /// Follow up: a small meeting within `follow_up_within` that started or changed something (see
    /// `startsSomething`), nothing since, and not already shown for it.
    func followUp(_ facts: Facts, describing: Bool) -> Nudge? {
        let within = settings.digest.followUpWithin.approximateSeconds
        guard within > 0, let last = facts.encounters.lastMet, last.kind == .meeting, last.start <= now,
            now - last.start <= within, last.attendeeCount <= settings.digest.followUpMaxAttendees,
            startsSomething(last, facts)
        else { return nil }
        // Shown for this meeting already, or shown lately and resting.
        if let shown = facts.shown[.followUp],
            shown >= last.start || now - shown < settings.digest.rest.approximateSeconds
        {
            return nil
        }
        let day = calendar.date(of: last.start)
        let nearness = 1 - Double(now - last.start) / Double(max(within, 1))
        return nudge(
            .followUp,
            facts.person,
            due: day,
            reason:
                "Follow up with \(facts.person.name) after '\(summary(of: last))' on \(CivilCalendar.short(day, reference: today))",
            describing: describing,
            sources: [source(of: last)],
            context: contextLines(facts.person),
            priority: Self.capped(facts.weight * (1 + nearness))
        )
    }

    /// Whether a meeting is worth a follow-up: a one-off; of a recurring meeting, the first instance (nothing
    /// earlier of it in the window) or one that ended a long gap (longer than their rhythm, or than
    /// `prepareUnseenFor` without one, since the meeting before it). Every instance when
    /// `digest.follow_up_series` asks for it. A weekly 1:1 thus asks for a follow-up when it begins, not
    /// every week.
    func startsSomething(_ meeting: Network.Encounter, _ facts: Facts) -> Bool {
        guard !settings.digest.followUpSeries, network.isSeriesInstance(meeting) else { return true }
        if meeting.previousInstance == Int.min, !network.isOverride(meeting) { return true }
        let before = facts.encounters.previousCountedStart
        let longGap = facts.cadence?.seconds ?? Self.prepareUnseenFor
        return before == Int.min || meeting.start - before > longGap
    }

    /// Prepare: a meeting in the coming week with someone not seen for their rhythm (or for 90 days).
    func prepare(_ facts: Facts, describing: Bool) -> Nudge? {
        guard let next = facts.encounters.nextPlanned, next.start >= now, next.start - now < Self.prepareWithin
        else { return nil }
        let last = facts.encounters.lastCounted
        if let last, now - last.start < facts.cadence?.seconds ?? Self.prepareUnseenFor { return nil }
        let day = calendar.date(of: next.start)
        func reason() -> String {
            let text =
                "Prepare for '\(summary(of: next))' on \(CivilCalendar.short(day, reference: today)) with \(facts.person.name)"
            guard let last else { return text + ": you have not met before" }
            return text + ": last met \(CivilCalendar.span(days: (now - last.start) / 86_400)) ago"
        }
        func lastMet() -> [String] {
            guard let last else { return [] }
            let day = CivilCalendar.short(calendar.date(of: last.start), reference: today)
            return ["Last met: '\(summary(of: last))' on \(day)"]
        }
        let nearness = 1 - Double(next.start - now) / Double(Self.prepareWithin)
        return nudge(
            .prepare,
            facts.person,
            due: day,
            reason: reason(),
            describing: describing,
            sources: [source(of: next)],
            context: contextLines(facts.person) + lastMet(),
            priority: Self.capped(facts.weight * (1 + nearness))
        )
    }

    /// A birthday in this digest's week, shown once (see `occasionDay`).
    func birthday(_ facts: Facts, describing: Bool) -> Nudge? {
        let name = facts.person.name
        return facts.person.birthday.flatMap { birthday in
            occasion(.birthday, on: birthday, facts, describing: describing) { when, years in
                years.map { "\(name) turns \($0) on \(when)" } ?? "\(name)'s birthday is on \(when)"
            }
        }
    }

    /// Anniversaries in this digest's week, shown once, soonest first.
    func anniversary(_ facts: Facts, describing: Bool) -> [Nudge] {
        let name = facts.person.name
        return facts.person.anniversaries.compactMap { anniversary in
            let label = anniversary.label.lowercased() == "anniversary" ? "anniversary" : "'\(anniversary.label)'"
            return occasion(.anniversary, on: anniversary.date, facts, describing: describing) { when, years in
                years.map { "\(name)'s \(label): \($0) year\($0 == 1 ? "" : "s") on \(when)" }
                    ?? "\(name)'s \(label) is on \(when)"
            }
        }
        .sorted { $0.due < $1.due }
    }

    /// The nudge of a yearly date that falls in this digest's week; `reason` gets the day as written and the
    /// age or years when known.
    private func occasion(
        _ kind: Nudge.Kind,
        on date: VCardDate,
        _ facts: Facts,
        describing: Bool,
        reason: (String, Int?) -> String
    ) -> Nudge? {
        guard let (day, years) = occasionDay(date, lastShown: facts.shown[kind]) else { return nil }
        return nudge(
            kind,
            facts.person,
            due: day,
            reason: reason(CivilCalendar.short(day, reference: today), years),
            describing: describing,
            sources: facts.person.sources,
            context: contextLines(facts.person),
            priority: Self.capped(facts.weight * (1 + nearness(of: day)))
        )
    }

    /// Reconnect: the rhythm has run out since the last meeting that counts (or, for someone never met, since
    /// Kith first saw the card), no meeting is booked within a rhythm, and they are not resting.
    func reconnect(_ facts: Facts, describing: Bool) -> Nudge? {
        guard let standing = standing(at: facts.index), standing.isOverdue(at: now) else { return nil }
        let (cadence, since) = (standing.cadence, standing.since)
        if let next = facts.encounters.nextCounted, next.start - now <= cadence.seconds { return nil }
        let shown = facts.shown[.reconnect]
        if isResting(facts, since: shown) { return nil }
        let rhythms = Double(now - since) / Double(max(cadence.seconds, 1))
        // Waiting counts from when they fell due, or from when the last rest ran out.
        let rested = shown.map { $0 + settings.digest.rest.approximateSeconds } ?? Int.min
        let last = facts.encounters.lastCounted
        func reason() -> String {
            let rhythm = rhythmText(cadence, facts.person)
            guard let last else {
                let added = CivilCalendar.short(calendar.date(of: since), reference: today)
                return
                    "Reconnect with \(facts.person.name): you have never met (in your contacts since \(added)); \(rhythm)"
            }
            let day = calendar.date(of: last.start)
            return
                "Reconnect with \(facts.person.name): last met \(CivilCalendar.span(days: (now - last.start) / 86_400)) ago "
                + "('\(summary(of: last))', \(CivilCalendar.short(day, reference: today))); \(rhythm)"
        }
        var nudge = nudge(
            .reconnect,
            facts.person,
            due: calendar.date(of: since + cadence.seconds),
            reason: reason(),
            describing: describing,
            sources: last.map { [source(of: $0)] } ?? facts.person.sources,
            context: contextLines(facts.person),
            priority: Self.capped(facts.weight * rhythms)
        )
        nudge.waitingSince = max(since + cadence.seconds, rested)
        return nudge
    }

    /// New in your network: a card first seen within `new_contact_within`, never met, and not resting.
    func newContact(_ facts: Facts, describing: Bool) -> Nudge? {
        let person = facts.person
        let within = settings.digest.newContactWithin.approximateSeconds
        // A card Kith found at its first run was there before: new only when its REV says so.
        let seen = state.firstSeen[person.key].flatMap { seen in state.firstRun.map { seen > $0 } ?? true ? seen : nil }
        guard within > 0, person.inContacts, facts.encounters.lastMet == nil,
            let firstSeen = seen ?? revisionInstant(person),
            firstSeen <= now, now - firstSeen <= within, !isResting(facts, since: facts.shown[.newContact])
        else { return nil }
        let day = calendar.date(of: firstSeen)
        let freshness = 1 - Double(now - firstSeen) / Double(max(within, 1))
        return nudge(
            .newContact,
            person,
            due: day,
            reason:
                "\(person.name) is new in your network (added \(CivilCalendar.short(day, reference: today))); you have not met yet",
            describing: describing,
            sources: person.sources,
            context: contextLines(person),
            priority: Self.capped(facts.weight * (0.5 + 0.5 * freshness))
        )
    }

    /// The rhythm as the user configured it, and this person's when the circle's jitter moved it:
    /// "your research circle: every 6 weeks, 5 for José"; "you asked for every 3 weeks".
    func rhythmText(_ cadence: Cadence, _ person: Person) -> String {
        var text = cadence.circle.map { "your \($0) circle: every " } ?? "you asked for every "
        text += CivilCalendar.spell(cadence.configured)
        if cadence.isSpread {
            let given = person.name.split(separator: " ").first.map(String.init) ?? person.name
            let own = CivilCalendar.spell(seconds: cadence.seconds, like: cadence.configured, bare: true)
            text += ", \(own) for \(given)"
        }
        return text
    }

    // MARK: - Days

    /// The day a yearly date (a birthday, an anniversary) is shown for in this digest, and the age or years
    /// when the year is known; nil when it belongs to another digest.
    ///
    /// A digest's week runs from its configured day (the one on or before today) for seven days. It shows the
    /// occasions from today to the end of that week and of the next week's first `earlyDays` (which would come
    /// too late in the next digest), unless one was shown in the last ten days: the digest before showed it.
    /// So each is shown once, and one Kith did not show (it was not running) is shown late rather than never.
    func occasionDay(_ date: VCardDate, lastShown: Int?) -> (CivilDate, Int?)? {
        let until = digestWeekStart().adding(days: 7 + Self.earlyDays)
        let horizon = today.adding(days: settings.digest.lookahead.approximateSeconds / 86_400)
        guard let (day, years) = Self.nextOccurrence(of: date, onOrAfter: today), day < until, day <= horizon else {
            return nil
        }
        if let lastShown, now - lastShown < Self.occasionShownLately { return nil }
        return (day, years)
    }

    /// The start of the week the digest of today belongs to: the last `digest.day` on or before today.
    func digestWeekStart() -> CivilDate {
        // CivilDate counts weekdays from 0 (Monday), the setting from 1.
        let back = (today.weekday - (settings.digest.day.rawValue - 1) + 7) % 7
        return today.adding(days: -back)
    }

    /// 1 today, falling to 0 at the end of the digest's reach.
    func nearness(of day: CivilDate) -> Double {
        let days = Double(day.daysSinceEpoch - today.daysSinceEpoch)
        return max(0, 1 - days / Double(7 + Self.earlyDays))
    }

    /// The next date of a yearly date on or after `today`, and the age or years when the year is known.
    static func nextOccurrence(of date: VCardDate, onOrAfter today: CivilDate) -> (CivilDate, Int?)? {
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

    // MARK: - Building a nudge

    static func capped(_ priority: Double) -> Double { min(priority, topPriority) }

    func summary(of encounter: Network.Encounter) -> String { network.interaction(encounter).summary }
    func source(of encounter: Network.Encounter) -> SourceReference { network.interaction(encounter).source }

    func nudge(
        _ kind: Nudge.Kind,
        _ person: Person,
        due: CivilDate,
        reason: @autoclosure () -> String,
        describing: Bool,
        sources: @autoclosure () -> [SourceReference],
        context: @autoclosure () -> [String] = [],
        priority: Double
    ) -> Nudge {
        var nudge = Nudge(
            kind: kind,
            personKey: person.key,
            name: person.name,
            emails: person.emails,
            due: due,
            reason: describing ? reason() : "",
            sources: describing ? sources() : [],
            priority: priority
        )
        if describing { nudge.context = context() }
        return nudge
    }
}
