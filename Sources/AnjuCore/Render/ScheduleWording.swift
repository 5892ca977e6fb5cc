/// Windows and events in the words residents use: 明天 6月12日 8:00–18:00 · 第3至第9幢.
enum ScheduleWording {
    /// 今天, 明天, 后天 before the date when it is that near; the date alone otherwise. As
    /// `html`, the word is one the visitor's clock says again (`VisitorClock.relativeDay`).
    static func day(_ t: ChinaTime, now: ChinaTime, html: Bool = false) -> String {
        let c = t.components
        let date = "\(c.month)月\(c.day)日"
        if html { return VisitorClock.relativeDay(t, now: now) + " " + date }
        switch t.dayNumber - now.dayNumber {
        case 0: return "今天 " + date
        case 1: return "明天 " + date
        case 2: return "后天 " + date
        default: return date
        }
    }

    static func clock(_ t: ChinaTime) -> String {
        let c = t.components
        return "\(c.hour):" + (c.minute < 10 ? "0" : "") + "\(c.minute)"
    }

    /// When a window runs, from `start` to `end`, relative to `now`.
    static func span(_ start: ChinaTime, _ end: ChinaTime?, now: ChinaTime, html: Bool = false) -> String {
        func day(_ t: ChinaTime, _ now: ChinaTime) -> String { Self.day(t, now: now, html: html) }
        guard let end else { return start.hasTime ? day(start, now) + " " + clock(start) : day(start, now) }
        let sameDay = start.dayNumber == (end.hasTime ? end : start).dayNumber
        switch (start.hasTime, end.hasTime) {
        case (true, true) where sameDay:
            return day(start, now) + " " + clock(start) + "–" + clock(end)
        case (true, true):
            return day(start, now) + " " + clock(start) + " 至 " + day(end, now) + " " + clock(end)
        case (false, false) where start.dayNumber == end.dayNumber:
            return day(start, now) + " 全天"
        default:
            return day(start, now) + (start.hasTime ? " " + clock(start) : "") + " 至 "
                + day(end, now) + (end.hasTime ? " " + clock(end) : "")
        }
    }

    static func window(_ w: ScheduleWindow, now: ChinaTime, html: Bool = false) -> String {
        span(w.start, w.end, now: now, html: html) + (w.area.map { " · " + (html ? escapeHTML($0) : $0) } ?? "")
    }
}
