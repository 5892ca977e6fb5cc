import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import AnjuCore

/// Whole small sites declared inline, built in memory, asserted on their output files.
@Suite struct SiteBuildTests {
    @Test func everyContractURLIsBuilt() throws {
        let report = try TestSite([
            "notices/ting-shui.md": notice("停水通知", extra: "level: urgent\nexpires: 2026-12-08"),
            "qa/buchang.md": markdown("title: 补偿问答\ncategory: 补偿补助", "## 补偿标准是多少？\n\n以公布为准。"),
            "projects/chejian.md": markdown("title: 帮扶车间\nstatus: operating\ninvestment: 1200\nprogress: 80"),
            "pages/about.md": markdown("title: 关于社区\nmenu: true\norder: 1"),
        ]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.paths().isSuperset(of: [
            "index.html", "notices/index.html", "notices/ting-shui/index.html", "qa/index.html",
            "qa/buchang/index.html", "projects/index.html", "projects/chejian/index.html", "about/index.html",
            "search/index.html", "feed.xml", "sitemap.xml", "robots.txt", "404.html",
        ]))
        let topic = try #require(report.page("qa/buchang/index.html"))
        #expect(topic.contains("<h2 id=\"补偿标准是多少\">补偿标准是多少？</h2>"))
        #expect(topic.contains("<html lang=\"zh-CN\">"))
        #expect(topic.contains("\"@type\":\"FAQPage\""))
        #expect(topic.contains("<title>补偿问答 - 测试社区</title>"))
        let project = try #require(report.page("projects/chejian/index.html"))
        #expect(project.contains("1200 万元") && project.contains("运营中") && project.contains("value=\"80\""))
        let home = try #require(report.page("index.html"))
        #expect(home.contains("href=\"/about/\""), "menu pages are in the menu")
        #expect(home.contains("0870-0000000"))
    }

    /// Pages without `order` come after those with one, as Hugo puts pages without a weight
    /// (无序页面 led the menu, before order: 1).
    @Test func pagesWithoutAnOrderComeAfterThoseWithOne() throws {
        let home = try #require(try TestSite([
            "pages/a.md": markdown("title: 页面甲\nmenu: true\norder: 1"),
            "pages/b.md": markdown("title: 页面乙\nmenu: true\norder: 2"),
            "pages/c.md": markdown("title: 无序页面\nmenu: true"),
        ]).build().page("index.html"))
        let a = try #require(home.range(of: ">页面甲<")), b = try #require(home.range(of: ">页面乙<")), c = try #require(home.range(of: ">无序页面<"))
        #expect(a.lowerBound < b.lowerBound && b.lowerBound < c.lowerBound)
    }

    @Test func homeShowsTheSixMostPressingAlertsAndCountsTheRest() throws {
        var files: [String: String] = [:]
        for i in 1...9 { files["notices/u\(i).md"] = notice("紧急通知\(i)号", date: "2026-11-1\(i) 09:00", extra: "level: urgent") }
        files["notices/p.md"] = notice("置顶通知", date: "2026-11-27 09:00", extra: "pinned: true")
        let home = try #require(try TestSite(files).build().page("index.html"))
        let alerts = try #require(home.range(of: "重要提醒"))
        let section = String(home[alerts.upperBound...].prefix { $0 != "§" })
        let shown = (1...9).filter { section.contains("紧急通知\($0)号</a>") }
        #expect(shown == [4, 5, 6, 7, 8, 9], "urgent first, newest first, six of them")
        #expect(!section.contains("置顶通知</a>") && section.contains("还有4条重要提醒"))
    }

    @Test func homeShowsUrgentAndPinnedFirstAndExpiredNoticesLeaveLists() throws {
        let report = try TestSite([
            "notices/old.md": notice("旧通知", date: "2026-10-01 09:00", extra: "expires: 2026-10-31"),
            "notices/pinned.md": notice("置顶通知", date: "2026-11-01 09:00", extra: "pinned: true"),
            "notices/urgent.md": notice("紧急停水", date: "2026-11-10 09:00", extra: "level: urgent"),
            "notices/new.md": notice("最新通知", date: "2026-11-28 09:00"),
            "notices/ends-today.md": notice("今天到期", date: "2026-11-20", extra: "expires: 2026-11-29"),
        ]).build()
        let home = try #require(report.page("index.html"))
        let alerts = try #require(home.range(of: "重要提醒"))
        let latest = try #require(home.range(of: "最新通知</h2>"))
        // The urgent notice is also in the banner above everything; the list's copy is after 重要提醒.
        let urgent = try #require(home.range(of: "紧急停水", range: alerts.upperBound..<home.endIndex))
        let pinned = try #require(home.range(of: "置顶通知", range: alerts.upperBound..<home.endIndex))
        #expect(alerts.lowerBound < urgent.lowerBound && urgent.lowerBound < pinned.lowerBound && pinned.lowerBound < latest.lowerBound)
        #expect(!home.contains("旧通知"))
        #expect(home.contains("今天到期"), "a bare expiry date runs through that day")
        let list = try #require(report.page("notices/index.html"))
        #expect(!list.contains("旧通知"))
        let block = try #require(list.range(of: "id=\"pinned-title\""))
        let pinnedInBlock = try #require(list.range(of: "置顶通知</a>", range: block.upperBound..<list.endIndex))
        let all = try #require(list.range(of: "全部通知"))
        #expect(pinnedInBlock.lowerBound < all.lowerBound, "pinned first on page 1, in a block of their own")
        // The list itself stays newest first, the pinned notice in its place by date.
        let newest = try #require(list.range(of: "最新通知</a>", range: all.upperBound..<list.endIndex))
        let older = try #require(list.range(of: "今天到期</a>", range: all.upperBound..<list.endIndex))
        let pinnedInList = try #require(list.range(of: "置顶通知</a>", range: all.upperBound..<list.endIndex))
        #expect(newest.lowerBound < older.lowerBound && older.lowerBound < pinnedInList.lowerBound, "then newest first")
        let expired = try #require(report.page("notices/old/index.html"))
        #expect(expired.contains("本通知已过期"))
        #expect(expired.contains("2026-10-31"))
        let feed = try #require(report.page("feed.xml"))
        #expect(!feed.contains("旧通知") && feed.contains("今天到期") && feed.contains("置顶通知"), "the feed lists what the lists do")
    }

    /// A renamed page keeps its former URLs (`aliases:`, as in Hugo): each is a page leading to
    /// the new one without JavaScript, so a QR code printed on the board still arrives.
    @Test func aPagesFormerURLsLeadToIt() throws {
        let report = try TestSite([
            "notices/tingshui-new.md": notice("停水通知", extra: "aliases: [/notices/tingshui/, notices/ting-shui-1130]"),
            "notices/other.md": notice("另一个通知"),
        ]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        for old in ["notices/tingshui/index.html", "notices/ting-shui-1130/index.html"] {
            let page = try #require(report.page(old), "\(old)")
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://test.example.org/notices/tingshui-new/\">"))
            #expect(page.contains("<link rel=\"canonical\" href=\"https://test.example.org/notices/tingshui-new/\">"))
            #expect(page.contains("<a href=\"https://test.example.org/notices/tingshui-new/\">"))
        }
        #expect(!(report.page("sitemap.xml") ?? "").contains("notices/tingshui/<"))
        // A link to a former URL still arrives, but through a redirect that loses its #anchor:
        // the editor is told the current one, and the anchor is checked on the page it leads to.
        let linked = try TestSite([
            "notices/tingshui-new.md": notice("停水通知", extra: "aliases: [/notices/tingshui/]", body: "## 停水范围\n\n3栋。"),
            "notices/other.md": notice("另一个通知", body: "见[停水](/notices/tingshui/#停水范围)和[旧锚](/notices/tingshui/#没有)。"),
        ]).build()
        #expect(linked.diagnostics.contains { $0.severity == .warning && $0.message == "/notices/tingshui/ is a former URL of /notices/tingshui-new/"
            && $0.hint == "link to its page directly: /notices/tingshui-new/#停水范围" }, "\(linked.diagnostics)")
        #expect(linked.errors.contains { $0.message.contains("has no heading with the anchor #没有") }, "\(linked.errors)")
        #expect(!linked.diagnostics.contains { $0.message.contains("cannot be checked") })
        let taken = try TestSite(["notices/a.md": notice("通知", extra: "aliases: [/notices/other/, ../../etc]"),
                                  "notices/other.md": notice("另一个通知")]).build()
        #expect(taken.errors.contains { $0.line == 4 && $0.message.contains("the former URL /notices/other/ is a page or file") }, "\(taken.errors)")
        #expect(taken.errors.contains { $0.line == 4 && $0.message.contains("'../../etc' is no path of this site") })
        // An old portal's page file stays a file; a generated file, a file's address or an
        // alias listed twice is named at its line (/index.html failed the build's write).
        let pageFile = try TestSite(["notices/a.md": notice("通知", extra: "aliases: [/tongzhi/123.html]"),
                                     "notices/b.md": notice("另一个", body: "见[旧](/tongzhi/123.html)。")]).build()
        #expect(pageFile.page("tongzhi/123.html")?.contains("url=https://test.example.org/notices/a/") == true, "\(pageFile.diagnostics)")
        #expect(pageFile.diagnostics.contains { $0.message == "/tongzhi/123.html is a former URL of /notices/a/" })
        // An old portal's .aspx or .php page becomes a folder a stock server reaches by its slash.
        let portal = try TestSite(["notices/a.md": notice("通知", extra: "aliases: [/news/show.aspx, /old/1.php]")]).build()
        #expect(portal.succeeded && portal.page("news/show.aspx/index.html") != nil && portal.page("old/1.php/index.html") != nil)
        let nested = try TestSite(["notices/a.md": notice("通知", extra: "aliases: [/old/789.shtml, /old/789.shtml/x/]")]).build()
        #expect(nested.errors.contains { $0.message.contains("the former URL /old/789.shtml/x/ is a page or file of the site now") }, "\(nested.diagnostics)")
        let files = try TestSite(["notices/a.md": notice("通知", extra: "aliases: [/index.html, /feed.xml, /a/, /a/]"),
                                  "notices/b.md": notice("另一个", extra: "aliases: [a]")]).build()
        #expect(files.errors.contains { $0.line == 4 && $0.message.contains("the former URL /index.html is a page or file of the site now") }, "\(files.errors)")
        #expect(files.errors.contains { $0.line == 4 && $0.message.contains("'/feed.xml' names a file, not a page") })
        #expect(files.errors.contains { $0.line == 4 && $0.message.contains("the former URL /a/ is listed twice") })
        #expect(files.errors.contains { $0.path.hasSuffix("b.md") && $0.message.contains("the former URL /a/ is also one of content/test/notices/a.md") }, "\(files.errors)")
    }

    /// A folder named one slip from a section, or by its Chinese name, was meant as it: an
    /// error, or its notices would silently go unpublished. Another folder is only a warning.
    @Test func aFolderNamedNearlyAsASectionIsAnError() throws {
        // One slip from a section but holding no Markdown (photos of wages): only a warning.
        var wages = TestSite(["notices/a.md": notice("通知")])
        wages.rawFiles["test/wages/a.jpg"] = [0xFF]
        #expect(try wages.build().succeeded)
        for (folder, meant) in [("notice", "notices"), ("Notices", "notices"), ("通知", "notices"), ("gudies", "guides"), ("问答", "qa")] {
            let report = try TestSite(["\(folder)/a.md": notice("停水通知")]).build()
            #expect(report.errors.contains { $0.message == "folder '\(folder)' is not a section: did you mean '\(meant)/'?" }, "\(folder): \(report.diagnostics)")
        }
        for folder in ["drafts", "qa2", "old", "项目照片", "通知原件扫描"] {
            let report = try TestSite(["\(folder)/a.md": notice("停水通知")]).build()
            #expect(report.succeeded && report.diagnostics.contains { $0.message == "folder '\(folder)' is not a section and is ignored" }, "\(folder)")
        }
    }

    @Test func futureNoticesAndDraftsWaitUnlessDrafts() throws {
        let site = TestSite([
            "notices/later.md": notice("元旦值班", date: "2026-12-30 09:00"),
            "notices/draft.md": notice("草稿", extra: "draft: true"),
            "notices/now.md": notice("现在"),
        ])
        let report = try site.build()
        #expect(!report.paths().contains("notices/later/index.html"))
        #expect(!report.paths().contains("notices/draft/index.html"))
        #expect(try #require(report.page("feed.xml")).contains("现在"))
        #expect(!(try #require(report.page("feed.xml")).contains("元旦值班")))
        let withDrafts = try site.build(drafts: true)
        #expect(withDrafts.paths().isSuperset(of: ["notices/later/index.html", "notices/draft/index.html"]))
        let onTheDay = try site.build(now: ChinaTime.parse("2026-12-30 09:00")!)
        #expect(onTheDay.paths().contains("notices/later/index.html"), "appears when its date comes")
    }

    /// --base-url with several sites gave them one address, without a word.
    @Test func oneBaseURLForSeveralSitesIsWarnedAbout() throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.files["other/site.yml"] = TestSite.siteYML.replacingOccurrences(of: "test.example.org", with: "other.example.org")
        let both = try site.build(baseURL: "https://host.example/preview/")
        #expect(both.diagnostics.contains { $0.message.hasPrefix("--base-url gives all 2 sites the address https://host.example/preview/") })
        let one = try site.build(baseURL: "https://host.example/preview/", sites: ["test"])
        #expect(!one.diagnostics.contains { $0.message.hasPrefix("--base-url gives") })
    }

    /// A negative investment was published as -5 万元; a project completing before it starts
    /// passed without a word.
    @Test func aProjectsAmountAndDatesAreChecked() throws {
        let report = try TestSite(["projects/p.md": markdown("title: 项目\ninvestment: -5\nstart: 2026-05-01\ncompletion: 2025-12-01")]).build()
        #expect(report.errors.contains { $0.line == 3 && $0.message == "'investment' is an amount in 万元 and cannot be negative" }, "\(report.diagnostics)")
        #expect(report.diagnostics.contains { $0.line == 5 && $0.message == "the project completes (2025-12-01) before it starts (2026-05-01)" })
    }

    /// static/.well-known/ is published (security.txt, certificate checks, app links); other
    /// hidden files are not.
    @Test func theWellKnownFolderIsPublishedOtherHiddenFilesAreNot() throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.rawFiles["test/static/.well-known/security.txt"] = Array("Contact: mailto:a@example.org\n".utf8)
        site.rawFiles["test/static/.DS_Store"] = [0]
        site.rawFiles["test/static/files/.gitkeep"] = []
        let paths = Set(try #require(try site.build().sites.first).staticFiles.map(\.outputPath))
        #expect(paths == [".well-known/security.txt"], "\(paths)")
    }

    /// A notice without a summary is described by its first prose: a heading and a table's
    /// cells glued to the text read as one phrase (停水范围时间区域 8:00 第1幢温馨提示).
    @Test func theExcerptIsTheFirstProseNotHeadingsOrTables() throws {
        let report = try TestSite(["notices/a.md": notice("停水通知", body: "## 停水范围\n\n| 时间 | 区域 |\n|---|---|\n| 8:00 | 第1幢 |\n\n**温馨提示：**请储水。")]).build()
        let page = try #require(report.page("notices/a/index.html"))
        #expect(page.contains("<meta name=\"description\" content=\"温馨提示：请储水。\">"), "\(page.prefix(1500))")
        let onlyTable = try TestSite(["notices/b.md": notice("名单", body: "| 姓名 | 组 |\n|---|---|\n| 张某 | 1 |")]).build()
        #expect(try #require(onlyTable.sites.first).planned.plan.notices[0].info.excerpt.contains("张某"), "a body of a table alone still has one")
    }

    /// A link to a file that plainly meant one says which: its name in other case, or a name
    /// with # (which begins an anchor in a link).
    @Test func aBrokenLinkToAFileMeantForOneSaysWhich() throws {
        var site = TestSite(["notices/a.md": notice("通知", body: "见[表](files/A.pdf)和[照片](<files/照片#1.jpg>)。")])
        site.rawFiles["test/static/files/a.pdf"] = Array("%PDF".utf8)
        site.rawFiles["test/static/files/照片#1.jpg"] = [0xFF, 0xD8]
        let hints = try site.build().errors.compactMap(\.hint)
        #expect(hints.contains("the file is files/a.pdf: a file name must match in upper and lower case"), "\(hints)")
        #expect(hints.contains("in a link, # starts an anchor: rename the file without # (files/照片#1.jpg)"), "\(hints)")
    }

    /// A static file may not take a generated page's place, nor the theme's assets/ folder.
    @Test func aStaticFileCannotReplaceAGeneratedOneOrGoInAssets() throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.rawFiles["test/static/index.html"] = Array("<p>x</p>".utf8)
        site.rawFiles["test/static/assets/x.css"] = Array("p{}".utf8)
        let messages = try site.build().errors.map(\.message)
        #expect(messages.contains("this static file would replace the generated /index.html"), "\(messages)")
        #expect(messages.contains("static/assets/ is kept for the site's own stylesheet and scripts"), "\(messages)")
    }

    /// A site in another Chinese language says so to apps that share its pages.
    @Test func aSitesLanguageIsItsOpenGraphLocale() throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.files["test/site.yml"] = TestSite.siteYML + "\nlanguage: zh-TW"
        #expect(try #require(try site.build().page("index.html")).contains("<meta property=\"og:locale\" content=\"zh_TW\">"))
    }

    /// A shared file is built into every site: a problem it has in some of them only names
    /// them ("does not exist in this site" did not say which).
    @Test func aSharedFilesProblemInSomeSitesNamesThem() throws {
        var site = TestSite(["_shared/notices/n.md": notice("共享通知", body: "见[关于](/about/)和[问答](/qa/none/)。"),
                             "pages/about.md": markdown("title: 关于")])
        site.files["other/site.yml"] = TestSite.siteYML.replacingOccurrences(of: "test.example.org", with: "other.example.org")
        let messages = try site.build().errors.map(\.message)
        #expect(messages.contains("the link target /about/ does not exist in this site (site other)"), "\(messages)")
        #expect(messages.contains("the link target /qa/none/ does not exist in this site"), "in every site: no names")
        // A site without shared content does not count, and a site is named once.
        site.files["third/site.yml"] = TestSite.siteYML.replacingOccurrences(of: "test.example.org", with: "third.example.org") + "\nshared: false"
        site.files["_shared/notices/m.md"] = notice("共享通知二", extra: "aliases: [/old/, /old/]")
        let again = try site.build().errors.map(\.message)
        #expect(again.contains("the link target /qa/none/ does not exist in this site"), "\(again)")
        #expect(again.contains("the former URL /old/ is listed twice"), "\(again)")
    }

    /// A link that leads nowhere but plainly meant a page (its title, the path with the site's
    /// folder copied from the address bar, its slug alone from its section) says which.
    @Test func aBrokenLinkMeantForAPageNamesThePage() throws {
        let report = try TestSite([
            "notices/ting-shui.md": notice("停水通知"),
            "notices/b.md": notice("另一个", body: "见[甲](停水通知)、[乙](/test/notices/ting-shui/)和[丙](ting-shui)。"),
        ]).build(baseURL: "https://host.example/test/")
        let hints = report.errors.map { $0.hint ?? "" }
        #expect(hints == Array(repeating: "did you mean /notices/ting-shui/ (停水通知)?", count: 3), "\(report.errors)")
    }

    /// A link to a notice scheduled for later shows as text until the notice appears: one 公示
    /// written ahead of its result stopped every site's daily build until the result's date.
    /// A link to a draft is still an error.
    @Test func aLinkToANoticeScheduledForLaterIsTextUntilItAppears() throws {
        let site = TestSite([
            "notices/jieguo.md": notice("公示结果", date: "2026-12-10 10:00"),
            "notices/gongshi.md": notice("低保公示", extra: "publicity: {start: 2026-11-25, end: 2026-12-05}\nresult: jieguo.md",
                                         body: "结果见[公示结果](jieguo.md)和[结果页](/notices/jieguo/)。"),
        ])
        let before = try site.build()
        #expect(before.succeeded, "\(before.diagnostics)")
        #expect(before.diagnostics.filter { $0.message.contains("leads to a page published on 2026-12-10 10:00") }.count == 3, "\(before.diagnostics)")
        let page = try #require(before.page("notices/gongshi/index.html"))
        #expect(page.contains("结果见公示结果和结果页。") && !page.contains("href=\"/notices/jieguo/\""), "\(page)")
        let after = try site.build(now: ChinaTime.parse("2026-12-10 10:00")!)
        #expect(after.succeeded && !after.diagnostics.contains { $0.message.contains("published on") })
        #expect(try #require(after.page("notices/gongshi/index.html")).contains("<a href=\"/notices/jieguo/\">公示结果</a>"))
        // Written with index.html, the same.
        let indexed = try TestSite(["notices/jieguo.md": notice("公示结果", date: "2026-12-10 10:00"),
                                    "notices/a.md": notice("通知", body: "见[结果](/notices/jieguo/index.html)。")]).build()
        #expect(indexed.succeeded && indexed.diagnostics.contains { $0.message.contains("published on 2026-12-10 10:00") }, "\(indexed.diagnostics)")
        // A scheduled file whose URL another file is built at (a site's copy of a shared notice)
        // takes no link away from that page.
        let overridden = try TestSite(["_shared/notices/x.md": notice("共享的", date: "2026-12-10 10:00"),
                                       "notices/x.md": notice("本社区的"),
                                       "notices/a.md": notice("通知", body: "见[它](/notices/x/)和[文件](../../_shared/notices/x.md)。")]).build()
        #expect(overridden.succeeded && !overridden.diagnostics.contains { $0.message.contains("published on") }, "\(overridden.diagnostics)")
        #expect(try #require(overridden.page("notices/a/index.html")).contains("<a href=\"/notices/x/\">它</a>"))
        let draft = try TestSite(["notices/d.md": notice("草稿", extra: "draft: true"), "notices/a.md": notice("通知", body: "见[草稿](d.md)。")]).build()
        #expect(draft.errors.contains { $0.message == "the link 'd.md' points to a draft (draft: true)" }, "\(draft.errors)")
    }

    @Test func datesAreShownTheGovernmentPortalWay() throws {
        let report = try TestSite([
            "notices/a.md": notice("有时间", date: "2026-06-01 14:00", extra: "publicity: {start: 2026-11-25, end: 2026-12-03}"),
            "notices/b.md": notice("无时间", date: "2026-06-02"),
        ]).build()
        let a = try #require(report.page("notices/a/index.html"))
        #expect(a.contains("<time datetime=\"2026-06-01T14:00:00+08:00\">2026-06-01 14:00</time>"))
        #expect(a.contains("<span class=\"period-date\">2026-11-25</span> 至 <span class=\"period-date\">2026-12-03</span>"),
                "each date kept on one line")
        #expect(a.contains("进行中"))
        let b = try #require(report.page("notices/b/index.html"))
        #expect(b.contains(">2026-06-02</time>"))
    }

    @Test func publicityPeriodEnds() throws {
        let report = try TestSite([
            "notices/a.md": notice("公示", extra: "publicity: {start: 2026-11-01, end: 2026-11-07}"),
        ]).build()
        #expect(try #require(report.page("notices/a/index.html")).contains("已结束"))
    }

    @Test func attachmentsShowTypeAndSize() throws {
        var site = TestSite(["notices/a.md": notice("招聘", extra: "attachments:\n  - {file: files/baoming.pdf, title: 报名表}")])
        site.rawFiles["test/static/files/baoming.pdf"] = Array(repeating: 0x25, count: 3000)
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try #require(report.page("notices/a/index.html"))
        #expect(page.contains("<a href=\"/files/baoming.pdf\" download>报名表</a>"))
        #expect(page.contains("PDF，3 KB"))
        #expect(report.sites[0].staticFiles.map(\.outputPath) == ["files/baoming.pdf"])
    }

    @Test func noticeListIsPaginatedNewestFirstWithOlderPagesCountedFromTheOldest() throws {
        func notices(_ count: Int, category: String? = nil) -> [String: String] {
            var files: [String: String] = [:]
            for i in 1...count {
                files["notices/n\(i).md"] = notice("通知\(i)号", date: String(format: "2026-10-%02d 09:00", i),
                                                   extra: category.map { "category: \($0)" } ?? "")
            }
            return files
        }
        let report = try TestSite(notices(23)).build()
        let first = try #require(report.page("notices/index.html"))
        let second = try #require(report.page("notices/page/2/index.html"))
        // Page 2 holds the oldest ten; page 1 the thirteen newer ones.
        #expect(first.contains("通知23号") && first.contains("通知11号") && !first.contains("通知10号"))
        #expect(second.contains("通知10号") && second.contains("通知1号") && !second.contains("通知11号"))
        #expect(first.contains("href=\"/notices/page/2/\"") && second.contains("href=\"/notices/\""))
        #expect(!report.paths().contains("notices/page/3/index.html"))

        // One more notice changes page 1 only; the tenth more opens page 3 and renumbers.
        let next = try TestSite(notices(24)).build()
        #expect(try #require(next.page("notices/page/2/index.html")) == second)
        #expect(try #require(next.page("notices/index.html")) != first)
        let thirty = try TestSite(notices(30)).build()
        #expect(try #require(thirty.page("notices/page/3/index.html")).contains("通知1号"))
        #expect(try #require(thirty.page("notices/page/2/index.html")).contains("通知20号"))

        // A category's list is paged the same way.
        let inCategory = try TestSite(notices(23, category: "停水停电")).build()
        let categoryPage = try #require(inCategory.paths().first { $0.hasSuffix("/page/2/index.html") && $0.contains("category") })
        #expect(try #require(inCategory.page(categoryPage)).contains("通知10号"))
        #expect(try #require(TestSite(notices(24, category: "停水停电")).build().page(categoryPage)) == inCategory.page(categoryPage))
    }

    @Test func olderListPagesShowTitlesAndDatesWithoutSummaries() throws {
        var files: [String: String] = [:]
        for i in 1...23 {
            files["notices/n\(i).md"] = notice("通知\(i)号", date: String(format: "2026-10-%02d 09:00", i),
                                               extra: "category: 停水停电\nsummary: 第\(i)号通知的摘要")
        }
        let report = try TestSite(files).build()
        let first = try #require(report.page("notices/index.html"))
        #expect(first.contains("第23号通知的摘要") && first.contains("第11号通知的摘要"))
        let categoryPages = report.paths().filter { $0.contains("category") && $0.hasSuffix("index.html") }
        for path in ["notices/page/2/index.html"] + categoryPages.filter({ $0.contains("/page/2/") }) {
            let older = try #require(report.page(path))
            #expect(older.contains("通知10号") && older.contains("2026-10-10 09:00"), "\(path)")
            #expect(!older.contains("通知的摘要") && !older.contains("class=\"summary\""), "\(path)")
        }
        #expect(categoryPages.contains { $0.contains("/page/2/") })
    }

    @Test func aPaginationCoversEveryNoticeOnceWithPagesOfTheirFullLength() {
        for perPage in [1, 3, 10] {
            for count in 0...45 {
                let pages = NoticePagination(count: count, perPage: perPage)
                let ranges = (1...pages.pageCount).map { pages.range(page: $0) }
                #expect(ranges.flatMap { Array($0) } == Array(0..<count), "\(count) by \(perPage)")
                #expect(ranges.dropFirst().allSatisfy { $0.count == perPage })
                #expect(count < perPage ? ranges[0].count == count : (perPage..<2 * perPage).contains(ranges[0].count))
            }
        }
    }

    @Test func siteFileOverridesSharedFileWithTheSameSlug() throws {
        var site = TestSite(["qa/houfu.md": markdown("title: 本社区的后扶问答\ncategory: 后期扶持", "## 本地问题？\n\n本地答案。")])
        site.files["_shared/qa/houfu.md"] = markdown("title: 全市后扶问答\ncategory: 后期扶持", "## 全市问题？\n\n答案。")
        site.files["_shared/qa/xinfang.md"] = markdown("title: 信访问答\ncategory: 信访诉求", "## 怎么信访？\n\n答案。")
        let report = try site.build()
        let topic = try #require(report.page("qa/houfu/index.html"))
        #expect(topic.contains("本社区的后扶问答") && !topic.contains("全市问题"))
        #expect(report.paths().contains("qa/xinfang/index.html"))
        let index = try #require(report.page("qa/index.html"))
        let a = try #require(index.range(of: "后期扶持")), b = try #require(index.range(of: "信访诉求"))
        #expect(a.lowerBound < b.lowerBound, "standard categories in their standard order")
    }

    @Test func aLongQAIndexListsTopicsWithTheirQuestionCountsNotEveryQuestion() throws {
        var files: [String: String] = [:]
        for t in 0..<41 {
            files["qa/t\(t).md"] = markdown("title: 话题\(t)\ncategory: 补偿补助",
                                             (0..<10).map { "## 问题\(t)之\($0)？\n\n答案。" }.joined(separator: "\n\n"))
        }
        let long = try TestSite(files).build()
        let index = try #require(long.page("qa/index.html"))
        #expect(!index.contains("问题0之0"), "410 questions: the index lists topics only")
        #expect(index.contains("<a href=\"/qa/t0/\">话题0</a><span class=\"count\">10问</span>"))
        #expect(index.utf8.count < 40_000)
        // A site of a few topics still lists every question under its topic.
        files = files.filter { ["qa/t0.md", "qa/t1.md"].contains($0.key) }
        let short = try #require(try TestSite(files).build().page("qa/index.html"))
        #expect(short.contains("<li><a href=\"/qa/t1/#问题1之9\">问题1之9？</a></li>"))
    }

    @Test func onlyQATopicsAreSplitIntoQuestions() throws {
        let report = try TestSite([
            "notices/a.md": notice("停水通知", body: "## 一、停水时间\n\n明天。\n\n## 二、范围\n\n3幢。"),
            "qa/q.md": markdown("title: 停水问答\ncategory: 社区服务", "## 停多久？\n\n一天。"),
        ]).build()
        let plan = try #require(report.sites.first).planned.plan
        #expect(plan.notices.first?.info.body.questions.isEmpty == true, "a notice's sections keep no second copy")
        #expect(plan.notices.first?.info.body.headings.count == 2)
        #expect(plan.qaTopics.first?.info.body.questions.map(\.text) == ["停多久？"])
    }

    /// Its questions are what a topic is searched by: the topic's whole text, as large as its
    /// source, is let go once its excerpt is made; a topic without questions keeps it.
    @Test func aTopicSplitIntoQuestionsKeepsItsAnswersTextsNotTheWholeText() throws {
        let report = try TestSite([
            "qa/q.md": markdown("title: 停水问答\ncategory: 社区服务", "停水的安排。\n\n## 停多久？\n\n一天。"),
            "qa/r.md": markdown("title: 接水问答\ncategory: 社区服务", "到3幢楼下接水。"),
        ]).build()
        let topics = try #require(report.sites.first).planned.plan.qaTopics
        let split = try #require(topics.first { $0.info.slug == "q" }), whole = try #require(topics.first { $0.info.slug == "r" })
        #expect(split.info.body.plainText == "停水的安排。" && split.info.excerpt.contains("停水的安排"), "its introduction only")
        #expect(split.info.body.questions.map(\.answerText) == ["一天。"])
        #expect(whole.info.body.plainText == "到3幢楼下接水。")
        #expect(SearchEntry.entries(for: report.sites[0].planned.plan).contains { $0.body.contains("到3幢楼下接水") })
    }

    @Test func sharedContentCanBeTurnedOff() throws {
        var site = TestSite()
        site.files["test/site.yml"] = TestSite.siteYML + "\nshared: false"
        site.files["_shared/qa/x.md"] = markdown("title: 共享\ncategory: 补偿补助")
        #expect(!(try site.build()).paths().contains("qa/x/index.html"))
    }

    @Test func linksResolveAndRespectASubfolderBaseURL() throws {
        let report = try TestSite([
            "qa/buchang.md": markdown("title: 补偿\ncategory: 补偿补助", "## 标准是多少？\n\n见[联系](/contact/)。"),
            "pages/contact.md": markdown("title: 联系我们", "电话。"),
            "notices/a.md": notice("通知", body: "见[问答](../qa/buchang.md#标准是多少)和[首页](/)。"),
        ]).build(baseURL: "https://host.example/wenbi/")
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try #require(report.page("notices/a/index.html"))
        #expect(page.contains("href=\"/wenbi/qa/buchang/#%E6%A0%87%E5%87%86%E6%98%AF%E5%A4%9A%E5%B0%91\""), "cmark percent-encodes the anchor")
        #expect(page.contains("href=\"/wenbi/\">首页"))
        #expect(page.contains("href=\"/wenbi/assets/anju."))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://host.example/wenbi/notices/a/\">"))
        #expect(try #require(report.page("sitemap.xml")).contains("<loc>https://host.example/wenbi/notices/a/</loc>"))
        #expect(try #require(report.page("robots.txt")).contains("Sitemap: https://host.example/wenbi/sitemap.xml"))
    }

    @Test func linkToAMissingAnchorIsAnError() throws {
        let report = try TestSite([
            "qa/buchang.md": markdown("title: 补偿\ncategory: 补偿补助", "## 标准是多少？\n\n答。"),
            "notices/a.md": notice("通知", body: "见[问答](/qa/buchang/#没有这个问题)。"),
        ]).build()
        #expect(report.errors.map(\.message) == ["/qa/buchang/ has no heading with the anchor #没有这个问题"])
        #expect(report.errors.first?.hint?.contains("#标准是多少") == true)
    }

    /// The feed's links are made absolute byte by byte; it must replace what Foundation's
    /// `replacingOccurrences` replaces.
    @Test func feedLinkReplacementMatchesFoundation() {
        let texts = ["", "h", "href=\"/", "href=\"/x", "<a href=\"/a/\">停水</a> <img src=\"/b.png\"> href=\"/\"href=\"/",
                     "aaaa", "aaaaa", "补偿 href=\"/补偿/\" 末尾 href=\"", "href=\"/qiaojia/x href=\"/qiaojia"]
        let pairs = [("href=\"/", "href=\"https://e.org/"), ("aa", "b"), ("href=\"/qiaojia", "href=\"https://e.org/qiaojia"), ("补偿", "x")]
        for text in texts {
            for (target, replacement) in pairs {
                #expect(AtomFeed.replacingEvery(target, with: replacement, in: text)
                        == text.replacingOccurrences(of: target, with: replacement), "\(text) \(target)")
            }
        }
    }

    @Test func atomFeedFollowsRFC4287() throws {
        let report = try TestSite([
            "notices/a.md": notice("停水 & 停电", date: "2026-11-20 09:00", extra: "issuer: 居委会\nupdated: 2026-11-21 10:00", body: "见[首页](/)。"),
            "notices/b.md": notice("第二条", date: "2026-11-10"),
        ]).build()
        let feed = try #require(report.page("feed.xml"))
        #expect(feed.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">"))
        #expect(feed.contains("<id>https://test.example.org/notices/a/</id>"))
        #expect(feed.contains("<title>停水 &amp; 停电</title>"))
        #expect(feed.contains("  <updated>2026-11-21T10:00:00+08:00</updated>\n  <link rel=\"self\""))
        #expect(feed.contains("<published>2026-11-10T00:00:00+08:00</published>"))
        #expect(feed.contains("href=&quot;https://test.example.org/&quot;"), "links in content are absolute")
        let data = Data(feed.utf8)
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "feed.xml is well-formed XML")
        #expect(XMLParser(data: Data(try #require(report.page("sitemap.xml")).utf8)).parse())
    }

    @Test func twoBuildsOfTheSameInputAreByteIdentical() throws {
        let site = TestSite([
            "notices/a.md": notice("甲"), "notices/b.md": notice("乙", date: "2026-11-20 09:00"),
            "qa/x.md": markdown("title: 问\ncategory: 其他", "## 一？\n\n答。"),
            "qa/y.md": markdown("title: 问二\ncategory: 补偿补助"),
            "projects/p.md": markdown("title: 项目"), "pages/about.md": markdown("title: 关于\nmenu: true"),
        ])
        let one = try site.build(), two = try site.build()
        #expect(one.sites[0].files.map(\.path) == two.sites[0].files.map(\.path))
        for (a, b) in zip(one.sites[0].files, two.sites[0].files) { #expect(a.bytes == b.bytes, "\(a.path) differs") }
    }
}

@Suite struct TemplateTests {
    @Test func siteTemplateOverridesTheSharedOne() throws {
        var site = TestSite(["pages/about.md": markdown("title: 关于")])
        site.templateOverrides["test/page.mustache"] = "<p>本社区专用：{{page.title}}</p>"
        let report = try site.build()
        #expect(report.page("about/index.html") == "<p>本社区专用：关于</p>")
    }

    @Test func syntaxErrorsNameTheTemplateFileAndLine() throws {
        var site = TestSite()
        site.templateOverrides["page.mustache"] = "<main>\n{{#page}}\n<h1>{{title}}</h1>\n"
        let report = try site.build()
        #expect(!report.succeeded)
        let error = try #require(report.errors.first)
        #expect(error.path == "templates/page.mustache")
        #expect(error.line >= 3)
        #expect(error.message.contains("never closed"))
    }

    /// A theme copied from an older Anju reads an older search index: every search would fail.
    @Test func aSearchModuleForAnotherIndexVersionStopsTheBuild() throws {
        var site = TestSite(["notices/a.md": notice("停水通知")])
        #expect(try site.build().succeeded, "the theme's own search module reads this index")
        site.templateOverrides["assets/search.mjs"] = "// 旧版\nexport const INDEX_VERSION = 5;\nexport function parseShardNames() {}\n"
        var report = try site.build()
        #expect(report.errors.map(\.description).contains {
            $0.hasPrefix("templates/assets/search.mjs:2:1: error: this search module reads version 5 of the search index; "
                + "this Anju writes version \(SearchIndexBuilder.version)")
        })
        site.templateOverrides["assets/search.mjs"] = "export function parseShardNames() {}\n"
        report = try site.build()
        #expect(report.errors.map(\.description).contains {
            $0.hasPrefix("templates/assets/search.mjs:1:1: error: this search module does not say which version")
        })
        site.templateOverrides["test/assets/search.mjs"] = "export const INDEX_VERSION = \(SearchIndexBuilder.version);\n"
        #expect(try site.build().succeeded, "a site's own module, of this version, overrides the theme's")
    }

    @Test func aMissingPartialIsAnErrorNotAnEmptyString() throws {
        var site = TestSite()
        site.templateOverrides["page.mustache"] = "<main>\n  {{> sidebar}}\n</main>"
        let report = try site.build()
        #expect(report.errors.map(\.description).contains {
            $0.hasPrefix("templates/page.mustache:2:3: error: the partial 'sidebar' does not exist")
        })
    }

    @Test func siteFragmentsAreRenderedPerMenuItemWithSiteValuesOnly() throws {
        var site = TestSite(["pages/about.md": markdown("title: 关于社区\nmenu: true")])
        site.templateOverrides["page.mustache"] = "{{{masthead}}}|{{{footer}}}"
        site.templateOverrides["masthead.mustache"] =
            "{{! a comment line }}\n{{#menu}}{{#current}}[{{title}}]{{/current}}{{/menu}}{{page.title}}\n"
        site.templateOverrides["footer.mustache"] = "{{site.name}}"
        let report = try site.build()
        // The current menu item is marked, page values are not seen, one final newline dropped.
        #expect(report.page("about/index.html") == "[关于社区]|测试社区")
    }

    @Test func aMissingSiteFragmentIsAnError() throws {
        var site = TestSite()
        site.includeTemplates = false
        for name in TemplateSet.pageTemplates { site.templateOverrides[name + ".mustache"] = "x" }
        site.templateOverrides["page.mustache"] = "{{! {{{masthead}}} in a comment }}<body>\n  {{& footer }}{{{ masthead }}}\n</body>"
        let report = try site.build()
        let errors = report.errors.map(\.description)
        #expect(errors.contains { $0.hasPrefix("templates/page.mustache:2:3: error: the site fragment 'footer.mustache' does not exist") })
        #expect(errors.contains { $0.hasPrefix("templates/page.mustache:2:16: error: the site fragment 'masthead.mustache' does not exist") })
        #expect(errors.count == 2, "\(errors)")
    }

    @Test func pagesWaitForTheIndexOnlyWhenATemplatePrintsIt() throws {
        // The pages that do not print the index's folder render while it is built; a
        // comment naming `searchIndex` once made every page wait, unnoticed but for the time.
        func waits(_ overrides: [String: String]) -> Bool {
            var files: [String: [UInt8]] = [:]
            for (name, bytes) in TestSite.realTemplates { files["templates/" + name] = bytes }
            for (name, text) in overrides { files["templates/" + name] = Array(text.utf8) }
            let (set, diagnostics) = TemplateSet.load(fileSystem: MemoryFileSystem(bytes: files), directory: "templates", siteID: "test")
            #expect(!diagnostics.hasErrors, "\(diagnostics)")
            return set?.pagesReadSearchIndex ?? true
        }
        #expect(!waits([:]))
        #expect(!waits(["footer.mustache": "{{! may print searchIndex or searchShards }}<footer></footer>"]))
        #expect(waits(["footer.mustache": "<footer data-shards=\"{{searchShards}}\"></footer>"]))
    }

    /// The search module is asked for from the head, beside the stylesheet, and run from the
    /// page's end: a theme whose base has no head block still runs it.
    @Test func theSearchPageRunsItsModuleWhateverTheBaseHasInItsHead() throws {
        var site = TestSite(["notices/a.md": "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n停水。\n"])
        func searchPage() throws -> String {
            let report = try site.build()
            let page = try #require(report.sites[0].files.first { $0.path == "search/index.html" })
            return String(decoding: page.bytes, as: UTF8.self)
        }
        let page = try searchPage()
        let head = try #require(page.components(separatedBy: "</head>").first)
        let module = try #require(page.firstMatch(of: /<script type="module" src="([^"]+)"><\/script>/)?.1)
        #expect(head.contains("<link rel=\"modulepreload\" href=\"\(module)\">"))
        #expect(!head.contains("<script type=\"module\""), "run from the page's end, after what it reads")
        let base = String(decoding: TestSite.realTemplates["base.mustache"]!, as: UTF8.self)
        site.templateOverrides["base.mustache"] = base.replacingOccurrences(of: "{{$head}}{{/head}}", with: "")
        #expect(base.contains("{{$head}}{{/head}}"))
        let plain = try searchPage()
        #expect(!plain.contains("modulepreload") && plain.contains("<script type=\"module\" src=\"\(module)\"></script>"))
    }

    /// Sites with the same template files share one parse; a file that changes (the preview
    /// reloads them) is parsed again, and changing it back finds the first result again.
    @Test func aChangedTemplateIsParsedAgain() {
        var files: [String: [UInt8]] = [:]
        for (name, bytes) in TestSite.realTemplates { files["templates/" + name] = bytes }
        func load() -> [Diagnostic] {
            TemplateSet.load(fileSystem: MemoryFileSystem(bytes: files), directory: "templates", siteID: "test").1
        }
        #expect(!load().hasErrors)
        #expect(!load().hasErrors)
        let original = files["templates/notice.mustache"]
        files["templates/notice.mustache"] = Array("{{#notice}}".utf8)
        #expect(load().map(\.path) == ["templates/notice.mustache"])
        files["templates/notice.mustache"] = original
        #expect(!load().hasErrors)
        files["templates/test/notice.mustache"] = Array("{{#notice}}".utf8)
        #expect(load().map(\.path) == ["templates/test/notice.mustache"], "a site's own template replaces the shared one")
    }

    @Test func aSiteNamedTwiceIsBuiltOnce() throws {
        let files = MemoryFileSystem(["content/a/site.yml": "name: 甲\n", "content/b/site.yml": "name: 乙\n",
                                      "templates/page.mustache": "x"])
        var options = BuildOptions(now: fixedNow)
        options.siteIDs = ["b", "a", "b"]
        #expect(try Builder(fileSystem: files).sites(options).1 == ["b", "a"])
    }

    @Test func aMissingPageTemplateIsReported() throws {
        var site = TestSite()
        site.includeTemplates = false
        site.templateOverrides["base.mustache"] = "x"
        let report = try site.build()
        #expect(report.errors.contains { $0.path == "templates/home.mustache" && $0.message.contains("missing") })
    }
}
