/// How a newest-first notice list is cut into pages: pages 2, 3 … hold fixed runs of
/// `perPage` counted from the oldest notice, and page 1 holds the rest (`perPage` to
/// `2 · perPage − 1`, or all when there are fewer). A new notice, or a recent one expiring,
/// then changes page 1 only, not every page of the list, so a daily deploy re-uploads one
/// list page instead of all of them; the pages are renumbered only when page 1 overflows,
/// once in `perPage` new notices.
public struct NoticePagination: Sendable, Equatable {
    public let count: Int
    public let perPage: Int

    public init(count: Int, perPage: Int) {
        precondition(count >= 0 && perPage > 0)
        self.count = count
        self.perPage = perPage
    }

    public var pageCount: Int { max(1, count / perPage) }

    /// The notices on page `number` (1-based), as positions in the newest-first list.
    public func range(page number: Int) -> Range<Int> {
        precondition(number >= 1 && number <= pageCount)
        let first = count - (pageCount - 1) * perPage // page 1's length
        return number == 1 ? 0..<first : first + (number - 2) * perPage ..< first + (number - 1) * perPage
    }
}
