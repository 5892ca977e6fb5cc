import AnjuKernels

/// One thing a search can find: a notice, project, page, Q&A topic, or a single Q&A
/// question (which links to its anchor).
public struct SearchEntry: Sendable {
    public enum Section: String, Sendable, CaseIterable {
        case notice, qa, project, page, guide, job, grid
    }

    public var url: String
    public var title: String
    /// Headings inside the body (and a topic's questions): weighted between title and body.
    public var headings: [String]
    public var body: String
    public var section: Section
    public var category: String?
    public var date: String?
    /// For a question: its topic's title.
    public var parent: String?
    /// For a building of the grid directory: its id, which a query naming the building
    /// (3幢, 三栋, 3号楼) reaches directly.
    public var building: String? = nil
    /// The body as a result shows it, when `body` adds words for search alone (a building's
    /// other names, a job's 招工 and 找工作): a resident read them as a list of synonyms.
    public var shownBody: String? = nil
    /// Words for search alone that say what the entry covers (a notice's schedule areas, and
    /// `zhuang5`, `zu10` for each building and group it names): held as body, but not counted
    /// in the entry's length, so a notice covering twenty buildings ranks as the notice it is.
    public var keys: String = ""

    /// Entries for a planned site, in a fixed order so the index is reproducible.
    static func entries(for plan: SitePlan) -> [SearchEntry] {
        let base = plan.config.basePath
        var entries: [SearchEntry] = []
        // An editor's summary and tags say what a page is about in the words residents use:
        // both are read as text of the page (the summary first, as the page shows it). Tags
        // are not headings: a broad page tagged with each of its themes would outrank the
        // page about one of them. For the same reason a Q&A topic's tags are left out: its
        // entry is short (its summary), and its questions carry its words.
        func body(_ info: DocumentInfo) -> String {
            ([info.summary].compactMap { $0 } + [info.body.plainText] + info.tags).joined(separator: "\n")
        }
        // An expired notice stays findable under the category 已过期, which the browser shows
        // and ranks below current ones: last month's power cut came first for 这几天会不会停电.
        // A notice's schedule names groups (第5至第8居民小组); residents ask by their building
        // (我住5栋哪天停水): the groups' buildings in the grid directory are keys of it too.
        let groupBuildings = GroupBuildings(plan.grid)
        for n in plan.notices {
            var entry = SearchEntry(url: base + n.info.urlPath, title: n.info.title,
                                    headings: n.info.body.headings.map(\.text), body: body(n.info),
                                    section: .notice, category: n.isExpired(at: plan.now) ? noticeExpiredCategory : n.category,
                                    date: n.date.dateOnly, parent: nil)
            let areas = n.schedule.compactMap(\.area)
            let buildings = areas.flatMap { groupBuildings.buildings(in: $0) ?? [] }.compactMap { Int($0) }
            entry.keys = places(in: [n.info.title, entry.body] + areas, with: areas, buildings: buildings)
            entries.append(entry)
        }
        for t in plan.qaTopics {
            let questions = t.info.body.questions
            // A topic's own entry holds what comes before its questions (本页说明宅基地分配办法):
            // its text, kept for this (`DocumentInfo`), and its summary.
            let intro = questions.isEmpty ? t.info.body.plainText
                : [t.info.summary, t.info.body.plainText].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
            entries.append(SearchEntry(url: base + t.info.urlPath, title: t.info.title, headings: questions.map(\.text),
                                       body: intro, section: .qa, category: t.category,
                                       date: t.info.updated?.dateOnly, parent: nil))
            for q in questions {
                entries.append(SearchEntry(url: base + t.info.urlPath + "#" + q.anchor, title: q.text, headings: [],
                                           body: q.answerText, section: .qa, category: t.category,
                                           date: t.info.updated?.dateOnly, parent: t.info.title))
            }
        }
        for p in plan.projects {
            var entry = SearchEntry(url: base + p.info.urlPath, title: p.info.title,
                                    headings: p.info.body.headings.map(\.text),
                                    body: [p.location, p.funding, p.beneficiaries, p.info.summary].compactMap { $0 }.joined(separator: "\n")
                                        + "\n" + ([p.info.body.plainText] + p.info.tags).joined(separator: "\n"),
                                    section: .project, category: p.status?.label,
                                    date: p.start?.dateOnly, parent: nil)
            entry.keys = places(in: [p.info.title, entry.body], with: [])
            entries.append(entry)
        }
        for p in plan.pages {
            entries.append(SearchEntry(url: base + p.info.urlPath, title: p.info.title,
                                       headings: p.info.body.headings.map(\.text), body: body(p.info),
                                       section: .page, category: nil, date: nil, parent: nil))
        }
        for g in plan.guides {
            var text: [String] = [g.info.summary, g.audience].compactMap { $0 }
            if !g.materials.isEmpty { text.append("需要带：" + g.materials.map(\.name).joined(separator: "、")) }
            text += g.steps
            text += [g.window, g.timeLimit.map { "承诺时限" + $0 }, g.phone.map { "咨询电话" + $0.display }].compactMap { $0 }
            text.append(g.info.body.plainText)
            entries.append(SearchEntry(url: base + g.info.urlPath, title: g.info.title,
                                       headings: g.info.body.headings.map(\.text), body: (text + g.info.tags).joined(separator: "\n"),
                                       section: .guide, category: g.category, date: g.info.updated?.dateOnly, parent: nil))
        }
        // Jobs as residents ask for them (招工, 找工作); a closed one stays findable under
        // the category 已截止, which the browser ranks below open ones.
        for j in plan.jobs {
            let open = j.isOpen(at: plan.now)
            var text = [j.employer, j.positions.map { "招聘\($0)人" }, j.pay, j.place,
                        j.requirements, j.info.summary].compactMap { $0 }
            text.append("报名截止：" + j.deadline.display)
            text.append(j.info.body.plainText)
            let shown = (text + j.info.tags).joined(separator: "\n")
            var entry = SearchEntry(url: base + j.info.urlPath, title: j.info.title,
                                    headings: j.info.body.headings.map(\.text), body: "招聘岗位（招工、招人、找工作）\n" + shown,
                                    section: .job, category: open ? jobOpenCategory : jobClosedCategory,
                                    date: j.date.dateOnly, parent: nil)
            entry.shownBody = shown
            entries.append(entry)
        }
        if let publicity = publicityPageEntry(plan) { entries.append(publicity) }
        if let grid = plan.grid {
            entries.append(gridPageEntry(grid, base: base))
            for g in grid.grids {
                for b in g.buildings {
                    entries.append(buildingEntry(b, grid: g, base: base))
                }
                if g.buildings.isEmpty, let entry = groupsGridEntry(g, base: base) { entries.append(entry) }
            }
        }
        return entries
    }

    /// The keys of what `texts` name (`AreaNumbers`), after `areas` as written (a notice's
    /// schedule areas are shown in a box of their own, not in its body), then those of
    /// `buildings` the texts did not name.
    static func places(in texts: [String], with areas: [String], buildings: [Int] = []) -> String {
        var keys = areas + AreaNumbers.keys(in: texts)
        for number in Set(buildings).sorted() where !keys.contains(AreaNumbers.key(.building, number)) {
            keys.append(AreaNumbers.key(.building, number))
        }
        return keys.joined(separator: " ")
    }

    /// A building id as the browser looks it up: lowercased, a number without leading zeros
    /// (`03` is asked for as 3栋 or 三栋).
    static func buildingKey(_ id: String) -> String {
        if !id.isEmpty, id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            let trimmed = id.drop { $0 == "0" }
            return trimmed.isEmpty ? "0" : String(trimmed)
        }
        return id.lowercased()
    }

    static let jobOpenCategory = "招聘中", jobClosedCategory = "已截止", noticeExpiredCategory = "已过期"

    /// The grid directory itself, what 找网格员 and 网格员电话 ask for: what it lists, and each
    /// grid with the groups it serves and its manager, so that a question naming a grid or
    /// a manager finds the page too, and its buildings stand for it where one holds more.
    static func gridPageEntry(_ directory: GridDirectory, base: String) -> SearchEntry {
        var lines = [directory.pageDescription]
        for g in directory.grids {
            var line = [g.name] + g.groups.map(groupSaid)
            if let manager = g.manager { line += ["网格员", manager.name, manager.phone?.display ?? ""] }
            lines.append(line.filter { !$0.isEmpty }.joined(separator: " "))
        }
        var entry = SearchEntry(url: base + "grid/", title: directory.pageTitle, headings: gridPageAsked,
                                body: lines.joined(separator: "\n"), section: .grid, category: nil, date: nil, parent: nil)
        entry.keys = directory.grids.flatMap { groupKeys($0) }.joined(separator: " ")
        return entry
    }

    /// The 公示 page, what 现在有哪些正在公示的 asks for. Its matters' titles are not its text:
    /// asked about one of them, the notice itself answers (the page listing it came first).
    /// Nil for a site that has published no 公示.
    static func publicityPageEntry(_ plan: SitePlan) -> SearchEntry? {
        guard plan.notices.contains(where: { $0.publicity != nil }) else { return nil }
        return SearchEntry(url: plan.config.basePath + "publicity/", title: "公示公告", headings: publicityPageAsked,
                           body: "正在公示的事项，公示期和公示结果", section: .page, category: nil, date: nil, parent: nil)
    }

    /// How residents ask for the 公示 page, weighed as its headings.
    static let publicityPageAsked = ["正在公示"]

    /// A group as a page's text says it: 第7居民小组 for 7, 7组 or 七组; a name as it is.
    static func groupSaid(_ id: String) -> String {
        Grid.groupNumber(id).map { "第\($0)居民小组" } ?? id
    }

    /// The keys of the residents' groups a grid serves (`zu9`), as a question names them.
    static func groupKeys(_ grid: Grid) -> [String] {
        grid.groupNumbers.map { AreaNumbers.key(.group, $0) }
    }

    /// How residents ask for the grid directory, weighed as its headings (as a topic's
    /// questions are): the page is the answer to them wherever else the words occur.
    static let gridPageAsked = ["找网格员", "网格员电话", "楼栋长电话", "包户干部电话", "有事找谁"]

    /// A grid of residents' groups and no buildings (a village's 后靠散居 households): the
    /// card 七组网格员电话 asks for, as a building's is for 3栋网格员; reached through its
    /// groups' keys (`zu7`). Nil for a grid with neither groups nor a manager.
    static func groupsGridEntry(_ grid: Grid, base: String) -> SearchEntry? {
        let keys = groupKeys(grid)
        guard let manager = grid.manager, !keys.isEmpty else { return nil }
        let shown = "网格员 \(manager.name) \(manager.phone?.display ?? "")"
        var entry = SearchEntry(url: base + "grid/#" + grid.anchor, title: grid.name, headings: [],
                                body: shown + "；" + grid.groups.map(groupSaid).joined(separator: " "),
                                section: .grid, category: grid.name, date: nil, parent: nil)
        entry.shownBody = shown
        entry.keys = keys.joined(separator: " ")
        return entry
    }

    /// A building as a search result: the people to call first, so the snippet shows them,
    /// then its grid; a question reaches a numbered building through its key (`zhuang3`, which
    /// the browser reads 3栋, 三栋 and 3号楼 as) and its id in meta. As text, 3栋 3号楼 would
    /// match every question with a 3 in it, 三栋 十二栋 every one with 十二月.
    static func buildingEntry(_ b: Building, grid: Grid, base: String) -> SearchEntry {
        var parts: [String] = []
        for (role, contact) in [("网格员", grid.manager), ("楼栋长", b.manager), ("包户干部", b.cadre)] {
            guard let contact else { continue }
            parts.append("\(role) \(contact.name) \(contact.phone?.display ?? "")")
        }
        var facts: [String] = []
        if let u = b.units { facts.append("\(u)个单元") }
        if let h = b.households { facts.append("\(h)户") }
        if !facts.isEmpty { parts.append(facts.joined(separator: " ")) }
        // A number is asked for by its key (below); an id of letters (A栋) by the ways it is written.
        let number = Int(buildingKey(b.id)).flatMap { (1...CountedPlaceScan.largestNumber).contains($0) ? $0 : nil }
        let names = number != nil ? [] : ["\(b.id)栋", "\(b.id)号楼", "第\(b.id)幢"]
        let shown = parts.joined(separator: "；")
        parts.append(([grid.name] + names).joined(separator: " "))
        var entry = SearchEntry(url: base + "grid/#" + b.anchor, title: "\(b.label) · \(grid.name)", headings: [],
                                body: parts.joined(separator: "；"), section: .grid, category: grid.name,
                                date: nil, parent: nil, building: b.id)
        entry.shownBody = shown
        // Its own key and its grid's groups': 3栋 and 第9组 as a question names them.
        var keys = groupKeys(grid)
        if let number { keys.insert(AreaNumbers.key(.building, number), at: 0) }
        entry.keys = keys.joined(separator: " ")
        return entry
    }
}
