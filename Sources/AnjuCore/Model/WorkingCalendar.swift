import Foundation

/// Which days offices work in China: Monday to Friday, except statutory holidays, plus the
/// weekend days worked in exchange (调休). The official arrangement for each year is read from
/// `Resources/holidays.txt` (scripts/gen_holidays.py); past its last year only weekends are known.
public struct WorkingCalendar: Sendable {
    /// Day numbers (days since 1970-01-01 in China time) that are holidays or worked weekends.
    let holidays: Set<Int64>
    let workdays: Set<Int64>
    /// The years the file covers.
    public let years: ClosedRange<Int>

    public static let shared: WorkingCalendar = {
        guard let url = Bundle.module.url(forResource: "holidays", withExtension: "txt"),
              let text = try? String(contentsOfFile: url.path, encoding: .utf8),
              let calendar = WorkingCalendar(text: text) else {
            fatalError("holidays.txt is missing or unreadable in AnjuCore's resources: rebuild with `swift build`")
        }
        return calendar
    }()

    /// Lines `years 2024 2026`, then `2026-02-14 班 春节` / `2026-02-15 休 春节`; `#` comments.
    init?(text: String) {
        var holidays = Set<Int64>(), workdays = Set<Int64>()
        var years: ClosedRange<Int>?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.first == "years", parts.count == 3, let a = Int(parts[1]), let b = Int(parts[2]), a <= b {
                years = a...b
                continue
            }
            guard parts.count >= 2, let day = ChinaTime.parse(String(parts[0])) else { return nil }
            switch parts[1] {
            case "休": holidays.insert(day.dayNumber)
            case "班": workdays.insert(day.dayNumber)
            default: return nil
            }
        }
        guard let years else { return nil }
        self.holidays = holidays
        self.workdays = workdays
        self.years = years
    }

    public func isWorkingDay(_ day: Int64) -> Bool {
        if holidays.contains(day) { return false }
        if workdays.contains(day) { return true }
        let weekday = Int(((day % 7) + 11) % 7) // 0 = Sunday
        return weekday != 0 && weekday != 6
    }

    /// Working days from `start`'s day through `end`'s, both counted. Periods longer than ten
    /// years are not 公示 periods: they are cut there, so a typo cannot make a long loop.
    public func workingDays(from start: ChinaTime, through end: ChinaTime) -> Int {
        let first = start.dayNumber, last = min(end.dayNumber, first + 3_660)
        guard last >= first else { return 0 }
        return (first...last).reduce(0) { $0 + (isWorkingDay($1) ? 1 : 0) }
    }

    /// Whether the official arrangement is known for the year of `time`.
    public func covers(_ time: ChinaTime) -> Bool { years.contains(time.components.year) }
}
