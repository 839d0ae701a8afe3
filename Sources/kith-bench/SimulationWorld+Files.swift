import KithFormats

/// The world as the files a user's sync tool would drop into the inbox, and the config they would write.
extension SimulationWorld {
    /// The config a user with these circles would write: no weights, shares or budgets, so that what is
    /// measured is the planner's defaults.
    func config(folder: String) -> String {
        var text = """
            timezone = "Europe/Helsinki"
            inbox = "\(folder)/inbox"
            state_dir = "\(folder)/state"

            [me]
            name = "\(me.name)"
            emails = ["\(me.email)"]

            [digest]
            day = "monday"
            time = "08:00"

            [meetings]
            max_attendees = \(Self.maxAttendees)

            """
        for circle in circles {
            text += """

                [circles.\(circle.name)]
                every = "\(circle.every)"
                categories = ["\(circle.category)"]

                """
        }
        return text
    }

    /// All cards in one address book, vCard 4.0 (RFC 6350).
    func contactsFile() -> [UInt8] {
        var text = ""
        for (index, contact) in contacts.enumerated() {
            text += "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:kith-sim:\(index)\r\nFN:\(contact.name)\r\n"
            text += "N:\(contact.family);\(contact.given);;;\r\nEMAIL;TYPE=home:\(contact.email)\r\n"
            text += "CATEGORIES:\(circles[contact.circle].category)\r\n"
            if let organization = contact.organization { text += "ORG:\(organization)\r\n" }
            if let birthday = contact.birthday {
                // RFC 6350 §4.3.1: a date without a year is --MMDD.
                let year = birthday.year.map { CivilDate.pad($0, 4) } ?? "--"
                text += "BDAY:\(year)\(CivilDate.pad(birthday.month, 2))\(CivilDate.pad(birthday.day, 2))\r\n"
            }
            if let anniversary = contact.anniversary { text += "ANNIVERSARY:\(Self.basic(anniversary))\r\n" }
            if let revision = contact.revision { text += "REV:\(Self.basic(revision))T120000Z\r\n" }
            text += "END:VCARD\r\n"
        }
        return Array(text.utf8)
    }

    /// The calendar as the user sees it at `now`: the series booked by then (with an end once it is known),
    /// the one-offs whose invitations have arrived (cancelled once they are), and the user's own catch-ups.
    func calendarFile(at now: Int, catchUps: [Meeting], zone: ZoneRules) -> [UInt8] {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith//simulation//EN\r\n" + Self.helsinki
        for series in series where series.bookedAt <= now {
            text += "BEGIN:VEVENT\r\nUID:\(series.uid)\r\nDTSTAMP:20250101T000000Z\r\n"
            text += times(series.first, minutes: series.minutes) + "SUMMARY:\(series.summary)\r\n"
            var rule: String
            switch series.rule {
            case .weekly: rule = "FREQ=WEEKLY"
            case .monthlyFirst(let weekday): rule = "FREQ=MONTHLY;BYDAY=1" + ["MO", "TU", "WE", "TH", "FR"][weekday]
            }
            if let lastDay = series.lastDay, let known = series.endKnownAt, known <= now {
                // RFC 5545 §3.3.10: with a TZID'd DTSTART, UNTIL is in UTC.
                let until = zone.instant(ofLocal: CivilDateTime(date: lastDay, hour: 23, minute: 59, second: 59))
                rule += ";UNTIL=" + Self.utc(until)
            }
            text += "RRULE:\(rule)\r\n" + people(series.attendees, declined: [], userOrganizes: true)
            text += "END:VEVENT\r\n"
        }
        for meeting in meetings + catchUps where meeting.bookedAt <= now {
            let cancelled = meeting.cancelledAt.map { $0 <= now } ?? false
            text += "BEGIN:VEVENT\r\nUID:\(meeting.uid)\r\nDTSTAMP:20250101T000000Z\r\n"
            text += times(meeting.local, minutes: meeting.minutes) + "SUMMARY:\(meeting.summary)\r\n"
            text += "STATUS:\(cancelled ? "CANCELLED" : "CONFIRMED")\r\n"
            text += people(meeting.attendees, declined: meeting.declined, userOrganizes: meeting.userOrganizes)
            text += "END:VEVENT\r\n"
        }
        return Array((text + "END:VCALENDAR\r\n").utf8)
    }

    private func times(_ start: CivilDateTime, minutes: Int) -> String {
        let end = CivilDateTime(secondsSinceEpoch: start.secondsSinceEpoch + minutes * 60)
        return "DTSTART;TZID=Europe/Helsinki:\(Self.basic(start))\r\nDTEND;TZID=Europe/Helsinki:\(Self.basic(end))\r\n"
    }

    /// ORGANIZER and ATTENDEE lines: the user organizes, or the first contact does and invites the user.
    private func people(_ attendees: [Int], declined: Set<Int>, userOrganizes: Bool) -> String {
        var text: String
        if userOrganizes {
            text = "ORGANIZER;CN=\(me.name):mailto:\(me.email)\r\n"
        } else {
            let host = contacts[attendees[0]]
            text = "ORGANIZER;CN=\(host.name):mailto:\(host.email)\r\n"
            text += "ATTENDEE;CN=\(me.name);PARTSTAT=ACCEPTED:mailto:\(me.email)\r\n"
        }
        for person in attendees {
            let contact = contacts[person]
            let status = declined.contains(person) ? "DECLINED" : "ACCEPTED"
            text +=
                Generator.fold("ATTENDEE;CN=\"\(contact.name)\";PARTSTAT=\(status):mailto:\(contact.email)") + "\r\n"
        }
        return text
    }

    /// Europe/Helsinki as Outlook or Google would embed it: EET/EEST, EU rules.
    static let helsinki = """
        BEGIN:VTIMEZONE\r
        TZID:Europe/Helsinki\r
        BEGIN:STANDARD\r
        DTSTART:19701025T040000\r
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
        TZOFFSETFROM:+0300\r
        TZOFFSETTO:+0200\r
        END:STANDARD\r
        BEGIN:DAYLIGHT\r
        DTSTART:19700329T030000\r
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
        TZOFFSETFROM:+0200\r
        TZOFFSETTO:+0300\r
        END:DAYLIGHT\r
        END:VTIMEZONE\r

        """

    /// YYYYMMDD.
    static func basic(_ date: CivilDate) -> String {
        CivilDate.pad(date.year, 4) + CivilDate.pad(date.month, 2) + CivilDate.pad(date.day, 2)
    }

    /// YYYYMMDDTHHMMSS, local.
    static func basic(_ time: CivilDateTime) -> String {
        basic(time.date) + "T" + CivilDate.pad(time.hour, 2) + CivilDate.pad(time.minute, 2)
            + CivilDate.pad(time.second, 2)
    }

    /// YYYYMMDDTHHMMSSZ.
    static func utc(_ instant: Int) -> String { basic(CivilDateTime(secondsSinceEpoch: instant)) + "Z" }
}
