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
        let resolved = resolve(tzid, log: &log)
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

    private func resolve(_ tzid: String, log: inout DiagnosticLog) -> (rules: ZoneRules, source: Source)? {
        let name = tzid.trimmingCharacters(in: "\"' ")
        if let rules = ianaRules(name) { return (rules, .iana) }
        if let iana = Self.windowsZone(name), let rules = database.rules(named: iana) { return (rules, .windows) }
        if let component = definitions[tzid] ?? definitions[name],
            let rules = VTimeZoneRules.rules(component, identifier: name, log: &log)
        {
            return (rules, .vtimezone)
        }
        return nil
    }

    private func ianaRules(_ name: String) -> ZoneRules? {
        if let rules = database.rules(named: name) { return rules }
        // Prefixed names: "/softwarestudio.org/Olson_20011030_5/America/New_York", "/mozilla.org/…".
        var parts = name.split(separator: "/")
        while parts.count > 1 {
            parts.removeFirst()
            if let rules = database.rules(named: parts.joined(separator: "/")) { return rules }
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
