import KithFormats

/// "Your week in people": the week that just ended against the user's goal, what is booked in the digest's
/// week, and twelve weeks of history. Counts are of distinct people.
package struct DigestStatistics: Sendable {
    /// How many weeks the chart shows.
    package static let weeks = 12

    /// The first day of the week that just ended: the seven days before the digest's week.
    package var lastWeek: CivilDate
    /// People met in the week that just ended (meetings of any size, and what the user told Kith).
    package var metLastWeek: Int
    package var weeklyGoal: Int
    /// People met per week, oldest first, the week that just ended last (`weeks` of them).
    package var weeklyCounts: [Int]
    /// People met in the digest's own week up to the digest (a digest sent late), not counted in `booked`.
    package var metThisWeek: Int
    /// People with a meeting that counts booked from the digest to the end of its week.
    package var bookedThisWeek: Int
    package var people: Int
    /// People past their rhythm (`Planner.isOverdue(at:)`): the same people as `kith people --overdue`.
    package var overdue: Int

    /// The first day of each week of `weeklyCounts`.
    package var weekStarts: [CivilDate] {
        (0..<weeklyCounts.count).map { lastWeek.adding(days: 7 * ($0 - weeklyCounts.count + 1)) }
    }

    /// The first day of the digest's week that `date` is in: the last `day` on or before it.
    package static func weekStart(containing date: CivilDate, day: Settings.Weekday) -> CivilDate {
        // CivilDate counts weekdays from 0 (Monday), the setting from 1.
        date.adding(days: -((date.weekday - (day.rawValue - 1) + 7) % 7))
    }
}
