import KithFormats

/// A seeded year of one person's life as values: their contacts in four circles, the recurring meetings, the
/// one-off and large meetings of the half-year before the simulation and of the simulated weeks.
///
/// The world does not depend on what the user does: "without Kith" and "with Kith" live the same year, and
/// the simulated user only adds the catch-ups they book. Times are wall-clock times in Europe/Helsinki.
struct SimulationWorld {
    struct Circle {
        var name: String
        /// The vCard CATEGORIES value that puts a card in the circle.
        var category: String
        /// The rhythm as the config writes it, and in days (as Kith reads it: a month is 30 days).
        var every: String
        var days: Int
        var size: Int
    }

    struct Contact {
        var name: String
        var given: String
        var family: String
        var email: String
        var circle: Int
        var organization: String?
        /// The card's REV, which half the cards carry (phone and Google exports do, others not): Kith counts
        /// someone never met as overdue from it, or from when it first saw the card.
        var revision: CivilDate?
        var birthday: (year: Int?, month: Int, day: Int)?
        var anniversary: CivilDate?
    }

    /// A meeting that happens once: a one-off, a large event, or a catch-up the simulated user booked.
    struct Meeting {
        enum Kind { case oneOff, large, catchUp }
        var uid: String
        var kind: Kind
        var summary: String
        var local: CivilDateTime
        var start: Int
        var minutes: Int
        /// Indices into `contacts`; the user is always there too.
        var attendees: [Int]
        var declined: Set<Int> = []
        var userOrganizes: Bool
        /// When it appears in the user's calendar (booked, or the invitation arrived).
        var bookedAt: Int
        /// When it was called off; a cancelled meeting does not happen.
        var cancelledAt: Int?
    }

    /// A recurring meeting: a weekly 1:1 or the monthly team meeting.
    struct Series {
        enum Rule {
            case weekly
            /// The first given weekday (0 Monday) of every month, as `BYDAY=1TU` says it.
            case monthlyFirst(weekday: Int)
        }
        var uid: String
        var summary: String
        var rule: Rule
        var first: CivilDateTime
        var minutes: Int
        var attendees: [Int]
        var bookedAt: Int
        /// The day of the last occurrence, when the series ends, and since when the calendar says so.
        var lastDay: CivilDate?
        var endKnownAt: Int?

        /// The occurrences' local times up to `end` (exclusive), in the world's own arithmetic (not Kith's).
        func occurrences(before end: CivilDate) -> [CivilDateTime] {
            let stop = min(end, lastDay.map { $0.adding(days: 1) } ?? end)
            var result: [CivilDateTime] = []
            switch rule {
            case .weekly:
                var day = first.date
                while day < stop {
                    result.append(CivilDateTime(date: day, secondOfDay: first.secondOfDay))
                    day = day.adding(days: 7)
                }
            case .monthlyFirst(let weekday):
                var month = CivilDate(year: first.date.year, month: first.date.month, day: 1)
                while month < stop {
                    let day = month.adding(days: (weekday - month.weekday + 7) % 7)
                    if day >= first.date && day < stop {
                        result.append(CivilDateTime(date: day, secondOfDay: first.secondOfDay))
                    }
                    month = month.adding(months: 1)
                }
            }
            return result
        }
    }

    /// The first simulated Monday; the history starts `historyWeeks` before it.
    var startDate: CivilDate
    var weeks: Int
    var historyWeeks: Int
    var circles: [Circle]
    var contacts: [Contact]
    var series: [Series]
    var meetings: [Meeting]
    /// The user, as the config's `me` and the calendar's ORGANIZER/ATTENDEE.
    var me = (name: "Maija Mäkelä", email: "maija@home.example")

    /// The world's calendar runs this far past the simulation, so that the last digests see what comes next.
    static let tailWeeks = 3
    /// Meetings with more people than this (the user included) do not count as meeting someone, as Kith's
    /// default `meetings.max_attendees` says.
    static let maxAttendees = 12

    var historyStart: CivilDate { startDate.adding(days: -7 * historyWeeks) }
    var endDate: CivilDate { startDate.adding(days: 7 * weeks) }
}
