import Testing
@testable import AnjuCore

/// The grid directory: `grid.yml` → `grid/index.html`, search entries per building, and every
/// mistake an editor can make in it reported at its line.
@Suite struct GridDirectoryTests {
    static let grid = """
    grids:
      - id: 1
        name: 第一网格
        manager: {name: 张某某, phone: 13800000001}
        groups: [1, 2]
        buildings:
          - id: 3
            units: 4
            households: 48
            manager: {name: 李某某, phone: 13900000002}
            cadre: {name: 王某某, phone: 0870-7120003}
          - id: 13
            units: 2
      - id: 2
        name: 第二网格
        manager: {name: 赵某某, phone: 13800000004}
        buildings:
          - {id: 23, units: 3}
    """

    @Test func theDirectoryListsEveryGridAndBuildingWithTapToCallPhones() throws {
        let report = try TestSite(["grid.yml": Self.grid]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try #require(report.page("grid/index.html"))
        #expect(page.contains("id=\"building-3\"") && page.contains("id=\"building-13\"") && page.contains("id=\"building-23\""))
        #expect(page.contains("href=\"#building-3\""), "a jump list of building numbers at the top")
        #expect(page.contains("<a class=\"call\" href=\"tel:13800000001\">13800000001</a>"))
        #expect(page.contains("<a class=\"call\" href=\"tel:08707120003\">0870-7120003</a>"))
        #expect(page.contains("楼栋长") && page.contains("李某某") && page.contains("包户干部") && page.contains("王某某"))
        #expect(page.contains("服务居民小组：1、2"))
        let jump = try #require(page.range(of: "href=\"#building-3\""))
        let firstGrid = try #require(page.range(of: "第一网格</h2>"))
        #expect(jump.lowerBound < firstGrid.lowerBound)
        let home = try #require(report.page("index.html"))
        #expect(home.contains("我的网格员") && home.contains("href=\"/grid/\""))
    }

    @Test func theDirectoryIsTitledByTheRolesItNames() throws {
        let full = try #require(try TestSite(["grid.yml": Self.grid]).build().page("grid/index.html"))
        #expect(full.contains("<h1>网格员、楼栋长与包户干部</h1>"))
        let managersOnly = try #require(try TestSite(["grid.yml": Self.grid.replacingOccurrences(of: "cadre:", with: "# cadre:")])
            .build().page("grid/index.html"))
        #expect(managersOnly.contains("<h1>网格员与楼栋长</h1>"))
        let gridOnly = """
        grids:
          - id: 1
            name: 第一网格
            manager: {name: 张某某, phone: 13800000001}
            buildings:
              - {id: 3, units: 4}
        """
        let page = try #require(try TestSite(["grid.yml": gridOnly]).build().page("grid/index.html"))
        #expect(page.contains("<h1>网格员</h1>") && page.contains("<title>网格员 - "), "no 楼栋长 promised where none is listed")
    }

    /// The contract lists grid/ among every site's pages: without grid.yml it says who to ask
    /// instead, a link to it from shared content leads somewhere, and no menu offers it.
    @Test func aSiteWithoutGridYmlHasAGridPageThatSaysWhoToAsk() throws {
        let report = try TestSite(["notices/a.md": notice("通知"), "pages/about.md": markdown("title: 关于", "有事[找网格员](/grid/)。")]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try #require(report.page("grid/index.html"))
        #expect(page.contains("网格员名单还没有在网上公布") && page.contains("tel:08700000000"))
        #expect(!page.contains("class=\"building\""))
        #expect(!(report.page("index.html") ?? "").contains("我的网格员"))
        #expect(!(report.page("index.html") ?? "").contains("找网格员"), "not offered in the menu")
        #expect(!(report.page("sitemap.xml") ?? "").contains("/grid/"))
    }

    /// A numbered building is reached by its key (`zhuang3`, which the browser reads 3栋, 三栋
    /// and 3号楼 as) and its id in the index's table: as text, 3栋 matched every 3 of a date and
    /// 十二栋 every 十二月.
    @Test func eachBuildingIsASearchEntryFoundByItsIdAndItsKey() throws {
        let report = try TestSite(["grid.yml": Self.grid]).build()
        let site = try #require(report.sites.first)
        let entries = SearchEntry.entries(for: site.planned.plan)
        let three = try #require(entries.first { $0.building == "3" })
        #expect(three.section == .grid && three.url == "/grid/#building-3" && three.title.hasPrefix("3幢"))
        #expect(three.body.hasPrefix("网格员 张某某 13800000001"), "the snippet shows who to call first")
        #expect(three.keys == "zhuang3 zu1 zu2", "its own key and its grid's groups'")
        for name in ["3栋", "3号楼", "第3幢", "三幢", "三栋", "三号楼"] { #expect(!three.body.contains(name)) }
        let meta = try #require(report.sites.first?.files.first { $0.path.hasPrefix("search/meta.") })
        let text = String(decoding: meta.bytes, as: UTF8.self)
        let index = try #require(SearchIndexBuilder.ordered(entries).entries.firstIndex { $0.building == "3" })
        #expect(text.contains("\"3\":\(index)"))
    }

    /// A grid of groups and no buildings (a village's scattered households) is a card of its
    /// own, reached by its groups: 七组网格员电话 found only the whole directory.
    @Test func aGridOfGroupsWithoutBuildingsIsASearchEntryOfItsOwn() throws {
        let village = Self.grid + "\n  - id: 3\n    name: 第三网格（后靠散居）\n    manager: {name: 孙某某, phone: 13800000007}\n    groups: [7]\n"
        let report = try TestSite(["grid.yml": village]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let entries = SearchEntry.entries(for: try #require(report.sites.first).planned.plan)
        let seven = try #require(entries.first { $0.url == "/grid/#grid-3" })
        #expect(seven.title == "第三网格（后靠散居）" && seven.keys == "zu7" && seven.section == .grid)
        #expect(seven.shownBody == "网格员 孙某某 13800000007")
        #expect(!entries.contains { $0.url == "/grid/#grid-1" || $0.url == "/grid/#grid-2" }, "grids with buildings have their buildings' cards")
        #expect(try #require(report.page("grid/index.html")).contains("id=\"grid-3\""))
        // Groups written 7组 or 八组 are groups 7 and 8, as questions name them.
        let written = Self.grid + "\n  - id: 4\n    name: 第四网格\n    manager: {name: 周某某, phone: 13800000008}\n    groups: [7组, 八组, 第九组]\n"
        let writtenSite = try #require(try TestSite(["grid.yml": written]).build().sites.first)
        let card = try #require(SearchEntry.entries(for: writtenSite.planned.plan).first { $0.url == "/grid/#grid-4" })
        #expect(card.keys == "zu7 zu8 zu9" && card.body.contains("第8居民小组"), "\(card.keys) \(card.body)")
    }

    /// Buildings are named as the site's notices name them: 3栋 where they say 栋.
    @Test func buildingsAreNamedAsTheSitesNoticesNameThem() throws {
        let report = try TestSite(["grid.yml": Self.grid, "notices/a.md": notice("3栋停水通知"), "notices/b.md": notice("13栋电梯检修")]).build()
        let page = try #require(report.page("grid/index.html"))
        #expect(page.contains("3栋") && !page.contains(">3幢<"), "\(page.prefix(3000))")
        let entries = SearchEntry.entries(for: try #require(report.sites.first).planned.plan)
        #expect(entries.contains { $0.title == "3栋 · 第一网格" })
        let official = try #require(try TestSite(["grid.yml": Self.grid, "notices/a.md": notice("3幢停水通知")]).build().page("grid/index.html"))
        #expect(official.contains("3幢"))
    }

    /// An id written as residents say it is told the id to write: B区7 is B7, 十二幢 is 12.
    @Test func anIdWrittenAsResidentsSayItIsToldTheIdToWrite() {
        #expect(GridParser.idWritten("B区7") == "B7" && GridParser.idWritten("B区七") == "B7")
        #expect(GridParser.idWritten("3栋") == "3" && GridParser.idWritten("十二幢") == "12" && GridParser.idWritten("12A座") == "12A")
        #expect(GridParser.idWritten("楼") == nil)
    }

    /// A notice says groups (第1至第2居民小组); a resident asks by building (我住13栋哪天停水):
    /// the groups' buildings are keys of the notice, as its page's window shows them.
    @Test func aNoticeNamingGroupsIsFoundByTheirBuildings() throws {
        let report = try TestSite(["grid.yml": Self.grid,
            "notices/tingshui.md": notice("停水通知", date: "2026-11-27 09:00",
                extra: "schedule:\n  - {start: 2026-11-30 08:00, end: 2026-11-30 18:00, area: 第1至第2居民小组}\n  - {start: 2026-12-02 08:00, end: 2026-12-02 18:00, area: 3幢、第9居民小组}",
                body: "3栋和第1组的居民请储水。")]).build()
        let site = try #require(report.sites.first)
        let notice = try #require(SearchEntry.entries(for: site.planned.plan).first { $0.section == .notice })
        let keys = notice.keys.split(separator: " ")
        #expect(keys.contains("zhuang13") && keys.contains("zu1") && keys.contains("zu2"), "\(notice.keys)")
        #expect(keys.filter { $0 == "zhuang3" }.count == 1, "a building named and of a named group is one key: \(notice.keys)")
        #expect(!keys.contains("zhuang23"), "group 9 is in no grid; building 23 is not of groups 1 and 2")
    }

    @Test func everyMistakeIsReportedAtItsLine() throws {
        let bad = """
        grids:
          - id: 1
            name: 第一网格
            buildings:
              - {id: 3, units: 4}
          - id: 2
            manager: {name: 赵某某, phone: 12}
            buildings:
              - id: 3
              - {id: 5, unit: 2}
              - {id: 6, units: -1, cadre: {name: 钱某某}}
              - id:7
        """
        let report = try TestSite(["grid.yml": bad]).build()
        #expect(!report.succeeded)
        let found = report.diagnostics.map { "\($0.line) \($0.severity.rawValue) \($0.message)" }
        let path = "content/test/grid.yml"
        #expect(report.diagnostics.allSatisfy { $0.path == path })
        #expect(found.contains { $0.hasPrefix("2 error") && $0.contains("第一网格 has no grid manager") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("7 error") && $0.contains("phone number of 赵某某") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("9 error") && $0.contains("building 3 is listed twice (first at line 5)") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("10 error") && $0.contains("unknown field 'unit' in a building") }, "\(found)")
        #expect(report.diagnostics.contains { $0.line == 10 && $0.hint == "did you mean 'units'? As written, it would be ignored" })
        #expect(found.contains { $0.hasPrefix("11 error") && $0.contains("'units' must be a positive") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("11 error") && $0.contains("cadre 钱某某 has no phone") }, "\(found)")
        #expect(found.contains { $0 == "12 error 'id:' needs a space after the colon" }, "\(found)")
        #expect(report.sites.isEmpty, "a site with errors is not built")
    }

    @Test func aFullWidthCommaOrColonInsideBracketsIsAnErrorThatLosesNothingSilently() throws {
        let grid = Self.grid.replacingOccurrences(of: "groups: [1, 2]", with: "groups: [1，2]")
        let report = try TestSite(["grid.yml": grid]).build()
        let comma = try #require(report.errors.first { $0.message.contains("separated by a full-width comma") }, "\(report.diagnostics)")
        #expect(comma.line == 5 && comma.hint?.contains("groups: [1, 2]") == true, "\(comma)")
        let job = markdown("title: 招聘\ndate: 2026-11-20 09:00\ndeadline: 2026-12-20\ncontact: {name: 杨某某, phone：13800003201}")
        let colon = try #require(try TestSite(["jobs/a.md": job]).build().errors.first { $0.message.contains("full-width colon") })
        #expect(colon.line == 5 && colon.hint?.contains("phone: 13800003201") == true, "\(colon)")
    }

    @Test func aBuildingIdMustBeUsableInAnAnchor() throws {
        let report = try TestSite(["grid.yml": "grids:\n  - id: 1\n    manager: {name: 张某某, phone: 13800000001}\n    buildings:\n      - id: 三栋\n"]).build()
        #expect(report.errors.contains { $0.line == 5 && $0.message.contains("may use only letters, digits and '-'") })
    }
}
