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
    ///
    /// Events are built as their lines go by; only VTIMEZONE definitions are kept as components.
    package static func parse(_ source: SourceText, log: inout DiagnosticLog) -> ICalendar {
        var calendar = ICalendar()
        var reader = ContentLineReader(source)
        var walker = ComponentWalker()
        var bareCalendar: Int? = nil
        var bareReported = false
        /// Indices into `calendar.calendars` of the open VCALENDARs.
        var openCalendars: [Int] = []
        /// The VEVENT being read (its depth in `walker.open`, or -1) and its lines.
        var eventDepth = -1
        var eventLines: [LineSpan] = []
        /// The VTIMEZONE being read (its depth, or -1) and its open components, outermost first.
        var zoneDepth = -1
        var zoneComponents: [Component] = []
        var cache = EventReader.Cache()

        while let step = walker.next(&reader, log: &log) {
            switch step {
            case .begin(let name, let line):
                let depth = walker.open.count - 1
                if zoneDepth >= 0 {
                    zoneComponents.append(Component(name: name, line: line))
                    continue
                }
                switch name {
                case "VCALENDAR":
                    openCalendars.append(calendar.calendars.count)
                    calendar.calendars.append(CalendarInfo(defaultTimeZone: nil, line: line))
                case "VEVENT" where eventDepth < 0 && (depth == 0 || depth == 1 && walker.open[0].name == "VCALENDAR"):
                    eventDepth = depth
                    eventLines.removeAll(keepingCapacity: true)
                case "VTIMEZONE":
                    zoneDepth = depth
                    zoneComponents = [Component(name: name, line: line)]
                default:
                    break
                }
            case .property(let span):
                let depth = walker.open.count - 1
                if zoneDepth >= 0 {
                    zoneComponents[zoneComponents.count - 1].properties.append(reader.contentLine(span))
                } else if depth == eventDepth {
                    eventLines.append(span)
                } else if span.kind == .calendarTimeZone, walker.open[depth].name == "VCALENDAR",
                    let index = openCalendars.last, calendar.calendars[index].defaultTimeZone == nil
                {
                    calendar.calendars[index].defaultTimeZone = reader.text(span).trimmingSpaces()
                }
            case .end(let name, let line):
                calendar.componentCount += 1
                let depth = walker.open.count
                if zoneDepth >= 0 {
                    let component = zoneComponents.removeLast()
                    if depth > zoneDepth {
                        // Observances belong to their VTIMEZONE; anything else in it is not needed.
                        if name == "STANDARD" || name == "DAYLIGHT" {
                            if zoneComponents.count == 1 { zoneComponents[0].children.append(component) }
                        } else {
                            calendar.skippedComponentCount += 1
                        }
                        continue
                    }
                    zoneDepth = -1
                    if depth == 0 {
                        log.warning(
                            .bareComponent,
                            "VTIMEZONE outside any VCALENDAR; read as if wrapped in one",
                            line: line
                        )
                        Self.register(timeZone: component, in: &calendar.looseTimeZones)
                    } else if walker.open[depth - 1].name == "VCALENDAR", let index = openCalendars.last {
                        Self.register(timeZone: component, in: &calendar.calendars[index].timeZones)
                    }
                    continue
                }
                switch name {
                case "VCALENDAR":
                    openCalendars.removeLast()
                case "VEVENT" where depth == eventDepth:
                    eventDepth = -1
                    if depth == 0 {
                        if !bareReported {
                            log.warning(
                                .bareComponent,
                                "VEVENT outside any VCALENDAR; read as if wrapped in one",
                                line: line
                            )
                            bareReported = true
                        }
                        if bareCalendar == nil {
                            bareCalendar = calendar.calendars.count
                            calendar.calendars.append(CalendarInfo(defaultTimeZone: nil, line: line))
                        }
                    }
                    if let event = EventReader.read(
                        eventLines,
                        line: line,
                        calendar: depth == 0 ? bareCalendar! : openCalendars.last!,
                        reader: reader,
                        cache: &cache,
                        log: &log
                    ) {
                        calendar.events.append(event)
                    }
                case "STANDARD", "DAYLIGHT":
                    break
                default:
                    // VTODO, VJOURNAL, VFREEBUSY, VALARM, misplaced VEVENTs and anything else: read, not needed.
                    calendar.skippedComponentCount += 1
                }
            }
        }
        // The events point into the file's bytes; hand those over once, shared.
        let storage = reader.storage()
        for index in calendar.events.indices { calendar.events[index].storage = storage }
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
