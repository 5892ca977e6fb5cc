import Testing
@testable import AnjuCore

/// Service guides (办事指南): every field in a fixed order, the materials as a checklist, the
/// fee and time limit prominent, structured data from the visible fields, and checks.
@Suite struct ServiceGuideTests {
    static let guide = markdown("""
    title: 高龄补贴申领
    summary: 80周岁以上老人每月可领高龄补贴。
    category: 养老服务
    audience: 本社区户籍、年满80周岁的老人
    materials:
      - {name: 居民身份证, form: 原件和复印件, copies: 1}
      - {name: 户口簿, form: 复印件, copies: 2, note: 户主页和本人页}
      - 一寸照片
    steps:
      - 到窗口提交材料
      - 社区初审后报镇民政办审核
    window: 社区党群服务中心民政窗口
    hours: 工作日 8:30—12:00
    time_limit: 15个工作日
    basis: 《云南省高龄老人补贴办法》
    phone: 0870-7121101
    supervision_phone: "12345"
    home_service: true
    """, "## 常见问题\n\n行动不便的老人可拨打12345热线或 0870-7121101 预约。")

    @Test func aGuidePageShowsEveryFieldInOrderWithAChecklist() throws {
        let report = try TestSite(["guides/gaoling-butie.md": Self.guide]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try #require(report.page("guides/gaoling-butie/index.html"))
        let order = ["事项类别", "适用对象", "需要带的材料", "办理步骤", "办理地点", "办理时间", "承诺时限</dt>",
                     "收费标准", "办理依据", "咨询电话", "监督电话", "上门办理</dt>"]
        let positions = try order.map { try #require(page.range(of: $0), "\($0)").lowerBound }
        #expect(positions == positions.sorted(), "fields in the contract's order")
        #expect(page.contains("<strong>15个工作日</strong>") && page.contains("<strong>免费</strong>"), "time limit and fee up front")
        #expect(page.contains("可预约上门办理"))
        #expect(page.contains("<input type=\"checkbox\" id=\"material-1\"></td><th scope=\"row\"><label for=\"material-1\">居民身份证</label>"))
        #expect(page.contains("<td>复印件</td><td>2份</td><td>户主页和本人页</td>"), "the copies with their unit: a phone hides the header")
        #expect(page.contains("一寸照片"))
        #expect(page.contains("<li>社区初审后报镇民政办审核</li>"))
        #expect(page.contains("<a class=\"call\" href=\"tel:08707121101\">0870-7121101</a>"))
        #expect(page.contains("<a class=\"call\" href=\"tel:12345\">12345</a>"))
        #expect(page.contains("<a href=\"tel:12345\">12345</a>热线"), "phone numbers in the body are tappable")
        #expect(page.contains("<a href=\"tel:08707121101\">0870-7121101</a>"))
        #expect(page.contains("class=\"print-qr\"") && page.contains("<svg"))
        #expect(page.contains("\"@type\":\"GovernmentService\"") && page.contains("\"name\":\"高龄补贴申领\"")
                && page.contains("\"telephone\":\"0870-7121101\"") && page.contains("\"price\":\"0\""))
        let list = try #require(report.page("guides/index.html"))
        #expect(list.contains("养老服务") && list.contains("href=\"/guides/gaoling-butie/\"") && list.contains("可上门办理"))
        let home = try #require(report.page("index.html"))
        #expect(home.contains("办事指南") && home.contains("href=\"/guides/\""))
    }

    @Test func stepsThatRunIntoOneAreAnErrorAtTheirField() throws {
        func errors(_ steps: String) throws -> [String] {
            let guide = markdown("title: 高龄补贴\ncategory: 养老服务\nmaterials: [居民身份证]\nsteps:\n\(steps)")
            return try TestSite(["guides/g.md": guide]).build().errors.map(\.message)
        }
        #expect(try errors("  -老人带齐材料\n  - 工作人员核对\n  - 社区初审").contains { $0.contains("'steps' was read as one item") })
        #expect(try errors("  - 老人带齐材料\n    -工作人员核对").contains { $0.contains("runs into the next line") })
        #expect(try errors("  - 老人带齐材料\n  -工作人员核对").contains { $0.contains("'-工作人员核对' has no space after its dash") },
                "not 'could not find expected :' a line later")
        #expect(try errors("  1. 带材料到窗口 2. 审核").contains { $0.contains("'steps' was read as one item") })
        #expect(try errors("  - 老人带齐材料\n  - 气温 -5℃以下暂停上门").isEmpty, "a minus sign before a number is text")
        #expect(try errors("  - 老人带齐材料\n  - 工作人员核对").isEmpty, "a list as written")
        #expect(try errors("  先到窗口申请").isEmpty, "one step on the line")
    }

    @Test func timesAndMinusSignsAreNoListRunTogether() throws {
        func errors(_ steps: String) throws -> [String] {
            let guide = markdown("title: 高龄补贴\ncategory: 养老服务\nmaterials: [居民身份证]\nsteps: \(steps)")
            return try TestSite(["guides/g.md": guide]).build().errors.map(\.message)
        }
        #expect(try errors("工作日 8.30 至 17.30 到社区服务中心办理").isEmpty, "times are not steps 8. and 17.")
        #expect(try errors("1. 带材料到窗口 2. 审核").contains { $0.contains("was read as one item") })
        // A block scalar's line starting with a minus is text, and the real slip is named.
        let said = FrontMatterSlip.first(in: "summary: >\n  -5℃以下暂停上门\ntitle：停水通知\n")
        #expect(said?.line == 3 && said?.message.english.contains("full-width colon") == true, "\(String(describing: said))")
        let site = TestSite(["notices/a.md": notice("通知", extra: "summary: |+ # 说明\n  分三片停水 #停水#\n  请提前储水")])
        #expect(try site.build().diagnostics.isEmpty, "a block with a header comment keeps its #")
    }

    @Test func aGuideIsASearchEntry() throws {
        let report = try TestSite(["guides/gaoling-butie.md": Self.guide]).build()
        let plan = try #require(report.sites.first).planned.plan
        let entry = try #require(SearchEntry.entries(for: plan).first { $0.section == .guide })
        #expect(entry.url == "/guides/gaoling-butie/" && entry.category == "养老服务")
        #expect(entry.body.contains("居民身份证") && entry.body.contains("15个工作日"))
    }

    @Test func aFeeIsShownAsWritten() throws {
        let text = Self.guide.replacingOccurrences(of: "home_service: true", with: "fee: 按年度标准缴纳")
        let report = try TestSite(["guides/a.md": text]).build()
        let page = try #require(report.page("guides/a/index.html"))
        #expect(page.contains("<strong>按年度标准缴纳</strong>") && !page.contains("可预约上门办理"))
        #expect(page.contains("\"offers\":{\"@type\":\"Offer\",\"description\":\"按年度标准缴纳\"}"))
    }

    @Test func checkReportsEachMistakeAtItsLine() throws {
        let bad = markdown("""
        title: 临时救助
        materials: []
        phone: 12
        """)
        let copies = markdown("""
        title: 低保
        category: 社会救助
        materials:
          - {name: 身份证, form: 原件, copies: 0}
          - {name: 户口簿, form: 原件或复印件}
          - {form: 原件}
        supervision_phone: 0870-12
        """)
        let report = try TestSite(["guides/a.md": bad, "guides/b.md": copies]).build()
        let a = report.diagnostics.filter { $0.path.hasSuffix("guides/a.md") }.map { "\($0.line) \($0.message)" }
        let b = report.diagnostics.filter { $0.path.hasSuffix("guides/b.md") }.map { "\($0.line) \($0.message)" }
        #expect(a.contains { $0.contains("required field 'category'") }, "\(a)")
        #expect(a.contains { $0.hasPrefix("3 ") && $0.contains("materials list is empty") }, "\(a)")
        #expect(a.contains { $0.hasPrefix("4 ") && $0.contains("'phone' is not a phone number") }, "\(a)")
        #expect(b.contains { $0.hasPrefix("5 ") && $0.contains("'copies' of 身份证 must be a positive whole number") }, "\(b)")
        #expect(b.contains { $0.hasPrefix("6 ") && $0.contains("unknown form '原件或复印件'") }, "\(b)")
        #expect(b.contains { $0.hasPrefix("7 ") && $0.contains("a material needs a name") }, "\(b)")
        #expect(b.contains { $0.hasPrefix("8 ") && $0.contains("'supervision_phone' is not a phone number") }, "\(b)")
    }

    @Test func aGuideWithoutMaterialsIsAWarning() throws {
        let report = try TestSite(["guides/a.md": markdown("title: 咨询\ncategory: 其他")]).build()
        #expect(report.succeeded)
        #expect(report.diagnostics.contains { $0.severity == .warning && $0.message.contains("lists no materials") })
    }

    /// From an editor's audit of the other files: a planned project's dates, an empty
    /// attachment, an attachment's name with a space.
    @Test func plannedDatesEmptyAttachmentsAndSpacedNamesAreShownAsTheyAre() throws {
        var site = TestSite(["projects/p.md": markdown("title: 民宿提升\nstatus: planned\nstart: 2027-03-01\ncompletion: 2027-12-31"),
                             "notices/a.md": notice("报名", extra: "attachments:\n  - {file: files/报名 表.pdf, title: 报名表}\n  - {file: files/empty.pdf, title: 空}")])
        site.rawFiles["test/static/files/报名 表.pdf"] = Array("%PDF-1.4".utf8)
        site.rawFiles["test/static/files/empty.pdf"] = []
        let report = try site.build()
        let project = try #require(report.page("projects/p/index.html"))
        #expect(project.contains("<dt>计划开工</dt><dd>2027-03-01</dd>") && project.contains("<dt>计划建成</dt>"))
        let notice = try #require(report.page("notices/a/index.html"))
        #expect(notice.contains("href=\"/files/%E6%8A%A5%E5%90%8D%20%E8%A1%A8.pdf\""), "encoded like a link in the text")
        #expect(report.diagnostics.contains { $0.message == "the attachment files/empty.pdf is empty (0 bytes)" })
    }

    @Test func newGuideScaffoldChecksClean() throws {
        let text = NewContent.text(.guide, title: "高龄补贴申领", now: fixedNow)
        let filled = text.replacingOccurrences(of: "\nphone:\n", with: "\nphone: 0870-7121101\n")
            .replacingOccurrences(of: "（在这里写[^）]*）", with: "已写好", options: .regularExpression)
        let report = try TestSite(["guides/gaoling.md": filled]).build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
    }

    @Test func organizerAndICPAreInEveryFooter() throws {
        var site = TestSite(["guides/a.md": Self.guide])
        site.files["test/site.yml"] = TestSite.siteYML + "\norganizer: 巧家县蒙姑镇人民政府\nicp: 滇ICP备00000000号"
        let report = try site.build()
        for path in ["index.html", "guides/a/index.html", "404.html", "search/index.html"] {
            let page = try #require(report.page(path))
            #expect(page.contains("主办单位：巧家县蒙姑镇人民政府"), "\(path)")
            #expect(page.contains("<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">滇ICP备00000000号</a>"), "\(path)")
        }
    }

    @Test func aHotlineThatIsNoPhoneNumberIsAnError() throws {
        var site = TestSite()
        site.files["test/site.yml"] = "name: 测试社区\nbase_url: https://test.example.org/\nhotline: 社区办公室"
        let report = try site.build()
        #expect(report.errors.contains { $0.line == 3 && $0.message.contains("hotline '社区办公室' is not a phone number") })
    }

    /// A hotline with an extension dials it after a pause, as every other phone field does.
    @Test func aHotlinesExtensionIsDialled() throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.files["test/site.yml"] = "name: 测试社区\nbase_url: https://test.example.org/\nhotline: 0870-7123456转8001"
        let page = try #require(try site.build().page("index.html"))
        #expect(page.contains("href=\"tel:08707123456,8001\""), "\(page.prefix(0))")
    }
}

/// Phone numbers: which fields are numbers, and where running text holds one.
@Suite struct PhoneNumberTests {
    @Test(arguments: [("0870-7123456", "08707123456"), ("13800000001", "13800000001"), ("12345", "12345"),
                      ("(0870)7123456", "08707123456"), ("010-12345678", "01012345678"), ("+86 138 0000 0001", "13800000001"),
                      ("400-123-4567", "4001234567"), ("110", "110"), ("０８７０－７１２３４５６", "08707123456")])
    func validNumbersDialTheirDigits(_ text: String, _ digits: String) throws {
        #expect(try #require(PhoneNumber(text)).digits == digits)
    }

    @Test(arguments: ["12", "0870-12", "1234567", "23800000001", "电话", "13800000001转8", "00870-7123456", "",
                      "0870-512345", "010-1234567", "0870-712345678"])
    func otherTextIsNotANumber(_ text: String) {
        #expect(PhoneNumber(text) == nil)
    }

    func found(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return PhoneNumber.ranges(in: scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    @Test func runningTextLinksNumbersNotDatesOrAmounts() {
        #expect(found("请拨打13800000001或0870-7123456联系") == ["13800000001", "0870-7123456"])
        #expect(found("有事拨打12345政务服务便民热线") == ["12345"])
        #expect(found("12345热线") == ["12345"])
        #expect(found("2026-12-03停水，补偿12345元，身份证530000199001011234") == [])
        #expect(found("表中第12348户") == [], "a short number with no word of calling is not linked")
        #expect(found("火警请打119") == ["119"])
        #expect(found("110千伏线路检修") == [])
        #expect(found("138-0000-0001") == ["138-0000-0001"])
        #expect(found("x13800000001") == [] && found("138000000012") == [])
        // As notices and WeChat write them: in groups, full-width, a dash with spaces around it.
        #expect(found("电话 138 0000 3201。") == ["138 0000 3201"])
        #expect(found("联系电话：１３８００００３２０１。") == ["１３８００００３２０１"])
        #expect(found("电话0870 - 7123301。") == ["0870 - 7123301"])
        #expect(found("电话0870 7123301") == ["0870 7123301"])
        #expect(found("2026 1234 5678") == [] && found("共138 0000户") == [] && found("第1380 000 001号") == [])
        // A short number in a list of numbers, after 拨 or 短号; never an amount a call word merely precedes.
        #expect(found("咨询电话：0870-5123456、13800000000、12345。") == ["0870-5123456", "13800000000", "12345"])
        #expect(found("请拨110或120、119。") == ["110", "120", "119"])
        #expect(found("拨打 110 或 120") == ["110", "120"], "或 with a space each side")
        #expect(found("短号12345，") == ["12345"])
        #expect(found("有事可以电话咨询，金额 12345元") == [] && found("咨询费用：12345元") == [])
        // Never an amount after a number of calling, nor one a call word is a syllable of (下拨).
        #expect(found("联系电话13800000007，120元/天") == ["13800000007"])
        #expect(found("今年下拨95600元，划拨12350元") == [])
        #expect(found("市民热线（12345）") == ["12345"] && found("联系方式：12345") == ["12345"])
        // A landline's extension.
        #expect(found("电话0870-5123456-8001，") == ["0870-5123456-8001"])
        #expect(found("电话0870-5123456转8001") == ["0870-5123456转8001"])
        #expect(found("0870-5123456-800123") == [], "not an extension: too long")
        #expect(PhoneNumber("0870-5123456-8001")?.telURL == "tel:08705123456,8001")
        #expect(PhoneNumber("0870-5123456转801")?.telURL == "tel:08705123456,801")
        #expect(PhoneNumber("13800000001-8001") == nil, "only a landline has an extension")
    }

    @Test func bodyTextLinksEveryShapeOfNumber() throws {
        let body = "手机138-0000-0001，座机0870-7123456，热线400-123-4567，火警请打119，12345热线，2026-12-03停水。"
            // Each on a paragraph of its own: a text with another number would let it past the filter.
            + "\n\n杨某某 139 0000 3202。\n\n办公室０８７０－７１２３４５７。\n\n王某某１３８－００００－３２０３。"
            + "\n\n李某某138\u{3000}0000\u{3000}3204。\n\n赵某某138\u{A0}0000\u{A0}3205。"
        let page = try #require(try TestSite(["notices/a.md": notice("通知", body: body)]).build().page("notices/a/index.html"))
        for tel in ["tel:13800000001", "tel:08707123456", "tel:4001234567", "tel:119", "tel:12345", "tel:13900003202", "tel:08707123457",
                    "tel:13800003203", "tel:13800003204", "tel:13800003205"] {
            #expect(page.contains("href=\"\(tel)\""), "\(tel)")
        }
        #expect(!page.contains("tel:2026"))
    }

    /// The contract: phone numbers in any field are tappable, in lists as on pages.
    @Test func aNumberInAnyFieldIsTappableWhereverTheFieldIsShown() throws {
        let report = try TestSite([
            "notices/a.md": notice("停水通知", extra: "summary: 有问题请拨打0870-7123456\nissuer: 物业（电话13800000009）\nevent: {start: 2026-12-02 09:00, place: 社区广场，联系13800000008}"),
            "jobs/j.md": markdown("title: 招工\ndate: 2026-11-20\ndeadline: 2026-12-20\nemployer: 车间，电话13800000007\npay: 面议，咨询0870-7123400"),
            "guides/g.md": markdown("title: 补贴申领\ncategory: 养老服务\nmaterials:\n  - {name: 身份证, note: 不清楚的打13800000006}\nsteps:\n  - 先打电话0870-7123401预约"),
            "qa/q.md": markdown("title: 问答\ncategory: 后期扶持\nsource: 县移民局（0870-7123402）\nauthority: 社区（13800000005）", "## 问？\n\n答。"),
            "projects/p.md": markdown("title: 项目\nsummary: 咨询13800000004"),
        ]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        func has(_ page: String, _ tel: String) -> Bool { report.page(page)?.contains("href=\"tel:\(tel)\"") == true }
        #expect(has("notices/index.html", "08707123456") && has("notices/index.html", "13800000009"), "summary and issuer in the list")
        #expect(has("index.html", "13800000008"), "an event's place on the home page")
        #expect(has("jobs/index.html", "13800000007") && has("jobs/index.html", "08707123400"))
        #expect(has("guides/g/index.html", "13800000006") && has("guides/g/index.html", "08707123401"))
        #expect(has("qa/q/index.html", "08707123402") && has("qa/q/index.html", "13800000005"))
        #expect(has("projects/index.html", "13800000004"))
    }

    @Test func findingIsLinearOnAHugeRunOfDigits() {
        let text = String(repeating: "1380000000", count: 20_000) + " 0870-7123456"
        #expect(found(text) == ["0870-7123456"])
    }
}
