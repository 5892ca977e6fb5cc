import AnjuKernels
import Dispatch
import Mustache

/// One file of a built site, in memory until the write stage puts it on disk.
public struct OutputFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
}

/// Render stage: turns a `SitePlan` into the site's files, pages in parallel.
public struct SiteRenderer: Sendable {
    public let plan: SitePlan
    public let templates: TemplateSet
    /// The search index's files the search page names, so a query fetches them at once.
    public let searchLinks: SearchPageLinks

    public init(plan: SitePlan, templates: TemplateSet, searchLinks: SearchPageLinks) {
        self.plan = plan
        self.templates = templates
        self.searchLinks = searchLinks
    }

    /// The theme's assets under their fingerprinted names (see `TemplateSet`).
    var fingerprintedAssets: [(name: String, path: String, bytes: [UInt8])] { templates.fingerprintedAssets }

    /// The values every page shares, with the fingerprinted names of the theme's assets.
    func pageContext() -> PageContext {
        let assets = fingerprintedAssets
        let stylesheet = assets.first { $0.name == "anju.css" }?.path ?? "assets/anju.css"
        let searchScript = assets.first { $0.name == "search.mjs" }?.path ?? "assets/search.mjs"
        let readAloud = assets.first { $0.name == "read-aloud.mjs" }?.path ?? "assets/read-aloud.js"
        let pageScript = assets.first { $0.name == "page.js" }?.path ?? "assets/page.js"
        return PageContext(plan: plan, stylesheet: stylesheet, searchScript: searchScript,
                           searchLinks: searchLinks, readAloudScript: readAloud,
                           pageScript: pageScript,
                           renderFragments: templates.renderSiteFragments)
    }

    /// Every file the renderer makes, in memory: for tests and small sites.
    public func render() -> [OutputFile] {
        let slots = ResultSlots<OutputFile>(count: plan.outputs.count)
        renderEach { i, file in slots.set(i, file) }
        return slots.values + assetFiles
    }

    /// Paths of every file `renderEach` makes.
    public var outputPaths: [String] { plan.outputs.map(\.path) + fingerprintedAssets.map(\.path) }

    /// Renders pages on every core, handing each file to `body` as soon as it is made (with
    /// its place in `plan.outputs`), so the writer can put it on disk and let it go.
    /// `only` picks the outputs by their place in `plan.outputs`.
    public func renderEach(only: (@Sendable (Int) -> Bool)? = nil, _ body: @Sendable (Int, OutputFile) -> Void) {
        let (outputs, chosen, context) = chosenOutputs(only)
        Parallel.forEach(chosen.count) { k in
            let i = chosen[k]
            body(i, OutputFile(path: outputs[i].path, bytes: renderOne(outputs[i], context)))
        }
    }

    /// `renderEach` on the calling thread alone until `gate` opens, then on every core.
    public func renderEach(only: (@Sendable (Int) -> Bool)? = nil, widening gate: Parallel.Gate,
                           _ body: @escaping @Sendable (Int, OutputFile) -> Void) {
        let (outputs, chosen, context) = chosenOutputs(only)
        Parallel.forEach(chosen.count, wideningWhen: gate) { k in
            let i = chosen[k]
            body(i, OutputFile(path: outputs[i].path, bytes: self.renderOne(outputs[i], context)))
        }
    }

    private func chosenOutputs(_ only: ((Int) -> Bool)?) -> ([PlannedOutput], [Int], PageContext) {
        let outputs = plan.outputs
        return (outputs, only.map { only in outputs.indices.filter(only) } ?? Array(outputs.indices), pageContext())
    }

    /// The theme's files (stylesheet, search script) under their fingerprinted names.
    public var assetFiles: [OutputFile] { fingerprintedAssets.map { OutputFile(path: $0.path, bytes: $0.bytes) } }

    /// Whether an output needs the search index's folder and shard count to render.
    public func readsSearchIndex(_ output: PlannedOutput) -> Bool {
        if case .search = output.kind { return true }
        return templates.pagesReadSearchIndex
    }

    private func page(_ template: String, _ frame: [String: Any], _ values: [String: Any]) -> [UInt8] {
        templates.render(frame.merging(values) { _, new in new }, template: template)
    }

    /// Urgent and pinned notices the home page shows before "还有 N 条".
    static let homeAlertLimit = 6
    /// Beyond this many questions in all, the Q&A index lists topics with their number of
    /// questions, not every question: a page a phone on mobile data can open.
    static let qaIndexQuestionLimit = 400

    /// One output file's bytes.
    func renderOne(_ output: PlannedOutput, _ c: PageContext) -> [UInt8] {
        let plan = self.plan
        switch output.kind {
        case .home:
            let current = plan.currentNotices
            let now = plan.now
            let alerts = current.filter { $0.isUrgent(at: now) || $0.pinned }
                .sorted { ($0.isUrgent(at: now) ? 0 : 1, $1.date) < ($1.isUrgent(at: now) ? 0 : 1, $0.date) }
            let alertSlugs = Set(alerts.map(\.info.slug))
            let outages = c.outages(), events = c.events()
            let latest = current.filter { !alertSlugs.contains($0.info.slug) }.prefix(8)
            // A home page a phone loads in a moment: the most pressing few, the rest a link away.
            let shownAlerts = alerts.prefix(Self.homeAlertLimit)
            var values: [String: Any] = [
                "alerts": shownAlerts.map { c.notice($0, full: false) },
                "hasAlerts": !alerts.isEmpty,
                "latest": latest.map { c.notice($0, full: false) },
                "categories": plan.qaCategories.map { c.category($0) },
                "projects": plan.projects.prefix(6).map { c.project($0, full: false) },
                "noticesURL": c.url("notices/"), "qaURL": c.url("qa/"), "projectsURL": c.url("projects/"),
                "guidesURL": c.url("guides/"), "hasGrid": plan.grid != nil, "gridURL": c.url("grid/"),
                "guideCategories": plan.guideCategories.map { c.guideCategory($0) },
                "hasGuides": !plan.guides.isEmpty,
                "openJobs": plan.openJobs.count, "hasOpenJobs": !plan.openJobs.isEmpty, "jobsURL": c.url("jobs/"),
                "outages": outages, "hasOutages": !outages.isEmpty, "events": events, "hasEvents": !events.isEmpty,
            ]
            if alerts.count > shownAlerts.count { values["moreAlerts"] = alerts.count - shownAlerts.count }
            if let employers = plan.openJobEmployers { values["openJobEmployers"] = employers }
            return page("home", c.frame(title: nil, description: nil, path: "", current: "home"), values)
        case .noticeList(let number):
            let listPage = plan.noticeListPages[number - 1]
            // Older pages list title, badges and date, as a government portal's archive does:
            // half the weight on a phone, and the pages a new run of ten renumbers are light.
            var values: [String: Any] = [
                "notices": listPage.notices.map { c.notice($0, full: false, summarized: number == 1) },
                "hasNotices": !listPage.notices.isEmpty,
                "pageNumber": number, "pageCount": listPage.count, "paginated": listPage.count > 1,
            ]
            if number > 1 { values["prevURL"] = c.url(NoticeListPage.urlPath(number - 1)) }
            if number < listPage.count { values["nextURL"] = c.url(NoticeListPage.urlPath(number + 1)) }
            if number == 1 {
                let pinned = plan.currentNotices.filter(\.pinned)
                values["pinned"] = pinned.map { c.notice($0, full: false) }
                values["hasPinned"] = !pinned.isEmpty
            }
            values["categories"] = c.noticeCategoryLinks(current: nil, counts: number == 1)
            values["archiveURL"] = c.url("notices/archive/")
            values["publicityURL"] = c.url("publicity/")
            let title = number == 1 ? "通知公告" : "通知公告（第\(number)页）"
            return page("notice-list", c.frame(title: title, description: nil, path: listPage.urlPath, current: "notices"), values)
        case .shareImage:
            return ShareCard.png(name: plan.config.name, tagline: "通知公告 · 政策问答 · 办事指南", color: plan.config.color) ?? []
        case .noticeArchive:
            let expired = plan.notices.filter { $0.isExpired(at: plan.now) }
            var years: [(year: Int, notices: [Notice])] = []
            for n in expired {
                let year = n.date.components.year
                if years.last?.year == year { years[years.count - 1].notices.append(n) } else { years.append((year, [n])) }
            }
            return page("notice-archive", c.frame(title: "已过期通知", description: "已过期的通知公告，按年份查阅",
                                                  path: "notices/archive/", current: "notices"),
                        ["years": years.map { ["year": $0.year, "notices": $0.notices.map { c.notice($0, full: false) }] as [String: Any] },
                         "hasNotices": !expired.isEmpty])
        case .noticeCategory(let index, let number):
            let category = plan.noticeCategories[index]
            let slice = category.notices[category.pagination.range(page: number)]
            var values: [String: Any] = [
                "category": category.name, "notices": slice.map { c.notice($0, full: false, summarized: number == 1) },
                "categories": c.noticeCategoryLinks(current: category.name, counts: number == 1),
                "pageNumber": number, "pageCount": category.pageCount, "paginated": category.pageCount > 1,
            ]
            if number > 1 { values["prevURL"] = c.url(category.urlPath(page: number - 1)) }
            if number < category.pageCount { values["nextURL"] = c.url(category.urlPath(page: number + 1)) }
            let title = number == 1 ? category.name : "\(category.name)（第\(number)页）"
            return page("notice-category", c.frame(title: title, description: "\(category.name)类通知公告",
                                                   path: category.urlPath(page: number), current: "notices"), values)
        case .publicity:
            let now = plan.now
            let all = plan.notices.filter { $0.publicity != nil }
            let running = all.filter { $0.publicity!.isRunning(at: now) }.sorted { $0.publicity!.closesAt < $1.publicity!.closesAt }
            let upcoming = all.filter { now < $0.publicity!.start }.sorted { $0.publicity!.start < $1.publicity!.start }
            let ended = all.filter { $0.publicity!.hasEnded(at: now) }.sorted { $0.publicity!.closesAt > $1.publicity!.closesAt }
            return page("publicity", c.frame(title: "公示公告", description: "正在公示和已结束的公示，以及公示结果",
                                             path: "publicity/", current: "notices"),
                        ["running": running.map(c.publicityRow), "hasRunning": !running.isEmpty,
                         "upcoming": upcoming.map(c.publicityRow), "hasUpcoming": !upcoming.isEmpty,
                         "ended": ended.map(c.publicityRow), "hasEnded": !ended.isEmpty])
        case .notice(let index):
            let n = plan.notices[index]
            let frame = c.frame(title: n.info.title, description: c.summary(n.info), path: n.info.urlPath,
                                current: "notices", photoOf: n.info)
            return page("notice", c.withoutBanner(of: n, frame), ["notice": c.notice(n, full: true)])
        case .qaIndex:
            let listsQuestions = plan.qaTopics.reduce(0) { $0 + $1.info.body.questions.count } <= Self.qaIndexQuestionLimit
            return page("qa-index", c.frame(title: "政策问答", description: nil, path: "qa/", current: "qa"),
                        ["categories": plan.qaCategories.map { c.category($0, topics: true, listsQuestions: listsQuestions) }])
        case .qaTopic(let index):
            let t = plan.qaTopics[index]
            return page("qa-topic", c.frame(title: t.info.title, description: c.summary(t.info), path: t.info.urlPath,
                                            current: "qa", photoOf: t.info),
                        ["topic": c.topic(t, full: true), "jsonLD": MustacheUTF8Text(StructuredData.faqPage(t))])
        case .projectList:
            return page("project-list", c.frame(title: "帮扶项目", description: nil, path: "projects/", current: "projects"),
                        ["projects": plan.projects.map { c.project($0, full: false) }])
        case .project(let index):
            let p = plan.projects[index]
            return page("project", c.frame(title: p.info.title, description: c.summary(p.info), path: p.info.urlPath,
                                           current: "projects", photoOf: p.info), ["project": c.project(p, full: true)])
        case .page(let index):
            let p = plan.pages[index]
            return page("page", c.frame(title: p.info.title, description: c.summary(p.info), path: p.info.urlPath,
                                        current: p.info.urlPath, photoOf: p.info),
                        ["page": c.page(p)])
        case .guideList:
            return page("guide-list", c.frame(title: "办事指南", description: "办什么事、带什么材料、到哪里办、多久办好",
                                              path: "guides/", current: "guides"),
                        ["categories": plan.guideCategories.map { c.guideCategory($0) }, "hasGuides": !plan.guides.isEmpty])
        case .guide(let index):
            let g = plan.guides[index]
            return page("guide", c.frame(title: g.info.title, description: c.summary(g.info), path: g.info.urlPath,
                                         current: "guides", photoOf: g.info),
                        ["guide": c.guide(g, full: true),
                         "jsonLD": MustacheUTF8Text(StructuredData.governmentService(g, config: plan.config))])
        case .jobList:
            let listed = plan.jobs.filter { $0.isListed(at: plan.now) }
            let open = listed.filter { $0.isOpen(at: plan.now) }, closed = listed.filter { !$0.isOpen(at: plan.now) }
            return page("job-list", c.frame(title: "招聘岗位", description: "\(plan.config.name)和周边正在招的岗位",
                                            path: "jobs/", current: "jobs"),
                        ["open": open.map { c.job($0, full: false) }, "hasOpen": !open.isEmpty,
                         "closed": closed.map { c.job($0, full: false) }, "hasClosed": !closed.isEmpty])
        case .job(let index):
            let j = plan.jobs[index]
            return page("job", c.frame(title: j.info.title, description: c.summary(j.info), path: j.info.urlPath,
                                       current: "jobs", photoOf: j.info), ["job": c.job(j, full: true)])
        case .grid:
            guard let grid = plan.grid else {
                return page("grid", c.frame(title: "网格员", description: "本社区网格员名单", path: "grid/", current: "grid"),
                            ["grids": [Any](), "buildings": [Any](), "hasBuildings": false, "noDirectory": true])
            }
            let buildings = grid.buildings
            return page("grid", c.frame(title: grid.pageTitle, description: grid.pageDescription,
                                        path: "grid/", current: "grid"),
                        ["grids": grid.grids.map { c.grid($0) },
                         "buildings": buildings.map { ["label": $0.label, "anchor": $0.anchor] as [String: Any] },
                         "hasBuildings": !buildings.isEmpty])
        case .search:
            return page("search", c.frame(title: "搜索", description: nil, path: "search/", current: "search"), [
                "categories": plan.qaCategories.map { c.category($0) },
                "latest": plan.currentNotices.prefix(8).map { c.notice($0, full: false) },
            ])
        case .notFound:
            return page("404", c.frame(title: "页面不存在", description: nil, path: "404.html", current: ""),
                        ["hasGrid": plan.grid != nil, "gridURL": c.url("grid/"),
                         "hasGuides": !plan.guides.isEmpty, "guidesURL": c.url("guides/")])
        case .feed:
            return Array(AtomFeed(plan: plan).xml().utf8)
        case .sitemap:
            return Array(Sitemap(plan: plan).xml().utf8)
        case .robots:
            return Array("User-agent: *\nAllow: /\nSitemap: \(plan.config.absoluteURL("sitemap.xml"))\n".utf8)
        case .redirect(let to):
            // Works without JavaScript and on any server: a refresh, the canonical address for
            // search engines, and a link for a browser that follows neither.
            let address = escapeHTML(plan.config.absoluteURL(to))
            return Array(("<!DOCTYPE html>\n<html lang=\"\(escapeHTML(plan.config.language))\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>本页已移到新的网址</title>\n<link rel=\"canonical\" href=\"\(address)\">\n"
                + "<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url=\(address)\">\n</head>\n"
                + "<body>\n<p>本页已移到新的网址：<a href=\"\(address)\">\(address)</a></p>\n</body>\n</html>\n").utf8)
        }
    }
}

/// FNV-1a, 64 bits (`IndexEncoding.fnv1a64`): enough to tell two versions of a stylesheet
/// apart, and no dependency.
enum Fingerprint {
    static func hex(_ bytes: [UInt8]) -> String {
        var hasher = Hasher()
        hasher.add(bytes)
        return hasher.hex
    }

    struct Hasher {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add(_ bytes: [UInt8]) { hash = IndexEncoding.fnv1a64(bytes, into: hash) }

        var hex: String { IndexEncoding.hex(hash, digits: 10) }
    }
}
