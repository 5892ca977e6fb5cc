import Testing
@testable import AnjuCore

@Suite struct ChinaTimeTests {
    /// Dates are written digit by digit; the same as padding Strings, over the whole calendar.
    @Test func datesAreWrittenAsPaddedNumbers() {
        func pad(_ n: Int, _ width: Int = 2) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        var checked = 0
        var seconds: Int64 = ChinaTime(year: 1, month: 1, day: 1, hour: 0, minute: 0)!.epochSeconds
        let last = ChinaTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59)!.epochSeconds
        while seconds <= last {
            for hasTime in [true, false] {
                let t = ChinaTime(epochSeconds: seconds, hasTime: hasTime), c = t.components
                let date = "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))"
                #expect(t.dateOnly == date)
                #expect(t.display == (hasTime ? "\(date) \(pad(c.hour)):\(pad(c.minute))" : date))
                #expect(t.rfc3339 == "\(date)T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))+08:00")
                checked += 1
            }
            seconds += 86_400 * 97 + 3_671 // every weekday, hour, minute and second in time
        }
        #expect(checked > 70_000)
        // Past 9999 (only a computed time gets there) the year is written whole.
        let far = ChinaTime(epochSeconds: ChinaTime(year: 9999, month: 12, day: 31, hour: 23, minute: 0)!.epochSeconds + 2 * 86_400)
        #expect(far.display == "10000-01-02 23:00")
        #expect(far.rfc3339 == "10000-01-02T23:00:00+08:00" && far.dateOnly == "10000-01-02")
    }

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
        // The forms YAML's timestamps allow: an offset of hours alone or without its colon,
        // a fraction of a second, a lower-case t and z.
        for (written, shown) in [("2024-06-01 09:00+08", "2024-06-01 09:00"), ("2024-06-01 09:00+0800", "2024-06-01 09:00"),
                                 ("2024-06-01 09:00:00.5+08:00", "2024-06-01 09:00"), ("2024-06-01t01:00:00z", "2024-06-01 09:00"),
                                 ("2001-12-14 21:59:43.10 -5", "2001-12-15 10:59"), ("2024-06-01 09:00:00.1234567891+08:00", "2024-06-01 09:00")] {
            #expect(ChinaTime.parse(written)?.display == shown, "\(written)")
        }
        #expect(ChinaTime.parse("2024-06-01 09:00+08:0") == nil && ChinaTime.parse("2024-06-01 09:00:00.") == nil)
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
