/// Resolves the TZIDs of one iCalendar file to zone rules, each once.
///
/// Order (as users' files need it): an IANA name, also behind a prefix such as `/softwarestudio.org/…/`
/// or inside quotes; a Windows zone name or an Outlook display name, through CLDR's table; the file's own
/// VTIMEZONE. A TZID none of these knows is reported once and its times are read as floating.
package struct ZoneResolver {
    package enum Source: Sendable, Equatable {
        case iana
        case windows
        case vtimezone
    }

    private let database: TimeZoneDatabase
    private let definitions: [String: Component]
    private var cache: [String: (rules: ZoneRules, source: Source)?] = [:]

    package init(database: TimeZoneDatabase, definitions: [String: Component]) {
        self.database = database
        self.definitions = definitions
    }

    /// The rules for `tzid`, or nil (reported in `log` on first use) when nothing defines it.
    package mutating func rules(for tzid: String, line: Int, log: inout DiagnosticLog) -> ZoneRules? {
        if let cached = cache[tzid] { return cached?.rules }
        let resolved = resolve(tzid, line: line, log: &log)
        cache[tzid] = resolved
        if resolved == nil {
            log.warning(
                .unknownTZID,
                "TZID \"\(tzid)\" is neither an IANA zone, a Windows zone nor defined by a VTIMEZONE; its times are read as floating",
                line: line
            )
        }
        return resolved?.rules
    }

    private func resolve(_ tzid: String, line: Int, log: inout DiagnosticLog) -> (rules: ZoneRules, source: Source)? {
        let name = tzid.trimmingCharacters(in: "\"' ")
        var named: (rules: ZoneRules, source: Source)? = nil
        if let rules = ianaRules(name) {
            named = (rules, .iana)
        } else if let iana = Self.windowsZone(name), let rules = database.rules(named: iana) {
            named = (rules, .windows)
        } else if let rules = decoratedRules(name) {
            named = (rules, .iana)
            log.warning(
                .decoratedTZID,
                "TZID \"\(name)\" is not an IANA name but contains one; read as \"\(rules.identifier)\"",
                line: line
            )
        }
        guard let component = definitions[tzid] ?? definitions[name] else { return named }
        guard let named else {
            return VTimeZoneRules.rules(component, identifier: name, log: &log).map { ($0, .vtimezone) }
        }
        // RFC 5545 §3.6.5: the file's VTIMEZONE is what its producer meant for the times it wrote. Where it
        // agrees with the zone its name names, that zone is kept (it knows the history a definition leaves
        // out); where it contradicts it, the definition wins.
        var quiet = DiagnosticLog(path: log.path)
        guard let own = VTimeZoneRules.rules(component, identifier: name, log: &quiet),
            let difference = Self.contradiction(own, named.rules, since: VTimeZoneRules.rulesInForce(component))
        else { return named }
        log.append(contentsOf: quiet.entries)
        let kind = named.source == .iana ? "IANA" : "Windows"
        log.warning(
            .zoneContradiction,
            "VTIMEZONE \"\(name)\" contradicts the \(kind) zone of that name (at \(difference.at)Z it says "
                + "\(Self.offsetText(difference.own)), the zone \(Self.offsetText(difference.named))); the file's "
                + "definition is used",
            line: component.line
        )
        return (own, .vtimezone)
    }

    /// `+02:00`, `-09:30`.
    static func offsetText(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let hours = minutes / 60
        let rest = minutes % 60
        return (seconds < 0 ? "-" : "+") + (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    /// The first instant, from when a definition's rules came in force (and no earlier than 2008, before which
    /// producers write today's rules for every year) to 2037, where `own` and `named` give different offsets:
    /// checked just before and after each of the definition's transitions, and in January and July of each
    /// year. Nil when they agree.
    static func contradiction(
        _ own: ZoneRules,
        _ named: ZoneRules,
        since: Int?
    ) -> (at: CivilDateTime, own: Int, named: Int)? {
        let from = max(since ?? Int.min, CivilDate(year: 2008, month: 1, day: 1).daysSinceEpoch * 86_400)
        let to = CivilDate(year: 2038, month: 1, day: 1).daysSinceEpoch * 86_400
        guard from < to else { return nil }
        var samples: [Int] = []
        for transition in own.transitions where transition > from && transition < to {
            samples.append(transition - 3 * 3_600)
            samples.append(transition + 3 * 3_600)
        }
        let firstYear = CivilDateTime(secondsSinceEpoch: from).date.year
        for year in firstYear..<2038 {
            for month in [1, 7] {
                let instant = CivilDate(year: year, month: month, day: 15).daysSinceEpoch * 86_400 + 43_200
                if instant >= from { samples.append(instant) }
            }
        }
        for instant in samples.sorted() {
            let ownOffset = own.offset(atUTC: instant)
            let namedOffset = named.offset(atUTC: instant)
            if ownOffset != namedOffset {
                return (CivilDateTime(secondsSinceEpoch: instant), ownOffset, namedOffset)
            }
        }
        return nil
    }

    private func ianaRules(_ name: String) -> ZoneRules? {
        if let rules = database.rules(named: name) { return rules }
        // RFC 5545 §3.2.19: a leading "/" marks a globally unique name, "/America/New_York"; prefixed names
        // ("/softwarestudio.org/Olson_20011030_5/America/New_York", "/mozilla.org/…") end in the IANA name.
        var parts = name.split(separator: "/")
        while !parts.isEmpty {
            if let rules = database.rules(named: parts.joined(separator: "/")) { return rules }
            parts.removeFirst()
        }
        return nil
    }

    /// The IANA areas a decorated name may hide a zone of.
    static let areas = [
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific",
    ]

    /// The IANA zone inside a decorated name: "custom_America/New_York_Forward_reference",
    /// "America/Los Angeles" (a blank for "_"), "Europe/Berlin (CET)". From the first "Area/", the longest run of
    /// name characters that names a zone, trimmed at "_", "-", " " or "(" from the end.
    func decoratedRules(_ name: String) -> ZoneRules? {
        for area in Self.areas {
            guard let found = name.firstRange(of: area + "/") else { continue }
            var candidate = String(name[found.lowerBound...]).replacingBlanks()
            while candidate.count > area.count + 1 {
                if let rules = database.rules(named: candidate) { return rules }
                guard let cut = candidate.lastIndex(where: { "_- (".contains($0) }) else { break }
                candidate = String(candidate[..<cut])
            }
        }
        return nil
    }

    /// The IANA zone of a Windows zone name ("W. Europe Standard Time") or of an Outlook display name
    /// ("(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius"), by CLDR.
    package static func windowsZone(_ name: String) -> String? {
        if let zone = WindowsZones.byWindowsName[name] { return zone }
        guard let close = name.firstIndex(of: ")"), name.hasPrefix("(") else { return nil }
        let cities = name[name.index(after: close)...].split { $0 == "," || $0 == "/" || $0 == ";" }
        for city in cities {
            let key = city.trimmingSpaces().lowercased()
            if let zone = WindowsZones.byCity[key] { return zone }
        }
        return nil
    }
}

extension String {
    /// Blanks inside a zone name as "_" ("America/Los Angeles"), blanks at its end dropped.
    func replacingBlanks() -> String {
        var result = ""
        for character in self { result.append(character == " " ? "_" : character) }
        while result.hasSuffix("_") { result.removeLast() }
        return result
    }

    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}

/// Builds zone rules from a VTIMEZONE: every onset of every STANDARD and DAYLIGHT observance.
enum VTimeZoneRules {
    /// Most onsets taken from one observance's RRULE.
    static let maxOnsetsPerObservance = 1_000

    /// When the definition's latest observance begins (its DTSTART read as UTC): the rules in force from then
    /// on are those a producer writing today's times meant.
    static func rulesInForce(_ component: Component) -> Int? {
        var latest: Int? = nil
        for observance in component.children where observance.name == "STANDARD" || observance.name == "DAYLIGHT" {
            guard let line = observance.first("DTSTART"), let start = WrittenTime.parse(line.value, tzid: nil) else {
                continue
            }
            latest = max(latest ?? Int.min, start.local.secondsSinceEpoch)
        }
        return latest
    }

    static func rules(_ component: Component, identifier: String, log: inout DiagnosticLog) -> ZoneRules? {
        var transitions: [(at: Int, offset: Int)] = []
        var earliest: (at: Int, offsetFrom: Int)? = nil
        var standardOffset: Int? = nil
        for observance in component.children where observance.name == "STANDARD" || observance.name == "DAYLIGHT" {
            guard let startLine = observance.first("DTSTART"),
                let start = WrittenTime.parse(startLine.value, tzid: nil),
                let toLine = observance.first("TZOFFSETTO"),
                let offsetTo = UTCOffset.parse(toLine.value)
            else {
                log.warning(
                    .badTimeZone,
                    "\(observance.name) of VTIMEZONE \"\(identifier)\" lacks a readable DTSTART or TZOFFSETTO; ignored",
                    line: observance.line
                )
                continue
            }
            let offsetFrom = observance.first("TZOFFSETFROM").flatMap { UTCOffset.parse($0.value) } ?? offsetTo
            if observance.name == "STANDARD", standardOffset == nil { standardOffset = offsetTo }
            var onsets: [CivilDateTime] = [start.local]
            for ruleLine in observance.all("RRULE") {
                guard let rule = RecurrenceRule.parse(ruleLine.value).rule else {
                    log.warning(
                        .badTimeZone,
                        "RRULE of VTIMEZONE \"\(identifier)\" is malformed; ignored",
                        line: ruleLine.line
                    )
                    continue
                }
                // UNTIL is in UTC; onsets are wall times in the offset before the change.
                let until = rule.until.map { until in
                    until.reference == .utc
                        ? CivilDateTime(secondsSinceEpoch: until.local.secondsSinceEpoch + offsetFrom) : until.local
                }
                var iterator = RecurrenceIterator(rule: rule, start: start.local, isDate: false, until: until)
                while onsets.count < maxOnsetsPerObservance, let onset = iterator.next() { onsets.append(onset) }
            }
            for rdate in observance.all("RDATE") {
                for item in rdate.value.split(separator: UInt8(ascii: ",")) {
                    let text = item.split(separator: UInt8(ascii: "/")).first ?? item[...]
                    if let time = WrittenTime.parse(text, tzid: nil) { onsets.append(time.local) }
                }
            }
            for onset in onsets {
                let at = onset.secondsSinceEpoch - offsetFrom
                transitions.append((at, offsetTo))
                if earliest == nil || at < earliest!.at { earliest = (at, offsetFrom) }
            }
        }
        guard let earliest else {
            log.warning(.badTimeZone, "VTIMEZONE \"\(identifier)\" defines no usable observance", line: component.line)
            return nil
        }
        // Before the first onset the definition says nothing; standard time is what such zones mean there
        // (RFC 2445's own US-Eastern example starts its rules after the events it is used for).
        return ZoneRules(
            identifier: identifier,
            initialOffset: standardOffset ?? earliest.offsetFrom,
            transitions: transitions
        )
    }
}
