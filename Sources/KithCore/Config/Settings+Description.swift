import KithFormats

extension Settings {
    /// The effective settings as TOML, secrets masked: what `kith check-config` shows.
    package var effectiveDescription: String {
        func quoted(_ text: String) -> String { Self.quotedValue(text) }
        func key(_ text: String) -> String {
            let bare =
                !text.isEmpty
                && text.utf8.allSatisfy {
                    $0 == 0x2D || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                        || (0x61...0x7A).contains($0)
                }
            return bare ? text : quoted(text)
        }
        func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ", ") + "]" }
        var lines = [
            "timezone = \(quoted(timezone))", "inbox = \(quoted(inbox))", "state_dir = \(quoted(stateDirectory))",
        ]
        if let defaultCircle { lines.append("default_circle = \(quoted(defaultCircle))") }
        lines += ["", "[me]"]
        if let name = me.name { lines.append("name = \(quoted(name))") }
        lines.append("emails = \(list(me.emails))")
        lines += [
            "", "[digest]", "day = \(quoted(digest.day.name))",
            "time = \(quoted(CivilDate.pad(digest.time / 60, 2) + ":" + CivilDate.pad(digest.time % 60, 2)))",
            "to = \(list(digest.to))",
        ]
        if let from = digest.from { lines.append("from = \(quoted(from))") }
        lines += [
            "catch_up = \(quoted(digest.catchUp.description))", "max_items = \(digest.maxItems)",
            "rest = \(quoted(digest.rest.description))", "lookahead = \(quoted(digest.lookahead.description))",
            "follow_up_within = \(quoted(digest.followUpWithin.description))",
            "follow_up_series = \(digest.followUpSeries)", "follow_up_max_attendees = \(digest.followUpMaxAttendees)",
            "new_contact_within = \(quoted(digest.newContactWithin.description))",
            "weekly_goal = \(digest.weeklyGoal)",
            "", "[digest.shares]", "reconnect = \(digest.shares.reconnect)", "follow_up = \(digest.shares.followUp)",
            "coming_up = \(digest.shares.comingUp)", "new_contact = \(digest.shares.newContact)",
        ]
        for circle in circles {
            lines += [
                "", "[circles.\(key(circle.name))]", "every = \(quoted(circle.every.description))",
                "categories = \(list(circle.categories))", "members = \(list(circle.members))",
                "jitter = \(circle.jitter)", "weight = \(circle.effectiveWeight)",
            ]
        }
        for address in people.keys.sorted() {
            let person = people[address]!
            lines += ["", "[people.\(quoted(address))]"]
            if let circle = person.circle { lines.append("circle = \(quoted(circle))") }
            if let every = person.every { lines.append("every = \(quoted(every.description))") }
            if person.ignore { lines.append("ignore = true") }
        }
        lines += [
            "", "[meetings]", "max_attendees = \(meetings.maxAttendees)",
            "ignore_summaries = \(list(meetings.ignoreSummaries))", "ignore_paths = \(list(meetings.ignorePaths))",
            "", "[mail]", "transport = \(quoted(mail.transport.rawValue))",
        ]
        if let url = mail.url { lines.append("url = \(quoted(url))") }
        if let username = mail.username { lines.append("username = \(quoted(username))") }
        if mail.password != nil { lines.append("password = \"********\"") }
        if let file = mail.passwordFile { lines.append("password_file = \(quoted(file))") }
        if let command = mail.passwordCommand { lines.append("password_command = \(quoted(command))") }
        lines.append("tls = \(quoted(mail.tls.rawValue))")
        if let caFile = mail.caFile { lines.append("ca_file = \(quoted(caFile))") }
        lines += [
            "timeout = \(quoted(mail.timeout.description))", "give_up = \(quoted(mail.giveUp.description))",
            "sendmail_path = \(quoted(mail.sendmailPath))",
        ]
        lines += describeSources()
        lines += describeReplies()
        return lines.joined(separator: "\n")
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func quotedValue(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }
}
