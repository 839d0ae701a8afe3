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
        /// The most items a digest holds, all kinds together.
        package var maxItems = 10
        /// How long someone shown and not acted on steps back, so that the budget reaches others.
        package var rest = ConfigDuration.days(21)
        package var shares = Shares()
        package var lookahead = ConfigDuration.days(14)
        package var followUpWithin = ConfigDuration.days(7)
        package var followUpMaxAttendees = 4
        /// Whether every instance of a standing meeting calls for a follow-up, not only the first, or one
        /// after a long gap.
        package var followUpSeries = false
        package var newContactWithin = ConfigDuration.days(30)
        package var weeklyGoal = 3
    }

    /// The part of `max_items` each kind of nudge has first claim on, in percent; what a kind leaves unused
    /// (or what the shares leave over) goes to the most pressing of the rest, whatever their kind.
    package struct Shares: Sendable, Hashable {
        package var reconnect = 50
        package var followUp = 20
        /// Meetings to prepare, birthdays and anniversaries.
        package var comingUp = 20
        package var newContact = 10

        package init() {}

        package var total: Int { reconnect + followUp + comingUp + newContact }
    }

    package struct Circle: Sendable {
        package var name: String
        package var every: ConfigDuration
        package var categories: [String] = []
        package var members: [String] = []
        /// Percent by which a person's cadence varies, deterministically per person.
        package var jitter = 10
        /// How much more this circle's nudges weigh than others' (1…10); nil: by its rhythm
        /// (`Circle.defaultWeight`).
        package var weight: Int?

        package init(
            name: String,
            every: ConfigDuration,
            categories: [String] = [],
            members: [String] = [],
            jitter: Int = 10,
            weight: Int? = nil
        ) {
            self.name = name
            self.every = every
            self.categories = categories
            self.members = members
            self.jitter = jitter
            self.weight = weight
        }

        /// The weight in effect: the setting, else closer circles (a shorter rhythm) first: 3 for a rhythm of up
        /// to a month, 2 up to a quarter, 1 beyond.
        package var effectiveWeight: Int { weight ?? Self.defaultWeight(every: every) }

        package static func defaultWeight(every: ConfigDuration) -> Int {
            switch every.approximateSeconds {
            case ...(31 * 86_400): 3
            case ...(92 * 86_400): 2
            default: 1
            }
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

        package init() {}
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
    /// Feeds fetched into `state_dir/sources` (`[sources.NAME]`), in the config's order.
    package var sources: [Source] = []
    /// Replies to the digest (`[replies]`).
    package var replies = Replies()
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
