import KithFormats

/// What the settings reader needs to know about the machine, passed in so that reading stays pure.
package struct ConfigEnvironment: Sendable {
    /// The system's IANA zone, the default for `timezone`.
    package var systemTimeZone: String
    /// Where state goes when `state_dir` is not set (`$STATE_DIRECTORY`, or the XDG state folder).
    package var defaultStateDirectory: String
    /// Permission bits of the config file, to refuse an inline password others can read.
    package var configFileMode: UInt16?
    /// Whether a name is a known IANA zone.
    package var isKnownTimeZone: @Sendable (String) -> Bool

    package init(
        systemTimeZone: String,
        defaultStateDirectory: String,
        configFileMode: UInt16?,
        isKnownTimeZone: @escaping @Sendable (String) -> Bool
    ) {
        self.systemTimeZone = systemTimeZone
        self.defaultStateDirectory = defaultStateDirectory
        self.configFileMode = configFileMode
        self.isKnownTimeZone = isKnownTimeZone
    }
}

/// Turns a parsed config into `Settings`, reporting every problem at once with its line and column.
package enum SettingsReader {
    /// The settings, or nil when there were errors; diagnostics hold the errors and warnings.
    package static func read(
        _ document: TOMLTable,
        path: String,
        environment: ConfigEnvironment
    ) -> (settings: Settings?, diagnostics: [Diagnostic]) {
        var context = Context(path: path)
        var settings = Settings(
            timezone: environment.systemTimeZone,
            inbox: "",
            stateDirectory: environment.defaultStateDirectory
        )
        let root = context.open(document, name: "", known: Keys.root)
        if let entry = root["timezone"], let zone = context.string(entry, "timezone") {
            if environment.isKnownTimeZone(zone) {
                settings.timezone = zone
            } else {
                context.error(
                    .configValue,
                    "timezone \"\(zone)\" is not a known IANA time zone (e.g. \"Europe/Helsinki\")",
                    entry
                )
            }
        }
        if let entry = root["inbox"], let inbox = context.string(entry, "inbox") {
            settings.inbox = inbox
        } else if root["inbox"] == nil {
            context.missing("inbox", "the folder Kith reads calendars and contacts from", at: document.position)
        }
        if let entry = root["state_dir"], let folder = context.string(entry, "state_dir") {
            settings.stateDirectory = folder
        }

        if let entry = root["me"], let table = context.table(entry, "me") {
            let me = context.open(table, name: "me", known: Keys.me)
            if let entry = me["name"] { settings.me.name = context.string(entry, "me.name") }
            if let entry = me["emails"] { settings.me.emails = context.addresses(entry, "me.emails") }
        }
        readDigest(root, into: &settings, context: &context)
        readCircles(root, into: &settings, context: &context)
        readPeople(root, into: &settings, context: &context)
        if let entry = root["meetings"], let table = context.table(entry, "meetings") {
            let meetings = context.open(table, name: "meetings", known: Keys.meetings)
            if let entry = meetings["max_attendees"],
                let value = context.integer(entry, "meetings.max_attendees", 1...10_000)
            {
                settings.meetings.maxAttendees = value
            }
            if let entry = meetings["ignore_summaries"] {
                settings.meetings.ignoreSummaries = context.strings(entry, "meetings.ignore_summaries")
            }
            if let entry = meetings["ignore_paths"] {
                settings.meetings.ignorePaths = context.strings(entry, "meetings.ignore_paths")
            }
        }
        readMail(root, into: &settings, context: &context, environment: environment)
        readSources(root, into: &settings, context: &context)
        readReplies(root, into: &settings, context: &context)
        let digestNamesRecipients: Bool = {
            guard case .table(let digest)? = root["digest"]?.value else { return false }
            return digest["to"] != nil
        }()
        if settings.digest.to.isEmpty && !digestNamesRecipients {
            if let first = settings.me.emails.first {
                settings.digest.to = [first]
            } else {
                context.missing("digest.to", "where the digest goes (or set me.emails)", at: document.position)
            }
        }
        settings.positions = context.positions
        let diagnostics = context.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        return (context.hasErrors ? nil : settings, diagnostics)
    }

    private static func readDigest(_ root: Context.Table, into settings: inout Settings, context: inout Context) {
        guard let entry = root["digest"], let table = context.table(entry, "digest") else { return }
        let digest = context.open(table, name: "digest", known: Keys.digest)
        if let entry = digest["day"], let text = context.string(entry, "digest.day") {
            if let day = Settings.Weekday.allCases.first(where: { $0.name == text.lowercased() }) {
                settings.digest.day = day
            } else {
                context.error(.configValue, "digest.day \"\(text)\" is not a day of the week (e.g. \"monday\")", entry)
            }
        }
        if let entry = digest["time"], let text = context.string(entry, "digest.time") {
            let parts = text.split(separator: ":")
            if parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let hour = Int(parts[0]),
                let minute = Int(parts[1]),
                (0..<24).contains(hour), (0..<60).contains(minute)
            {
                settings.digest.time = hour * 60 + minute
            } else {
                context.error(
                    .configValue,
                    "digest.time \"\(text)\" is not a time of day (HH:MM, e.g. \"08:00\")",
                    entry
                )
            }
        }
        if let entry = digest["to"] {
            if case .string = entry.value {
                settings.digest.to = context.addresses(
                    TOMLTable.Entry(value: .array([entry.value], entry.position), position: entry.position),
                    "digest.to"
                )
            } else {
                settings.digest.to = context.addresses(entry, "digest.to")
            }
        }
        if let entry = digest["from"], let from = context.string(entry, "digest.from") {
            if Context.isAddress(from) {
                settings.digest.from = from
            } else {
                context.error(.configValue, "digest.from \"\(from)\" is not an e-mail address", entry)
            }
        }
        if let entry = digest["catch_up"], let value = context.duration(entry, "digest.catch_up", zeroIsNone: true) {
            settings.digest.catchUp = value
        }
        if let entry = digest["max_items"], let value = context.integer(entry, "digest.max_items", 1...100) {
            settings.digest.maxItems = value
        }
        if let entry = digest["max_per_section"] {
            context.warning(
                .configValue,
                "digest.max_per_section is no longer read: a digest holds digest.max_items in all, shared out by [digest.shares]",
                entry
            )
        }
        if let entry = digest["rest"], let value = context.duration(entry, "digest.rest", zeroIsNone: true) {
            settings.digest.rest = value
        }
        if let entry = digest["shares"], let table = context.table(entry, "digest.shares") {
            readShares(table, at: entry, into: &settings.digest.shares, context: &context)
        }
        if let entry = digest["lookahead"], let value = context.duration(entry, "digest.lookahead", zeroIsNone: true) {
            settings.digest.lookahead = value
        }
        if let entry = digest["follow_up_within"],
            let value = context.duration(entry, "digest.follow_up_within", zeroIsNone: true)
        {
            settings.digest.followUpWithin = value
        }
        if let entry = digest["follow_up_series"], let value = context.bool(entry, "digest.follow_up_series") {
            settings.digest.followUpSeries = value
        }
        if let entry = digest["follow_up_max_attendees"],
            let value = context.integer(entry, "digest.follow_up_max_attendees", 1...1000)
        {
            settings.digest.followUpMaxAttendees = value
        }
        if let entry = digest["new_contact_within"],
            let value = context.duration(entry, "digest.new_contact_within", zeroIsNone: true)
        {
            settings.digest.newContactWithin = value
        }
        if let entry = digest["weekly_goal"], let value = context.integer(entry, "digest.weekly_goal", 0...1000) {
            settings.digest.weeklyGoal = value
        }
    }

    private static func readShares(
        _ document: TOMLTable,
        at entry: TOMLTable.Entry,
        into shares: inout Settings.Shares,
        context: inout Context
    ) {
        let table = context.open(document, name: "digest.shares", known: Keys.shares)
        let fields: [(String, WritableKeyPath<Settings.Shares, Int>)] = [
            ("reconnect", \.reconnect), ("follow_up", \.followUp), ("coming_up", \.comingUp),
            ("new_contact", \.newContact),
        ]
        for (key, field) in fields {
            if let value = table[key].flatMap({ context.integer($0, "digest.shares.\(key)", 0...100) }) {
                shares[keyPath: field] = value
            }
        }
        if shares.total > 100 {
            context.error(
                .configValue,
                "digest.shares add up to \(shares.total)%; they are parts of digest.max_items and may add up to 100 at most",
                entry
            )
        }
    }

    private static func readCircles(_ root: Context.Table, into settings: inout Settings, context: inout Context) {
        var memberOf: [String: String] = [:]
        if let entry = root["circles"], let table = context.table(entry, "circles") {
            for name in table.keys {
                let circleEntry = table[name]!
                guard let circleTable = context.table(circleEntry, "circles.\(name)") else { continue }
                let circle = context.open(circleTable, name: "circles.\(name)", known: Keys.circle)
                guard let everyEntry = circle["every"] else {
                    context.missing(
                        "circles.\(name).every",
                        "how often to meet this circle, e.g. \"3w\"",
                        at: circleEntry.position
                    )
                    continue
                }
                guard let every = context.duration(everyEntry, "circles.\(name).every") else { continue }
                // Digests are weekly: a rhythm of hours would only mean "always overdue" (as `kith every` says).
                guard every.approximateSeconds >= 86_400 else {
                    context.error(
                        .configValue,
                        "circles.\(name).every \"\(every)\" is too short for a rhythm; give a day or more (e.g. 10d, 3w, 2mo)",
                        everyEntry
                    )
                    continue
                }
                var value = Settings.Circle(name: name, every: every)
                if let entry = circle["categories"] {
                    value.categories = context.strings(entry, "circles.\(name).categories")
                }
                if let entry = circle["members"] {
                    value.members = context.addresses(entry, "circles.\(name).members")
                    for member in value.members {
                        if let other = memberOf[member], other != name {
                            context.error(
                                .configContradiction,
                                "\(member) is a member of both circles \"\(other)\" and \"\(name)\"; keep one",
                                entry
                            )
                        }
                        memberOf[member] = name
                    }
                }
                if let entry = circle["jitter"], let jitter = context.integer(entry, "circles.\(name).jitter", 0...50) {
                    value.jitter = jitter
                }
                if let entry = circle["weight"], let weight = context.integer(entry, "circles.\(name).weight", 1...10) {
                    value.weight = weight
                }
                settings.circles.append(value)
            }
        }
        if let entry = root["default_circle"], let name = context.string(entry, "default_circle") {
            if settings.circles.contains(where: { $0.name == name }) {
                settings.defaultCircle = name
            } else {
                context.error(
                    .configValue,
                    "default_circle \"\(name)\" is not one of the [circles]\(context.suggestion(name, settings.circles.map(\.name)))",
                    entry
                )
            }
        }
    }

    private static func readPeople(_ root: Context.Table, into settings: inout Settings, context: inout Context) {
        guard let entry = root["people"], let table = context.table(entry, "people") else { return }
        for address in table.keys {
            let personEntry = table[address]!
            guard let personTable = context.table(personEntry, "people.\"\(address)\"") else { continue }
            if !Context.isAddress(address) {
                context.error(
                    .configValue,
                    "[people.\"\(address)\"]: \"\(address)\" is not an e-mail address",
                    personEntry
                )
            }
            let person = context.open(personTable, name: "people.\"\(address)\"", known: Keys.person)
            var value = Settings.Person()
            if let entry = person["circle"], let circle = context.string(entry, "circle") {
                if settings.circles.contains(where: { $0.name == circle }) {
                    value.circle = circle
                } else {
                    context.error(
                        .configValue,
                        "circle \"\(circle)\" is not one of the [circles]\(context.suggestion(circle, settings.circles.map(\.name)))",
                        entry
                    )
                }
            }
            if let entry = person["every"] { value.every = context.duration(entry, "every") }
            if let entry = person["ignore"], let flag = context.bool(entry, "ignore") { value.ignore = flag }
            settings.people[address.lowercased()] = value
        }
    }

    private static func readMail(
        _ root: Context.Table,
        into settings: inout Settings,
        context: inout Context,
        environment: ConfigEnvironment
    ) {
        guard let entry = root["mail"], let table = context.table(entry, "mail") else { return }
        let mail = context.open(table, name: "mail", known: Keys.mail)
        if let entry = mail["transport"], let text = context.string(entry, "mail.transport") {
            if let transport = Settings.Mail.Transport(rawValue: text) {
                settings.mail.transport = transport
            } else {
                context.error(
                    .configValue,
                    "mail.transport \"\(text)\" is not one of \"maildir\", \"smtp\", \"sendmail\"",
                    entry
                )
            }
        }
        if let entry = mail["url"], let url = context.string(entry, "mail.url") {
            if url.hasPrefix("smtp://") || url.hasPrefix("smtps://") {
                settings.mail.url = url
            } else {
                context.error(
                    .configValue,
                    "mail.url \"\(url)\" must start with smtp:// (STARTTLS) or smtps:// (TLS)",
                    entry
                )
            }
        }
        if let entry = mail["username"] { settings.mail.username = context.string(entry, "mail.username") }
        if let entry = mail["password_file"] {
            settings.mail.passwordFile = context.string(entry, "mail.password_file")
        }
        if let entry = mail["password_command"] {
            settings.mail.passwordCommand = context.string(entry, "mail.password_command")
        }
        if let entry = mail["password"], let password = context.string(entry, "mail.password") {
            if let mode = environment.configFileMode, mode & 0o077 != 0 {
                context.error(
                    .configInsecure,
                    "mail.password is written in a file that group or others can read (mode \(String(mode & 0o777, radix: 8))); "
                        + "use password_file, password_command, $KITH_SMTP_PASSWORD or a systemd credential, or chmod 600 the file",
                    entry
                )
            } else {
                context.warning(
                    .configInsecure,
                    "mail.password is written inline; prefer password_file or a systemd credential",
                    entry
                )
                settings.mail.password = password
            }
        }
        if let entry = mail["tls"], let text = context.string(entry, "mail.tls") {
            if let tls = Settings.Mail.TLS(rawValue: text) {
                settings.mail.tls = tls
                if tls == .none {
                    context.warning(.configInsecure, "mail.tls = \"none\": mail and password travel UNENCRYPTED", entry)
                }
            } else {
                context.error(.configValue, "mail.tls \"\(text)\" is not \"required\" or \"none\"", entry)
            }
        }
        if let entry = mail["ca_file"] { settings.mail.caFile = context.string(entry, "mail.ca_file") }
        if let entry = mail["timeout"], let value = context.duration(entry, "mail.timeout") {
            settings.mail.timeout = value
        }
        if let entry = mail["give_up"], let value = context.duration(entry, "mail.give_up") {
            settings.mail.giveUp = value
        }
        if let entry = mail["sendmail_path"], let value = context.string(entry, "mail.sendmail_path") {
            settings.mail.sendmailPath = value
        }
        if settings.mail.transport == .smtp && settings.mail.url == nil {
            context.missing("mail.url", "the SMTP server, e.g. \"smtp://mail.example.org:587\"", at: entry.position)
        }
    }

    enum Keys {
        static let root = [
            "timezone", "inbox", "state_dir", "me", "digest", "circles", "default_circle", "people", "meetings", "mail",
            "sources", "replies",
        ]
        static let me = ["name", "emails"]
        static let digest = [
            "day", "time", "to", "from", "catch_up", "max_items", "max_per_section", "rest", "shares", "lookahead",
            "follow_up_within", "follow_up_series", "follow_up_max_attendees", "new_contact_within", "weekly_goal",
        ]
        static let shares = ["reconnect", "follow_up", "coming_up", "new_contact"]
        static let circle = ["every", "categories", "members", "jitter", "weight"]
        static let person = ["circle", "every", "ignore"]
        static let meetings = ["max_attendees", "ignore_summaries", "ignore_paths"]
        static let mail = [
            "transport", "url", "username", "password", "password_file", "password_command", "tls", "ca_file",
            "timeout", "give_up", "sendmail_path",
        ]
    }
}
