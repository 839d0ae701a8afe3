extension Settings {
    /// Where replies to the digest are read (`[replies]`), and what they may answer.
    package struct Replies: Sendable, Hashable {
        /// `imaps://host/INBOX`: polled every `every`.
        package var imap: String?
        package var username: String?
        package var passwordFile: String?
        package var passwordCommand: String?
        package var caFile: String?
        package var every = ConfigDuration(seconds: 5 * 60)
        /// A Maildir a sync tool fills (mbsync, offlineimap): watched, not polled.
        package var maildir: String?
        /// The digest's Reply-To, when replies should go to a mailbox of their own.
        package var address: String?
        /// How long a digest can be answered: its secret is not accepted after this.
        package var secretLifetime = ConfigDuration.days(56)

        package init() {}

        /// Whether replies are read at all.
        package var isConfigured: Bool { imap != nil || maildir != nil }
    }
}

extension SettingsReader {
    static let replyKeys = [
        "imap", "username", "password_file", "password_command", "ca_file", "every", "maildir", "address",
        "secret_lifetime",
    ]

    static func readReplies(_ root: Context.Table, into settings: inout Settings, context: inout Context) {
        guard let entry = root["replies"], let table = context.table(entry, "replies") else { return }
        let replies = context.open(table, name: "replies", known: replyKeys)
        var value = Settings.Replies()
        if let entry = replies["imap"], let url = context.string(entry, "replies.imap") {
            if url.lowercased().hasPrefix("imaps://") {
                value.imap = url
            } else {
                context.error(.configValue, "replies.imap \"\(url)\" must start with imaps://", entry)
            }
        }
        if let entry = replies["username"] { value.username = context.string(entry, "replies.username") }
        if let entry = replies["password_file"] {
            value.passwordFile = context.string(entry, "replies.password_file")
        }
        if let entry = replies["password_command"] {
            value.passwordCommand = context.string(entry, "replies.password_command")
        }
        if let entry = replies["ca_file"] { value.caFile = context.string(entry, "replies.ca_file") }
        if let entry = replies["every"], let every = context.duration(entry, "replies.every") {
            if every.approximateSeconds < 60 {
                context.error(.configValue, "replies.every \"\(every)\" is too often; at least \"1m\"", entry)
            } else {
                value.every = every
            }
        }
        if let entry = replies["maildir"] { value.maildir = context.string(entry, "replies.maildir") }
        if let entry = replies["address"], let address = context.string(entry, "replies.address") {
            if Context.isAddress(address) {
                value.address = address
            } else {
                context.error(.configValue, "replies.address \"\(address)\" is not an e-mail address", entry)
            }
        }
        if let entry = replies["secret_lifetime"], let lifetime = context.duration(entry, "replies.secret_lifetime") {
            value.secretLifetime = lifetime
        }
        if value.isConfigured, let entry = replies["imap"] ?? replies["maildir"] {
            // Said plainly, so that no one waits for replies to take effect.
            context.warning(
                .configValue,
                "replies.imap and replies.maildir are checked but not read yet: this Kith does not act on replies",
                entry
            )
        }
        settings.replies = value
    }
}

extension Settings {
    /// `[replies]` as TOML, when set.
    func describeReplies() -> [String] {
        guard replies != Replies() else { return [] }
        var lines = ["", "[replies]"]
        if let imap = replies.imap { lines.append("imap = \(Self.quotedValue(imap))") }
        if let username = replies.username { lines.append("username = \(Self.quotedValue(username))") }
        if let file = replies.passwordFile { lines.append("password_file = \(Self.quotedValue(file))") }
        if let command = replies.passwordCommand {
            lines.append("password_command = \(Self.quotedValue(command))")
        }
        if let caFile = replies.caFile { lines.append("ca_file = \(Self.quotedValue(caFile))") }
        lines.append("every = \(Self.quotedValue(replies.every.description))")
        if let maildir = replies.maildir { lines.append("maildir = \(Self.quotedValue(maildir))") }
        if let address = replies.address { lines.append("address = \(Self.quotedValue(address))") }
        lines.append("secret_lifetime = \(Self.quotedValue(replies.secretLifetime.description))")
        return lines
    }
}
