import KithFormats

/// When digests go out: `digest.day` at `digest.time`, wall-clock time in the configured zone. Pure.
///
/// 08:00 stays 08:00 local across DST changes; a local time that does not exist that day moves forward
/// (RFC 5545 §3.3.5, as `ZoneRules.instant(ofLocal:)` does).
package struct DigestSchedule: Sendable {
    package let day: Settings.Weekday
    /// Minutes after midnight.
    package let time: Int
    package let zone: ZoneRules

    package init(settings: Settings, zone: ZoneRules) {
        day = settings.digest.day
        time = settings.digest.time
        self.zone = zone
    }

    /// The instant of the slot in the week of `date`.
    private func slot(inWeekOf date: CivilDate) -> Int {
        let monday = date.adding(days: -date.weekday)
        let slotDay = monday.adding(days: day.rawValue - 1)
        return zone.instant(ofLocal: CivilDateTime(date: slotDay, secondOfDay: time * 60))
    }

    /// The latest slot at or before `now`.
    package func latest(atOrBefore now: Int) -> Int {
        let today = zone.local(atUTC: now).date
        let thisWeek = slot(inWeekOf: today)
        return thisWeek <= now ? thisWeek : slot(inWeekOf: today.adding(days: -7))
    }

    /// The first slot after `now`.
    package func next(after now: Int) -> Int {
        let today = zone.local(atUTC: now).date
        let thisWeek = slot(inWeekOf: today)
        return thisWeek > now ? thisWeek : slot(inWeekOf: today.adding(days: 7))
    }
}
