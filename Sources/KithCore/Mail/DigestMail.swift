import KithFormats

/// Turns a digest into the message that carries it: text and HTML, and `nudges.ics` with one VTODO per nudge.
package enum DigestMail {
    /// - Parameters:
    ///   - now: when the message is composed (its Date header), a UTC instant.
    ///   - secret: the random secret of the digest being sent, which its Message-ID holds: a reply is acted on
    ///     only when it names it. Without one (a preview), the Message-ID is stable per slot and recipient.
    package static func message(
        _ digest: Digest,
        settings: Settings,
        now: Int,
        zone: ZoneRules,
        secret: String? = nil
    ) -> MailMessage {
        let to = settings.digest.to.map { MailAddress(name: settings.me.name, address: $0) }
        let fromAddress = settings.digest.from ?? settings.digest.to.first ?? "kith@localhost"
        let domain = fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        // Stable per slot and recipient, so that a resent digest is recognisably the same message.
        let token = secret ?? MailMessage.fnv(settings.digest.to.joined(separator: ","))
        let identity = "digest-\(digest.slot)-\(token)@\(domain)"
        var message = MailMessage(
            from: MailAddress(name: "Kith", address: fromAddress),
            to: to,
            subject: digest.subject,
            date: now,
            dateOffset: zone.offset(atUTC: now),
            messageID: identity,
            text: digest.text,
            html: digest.html
        )
        // RFC 3834 §5: a message sent by a program on its own, which vacation responders do not answer.
        message.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Kith-Slot", digest.slot)]
        if let address = settings.replies.address { message.extraHeaders.append(("Reply-To", address)) }
        if !digest.nudges.isEmpty {
            message.attachments = [
                MailMessage.Attachment(
                    filename: "nudges.ics",
                    contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                    data: todos(digest, now: now, identity: identity)
                )
            ]
        }
        return message
    }

    /// A VCALENDAR with one VTODO per nudge (RFC 5545 §3.6.2), so the week's nudges can go into a task list.
    ///
    /// A nudge shown again in a later week is the same task: its UID is the person, the kind and the occasion
    /// (`occasion(of:)`), not the week; its SEQUENCE (§3.8.7.4) is the number of days from the occasion to the
    /// digest's day, the same in a resent message and higher in every later digest that shows it again, when
    /// its DUE and reason have moved on. DUE is the day to act: the occasion's day when it is still ahead (a
    /// birthday, a meeting to prepare), else the digest's day.
    static func todos(_ digest: Digest, now: Int, identity: String) -> [UInt8] {
        var writer = ICalendarWriter()
        writer.line("BEGIN", "VCALENDAR")
        writer.line("VERSION", "2.0")
        writer.line("PRODID", "-//Kith//Kith digest//EN")
        writer.line("METHOD", "PUBLISH")
        let stamp = CivilDateTime(secondsSinceEpoch: now).description.filter { $0 != "-" && $0 != ":" } + "Z"
        for item in digest.items {
            for nudge in item.nudges {
                writer.line("BEGIN", "VTODO")
                writer.line("UID", uid(of: nudge))
                writer.line("DTSTAMP", stamp)
                writer.line("SEQUENCE", String(max(0, digest.date.daysSinceEpoch - nudge.due.daysSinceEpoch)))
                writer.line("SUMMARY", ICalendarWriter.text(nudge.reason))
                let description =
                    ["Item \(item.number) of the digest of \(digest.slot)"] + nudge.context
                    + nudge.sources.map(\.location)
                writer.line("DESCRIPTION", ICalendarWriter.text(description.joined(separator: "\n")))
                writer.line("DUE;VALUE=DATE", max(nudge.due, digest.date).description.filter { $0 != "-" })
                writer.line("CATEGORIES", ICalendarWriter.text(nudge.kind.title))
                if let email = nudge.emails.first, MailAddress(address: email).isPlain {
                    writer.line("ATTENDEE;CN=\(ICalendarWriter.parameter(nudge.name))", "mailto:\(email)")
                }
                writer.line("STATUS", "NEEDS-ACTION")
                writer.line("END", "VTODO")
            }
        }
        writer.line("END", "VCALENDAR")
        return writer.bytes
    }

    /// `reconnect-1a2b3c4d-20261026@kith`: the same for the same nudge in every week that shows it.
    static func uid(of nudge: Nudge) -> String {
        "\(nudge.kind.rawValue)-\(MailMessage.fnv(nudge.personKey))-\(occasion(of: nudge))@kith"
    }

    /// What a nudge is about, apart from the person: the meeting (its UID and start) for a follow-up or a
    /// meeting to prepare; for the rest their day (the birthday, the day a rhythm ran out, the day a card was
    /// first seen), which moves only when the nudge is about something else.
    static func occasion(of nudge: Nudge) -> String {
        let day = nudge.due.description.filter { $0 != "-" }
        switch nudge.kind {
        case .followUp, .prepare:
            guard let meeting = nudge.sources.first else { return day }
            return day + "-" + MailMessage.fnv((meeting.uid ?? meeting.location) + " " + (meeting.start ?? ""))
        case .birthday, .anniversary, .reconnect, .newContact:
            return day
        }
    }
}

extension MailAddress {
    /// Whether the address is a plain addr-spec that can go into a header or a `mailto:`.
    package var isPlain: Bool { (try? MailMessage.format(MailAddress(address: address))) != nil }
}

/// Writes iCalendar content lines: CRLF, folded at 75 octets without splitting a character.
struct ICalendarWriter {
    private(set) var bytes: [UInt8] = []

    /// RFC 5545 §3.1: no line longer than 75 octets, folded anywhere but inside a UTF-8 sequence; the name
    /// and parameters count too (a long CN is folded like a long value).
    mutating func line(_ name: String, _ value: String) {
        var length = 0
        for scalar in "\(name):\(value)".unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if length + encoded.count > 75 {
                bytes.append(contentsOf: [0x0D, 0x0A, 0x20])
                length = 1
            }
            bytes.append(contentsOf: encoded)
            length += encoded.count
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    /// TEXT escaping (RFC 5545 §3.3.11); control characters other than line feeds dropped.
    static func text(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n": result += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A quoted parameter value (RFC 6868 `^` escapes for quote, caret and line feed).
    static func parameter(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "^'"
            case "^": result += "^^"
            case "\n": result += "^n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
