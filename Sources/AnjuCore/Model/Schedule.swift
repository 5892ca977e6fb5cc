/// A window of a water cut, power cut or works (`schedule:` of a notice): when and where.
public struct ScheduleWindow: Sendable, Hashable {
    public var start: ChinaTime
    public var end: ChinaTime
    /// Which buildings or streets: `第3至第9幢`.
    public var area: String?

    /// A bare end date runs through that day.
    public var endsAt: ChinaTime { end.asEnd }

    public func isRunning(at now: ChinaTime) -> Bool { start <= now && now < endsAt }
    public func hasEnded(at now: ChinaTime) -> Bool { now >= endsAt }
}

/// An activity or meeting a notice announces (`event:`): 义诊, 居民代表大会.
public struct NoticeEvent: Sendable, Hashable {
    public var start: ChinaTime
    public var end: ChinaTime?
    public var place: String?

    /// Without an end, an event with a time lasts the rest of its day; so does a bare date.
    public var endsAt: ChinaTime { end?.asEnd ?? start.endOfDay }

    public func hasEnded(at now: ChinaTime) -> Bool { now >= endsAt }
}

extension Notice {
    /// When its last window ends, if it has a schedule.
    public var scheduleEndsAt: ChinaTime? { schedule.map(\.endsAt).max() }

    /// Urgent as residents should see it at `now`: published, not expired, and, for a notice
    /// with a schedule, before its last window ends (a water cut that is over is news no more).
    public func isUrgent(at now: ChinaTime) -> Bool {
        guard level == .urgent, isPublished(at: now), !isExpired(at: now) else { return false }
        return scheduleEndsAt.map { now < $0 } ?? true
    }

    /// When the banner of an urgent notice should go: the end of its last window, else its
    /// expiry; nil when it stays until the next build decides.
    public var bannerEndsAt: ChinaTime? {
        [scheduleEndsAt, expiresAt].compactMap { $0 }.min()
    }
}
