import KithFormats

/// Builds a `Network` (DESIGN.md, "What counts as we met").
package enum NetworkBuilder {
    /// - Parameters:
    ///   - documents: every parsed file of the inbox, paths relative to it or absolute.
    ///   - window: the days whose occurrences matter (the planner's look-back and look-ahead).
    ///   - now: interactions that start at or before it are past, the others planned.
    ///   - periods: spans of time (at most 64) in which to note whether each person met the user.
    ///   - zone: the configured zone; all-day and floating times are read in it.
    ///   - manual: interactions the user told Kith about (from the state), by person key.
    package static func build(
        documents: [Document],
        settings: Settings,
        window: DateWindow,
        now: Int,
        periods: [Range<Int>] = [],
        zone: ZoneRules,
        database: TimeZoneDatabase,
        manual: [String: [Interaction]] = [:]
    ) -> (network: Network, diagnostics: [Diagnostic]) {
        precondition(periods.count <= 64, "at most 64 periods")
        // Sources name files relative to the inbox, as the user knows them.
        let documents = documents.map { document in
            var document = document
            document.path = relativePath(document.path, inbox: settings.inbox)
            return document
        }.filter { !isIgnored($0.path, settings: settings) }
        var unreadable: [Diagnostic] = []
        for document in documents {
            if document.isEmpty, let first = document.diagnostics.first(where: { $0.severity == .error }) {
                unreadable.append(first)
            }
        }
        // Stale copies of an event in other files (vdir copies a sync tool left behind) count once: the rule of
        // one file (highest SEQUENCE, then the latest LAST-MODIFIED or DTSTAMP) per UID across them.
        let calendars = documents.compactMap { document in document.calendar.map { (document.path, $0) } }
        let stale = calendars.count > 1 ? ICalendar.staleCopies(across: calendars) : (ignored: [], diagnostics: [])
        let ignoredEvents = Dictionary(
            zip(calendars.map(\.0), stale.ignored).filter { !$0.1.isEmpty },
            uniquingKeysWith: { $0.union($1) }
        )
        // The calendars are expanded while the cards are merged: neither needs the other, and each has parts
        // that run on one core only.
        let (people, expanded) = Parallel.both(
            {
                var cards = CardMerger(own: Set(settings.me.emails))
                for document in documents { cards.add(document.cards, file: document.path) }
                return cards.people()
            },
            {
                documents.compactMap { document -> (Document, [Occurrence], [Diagnostic])? in
                    guard let calendar = document.calendar else { return nil }
                    var log = DiagnosticLog(path: document.path)
                    let occurrences = calendar.occurrences(
                        in: window,
                        database: database,
                        log: &log,
                        onAllCores: true,
                        ignoring: ignoredEvents[document.path] ?? []
                    )
                    return (document, occurrences, log.entries)
                }
            }
        )
        var builder = NetworkAssembly(
            people: people.people,
            addresses: people.addresses,
            settings: settings,
            now: now,
            periods: periods,
            zone: zone
        )
        var diagnostics = stale.diagnostics
        for (document, occurrences, entries) in expanded {
            diagnostics.append(contentsOf: entries)
            builder.add(document.calendar!.events, occurrences: occurrences, path: document.path)
        }
        builder.add(manual: manual)
        return (builder.network(unreadable: unreadable), diagnostics)
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
                guard let range = rest.firstRange(of: part) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return true
    }
}
