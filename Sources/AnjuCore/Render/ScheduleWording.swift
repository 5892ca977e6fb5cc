/// Windows and events in the words residents use, as HTML: 明天 6月12日 8:00–18:00 · 第3至第9幢.
enum ScheduleWording {
    /// The date, after 今天, 明天 or 后天 when it is that near, a word the visitor's clock says
    /// again (`VisitorClock.relativeDay`).
    static func day(_ t: ChinaTime, now: ChinaTime) -> String {
        let c = t.components
        return VisitorClock.relativeDay(t, now: now) + " \(c.month)月\(c.day)日"
    }

    static func clock(_ t: ChinaTime) -> String {
        let c = t.components
        return "\(c.hour):" + (c.minute < 10 ? "0" : "") + "\(c.minute)"
    }

    /// When a window runs, from `start` to `end`, relative to `now`.
    static func span(_ start: ChinaTime, _ end: ChinaTime?, now: ChinaTime) -> String {
        func day(_ t: ChinaTime, _ now: ChinaTime) -> String { Self.day(t, now: now) }
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

    static func window(_ w: ScheduleWindow, now: ChinaTime) -> String {
        span(w.start, w.end, now: now) + (w.area.map { " · " + escapeHTML($0) } ?? "")
    }
}
