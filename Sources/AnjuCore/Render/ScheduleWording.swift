/// Windows and events in the words residents use: 明天 6月12日 8:00–18:00 · 第3至第9幢.
enum ScheduleWording {
    /// 今天, 明天, 后天 before the date when it is that near (passed through `relative`); the
    /// date alone otherwise.
    static func day(_ t: ChinaTime, now: ChinaTime, relative: (String) -> String = { $0 }) -> String {
        let c = t.components
        let date = "\(c.month)月\(c.day)日"
        switch t.dayNumber - now.dayNumber {
        case 0: return relative("今天") + " " + date
        case 1: return relative("明天") + " " + date
        case 2: return relative("后天") + " " + date
        default: return date
        }
    }

    /// A word of `day` as HTML that paper leaves out: a printed notice stays on the board
    /// for days, and its 明天 would soon be wrong.
    static func onScreenOnly(_ word: String) -> String { "<span class=\"relative-day\">\(word)</span>" }

    static func clock(_ t: ChinaTime) -> String {
        let c = t.components
        return "\(c.hour):" + (c.minute < 10 ? "0" : "") + "\(c.minute)"
    }

    /// When a window runs, from `start` to `end`, relative to `now`.
    static func span(_ start: ChinaTime, _ end: ChinaTime?, now: ChinaTime, relative: (String) -> String = { $0 }) -> String {
        func day(_ t: ChinaTime, _ now: ChinaTime) -> String { Self.day(t, now: now, relative: relative) }
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
        span(w.start, w.end, now: now) + (w.area.map { " · " + $0 } ?? "")
    }
}
