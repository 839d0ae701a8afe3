/// Turns the lines of a VEVENT into an `Event`, reporting and skipping what cannot be read.
enum EventReader {
    /// What the events of one file share: most repeat a handful of TZID parameters and RRULE values, which
    /// are read once each.
    struct Cache {
        fileprivate var times = ByteKeyCache<(tzid: String?, isDate: Bool)>()
        fileprivate var rules = ByteKeyCache<RecurrenceRule.Parsed>()
    }

    /// - Parameters:
    ///   - lines: the VEVENT's own properties, in file order.
    ///   - line: physical line of its BEGIN.
    ///   - calendar: index of its VCALENDAR in the file.
    static func read(
        _ lines: [LineSpan],
        line: Int,
        calendar: Int,
        reader: ContentLineReader,
        cache: inout Cache,
        log: inout DiagnosticLog
    ) -> Event? {
        var uid: String? = nil
        var startLine: LineSpan? = nil
        var startCount = 0
        var secondStart: LineSpan? = nil
        var startsAgree = true
        for property in lines {
            if property.kind == .uid, uid == nil { uid = reader.text(property) }
            guard property.kind == .dtstart else { continue }
            startCount += 1
            if let first = startLine {
                if secondStart == nil { secondStart = property }
                let same =
                    reader.withBytes(first.value) { a in reader.withBytes(property.value) { a.elementsEqual($0) } }
                    && reader.withBytes(first.parameters) { a in
                        reader.withBytes(property.parameters) { a.elementsEqual($0) }
                    }
                if !same { startsAgree = false }
            } else {
                startLine = property
            }
        }
        // Only diagnostics use it: made when the first one is.
        lazy var label = uid.map { "VEVENT \"\($0)\"" } ?? "VEVENT"
        guard let startLine else {
            log.error(.missingDTSTART, "\(label) has no DTSTART; skipped", line: line)
            return nil
        }
        if let secondStart {
            // Two different starts leave no way to tell when it happens; identical ones are harmless.
            guard startsAgree else {
                log.error(
                    .duplicateProperty,
                    "\(label) has \(startCount) different DTSTARTs; skipped",
                    line: secondStart.line
                )
                return nil
            }
            log.warning(.duplicateProperty, "\(label) repeats its DTSTART; the copy is ignored", line: secondStart.line)
        }
        guard let start = time(startLine, reader: reader, cache: &cache) else {
            log.error(
                .badDateTime,
                "\(label): DTSTART \"\(reader.rawText(startLine))\" is not a date or date-time; skipped",
                line: startLine.line,
                column: startLine.valueColumn
            )
            return nil
        }
        var event = Event(start: start, line: line)
        event.uid = uid
        event.calendar = calendar
        var sawLastModified = false
        for property in lines {
            switch property.kind {
            case .summary: if event.summaryText == nil { event.summaryText = TextRange(property.value) }
            case .description: if event.descriptionText == nil { event.descriptionText = TextRange(property.value) }
            case .location: if event.locationText == nil { event.locationText = TextRange(property.value) }
            case .status:
                if event.status == nil { event.status = reader.text(property).trimmingSpaces().uppercased() }
            case .sequence: event.sequence = Int(reader.rawText(property).trimmingSpaces()) ?? 0
            case .lastModified, .dtstamp:
                // LAST-MODIFIED says when the event last changed; DTSTAMP only when it was written out.
                guard property.kind == .lastModified || !sawLastModified else { continue }
                if property.kind == .lastModified { sawLastModified = true }
                if let stamp = reader.withBytes(property.value, { WrittenTime.parse($0, tzid: nil) }) {
                    event.modified = stamp.local.secondsSinceEpoch
                }
            case .dtend:
                guard event.end == nil else { continue }
                if let end = time(property, reader: reader, cache: &cache) {
                    event.end = end
                } else {
                    log.warning(
                        .badDateTime,
                        "\(label): DTEND \"\(reader.rawText(property))\" is not a date or date-time; ignored",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
            case .duration:
                if let duration = reader.withBytes(property.value, { ICalDuration.parse($0) }) {
                    event.duration = duration
                } else {
                    log.warning(
                        .badDuration,
                        "\(label): DURATION \"\(reader.rawText(property))\" is malformed; ignored",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
            case .organizer: event.organizerText = kept(property)
            case .attendee: event.attendeeTexts.append(kept(property))
            case .categories: event.categoryTexts.append(kept(property))
            case .rrule:
                let value = reader.slice(property.value)
                let parsed: RecurrenceRule.Parsed
                if let known = cache.rules[value] {
                    parsed = known
                } else {
                    parsed = RecurrenceRule.parse(value)
                    cache.rules.store(parsed, for: value)
                }
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
                let line = reader.contentLine(property)
                event.recurrenceDates.append(contentsOf: recurrenceDates(line, label: label, log: &log))
            case .exdate:
                let line = reader.contentLine(property)
                event.exceptionDates.append(contentsOf: timeList(line, label: label, log: &log))
            case .recurrenceID:
                if let recurrenceID = time(property, reader: reader, cache: &cache) {
                    event.recurrenceID = recurrenceID
                    event.thisAndFuture = reader.hasParameter("RANGE", value: "THISANDFUTURE", in: property)
                } else {
                    log.warning(
                        .badDateTime,
                        "\(label): RECURRENCE-ID \"\(reader.rawText(property))\" is malformed; ignored",
                        line: property.line,
                        column: property.valueColumn
                    )
                }
            default: continue
            }
        }
        checkKinds(&event, label: label, line: line, log: &log)
        if let end = event.end, end.reference == start.reference || start.isDate, end.local < start.local {
            log.warning(
                .endBeforeStart,
                "\(label): DTEND is before DTSTART; ignored, so the event lasts as one without DTEND (a date a day, "
                    + "a time no time)",
                line: line
            )
            event.end = nil
        }
        return event
    }

    /// DTEND, DURATION and UNTIL of another kind than DTSTART, each read by one rule in DTSTART's terms and
    /// warned about (RFC 5545 §3.6.1, §3.8.2.5, §3.3.10 want them of DTSTART's kind).
    private static func checkKinds(_ event: inout Event, label: String, line: Int, log: inout DiagnosticLog) {
        let start = event.start
        if let end = event.end, end.isDate != start.isDate {
            if start.isDate {
                // The event lasts to the end of the day DTEND falls in (it ends on that day, so includes it).
                let includesDay = end.local.secondOfDay > 0 || end.local.date <= start.local.date
                let day = includesDay ? end.local.date.adding(days: 1) : end.local.date
                event.end = WrittenTime(
                    local: CivilDateTime(date: day, secondOfDay: 0),
                    isDate: true,
                    reference: .floating
                )
                log.warning(
                    .mixedValueTypes,
                    "\(label): DTEND is a DATE-TIME where DTSTART is a DATE; the event lasts through DTEND's day",
                    line: line
                )
            } else {
                event.end = WrittenTime(local: end.local, isDate: false, reference: start.reference)
                log.warning(
                    .mixedValueTypes,
                    "\(label): DTEND is a DATE where DTSTART is a DATE-TIME; it ends at the start of that day in "
                        + "DTSTART's zone",
                    line: line
                )
            }
        } else if let end = event.end, !start.isDate, (end.reference == .floating) != (start.reference == .floating) {
            // One floating, one zoned: no instant relates them; the producer wrote both as wall times.
            event.end = WrittenTime(local: end.local, isDate: false, reference: start.reference)
            log.warning(
                .mixedValueTypes,
                "\(label): DTEND is \(end.reference == .floating ? "floating" : "zoned") where DTSTART is "
                    + "\(start.reference == .floating ? "floating" : "zoned"); its wall time is read in DTSTART's terms",
                line: line
            )
        }
        if start.isDate, let duration = event.duration, duration.seconds != 0 {
            // RFC 5545 §3.8.2.5: an all-day event's DURATION is in days or weeks; a part day counts as a day.
            let extra = (duration.seconds + (duration.seconds > 0 ? 86_399 : 0)) / 86_400
            event.duration = ICalDuration(days: duration.days + extra, seconds: 0)
            log.warning(
                .mixedValueTypes,
                "\(label): DURATION has hours, minutes or seconds but DTSTART is a DATE; rounded up to whole days",
                line: line
            )
        }
        for rule in event.rules {
            guard let until = rule.until else { continue }
            if until.isDate != start.isDate
                || (!start.isDate && start.reference != .floating && until.reference != .utc)
            {
                log.warning(
                    .mixedValueTypes,
                    "\(label): RRULE UNTIL is "
                        + (until.isDate ? "a DATE" : until.reference == .utc ? "a UTC DATE-TIME" : "a local DATE-TIME")
                        + " where DTSTART is "
                        + (start.isDate ? "a DATE" : start.reference == .floating ? "floating" : "zoned")
                        + "; a DATE includes its day, a time counts in DTSTART's zone (RFC 5545 §3.3.10)",
                    line: line
                )
            }
            let untilKey =
                until.isDate ? until.local.date.daysSinceEpoch * 86_400 + 86_399 : until.local.secondsSinceEpoch
            // Written in UTC against a zone this is off by the zone's offset at most: a day's margin.
            if untilKey + 86_400 < start.local.secondsSinceEpoch {
                log.warning(
                    .endBeforeStart,
                    "\(label): RRULE UNTIL is before DTSTART; the series is DTSTART alone",
                    line: line
                )
            }
        }
    }

    private static func kept(_ property: LineSpan) -> PropertyText {
        PropertyText(parameters: property.parameters, value: property.value, line: property.line)
    }

    /// DTSTART, DTEND, RECURRENCE-ID: one DATE or DATE-TIME with an optional TZID, and VALUE=DATE heeded.
    static func time(_ property: LineSpan, reader: ContentLineReader, cache: inout Cache) -> WrittenTime? {
        var tzid: String? = nil
        var dateValue = false
        if !property.parameters.isEmpty {
            let parameters = reader.slice(property.parameters)
            if let known = cache.times[parameters] {
                (tzid, dateValue) = known
            } else {
                parameters.withUnsafeBufferPointer { parameters in
                    _ = ParameterSyntax.walk(buffer: parameters) { name, value, _ in
                        if tzid == nil, ParameterSyntax.matches(name, value: value, "TZID") {
                            tzid = ParameterSyntax.decodeCaret(value)
                        } else if ParameterSyntax.matches(name, value: value, "VALUE"),
                            ASCII.equalsUpper(value, "DATE")
                        {
                            dateValue = true
                        }
                    }
                }
                cache.times.store((tzid, dateValue), for: parameters)
            }
        }
        guard var time = reader.withBytes(property.value, { WrittenTime.parse($0, tzid: tzid) }) else { return nil }
        if dateValue, !time.isDate {
            time = WrittenTime(
                local: CivilDateTime(date: time.local.date, secondOfDay: 0),
                isDate: true,
                reference: .floating
            )
        }
        return time
    }

    /// The parameters of an ORGANIZER or ATTENDEE that Kith reads (the first of each), found in one walk and
    /// left as bytes: callers make strings of the ones they use.
    struct UserParameters {
        var name: UnsafeBufferPointer<UInt8>?
        var participation: UnsafeBufferPointer<UInt8>?
        var userType: UnsafeBufferPointer<UInt8>?
        var role: UnsafeBufferPointer<UInt8>?
        var email: UnsafeBufferPointer<UInt8>?

        init(_ parameters: UnsafeBufferPointer<UInt8>) {
            ParameterSyntax.walk(buffer: parameters) { parameter, text, _ in
                switch parameter.count {
                case 2 where name == nil && ASCII.equalsUpper(parameter, "CN"): name = text
                case 8 where participation == nil && ASCII.equalsUpper(parameter, "PARTSTAT"): participation = text
                case 6 where userType == nil && ASCII.equalsUpper(parameter, "CUTYPE"): userType = text
                case 4 where role == nil && ASCII.equalsUpper(parameter, "ROLE"): role = text
                case 5 where email == nil && ASCII.equalsUpper(parameter, "EMAIL"): email = text
                default: break
                }
            }
        }

        var isDeclined: Bool { participation.map { ASCII.equalsUpper($0, "DECLINED") } ?? false }

        var isRoomOrResource: Bool {
            userType.map { ASCII.equalsUpper($0, "ROOM") || ASCII.equalsUpper($0, "RESOURCE") } ?? false
        }
    }

    /// An ORGANIZER's or ATTENDEE's value without blanks and `mailto:`.
    static func address(_ written: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let value = ParameterSyntax.trimmed(written)
        guard value.count >= 7, ASCII.equalsUpper(UnsafeBufferPointer(rebasing: value.prefix(7)), "MAILTO:") else {
            return value
        }
        return ParameterSyntax.trimmed(UnsafeBufferPointer(rebasing: value.dropFirst(7)))
    }

    /// The lower-cased e-mail address of an ORGANIZER or ATTENDEE: its address when that has an `@` (a
    /// `mailto:` value), else its EMAIL parameter (RFC 7986); nil when neither has one.
    static func email(address: UnsafeBufferPointer<UInt8>, emailParameter: UnsafeBufferPointer<UInt8>?) -> String? {
        if address.contains(UInt8(ascii: "@")) { return TextCase.lowercased(address) }
        guard let emailParameter, emailParameter.contains(UInt8(ascii: "@")) else { return nil }
        return TextCase.lowercased(emailParameter)
    }

    /// Reads an ORGANIZER or ATTENDEE: the address without `mailto:`, and CN, PARTSTAT, CUTYPE, ROLE and
    /// EMAIL in one walk over the parameters.
    static func user(
        parameters: UnsafeBufferPointer<UInt8>,
        value written: UnsafeBufferPointer<UInt8>,
        line: Int
    ) -> CalendarUser {
        let value = address(written)
        let found = UserParameters(parameters)
        return CalendarUser(
            address: String(decoding: value, as: UTF8.self),
            email: email(address: value, emailParameter: found.email),
            name: found.name.map(ParameterSyntax.decodeCaret),
            participation: found.participation.map(ASCII.uppercased),
            userType: found.userType.map(ASCII.uppercased),
            role: found.role.map(ASCII.uppercased),
            line: line
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
