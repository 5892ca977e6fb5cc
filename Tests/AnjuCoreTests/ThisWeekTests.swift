import Testing
@testable import AnjuCore

/// What is happening this week: schedule windows on the home page in plain words, a banner on
/// every page while an urgent notice is in force, events until they end, pinned notices and
/// summaries in the lists. Built at fixed times before, during and after each window.
@Suite struct ThisWeekTests {
    static let waterCut = notice("关于12月4日停水的通知", date: "2026-12-01 09:00", extra: """
    level: urgent
    summary: 12月4日8:00至18:00，第3至第9幢停水，请提前储水。
    expires: 2026-12-10
    schedule:
      - {start: 2026-12-04 08:00, end: 2026-12-04 18:00, area: 第3至第9幢}
    """)
    static let powerCut = notice("停电通知", date: "2026-12-01 10:00", extra: """
    level: urgent
    schedule:
      - {start: 2026-12-03 09:00, end: 2026-12-03 12:00, area: 滨江路沿线}
    """)
    static let clinic = notice("义诊活动通知", date: "2026-12-01 09:00", extra: """
    event: {start: 2026-12-06 09:00, end: 2026-12-06 12:00, place: 社区广场}
    """)
    static let files: [String: String] = [
        "notices/ting-shui.md": waterCut, "notices/ting-dian.md": powerCut, "notices/yizhen.md": clinic,
        "qa/a.md": markdown("title: 补偿问答\ncategory: 补偿补助", "## 问题？\n\n回答。"),
        "guides/g.md": markdown("title: 高龄补贴\ncategory: 养老服务\nmaterials: [居民身份证]"),
    ]

    func build(_ now: String) throws -> BuildReport {
        try TestSite(Self.files).build(now: ChinaTime.parse(now)!)
    }

    @Test func theHomePageListsWindowsInPlainWordsSoonestFirst() throws {
        let home = shownText(try #require(try build("2026-12-03 08:00").page("index.html")))
        let box = try #require(home.range(of: "停水停电与施工"))
        let power = try #require(home.range(of: "今天 12月3日 9:00–12:00 · 滨江路沿线", range: box.upperBound..<home.endIndex))
        let water = try #require(home.range(of: "明天 12月4日 8:00–18:00 · 第3至第9幢", range: box.upperBound..<home.endIndex))
        #expect(power.lowerBound < water.lowerBound, "soonest first")
        let running = try #require(try build("2026-12-03 10:00").page("index.html"))
        #expect(shownText(running).contains("正在进行 今天 12月3日 9:00–12:00"))
        #expect(running.contains("data-phases=\"|正在进行|\">正在进行</span> <time datetime=\"2026-12-03T09:00:00+08:00\">"))
        let farAhead = try #require(try build("2026-11-25 08:00").page("index.html"))
        #expect(!farAhead.contains("停水停电与施工"), "not before the notices are published")
    }

    /// The notice's own page is what is printed for the board, where it stays for days: its
    /// 明天 is for the screen only, the date is on paper too.
    @Test func aNoticePagesTomorrowIsLeftOffItsPrintedSheet() throws {
        let water = try #require(try build("2026-12-03 08:00").page("notices/ting-shui/index.html"))
        #expect(water.contains("明天</span> 12月4日 8:00–18:00 · 第3至第9幢") && shownText(water).contains("明天 12月4日 8:00–18:00 · 第3至第9幢"))
        #expect(water.contains("<span class=\"relative-day\" data-by-day=\"2026-12-02=后天;2026-12-03=明天;2026-12-04=今天\">明天</span>"))
        let clinic = try #require(try build("2026-12-04 08:00").page("notices/yizhen/index.html"))
        #expect(shownText(clinic).contains("活动时间后天 12月6日 9:00–12:00地点"))
        let css = try String(contentsOfFile: repositoryRoot + "/templates/assets/anju.css", encoding: .utf8)
        let print = try #require(css.range(of: "@media print {"))
        // The print block ends at the first brace alone on its line.
        let block = String(css[print.upperBound...]).components(separatedBy: "\n}\n").first ?? ""
        let hidden = block.split(separator: "\n").first { $0.contains("display: none") && $0.contains(".relative-day") }
        #expect(hidden != nil, "the print stylesheet hides .relative-day")
    }

    /// A static page outlives its build: each word that holds only on some days says what it
    /// says on the day of the build and carries what the visitor's clock should say on the
    /// others (page.js reads it).
    @Test func wordsOfTheDayCarryWhatOtherDaysSay() throws {
        let water = try #require(try build("2026-12-03 08:00").page("notices/ting-shui/index.html"))
        #expect(water.contains("<dt><span class=\"print-only\">时间</span><span class=\"screen-only\" data-from=\"2026-12-04T08:00:00+08:00\" "
                               + "data-until=\"2026-12-04T18:00:00+08:00\" data-phases=\"时间|正在进行|已结束\">时间</span></dt>"),
                "on paper 时间, on screen the visitor's clock's word")
        let publicity = try TestSite(["notices/a.md": notice("公示", date: "2024-06-03 09:00",
                                                             extra: "publicity: {start: 2024-06-03, end: 2024-06-11}")])
            .build(now: ChinaTime.parse("2024-06-08 10:00")!)
        let list = try #require(publicity.page("publicity/index.html"))
        #expect(list.contains("data-by-day=\"2024-06-08=还剩1个工作日;2024-06-09=还剩1个工作日;2024-06-10=还剩1个工作日;"
                              + "2024-06-11=今天截止;later=已结束\">还剩1个工作日</span>"), "端午 on 06-10")
        let long = try TestSite(["notices/a.md": notice("公示", date: "2024-06-03 09:00",
                                                        extra: "publicity: {start: 2024-06-03, end: 2024-12-31}")])
            .build(now: ChinaTime.parse("2024-06-08 10:00")!)
        let longList = try #require(long.page("publicity/index.html"))
        #expect(longList.contains(";2024-08-09=还剩") && !longList.contains("2024-08-10=") && !longList.contains("later="),
                "a period past two months says nothing after them, not 已结束")
        let item = try #require(publicity.page("notices/index.html"))
        #expect(item.contains("公示<span class=\"screen-only\" data-from=\"2024-06-03T00:00:00+08:00\" "
                              + "data-until=\"2024-06-12T00:00:00+08:00\" data-phases=\"未开始|进行中|已结束\">进行中</span>"),
                "on paper 公示 alone")
        let home = try #require(try build("2026-12-03 08:00").page("index.html"))
        #expect(home.contains("<span class=\"badge urgent\" data-from=\"2026-12-01T10:00:00+08:00\" data-until=\"2026-12-03T12:00:00+08:00\" "
                              + "data-phases=\"紧急|紧急|\">紧急</span>"), "an urgent badge goes with its banner")
    }

    /// Residents know their building; notices name groups. Where the grid directory says
    /// which buildings a group lives in, a window's area says them too.
    @Test func aWindowForGroupsNamesTheirBuildings() throws {
        let grid = """
        grids:
          - {id: 1, name: 第一网格, manager: {name: 张某某, phone: 13800000001}, groups: [1], buildings: [{id: 1}, {id: 2}, {id: 3}]}
          - {id: 2, name: 第二网格, manager: {name: 李某某, phone: 13800000002}, groups: [2], buildings: [{id: 4}, {id: 6}, {id: A}]}
        """
        let cut = notice("停水通知", date: "2026-12-01 09:00", extra: """
        level: urgent
        schedule:
          - {start: 2026-12-04 08:00, end: 2026-12-04 18:00, area: 第1至第2居民小组}
          - {start: 2026-12-05 08:00, end: 2026-12-05 18:00, area: 第3至第9幢}
          - {start: 2026-12-06 08:00, end: 2026-12-06 18:00, area: 第1至第3居民小组}
        """)
        let report = try TestSite(["grid.yml": grid, "notices/cut.md": cut]).build(now: ChinaTime.parse("2026-12-03 08:00")!)
        let page = shownText(try #require(report.page("notices/cut/index.html")))
        #expect(page.contains("第1至第2居民小组（1至4、6、A幢）"), "\(page)")
        #expect(page.contains("第3至第9幢") && !page.contains("第3至第9幢（"), "an area of buildings says them already")
        #expect(page.contains("第1至第3居民小组") && !page.contains("第1至第3居民小组（"), "a group the directory does not know: nothing said")
        let home = shownText(try #require(report.page("index.html")))
        #expect(home.contains("第1至第2居民小组（1至4、6、A幢）"))
        #expect(GroupBuildings.spans(["1", "2", "3", "5", "6", "8", "B"]) == "1至3、5、6、8、B")
    }

    @Test func everyPageCarriesTheBannerWhileAnUrgentNoticeIsInForce() throws {
        let report = try build("2026-12-03 08:00")
        for path in ["index.html", "notices/index.html", "notices/yizhen/index.html", "qa/a/index.html",
                     "guides/g/index.html", "search/index.html", "404.html"] {
            let page = try #require(report.page(path), "\(path)")
            let banner = try #require(page.range(of: "class=\"banners\""), "\(path) has no banner")
            let main = try #require(page.range(of: "<main"))
            #expect(banner.lowerBound < main.lowerBound)
            let power = try #require(page.range(of: "停电通知</span>") ?? page.range(of: "停电通知<span"), "\(path)")
            let water = try #require(page.range(of: "关于12月4日停水的通知</span>"), "\(path)")
            #expect(power.lowerBound < water.lowerBound, "two urgent notices: both, soonest first")
            #expect(page.contains("data-ends=\"2026-12-03T12:00:00+08:00\""), "hidden on the visitor's clock after its end")
        }
    }

    /// A cut day by day names the next part and says more follow: residents of the later
    /// parts' areas read the banner's first part as not theirs.
    @Test func aBannerForACutInPartsSaysMorePartsFollow() throws {
        let parts = notice("分片停水通知", date: "2026-12-01 09:00", extra: """
        level: urgent
        schedule:
          - {start: 2026-12-02 08:00, end: 2026-12-02 18:00, area: 第1幢至第8幢}
          - {start: 2026-12-03 08:00, end: 2026-12-03 18:00, area: 第9幢至第16幢}
          - {start: 2026-12-04 08:00, end: 2026-12-04 18:00, area: 第17幢至第25幢}
        """)
        let report = try TestSite(["notices/parts.md": parts]).build(now: ChinaTime.parse("2026-12-01 10:00")!)
        let page = try #require(report.page("index.html"))
        let banner = shownText(String(try #require(page.range(of: "<span class=\"window\"").map { page[$0.lowerBound...] })))
        #expect(banner.hasPrefix("明天 12月2日 8:00–18:00 · 第1幢至第8幢 · 另有2个时段"), "\(banner.prefix(80))")
        // The later parts are there too, each until its end, for a page read on a later day.
        #expect(page.contains("<span class=\"window\" data-until=\"2026-12-03T18:00:00+08:00\">"))
        #expect(banner.contains("12月3日 8:00–18:00 · 第9幢至第16幢 · 另有1个时段") && banner.contains(" 12月4日 8:00–18:00 · 第17幢至第25幢"))
        let last = try #require(try TestSite(["notices/parts.md": parts]).build(now: ChinaTime.parse("2026-12-04 09:00")!).page("index.html"))
        #expect(last.contains("第17幢至第25幢</span>") && !last.contains("另有"), "the last part alone")
    }

    @Test func atMostThreeBannersAndALinkToTheRest() throws {
        var files = Self.files
        for k in 0..<3 { files["notices/u\(k).md"] = notice("紧急\(k)", date: "2026-12-01 0\(k):00", extra: "level: urgent\nexpires: 2026-12-0\(k + 5)") }
        let page = try #require(try TestSite(files).build(now: ChinaTime.parse("2026-12-03 08:00")!).page("qa/a/index.html"))
        #expect(page.components(separatedBy: "<span class=\"badge urgent\">紧急</span>").count - 1 == 3)
        #expect(page.contains(">还有2条紧急通知</a>") && page.contains("data-ends=\"2026-12-08T00:00:00+08:00\""))
        let two = try #require(try TestSite(Self.files).build(now: ChinaTime.parse("2026-12-03 08:00")!).page("qa/a/index.html"))
        #expect(!two.contains("条紧急通知"), "no line for the rest when there is none")
    }

    @Test func anUrgentNoticeIsNoLongerUrgentAfterItsLastWindow() throws {
        let report = try build("2026-12-05 09:00")
        let home = try #require(report.page("index.html"))
        #expect(!home.contains("class=\"banners\""))
        #expect(!home.contains("停水停电与施工"))
        #expect(!home.contains("badge urgent"), "urgent only while in force")
        let list = try #require(report.page("notices/index.html"))
        #expect(list.contains("关于12月4日停水的通知"), "it stays in the lists until it expires")
        #expect(list.contains("12月4日8:00至18:00，第3至第9幢停水"), "the summary is shown under the title")
        let page = try #require(report.page("notices/ting-shui/index.html"))
        #expect(page.contains("<span class=\"badge ended\">紧急（已结束）</span>") && !page.contains("level-urgent"),
                "its page no longer says 紧急 beside windows that all say 已结束")
    }

    @Test func eventsAreListedUntilTheyEnd() throws {
        let before = try #require(try build("2026-12-03 08:00").page("index.html"))
        #expect(before.contains("近期活动") && shownText(before).contains("12月6日 9:00–12:00 · 社区广场"))
        let after = try #require(try build("2026-12-06 12:30").page("index.html"))
        #expect(!after.contains("近期活动"))
        let page = try #require(try build("2026-12-03 08:00").page("notices/yizhen/index.html"))
        #expect(shownText(page).contains("活动时间 12月6日 9:00–12:00地点社区广场"))
    }

    @Test func badWindowsAreReportedAtTheirLine() throws {
        let bad = notice("停水", extra: """
        schedule:
          - {start: 2026-12-04 18:00, end: 2026-12-04 08:00}
          - {start: 2026-12-05}
        event: {place: 广场}
        """)
        let report = try TestSite(["notices/a.md": bad]).build()
        let lines = report.errors.map { "\($0.line) \($0.message)" }
        #expect(lines.contains { $0.hasPrefix("5 ") && $0.contains("ends before it starts") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("6 ") && $0.contains("needs both start and end") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("7 ") && $0.contains("'event' needs a start") }, "\(lines)")
    }

    /// A warning, not an error: the contract defines a notice in force by its expiry and its
    /// windows both, and an outside site may set them apart on purpose.
    @Test func aNoticeThatExpiresBeforeItsOutageIsOverIsWarnedAboutAtItsExpiry() throws {
        let early = Self.waterCut.replacingOccurrences(of: "expires: 2026-12-10", with: "expires: 2026-12-03")
        let report = try TestSite(["notices/a.md": early]).build()
        #expect(report.succeeded)
        let error = try #require(report.diagnostics.first { $0.severity == .warning && $0.message.contains("before its last window is over (2026-12-04 18:00)") })
        #expect(error.line == 6, "the line of expires")
        #expect(error.hint?.contains("2026-12-04 or later") == true)
        // Through the end of the day of the last window is late enough.
        let sameDay = Self.waterCut.replacingOccurrences(of: "expires: 2026-12-10", with: "expires: 2026-12-04")
        #expect(try TestSite(["notices/a.md": sameDay]).build().succeeded)
        // A sign-up that closes before the day itself: the event is listed on its own.
        let volunteers = notice("志愿者招募", extra: "expires: 2026-12-10\nevent: {start: 2026-12-20 09:00, place: 社区广场}")
        #expect(try TestSite(["notices/a.md": volunteers]).build().diagnostics.isEmpty)
    }

    @Test func lastYearsDatesCopiedIntoANewNoticeAreReported() throws {
        let copied = notice("停水", date: "2026-12-01 09:00", extra: """
        level: urgent
        schedule:
          - {start: 2026-12-04 08:00, end: 2026-12-04 18:00, area: 第3至第9幢}
          - {start: 2025-12-05 08:00, end: 2025-12-05 18:00, area: 第10至第12幢}
        event: {start: 2025-12-06 09:00, place: 社区广场}
        publicity: {start: 2025-11-25, end: 2025-12-01}
        """)
        let report = try TestSite(["notices/a.md": copied]).build()
        #expect(report.succeeded, "reported, not refused: \(report.errors)")
        let window = try #require(report.diagnostics.first { $0.severity == .warning && $0.message.contains("ends before the notice is published") })
        #expect(window.line == 7 && window.hint?.contains("check the year") == true, "the stale window's own line: \(window)")
        let over = report.diagnostics.filter { $0.severity == .warning && $0.message.contains("is over before the notice is published") }
        #expect(Set(over.map(\.line)) == [8, 9], "\(report.diagnostics)")
    }

    @Test func anUrgentNoticeThatWouldNeverEndIsWarnedAbout() throws {
        let endless = notice("紧急通知", extra: "level: urgent")
        let report = try TestSite(["notices/a.md": endless]).build()
        #expect(report.succeeded)
        #expect(report.diagnostics.contains { $0.line == 4 && $0.message.contains("banner on every page until it is removed") })
        #expect(try build("2026-12-03 08:00").diagnostics.allSatisfy { !$0.message.contains("until it is removed") },
                "an urgent notice with a schedule or an expiry ends")
    }

    @Test func plainWords() {
        let now = ChinaTime.parse("2026-12-03 10:00")!
        func w(_ a: String, _ b: String, _ area: String? = nil) -> String {
            shownText(ScheduleWording.window(ScheduleWindow(start: ChinaTime.parse(a)!, end: ChinaTime.parse(b)!, area: area), now: now))
        }
        #expect(w("2026-12-05 08:00", "2026-12-05 18:30") == "后天 12月5日 8:00–18:30")
        #expect(w("2026-12-12 08:00", "2026-12-14 18:00", "第3幢") == "12月12日 8:00 至 12月14日 18:00 · 第3幢")
        #expect(w("2026-12-04", "2026-12-04") == "明天 12月4日 全天")
        #expect(w("2026-12-04", "2026-12-06") == "明天 12月4日 至 12月6日")
    }
}

/// Job openings: open first by deadline, closed ones marked and kept 90 days, findable by how
/// residents ask for work.
@Suite struct JobTests {
    static func job(_ title: String, date: String = "2026-11-20 09:00", deadline: String, extra: String = "") -> String {
        markdown("title: \(title)\ndate: \(date)\ndeadline: \(deadline)\nemployer: 帮扶车间\npositions: 10\n"
                 + "pay: 计件工资，每月2500—3500元\nplace: 社区帮扶车间\ncontact: {name: 张某某, phone: 13800000001}"
                 + (extra.isEmpty ? "" : "\n" + extra), "报名请带身份证。")
    }
    static let files = [
        "jobs/fengren.md": job("帮扶车间招聘缝纫工", deadline: "2026-12-20"),
        "jobs/baojie.md": job("公益性岗位招聘保洁员", deadline: "2026-12-05"),
        "jobs/hulin.md": job("护林员招聘", deadline: "2026-11-25"),
        "jobs/old.md": job("去年的岗位", date: "2026-06-01 09:00", deadline: "2026-08-01"),
        "jobs/later.md": job("下周发布的岗位", date: "2026-12-10 09:00", deadline: "2026-12-30"),
    ]

    @Test func openJobsComeFirstByDeadlineAndClosedOnesAreMarked() throws {
        let report = try TestSite(Self.files).build(now: ChinaTime.parse("2026-12-03 10:00")!)
        #expect(report.succeeded, "\(report.diagnostics)")
        let list = try #require(report.page("jobs/index.html"))
        let baojie = try #require(list.range(of: "公益性岗位招聘保洁员")), fengren = try #require(list.range(of: "帮扶车间招聘缝纫工"))
        let closed = try #require(list.range(of: "id=\"closed-title\"")), hulin = try #require(list.range(of: "护林员招聘"))
        #expect(baojie.lowerBound < fengren.lowerBound && fengren.lowerBound < closed.lowerBound && closed.lowerBound < hulin.lowerBound)
        #expect(list.contains("<span class=\"badge ended\">已截止</span>"))
        #expect(!list.contains("去年的岗位"), "closed for more than 90 days: off the list")
        #expect(report.page("jobs/old/index.html")?.contains("已于 2026-08-01 截止报名") == true, "its page stays")
        #expect(report.page("jobs/hulin/index.html")?.contains("<span class=\"badge ended\">已截止</span>") == true, "and says 已截止")
        #expect(report.page("jobs/fengren/index.html")?.contains("已截止") == false)
        #expect(report.page("jobs/later/index.html") == nil, "published from its date")
        let page = try #require(report.page("jobs/fengren/index.html"))
        #expect(page.contains("<dt>工资待遇</dt><dd>计件工资，每月2500—3500元</dd>") && page.contains("<dt>招聘人数</dt><dd>10人</dd>"))
        #expect(page.contains("<a class=\"call\" href=\"tel:13800000001\">13800000001</a>"))
        #expect(page.contains("<time datetime=\"2026-12-20\">2026-12-20</time>"), "the day shown, not the next midnight")
        let home = try #require(report.page("index.html"))
        #expect(home.contains("2个岗位在招：帮扶车间</a>"), "the employers of the open jobs, each once")
        let others = try TestSite(["jobs/a.md": Self.job("超市招收银员", deadline: "2026-12-20").replacingOccurrences(of: "employer: 帮扶车间", with: "employer: 惠民超市"),
                                   "jobs/b.md": Self.job("招聘临时工", deadline: "2026-12-20").replacingOccurrences(of: "employer: 帮扶车间\n", with: "")])
            .build(now: ChinaTime.parse("2026-12-03 10:00")!)
        let otherHome = try #require(others.page("index.html"))
        #expect(otherHome.contains("2个岗位在招：惠民超市</a>") && !otherHome.contains("公益性岗位"), "no employer named that is not hiring")
        #expect(!(others.page("jobs/index.html") ?? "").contains("帮扶车间、公益性岗位"))
    }

    @Test func aJobIsASearchEntryWhileOpenAndRanksBelowOnceClosed() throws {
        let report = try TestSite(Self.files).build(now: ChinaTime.parse("2026-12-03 10:00")!)
        let plan = try #require(report.sites.first).planned.plan
        let entries = SearchEntry.entries(for: plan).filter { $0.section == .job }
        #expect(entries.count == 4)
        #expect(entries.allSatisfy { $0.body.contains("招工") && $0.body.contains("找工作") })
        #expect(entries.first { $0.title == "护林员招聘" }?.category == SearchEntry.jobClosedCategory)
        #expect(entries.first { $0.title == "帮扶车间招聘缝纫工" }?.category == SearchEntry.jobOpenCategory)
    }

    @Test func anExpiredNoticeIsASearchEntryUnderTheCategoryExpired() throws {
        let old = notice("十月停电", date: "2026-10-13 09:00", extra: "category: 停水停电\nexpires: 2026-10-16")
        let current = notice("十二月停电", date: "2026-11-27 09:00", extra: "category: 停水停电\nexpires: 2026-12-08")
        let report = try TestSite(["notices/old.md": old, "notices/new.md": current]).build(now: ChinaTime.parse("2026-12-03 10:00")!)
        let entries = SearchEntry.entries(for: try #require(report.sites.first).planned.plan)
        #expect(entries.first { $0.title == "十月停电" }?.category == SearchEntry.noticeExpiredCategory)
        #expect(entries.first { $0.title == "十二月停电" }?.category == "停水停电")
    }

    @Test func aJobNeedsADeadlineAfterItsDateAndACallableContact() throws {
        let bad = markdown("title: 招工\ndate: 2026-11-20 09:00\ndeadline: 2026-11-10\ncontact: {name: 张某某, phone: 123}\npositions: 0")
        let report = try TestSite(["jobs/a.md": bad, "jobs/b.md": markdown("title: 招工\ndate: 2026-11-20")]).build()
        let lines = report.errors.map { "\($0.path.hasSuffix("a.md") ? "a" : "b") \($0.line) \($0.message)" }
        #expect(lines.contains { $0.hasPrefix("a 4 ") && $0.contains("deadline (2026-11-10) is before") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("a 5 ") && $0.contains("'contact phone' is not a phone number") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("a 6 ") && $0.contains("'positions' must be between") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("b ") && $0.contains("'deadline' is missing") }, "\(lines)")
    }
}

/// 公示, the archive and the category pages: lists that keep their promises.
@Suite struct PublicityAndArchiveTests {
    @Test func workingDaysKnowHolidaysAndMakeUpDays() {
        let calendar = WorkingCalendar.shared
        func days(_ a: String, _ b: String) -> Int { calendar.workingDays(from: ChinaTime.parse(a)!, through: ChinaTime.parse(b)!) }
        // 国庆 2026: 10月1日–7日 off, 9月20日 (Sunday) and 10月10日 (Saturday) worked.
        #expect(days("2026-09-28", "2026-10-09") == 5, "28, 29, 30 September, 8 and 9 October")
        #expect(days("2026-09-19", "2026-09-20") == 1, "the Sunday before 国庆 is worked")
        #expect(days("2026-10-10", "2026-10-10") == 1, "so is the Saturday after")
        // 春节 2026: 2月15日–23日 off, 2月14日 and 2月28日 (Saturdays) worked.
        #expect(days("2026-02-13", "2026-02-24") == 3, "13th, the worked 14th, and the 24th")
        #expect(days("2026-02-28", "2026-02-28") == 1)
        // 中秋 2026 falls on 25–27 September.
        #expect(days("2026-09-21", "2026-09-27") == 4)
        #expect(calendar.years.contains(2026))
    }

    @Test func aPublicityPeriodOverAHolidayIsCountedInWorkingDays() throws {
        let report = try TestSite(["notices/a.md": notice("国庆前公示", date: "2026-09-28 09:00",
                                                          extra: "publicity: {start: 2026-09-28, end: 2026-10-05}")]).build()
        #expect(report.diagnostics.contains { $0.message.contains("has 3 working days, fewer than 5") }, "\(report.diagnostics)")
        let later = try TestSite(["notices/a.md": notice("明年的公示", date: "2026-11-20 09:00",
                                                          extra: "publicity: {start: 2027-03-01, end: 2027-03-10}")]).build()
        #expect(later.diagnostics.contains { $0.severity == .warning && $0.message.contains("knows China's holidays for 2024–2026 only") })
    }

    @Test func thePublicityPageShowsRunningFirstWithDaysLeftThenEndedWithTheirResult() throws {
        let report = try TestSite([
            "notices/running.md": notice("低保公示", date: "2026-11-26 09:00", extra: "publicity: {start: 2026-11-26, end: 2026-12-10}"),
            "notices/ended.md": notice("高龄补贴公示", date: "2026-11-02 09:00",
                                       extra: "expires: 2026-11-20\npublicity: {start: 2026-11-02, end: 2026-11-09}\nresult: ../notices/result.md"),
            "notices/result.md": notice("高龄补贴公示结果", date: "2026-11-13 09:00"),
        ]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try #require(report.page("publicity/index.html"))
        let running = try #require(page.range(of: "低保公示")), ended = try #require(page.range(of: "高龄补贴公示</a>"))
        #expect(running.lowerBound < ended.lowerBound)
        #expect(page.contains("还剩9个工作日"), "29 Nov (Sunday) → 30 Nov … 10 Dec")
        #expect(page.contains("<a href=\"/notices/result/\">公示结果</a>"))
        let endedPage = try #require(report.page("notices/ended/index.html"))
        #expect(endedPage.contains("<dt>公示结果</dt><dd><a href=\"/notices/result/\">查看公示结果</a></dd>"))
    }

    @Test func aResultThatLeadsNowhereIsAnErrorAtItsLine() throws {
        let report = try TestSite(["notices/a.md": notice("公示", extra: "publicity: {start: 2026-11-20, end: 2026-11-27}\nresult: /notices/none/")]).build()
        #expect(report.errors.contains { $0.line == 5 && $0.message.contains("/notices/none/ does not exist") }, "\(report.errors)")
    }

    @Test func expiredNoticesStayReachableFromTheArchiveByYear() throws {
        let report = try TestSite([
            "notices/old.md": notice("去年的通知", date: "2025-06-01 09:00", extra: "expires: 2025-06-30"),
            "notices/recent.md": notice("上月的通知", date: "2026-10-01 09:00", extra: "expires: 2026-10-31"),
            "notices/now.md": notice("本周通知"),
        ]).build()
        let archive = try #require(report.page("notices/archive/index.html"))
        let y2026 = try #require(archive.range(of: "id=\"year-2026\"")), y2025 = try #require(archive.range(of: "id=\"year-2025\""))
        #expect(y2026.lowerBound < y2025.lowerBound)
        #expect(archive.contains("去年的通知") && archive.contains("上月的通知") && !archive.contains("本周通知"))
        #expect(try #require(report.page("notices/index.html")).contains("href=\"/notices/archive/\""))
    }

    @Test func eachCategoryHasAPageLinkedFromTheList() throws {
        let report = try TestSite([
            "notices/a.md": notice("停水通知", extra: "category: 停水停电"),
            "notices/b.md": notice("招工通知", extra: "category: 招聘就业"),
        ]).build()
        let page = try #require(report.page("notices/category/ting-shui-ting-dian/index.html"))
        #expect(page.contains("停水通知") && !page.contains("招工通知</a>"))
        let list = try #require(report.page("notices/index.html"))
        #expect(list.contains("href=\"/notices/category/ting-shui-ting-dian/\"") && list.contains("href=\"/notices/category/zhao-pin-jiu-ye/\""))
    }

    /// Categories that sound alike (公示, 公式) keep their URLs whichever has the newest notice:
    /// numbered in order of appearance, a newer 公式 notice took 公示's.
    @Test func categoriesThatSoundAlikeKeepTheirURLs() throws {
        func slugs(newest: String) throws -> [String] {
            let report = try TestSite([
                "notices/a.md": notice("甲", date: newest == "公示" ? "2026-11-21 09:00" : "2026-11-20 09:00", extra: "category: 公示"),
                "notices/b.md": notice("乙", date: newest == "公式" ? "2026-11-21 09:00" : "2026-11-20 09:00", extra: "category: 公式"),
                "notices/c.md": notice("丙", extra: "category: 停水停电"),
            ]).build()
            return try #require(report.sites.first).planned.plan.noticeCategories.map { "\($0.name)=\($0.slug)" }.sorted()
        }
        let one = try slugs(newest: "公示"), other = try slugs(newest: "公式")
        #expect(one == other, "\(one) \(other)")
        #expect(one.contains("停水停电=ting-shui-ting-dian") && one.filter { $0.contains("=gong-shi-") }.count == 2, "\(one)")
    }

    @Test func aNoticeCannotTakeTheArchivesName() throws {
        let report = try TestSite(["notices/archive.md": notice("通知")]).build()
        #expect(report.errors.contains { $0.message.contains("slug 'archive' is used by the notice list") })
    }
}
