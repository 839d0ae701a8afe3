/// The contents of one iCalendar file: its events, time zone definitions and per-calendar settings.
package struct ICalendar: Sendable {
    /// Settings of one VCALENDAR in the file.
    package struct CalendarInfo: Sendable {
        /// `X-WR-TIMEZONE`: the zone Google and Apple mean for floating times.
        package var defaultTimeZone: String?
        /// Its VTIMEZONE components by TZID (the first definition wins).
        package var timeZones: [String: Component] = [:]
        package var line: Int
    }

    package var events: [Event] = []
    package var calendars: [CalendarInfo] = []
    /// VTIMEZONE components outside any VCALENDAR, by TZID; every calendar of the file may use them.
    package var looseTimeZones: [String: Component] = [:]
    /// Every component met, of any kind.
    package var componentCount = 0
    /// VTODO, VJOURNAL, VFREEBUSY and other components read and skipped.
    package var skippedComponentCount = 0

    package init() {}

    /// Reads a whole file. Never fails: what cannot be read is reported in `log` and skipped.
    package static func parse(_ source: SourceText, log: inout DiagnosticLog) -> ICalendar {
        var calendar = ICalendar()
        var reader = ContentLineReader(source)
        var bareCalendar: Int? = nil
        var bareReported = false
        _ = ComponentReader.read(&reader, log: &log) { component, ancestors, log in
            calendar.componentCount += 1
            switch component.name {
            case "VCALENDAR":
                let index = calendar.calendars.count
                var info = CalendarInfo(
                    defaultTimeZone: component.first("X-WR-TIMEZONE").map { $0.text.trimmingSpaces() },
                    line: component.line
                )
                for child in component.children where child.name == "VTIMEZONE" {
                    Self.register(timeZone: child, in: &info.timeZones)
                }
                calendar.calendars.append(info)
                // Events of this calendar were appended with a provisional index; settle it.
                for eventIndex in calendar.events.indices where calendar.events[eventIndex].calendar == -1 {
                    calendar.events[eventIndex].calendar = index
                }
                return false
            case "VEVENT":
                guard ancestors.isEmpty || ancestors == ["VCALENDAR"] else {
                    calendar.skippedComponentCount += 1
                    return false
                }
                if ancestors.isEmpty {
                    if !bareReported {
                        log.warning(
                            .bareComponent,
                            "VEVENT outside any VCALENDAR; read as if wrapped in one",
                            line: component.line
                        )
                        bareReported = true
                    }
                    if bareCalendar == nil {
                        bareCalendar = calendar.calendars.count
                        calendar.calendars.append(CalendarInfo(defaultTimeZone: nil, line: component.line))
                    }
                }
                if var event = EventReader.read(component, log: &log) {
                    event.calendar = ancestors.isEmpty ? bareCalendar! : -1
                    calendar.events.append(event)
                }
                return false
            case "VTIMEZONE":
                if ancestors.isEmpty {
                    log.warning(
                        .bareComponent,
                        "VTIMEZONE outside any VCALENDAR; read as if wrapped in one",
                        line: component.line
                    )
                    Self.register(timeZone: component, in: &calendar.looseTimeZones)
                    return false
                }
                return true
            case "STANDARD", "DAYLIGHT":
                return ancestors.last == "VTIMEZONE"
            default:
                // VTODO, VJOURNAL, VFREEBUSY, VALARM and anything else: read, and not needed.
                calendar.skippedComponentCount += 1
                return false
            }
        }
        return calendar
    }

    private static func register(timeZone: Component, in table: inout [String: Component]) {
        guard let tzid = timeZone.first("TZID")?.text.trimmingSpaces(), !tzid.isEmpty else { return }
        if table[tzid] == nil { table[tzid] = timeZone }
    }

    /// The VTIMEZONE definitions that calendar `index` of the file can use.
    func timeZoneDefinitions(forCalendar index: Int) -> [String: Component] {
        guard let own = calendars[safe: index]?.timeZones, !own.isEmpty else { return looseTimeZones }
        return own.merging(looseTimeZones) { first, _ in first }
    }
}
