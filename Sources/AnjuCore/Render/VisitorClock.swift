/// Words that hold only on some days (明天, 正在进行, 还剩3个工作日): a static page outlives
/// its build, so each is written as of the build, for a reader without JavaScript, in a
/// `span` that says what to show by the visitor's clock, which page.js reads on load. A
/// span with nothing to show is hidden.
enum VisitorClock {
    /// Shows the text of `texts` for the China date of the visit, none on a date not listed,
    /// and `later` after the last one listed: `data-by-day="2026-11-29=明天;2026-11-30=今天"`.
    static func byDay(_ texts: [(day: ChinaTime, text: String)], later: String = "", now: ChinaTime,
                      attributes: String = "") -> String {
        var listed = texts.map { "\($0.day.dateOnly)=\($0.text)" }
        if !later.isEmpty { listed.append("later=" + later) }
        let isLater = texts.last.map { now.dayNumber > $0.day.dayNumber } ?? false
        let shown = texts.first { $0.day.dayNumber == now.dayNumber }?.text ?? (isLater ? later : "")
        return span(attributes + " data-by-day=\"\(escapeHTML(listed.joined(separator: ";")))\"", shown)
    }

    /// Shows `before` until `from`, `during` until `until`, `after` from then on:
    /// `data-from`, `data-until` (RFC 3339) and `data-phases="before|during|after"`.
    static func phases(from: ChinaTime, until: ChinaTime, before: String, during: String, after: String, now: ChinaTime,
                       attributes: String = "") -> String {
        let shown = now < from ? before : now < until ? during : after
        return span(attributes + " data-from=\"\(from.rfc3339)\" data-until=\"\(until.rfc3339)\""
                    + " data-phases=\"\(escapeHTML("\(before)|\(during)|\(after)"))\"", shown)
    }

    /// 今天, 明天 or 后天 for `day` (nothing further off), left out on paper: a printed notice
    /// stays on the board for days.
    static func relativeDay(_ day: ChinaTime, now: ChinaTime) -> String {
        let texts = ["后天", "明天", "今天"].enumerated().map { offset, word in
            (day: ChinaTime(epochSeconds: day.epochSeconds - Int64(2 - offset) * 86_400, hasTime: false), text: word)
        }
        return byDay(texts, now: now, attributes: "class=\"relative-day\"")
    }

    private static func span(_ attributes: String, _ shown: String) -> String {
        let trimmed = attributes.hasPrefix(" ") ? String(attributes.dropFirst()) : attributes
        return "<span \(trimmed)\(shown.isEmpty ? " hidden" : "")>\(escapeHTML(shown))</span>"
    }
}
