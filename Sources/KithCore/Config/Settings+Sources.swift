extension Settings {
    /// A calendar or address book fetched from a URL (`[sources.NAME]`) and read as part of the inbox.
    package struct Source: Sendable, Hashable {
        package var name: String
        /// `https://…`; `http://…` only with `insecure`; `webcal://` is read as https.
        package var url: String
        package var every = ConfigDuration.hours(1)
        package var username: String?
        package var passwordFile: String?
        package var passwordCommand: String?
        package var caFile: String?
        /// The largest body accepted, in bytes.
        package var maxSize = Source.defaultMaxSize
        /// Whether plain `http://` is allowed.
        package var insecure = false

        package static let defaultMaxSize = 100 * 1024 * 1024
        /// A feed is not fetched more often than this.
        package static let shortestEvery = 5 * 60

        package init(name: String, url: String) {
            self.name = name
            self.url = url
        }

        /// The URL libcurl fetches: `webcal://` (and `webcals://`) as `https://`.
        package var fetchURL: String {
            for scheme in ["webcal://", "webcals://"] where url.lowercased().hasPrefix(scheme) {
                return "https://" + url.dropFirst(scheme.count)
            }
            return url
        }

        /// The URL with what may be secret hidden, for logs and `check-config`: a password in it, and the
        /// path and query (a private feed's address is its key).
        package var maskedURL: String {
            let characters = Array(url)
            guard let colon = characters.firstIndex(of: ":"), characters[colon...].starts(with: "://") else {
                return "********"
            }
            let scheme = String(characters[..<(colon + 3)])
            let rest = characters[(colon + 3)...]
            var authority = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
            if let at = authority.lastIndex(of: "@") {
                let user = authority[..<at].prefix { $0 != ":" }
                authority = user + ":********@" + authority[authority.index(after: at)...]
            }
            let path = rest.dropFirst(authority.count)
            let hidden = path.isEmpty || path.elementsEqual("/") ? String(path) : "/********"
            return scheme + authority + hidden
        }

        /// The environment variable and systemd credential that may hold the password.
        package var passwordVariable: String { "KITH_SOURCE_\(Self.environmentName(name))_PASSWORD" }
        package var credentialName: String { "source-\(name.lowercased())-password" }

        private static func environmentName(_ name: String) -> String {
            String(name.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        }
    }
}

extension SettingsReader {
    static let sourceKeys = [
        "url", "every", "username", "password_file", "password_command", "ca_file", "max_size", "insecure",
    ]

    static func readSources(_ root: Context.Table, into settings: inout Settings, context: inout Context) {
        guard let entry = root["sources"], let table = context.table(entry, "sources") else { return }
        for name in table.keys {
            let sourceEntry = table[name]!
            let key = "sources.\(name)"
            guard let sourceTable = context.table(sourceEntry, key) else { continue }
            let source = context.open(sourceTable, name: key, known: sourceKeys)
            guard name.utf8.allSatisfy({ $0 < 0x80 }), !name.isEmpty,
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else {
                context.error(
                    .configValue,
                    "\(key): a source's name may hold only ASCII letters, digits, '-' and '_' (it names a file)",
                    sourceEntry
                )
                continue
            }
            guard let urlEntry = source["url"] else {
                context.missing(
                    "\(key).url",
                    "the feed's address, e.g. \"https://example.org/cal.ics\"",
                    at: sourceEntry.position
                )
                continue
            }
            guard let url = context.string(urlEntry, "\(key).url") else { continue }
            var value = Settings.Source(name: name, url: url)
            if let entry = source["insecure"], let flag = context.bool(entry, "\(key).insecure") {
                value.insecure = flag
            }
            let scheme = url.lowercased().prefix { $0 != ":" }
            switch scheme {
            case "https", "webcal", "webcals": break
            case "http" where value.insecure:
                context.warning(
                    .configInsecure,
                    "\(key).url is plain http: the feed and its password travel UNENCRYPTED",
                    urlEntry
                )
            case "http":
                context.error(
                    .configInsecure,
                    "\(key).url \"\(value.maskedURL)\" is plain http; use https, or set insecure = true to accept it",
                    urlEntry
                )
                continue
            default:
                context.error(
                    .configValue,
                    "\(key).url \"\(value.maskedURL)\" must start with https://, webcal:// or http://",
                    urlEntry
                )
                continue
            }
            if let entry = source["every"], let every = context.duration(entry, "\(key).every") {
                if every.approximateSeconds < Settings.Source.shortestEvery {
                    context.error(.configValue, "\(key).every \"\(every)\" is too often; at least \"5m\"", entry)
                } else {
                    value.every = every
                }
            }
            if let entry = source["username"] { value.username = context.string(entry, "\(key).username") }
            if let entry = source["password_file"] {
                value.passwordFile = context.string(entry, "\(key).password_file")
            }
            if let entry = source["password_command"] {
                value.passwordCommand = context.string(entry, "\(key).password_command")
            }
            if let entry = source["ca_file"] { value.caFile = context.string(entry, "\(key).ca_file") }
            if let entry = source["max_size"] {
                if let size = context.integer(entry, "\(key).max_size", 1024...(16 << 30)) { value.maxSize = size }
            }
            settings.sources.append(value)
        }
    }
}

extension Settings {
    /// `[sources.NAME]` as TOML, secrets masked.
    func describeSources() -> [String] {
        var lines: [String] = []
        for source in sources {
            lines += ["", "[sources.\(source.name)]", "url = \(Self.quotedValue(source.maskedURL))"]
            lines.append("every = \(Self.quotedValue(source.every.description))")
            if let username = source.username { lines.append("username = \(Self.quotedValue(username))") }
            if let file = source.passwordFile { lines.append("password_file = \(Self.quotedValue(file))") }
            if let command = source.passwordCommand {
                lines.append("password_command = \(Self.quotedValue(command))")
            }
            if let caFile = source.caFile { lines.append("ca_file = \(Self.quotedValue(caFile))") }
            lines.append("max_size = \(source.maxSize)")
            if source.insecure { lines.append("insecure = true") }
        }
        return lines
    }
}
