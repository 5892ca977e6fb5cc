/// A job opening (招聘岗位): 帮扶车间, 公益性岗位 and the employers around the community.
public struct Job: Sendable {
    public var info: DocumentInfo
    /// Published from this moment, like a notice.
    public var date: ChinaTime
    /// Applications close at the end of this day (or at this time, when one is given).
    public var deadline: ChinaTime
    public var employer: String?
    /// 招聘人数.
    public var positions: Int?
    public var pay: String?
    public var requirements: String?
    public var place: String?
    public var contact: Contact?

    /// Days a closed job stays on the list, marked 已截止, before it leaves it.
    public static let closedListingDays: Int64 = 90

    public var closesAt: ChinaTime { deadline.asEnd }

    public func isPublished(at now: ChinaTime) -> Bool { date <= now }
    public func isOpen(at now: ChinaTime) -> Bool { now < closesAt }

    /// Whether the list still shows it: open, or closed for at most 90 days.
    public func isListed(at now: ChinaTime) -> Bool {
        now.epochSeconds < closesAt.epochSeconds + Self.closedListingDays * 86_400
    }
}
