import KithCore
import KithFormats
import Testing

/// Counts and times as every output writes them: singular and plural right, times in the configured zone.
@Suite struct WordingTests {
    @Test func countsTakeTheirNounInTheRightNumber() {
        #expect(Plural.of(1, "file") == "1 file")
        #expect(Plural.of(0, "file") == "0 files")
        #expect(Plural.of(2, "attempt") == "2 attempts")
        #expect(Plural.of(1, "person", "people") == "1 person")
        #expect(Plural.of(8, "person", "people") == "8 people")
    }

    @Test func momentsAreTheZonesWallClockWithItsOffset() throws {
        let calendar = CivilCalendar(zone: try #require(TimeZoneDatabase().rules(named: "Europe/Helsinki")))
        // 2026-11-30T06:00Z is 08:00 in Helsinki's winter; 2026-07-01T05:30Z is 08:30 in its summer.
        #expect(calendar.moment(1_796_018_400) == "2026-11-30 08:00 +02:00")
        #expect(calendar.moment(1_782_883_800) == "2026-07-01 08:30 +03:00")
    }

    @Test func configuredRhythmsAreSpelledExactly() {
        #expect(CivilCalendar.spell(.days(42)) == "6 weeks")
        #expect(CivilCalendar.spell(.days(10)) == "10 days")
        #expect(CivilCalendar.spell(ConfigDuration(months: 2)) == "2 months")
        #expect(CivilCalendar.spell(ConfigDuration(months: 12)) == "1 year")
        #expect(CivilCalendar.spell(.hours(36)) == "36 hours")
        // A person's own, in the configured unit, rounded; in days when that unit hides the difference.
        #expect(CivilCalendar.spell(seconds: 35 * 86_400, like: .days(42)) == "5 weeks")
        #expect(CivilCalendar.spell(seconds: 40 * 86_400, like: .days(42)) == "40 days")
        #expect(CivilCalendar.spell(seconds: 75 * 86_400, like: ConfigDuration(months: 2)) == "3 months")
    }
}
