import KithFormats

/// Turns a digest into the message that carries it: text and HTML, and `nudges.ics` with one VTODO per nudge.
package enum DigestMail {
    /// - Parameters:
    ///   - now: when the message is composed (its Date header), a UTC instant.
    package static func message(_ digest: Digest, settings: Settings, now: Int, zone: ZoneRules) -> MailMessage {
        let to = settings.digest.to.map { MailAddress(name: settings.me.name, address: $0) }
        let fromAddress = settings.digest.from ?? settings.digest.to.first ?? "kith@localhost"
        let domain = fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        // Stable per slot and recipient, so that a resent digest is recognisably the same message.
        let identity = "digest-\(digest.slot)-\(MailMessage.fnv(settings.digest.to.joined(separator: ",")))@\(domain)"
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
        message.extraHeaders = [("X-Kith-Slot", digest.slot)]
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
    static func todos(_ digest: Digest, now: Int, identity: String) -> [UInt8] {
        var writer = ICalendarWriter()
        writer.line("BEGIN", "VCALENDAR")
        writer.line("VERSION", "2.0")
        writer.line("PRODID", "-//Kith//Kith digest//EN")
        writer.line("METHOD", "PUBLISH")
        let stamp = CivilDateTime(secondsSinceEpoch: now).description.filter { $0 != "-" && $0 != ":" } + "Z"
        for nudge in digest.nudges {
            writer.line("BEGIN", "VTODO")
            writer.line("UID", "\(digest.slot)-\(nudge.kind.rawValue)-\(MailMessage.fnv(nudge.personKey))@kith")
            writer.line("DTSTAMP", stamp)
            writer.line("SUMMARY", ICalendarWriter.text(nudge.reason))
            let description = (nudge.context + nudge.sources.map(\.location)).joined(separator: "\n")
            if !description.isEmpty { writer.line("DESCRIPTION", ICalendarWriter.text(description)) }
            writer.line("DUE;VALUE=DATE", nudge.due.description.filter { $0 != "-" })
            writer.line("CATEGORIES", ICalendarWriter.text(nudge.kind.rawValue))
            if let email = nudge.emails.first, MailAddress(address: email).isPlain {
                writer.line("ATTENDEE;CN=\(ICalendarWriter.parameter(nudge.name))", "mailto:\(email)")
            }
            writer.line("STATUS", "NEEDS-ACTION")
            writer.line("END", "VTODO")
        }
        writer.line("END", "VCALENDAR")
        return writer.bytes
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
