/// Kith's settings, typed, with every default filled in.
package struct Settings: Sendable {
    package enum Weekday: Int, Sendable, CaseIterable {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

        package var name: String { String(describing: self) }
    }

    package struct Me: Sendable {
        package var name: String?
        /// The user's own addresses, lower-cased: never treated as people.
        package var emails: [String] = []
    }

    package struct Digest: Sendable {
        package var day = Weekday.monday
        /// Minutes after midnight, in `timezone`.
        package var time = 8 * 60
        package var to: [String] = []
        package var from: String?
        package var catchUp = ConfigDuration.days(3)
        package var maxPerSection = 5
        package var lookahead = ConfigDuration.days(14)
        package var followUpWithin = ConfigDuration.days(7)
        package var followUpMaxAttendees = 4
        package var newContactWithin = ConfigDuration.days(30)
        package var weeklyGoal = 3
    }

    package struct Circle: Sendable {
        package var name: String
        package var every: ConfigDuration
        package var categories: [String] = []
        package var members: [String] = []
        /// Percent by which a person's cadence varies, deterministically per person.
        package var jitter = 10

        package init(
            name: String,
            every: ConfigDuration,
            categories: [String] = [],
            members: [String] = [],
            jitter: Int = 10
        ) {
            self.name = name
            self.every = every
            self.categories = categories
            self.members = members
            self.jitter = jitter
        }
    }

    package struct Person: Sendable {
        package var circle: String?
        package var every: ConfigDuration?
        package var ignore = false

        package init(circle: String? = nil, every: ConfigDuration? = nil, ignore: Bool = false) {
            self.circle = circle
            self.every = every
            self.ignore = ignore
        }
    }

    package struct Meetings: Sendable {
        package var maxAttendees = 12
        package var ignoreSummaries: [String] = []
        package var ignorePaths: [String] = []
    }

    package struct Mail: Sendable {
        package enum Transport: String, Sendable {
            case maildir, smtp, sendmail
        }

        package enum TLS: String, Sendable {
            case required, none
        }

        package var transport = Transport.maildir
        package var url: String?
        package var username: String?
        package var password: String?
        package var passwordFile: String?
        package var passwordCommand: String?
        package var tls = TLS.required
        package var caFile: String?
        package var timeout = ConfigDuration(seconds: 60)
        package var giveUp = ConfigDuration.days(5)
        package var sendmailPath = "/usr/sbin/sendmail"
    }

    /// IANA time zone name.
    package var timezone: String
    package var inbox: String
    package var stateDirectory: String
    package var me = Me()
    package var digest = Digest()
    package var circles: [Circle] = []
    package var defaultCircle: String?
    /// Per-person settings by lower-cased address.
    package var people: [String: Person] = [:]
    package var meetings = Meetings()
    package var mail = Mail()
    /// Where each setting written in the config is: its dotted key (`inbox`, `mail.password_file`,
    /// `people."ana@example.org".every`) to the position of the key. A setting left at its default has no
    /// entry, so a check of its value points at the top of the file and says where the value came from.
    package var positions: [String: SourcePosition] = [:]

    package init(timezone: String, inbox: String, stateDirectory: String) {
        self.timezone = timezone
        self.inbox = inbox
        self.stateDirectory = stateDirectory
    }
}
