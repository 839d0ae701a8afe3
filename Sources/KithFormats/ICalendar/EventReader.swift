/// Turns a VEVENT component into an `Event`, reporting and skipping what cannot be read.
enum EventReader {
    static func read(_ component: Component, log: inout DiagnosticLog) -> Event? {
        var uid: String? = nil
        var starts: [ContentLine] = []
        for property in component.properties {
            if property.kind == .uid, uid == nil { uid = property.text }
            if property.kind == .dtstart { starts.append(property) }
        }
        let label = uid.map { "VEVENT \"\($0)\"" } ?? "VEVENT"
        guard let startLine = starts.first else {
            log.error(.missingDTSTART, "\(label) has no DTSTART; skipped", line: component.line)
            return nil
        }
        if starts.count > 1 {
            // Two different starts leave no way to tell when it happens; identical ones are harmless.
            guard
                starts.allSatisfy({
                    $0.value.elementsEqual(startLine.value) && $0.parameterBytes.elementsEqual(startLine.parameterBytes)
                })
            else {
                log.error(
                    .duplicateProperty,
                    "\(label) has \(starts.count) different DTSTARTs; skipped",
                    line: starts[1].line
                )
                return nil
            }
            log.warning(.duplicateProperty, "\(label) repeats its DTSTART; the copy is ignored", line: starts[1].line)
        }
        guard let start = time(startLine, log: &log) else {
            log.error(
                .badDateTime,
                "\(label): DTSTART \"\(startLine.rawText)\" is not a date or date-time; skipped",
                line: startLine.line,
                column: startLine.valueColumn
            )
            return nil
        }
        var event = Event(start: start, line: component.line)
        event.uid = uid
        for property in component.properties {
            switch property.kind {
            case .summary: if event.summaryBytes == nil { event.summaryBytes = property.value }
            case .description: if event.descriptionBytes == nil { event.descriptionBytes = property.value }
            case .location: if event.locationBytes == nil { event.locationBytes = property.value }
            case .status: if event.status == nil { event.status = property.text.trimmingSpaces().uppercased() }
            case .sequence: event.sequence = Int(property.rawText.trimmingSpaces()) ?? 0
            case .dtend:
                guard event.end == nil else { continue }
                if let end = time(property, log: &log) {
                    event.end = end
                } else {
                    log.warning(
                        .badDateTime,
                        "\(label): DTEND \"\(property.rawText)\" is not a date or date-time; ignored",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
            case .duration:
                if let duration = ICalDuration.parse(property.value) {
                    event.duration = duration
                } else {
                    log.warning(
                        .badDuration,
                        "\(label): DURATION \"\(property.rawText)\" is malformed; ignored",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
            case .organizer: event.organizerLine = property
            case .attendee: event.attendeeLines.append(property)
            case .categories: event.categoryLines.append(property)
            case .rrule:
                let parsed = RecurrenceRule.parse(property.value)
                for problem in parsed.problems {
                    log.warning(
                        .badRecurrenceRule,
                        "\(label): RRULE: \(problem)",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
                for repair in parsed.repairs {
                    log.warning(
                        .recurrenceRuleRepaired,
                        "\(label): RRULE: \(repair)",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
                if let rule = parsed.rule {
                    event.rules.append(rule)
                } else {
                    log.error(
                        .badRecurrenceRule,
                        "\(label): RRULE unusable; the event counts once",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
            case .rdate:
                event.recurrenceDates.append(contentsOf: recurrenceDates(property, label: label, log: &log))
            case .exdate:
                event.exceptionDates.append(contentsOf: timeList(property, label: label, log: &log))
            case .recurrenceID:
                if let recurrenceID = time(property, log: &log) {
                    event.recurrenceID = recurrenceID
                    event.thisAndFuture = property.hasParameter("RANGE", value: "THISANDFUTURE")
                } else {
                    log.warning(
                        .badDateTime,
                        "\(label): RECURRENCE-ID \"\(property.rawText)\" is malformed; ignored",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
            default: continue
            }
        }
        if let end = event.end, end.isDate != start.isDate {
            // Mixed DATE/DATE-TIME: keep the start's kind, reading the end on the same terms.
            event.end = WrittenTime(local: end.local, isDate: start.isDate, reference: start.reference)
        }
        if let end = event.end, end.reference == start.reference || start.isDate, end.local < start.local {
            log.warning(
                .endBeforeStart,
                "\(label): DTEND is before DTSTART; the event is taken to end as it starts",
                line: component.line
            )
            event.end = start
        }
        return event
    }

    /// DTSTART, DTEND, RECURRENCE-ID: one DATE or DATE-TIME with an optional TZID.
    static func time(_ property: ContentLine, log: inout DiagnosticLog) -> WrittenTime? {
        let tzid = property.parameter("TZID")
        guard var time = WrittenTime.parse(property.value, tzid: tzid) else { return nil }
        if property.hasParameter("VALUE", value: "DATE"), !time.isDate {
            time = WrittenTime(
                local: CivilDateTime(date: time.local.date, secondOfDay: 0),
                isDate: true,
                reference: .floating
            )
        }
        return time
    }

    /// Reads an ORGANIZER or ATTENDEE line: the address without `mailto:`, and CN, PARTSTAT, CUTYPE, ROLE
    /// and EMAIL in one walk over the parameters.
    static func user(_ property: ContentLine) -> CalendarUser {
        var value = ContentLine.trimmed(property.value)
        if value.count >= 7, ASCII.equalsUpper(value.prefix(7), "MAILTO:") {
            value = ContentLine.trimmed(value.dropFirst(7))
        }
        var name: String? = nil
        var participation: String? = nil
        var userType: String? = nil
        var role: String? = nil
        var emailParameter: String? = nil
        ParameterSyntax.walk(property.parameterBytes) { parameter, text, _ in
            switch parameter.count {
            case 2 where name == nil && ASCII.equalsUpper(parameter, "CN"):
                name = ParameterSyntax.decodeCaret(text)
            case 8 where participation == nil && ASCII.equalsUpper(parameter, "PARTSTAT"):
                participation = ASCII.uppercased(text)
            case 6 where userType == nil && ASCII.equalsUpper(parameter, "CUTYPE"):
                userType = ASCII.uppercased(text)
            case 4 where role == nil && ASCII.equalsUpper(parameter, "ROLE"):
                role = ASCII.uppercased(text)
            case 5 where emailParameter == nil && ASCII.equalsUpper(parameter, "EMAIL"):
                emailParameter = ASCII.lowercased(text)
            default:
                break
            }
        }
        let email: String?
        if value.contains(UInt8(ascii: "@")) {
            email = ASCII.lowercased(value)
        } else {
            email = emailParameter.flatMap { $0.contains("@") ? $0 : nil }
        }
        return CalendarUser(
            address: String(decoding: value, as: UTF8.self),
            email: email,
            name: name,
            participation: participation,
            userType: userType,
            role: role,
            line: property.line
        )
    }

    static func timeList(_ property: ContentLine, label: String, log: inout DiagnosticLog) -> [WrittenTime] {
        let tzid = property.parameter("TZID")
        let isDate = property.hasParameter("VALUE", value: "DATE")
        var times: [WrittenTime] = []
        for item in property.value.split(separator: UInt8(ascii: ",")) {
            guard var time = WrittenTime.parse(item, tzid: tzid) else {
                log.warning(
                    .badDateTime,
                    "\(label): \(property.name) value \"\(String(decoding: item, as: UTF8.self))\" is malformed; ignored",
                    line: property.line,
                    column: property.valueColumn
                )
                continue
            }
            if isDate && !time.isDate { time.isDate = true }
            times.append(time)
        }
        return times
    }

    static func recurrenceDates(_ property: ContentLine, label: String, log: inout DiagnosticLog) -> [RecurrenceDate] {
        let tzid = property.parameter("TZID")
        var dates: [RecurrenceDate] = []
        for item in property.value.split(separator: UInt8(ascii: ",")) {
            if let slash = item.firstIndex(of: UInt8(ascii: "/")) {
                let startBytes = item[item.startIndex..<slash]
                let endBytes = item[(slash + 1)...]
                guard let start = WrittenTime.parse(startBytes, tzid: tzid) else {
                    log.warning(
                        .badPeriod,
                        "\(label): RDATE period \"\(String(decoding: item, as: UTF8.self))\" is malformed; ignored",
                        line: property.line,
                        column: property.valueColumn
                    )
                    continue
                }
                if let end = WrittenTime.parse(endBytes, tzid: tzid) {
                    dates.append(RecurrenceDate(start: start, end: end, duration: nil))
                } else if let duration = ICalDuration.parse(endBytes) {
                    dates.append(RecurrenceDate(start: start, end: nil, duration: duration))
                } else {
                    log.warning(
                        .badPeriod,
                        "\(label): RDATE period end \"\(String(decoding: endBytes, as: UTF8.self))\" is malformed; start kept",
                        line: property.line,
                        column: property.valueColumn
                    )
                    dates.append(RecurrenceDate(start: start, end: nil, duration: nil))
                }
                continue
            }
            guard var start = WrittenTime.parse(item, tzid: tzid) else {
                let text = String(decoding: item, as: UTF8.self)
                if !text.trimmingSpaces().isEmpty {
                    log.warning(
                        .badDateTime,
                        "\(label): RDATE value \"\(text)\" is malformed; ignored",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
                continue
            }
            if property.hasParameter("VALUE", value: "DATE") { start.isDate = true }
            dates.append(RecurrenceDate(start: start, end: nil, duration: nil))
        }
        return dates
    }
}
