/// Plan stage output: everything one site's pages need, sorted and decided, so rendering
/// is a pure function of this value and a template set.
public struct SitePlan: Sendable {
    public var config: SiteConfig
    public var now: ChinaTime
    /// Published notices, newest first, expired ones included (their pages are still built).
    public var notices: [Notice]
    public var qaTopics: [QATopic]
    public var qaCategories: [QACategory]
    public var projects: [Project]
    public var pages: [Page]
    /// Service guides, by their order and title; `guideCategories` groups them for the list.
    public var guides: [Guide] = []
    public var guideCategories: [GuideCategory] = []
    /// Job openings: open ones first by deadline, then closed ones.
    public var jobs: [Job] = []
    /// The site's grid.yml, if it has one.
    public var grid: GridDirectory? = nil
    /// Static files published as they are; after the photos stage, photos only when they
    /// carry no metadata and are published at their own path.
    public var staticFiles: [StaticFile]
    /// Photos pages show, by their path under static/ (the photos stage fills these).
    public var photos: [String: PublishedPhoto] = [:]
    /// The resized and stripped files of those photos, read from the photo store.
    public var photoFiles: [PhotoFile] = []
    public var noticeListPages: [NoticeListPage]
    /// Where the share card is: the site's `share_image` under static/, or the card drawn for it.
    public var shareImagePath: String? = nil
    /// Notices in force grouped by `category`, each with a page of its own.
    public var noticeCategories: [NoticeCategory] = []
    public var outputs: [PlannedOutput]

    /// Notices still in force: the lists and the home page show only these.
    public var currentNotices: [Notice] { notices.filter { !$0.isExpired(at: now) } }
    public var menuPages: [Page] { pages.filter(\.menu) }
    public var openJobs: [Job] { jobs.filter { $0.isOpen(at: now) } }
    /// Who is hiring among the open jobs, as the home page's link names them: the first two
    /// employers in the order of the list (names run long), 等 when there are more.
    public var openJobEmployers: String? {
        var names: [String] = []
        for job in openJobs {
            if let employer = job.employer?.trimmingSpaces, !employer.isEmpty, !names.contains(employer) { names.append(employer) }
        }
        guard !names.isEmpty else { return nil }
        return names.prefix(2).joined(separator: "、") + (names.count > 2 ? "等" : "")
    }
}

public struct NoticeCategory: Sendable {
    public var name: String
    /// `ting-shui-ting-dian`: its page is `notices/category/<slug>/`.
    public var slug: String
    public var notices: [Notice]

    public var urlPath: String { "notices/category/\(slug)/" }

    /// Paged as the notice list: `notices/category/<slug>/page/2/`.
    public var pagination: NoticePagination { NoticePagination(count: notices.count, perPage: Planner.noticesPerPage) }
    public var pageCount: Int { pagination.pageCount }
    public func urlPath(page: Int) -> String { page == 1 ? urlPath : urlPath + "page/\(page)/" }
}

public struct GuideCategory: Sendable {
    public var name: String
    public var anchor: String
    public var guides: [Guide]
}

public struct QACategory: Sendable {
    public var name: String
    public var anchor: String
    public var topics: [QATopic]
}

/// One page of the paginated notice list.
public struct NoticeListPage: Sendable {
    public var number: Int
    public var count: Int
    public var notices: [Notice]

    public var urlPath: String { Self.urlPath(number) }

    public static func urlPath(_ number: Int) -> String {
        number == 1 ? "notices/" : "notices/page/\(number)/"
    }
}

/// One file the render stage writes, and what goes in it.
public struct PlannedOutput: Sendable {
    public enum Kind: Sendable {
        case home
        case noticeList(page: Int)
        case notice(index: Int)
        case qaIndex
        case qaTopic(index: Int)
        case projectList
        case project(index: Int)
        case page(index: Int)
        case guideList
        case guide(index: Int)
        case jobList
        case job(index: Int)
        case grid
        case shareImage
        case noticeArchive
        case noticeCategory(index: Int, page: Int)
        case publicity
        case search
        case notFound
        case feed
        case sitemap
        case robots
        /// A former URL of a page (`aliases:`), leading to its path in the site.
        case redirect(to: String)
    }

    /// Under `public/<site>/`: `notices/ting-shui/index.html`.
    public var path: String
    public var kind: Kind

    /// Pages are folders: `notices/x/index.html` is served as `notices/x/`.
    public static func htmlPath(for urlPath: String) -> String { urlPath + "index.html" }
}
