import Testing
@testable import AnjuCore

@Suite struct ChinaTimeTests {
    @Test func parsesDateAndTimeInChinaTime() throws {
        let t = try #require(ChinaTime.parse("2024-06-01 14:00"))
        #expect(t.display == "2024-06-01 14:00")
        #expect(t.rfc3339 == "2024-06-01T14:00:00+08:00")
        #expect(t.epochSeconds == 1_717_221_600) // 06:00 UTC
        #expect(t.chineseDate == "2024年6月1日")
    }

    @Test func bareDateHasNoTimeAndEndsAtMidnight() throws {
        let d = try #require(ChinaTime.parse("2024-06-30"))
        #expect(d.display == "2024-06-30")
        #expect(!d.hasTime)
        #expect(d.endOfDay.display == "2024-07-01 00:00")
    }

    @Test func offsetsAreConvertedToChinaTime() throws {
        let utc = try #require(ChinaTime.parse("2024-06-01T06:00Z"))
        #expect(utc.display == "2024-06-01 14:00")
        let other = try #require(ChinaTime.parse("2024-06-01 00:30 -02:00"))
        #expect(other.display == "2024-06-01 10:30")
    }

    @Test(arguments: ["2024-13-01", "2024-02-30", "2023-02-29", "2024-6-1", "2024-06-01 25:00", "明天", "", "2024-06-01 14:00 extra"])
    func rejectsInvalidDates(_ text: String) {
        #expect(ChinaTime.parse(text) == nil)
    }

    @Test func leapDayAndWeekday() throws {
        let leap = try #require(ChinaTime.parse("2024-02-29"))
        #expect(leap.components.day == 29)
        #expect(try #require(ChinaTime.parse("2026-11-29")).weekday == 0) // a Sunday
    }
}
