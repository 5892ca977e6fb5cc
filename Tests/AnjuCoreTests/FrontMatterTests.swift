import Testing
@testable import AnjuCore

@Suite struct FrontMatterTests {
    func parse(_ text: String, section: Section = .notices, name: String = "a.md") -> (PendingDocument?, [Diagnostic]) {
        DocumentParser.parse(SourceFile(contentPath: "s/\(section.rawValue)/\(name)", displayPath: "c/\(name)",
                                        section: section, isShared: false, bytes: Array(text.utf8)))
    }

    @Test func readsTypedNoticeFields() throws {
        let (doc, diagnostics) = parse("""
        ---
        title: 公示
        date: 2026-11-25 09:00
        expires: 2026-12-10
        level: important
        pinned: true
        issuer: 居委会
        category: 公示公告
        publicity:
          start: 2026-11-25
          end: 2026-12-01 18:00
        attachments:
          - {file: files/a.pdf, title: 名册}
          - files/b.docx
        tags: [后扶, 公示]
        ---
        正文
        """)
        #expect(diagnostics.isEmpty)
        guard case .notice(let n) = try #require(doc).document else { Issue.record("not a notice"); return }
        #expect(n.info.title == "公示" && n.level == .important && n.pinned && n.issuer == "居委会")
        #expect(n.publicity?.end.display == "2026-12-01 18:00")
        #expect(n.attachments.map(\.file) == ["files/a.pdf", "files/b.docx"])
        #expect(n.attachments.map(\.title) == ["名册", "b.docx"])
        #expect(n.attachments[1].typeLabel == "DOCX")
        #expect(n.info.tags == ["后扶", "公示"])
        #expect(try #require(doc).bodyFirstLine == 17)
    }

    @Test func crlfAndByteOrderMarkAreAccepted() throws {
        let (doc, diagnostics) = parse("\u{FEFF}---\r\ntitle: 通知\r\ndate: 2026-11-25\r\n---\r\n正文\r\n")
        #expect(diagnostics.isEmpty)
        #expect(doc?.document.info.title == "通知")
    }

    /// `expries:` would leave the notice up for ever: one slip from a known field is an
    /// error; a field farther from every known one is only warned about.
    @Test func aFieldOneSlipFromAKnownOneIsAnErrorOthersAWarning() {
        let said = { (field: String) in self.parse("---\ntitle: 通知\ndate: 2026-11-25\n\(field)\n---\n").1.map(\.description) }
        #expect(said("expries: 2026-12-01") == ["c/a.md:4:1: error: unknown field 'expries'\n    hint: did you mean 'expires'? As written, it would be ignored"])
        #expect(said("levl: urgent").first?.hasPrefix("c/a.md:4:1: error: unknown field 'levl'") == true, "a letter missing")
        #expect(said("tag: [停水]").first?.contains("did you mean 'tags'?") == true, "a letter missing at the end")
        #expect(said("expiresat: 2026-12-01") == ["c/a.md:4:1: warning: unknown field 'expiresat' is ignored\n    hint: did you mean 'expires'?"],
                "two edits away: a warning with the suggestion")
        #expect(said("author: 张某某") == ["c/a.md:4:1: warning: unknown field 'author' is ignored"])
        #expect(said("\u{3000}level: urgent") == ["c/a.md:4:1: error: the field name 'level' has an invisible or full-width space (全角空格) beside it\n"
            + "    hint: delete the spaces before and after level and type the line again: level: …"])
        #expect(said("level\u{200B}: urgent").first?.contains("the field name 'level' has an invisible") == true, "a zero-width space")
    }

    /// Every error about a field's shape shows the shape to write (these had no hint).
    @Test func aFieldOfTheWrongShapeIsShownTheShapeToWrite() throws {
        let report = try TestSite([
            "jobs/a.md": "---\ntitle: 招工\ndate: 2026-11-20\ndeadline: 2026-12-20\ncontact: 王某 13800000000\nrequirements:\n  - 年满18岁\n---\n正文。\n",
            "notices/e.md": "---\ntitle: 两个活动\ndate: 2026-11-20\nevent:\n  - {start: 2026-12-05 09:00}\n  - {start: 2026-12-06 09:00}\n---\n正文。\n",
            "projects/p.md": "---\ntitle: 项目\nprogress: 180\n---\n正文。\n",
        ]).build()
        let hints = Set(report.errors.compactMap(\.hint))
        for expected in ["write: contact: {name: 张某某, phone: 13800000001}",
                         "for several lines, write 'requirements: |' and the lines under it, each indented by two spaces",
                         "one event per notice: event: {start: 2026-12-05 09:00, end: 2026-12-05 11:00, place: 社区会议室}; another event goes in a notice of its own",
                         "the share done, in percent without the %: progress: 80"] {
            #expect(hints.contains(expected), "\(expected): \(report.errors)")
        }
    }

    /// Inside contact, a schedule window or an attachment, a field named as editors name it
    /// (tel, place, name) lost what residents need, the number, the area, the file's name:
    /// an error saying the field meant. Another unknown one is a warning.
    @Test func aNestedFieldUnderAnotherNameIsAnErrorSayingTheOneMeant() throws {
        let report = try TestSite([
            "jobs/a.md": "---\ntitle: 招工\ndate: 2026-11-20\ndeadline: 2026-12-20\ncontact: {name: 王某, tel: 13800000000}\n---\n正文。\n",
            "notices/b.md": "---\ntitle: 停水\ndate: 2026-11-20\nschedule:\n  - {start: 2026-12-01 08:00, end: 2026-12-01 18:00, place: 3幢}\n"
                + "attachments:\n  - {file: files/a.pdf, name: 报名表}\n  - {file: files/a.pdf, title: 表, note: 备注}\n---\n正文。\n",
        ]).build()
        let said = report.diagnostics.map { "\($0.line) \($0.severity == .error ? "error" : "warning") \($0.message)" }
        #expect(said.contains("5 error 'tel' is not a field of contact: did you mean 'phone'?"), "\(said)")
        #expect(said.contains("5 error 'place' is not a field of schedule: did you mean 'area'?"), "\(said)")
        #expect(said.contains("7 error 'name' is not a field of attachments: did you mean 'title'?"), "\(said)")
        #expect(said.contains("8 warning unknown field 'note' in an attachment is ignored"), "\(said)")
    }

    /// A field typed by its Chinese name is read as the field it names, with every name editors
    /// used before the glossary existed; in Chinese, a field is named with what it is.
    @Test func fieldsAreNamedInChineseAndByTheirChineseNames() {
        let before: [String: String] = [
            "标题": "title", "日期": "date", "发布时间": "date", "发布日期": "date", "摘要": "summary", "标签": "tags",
            "级别": "level", "置顶": "pinned", "过期时间": "expires", "有效期": "expires", "发布单位": "issuer",
            "类别": "category", "分类": "category", "公示期": "publicity", "附件": "attachments", "电话": "phone",
            "联系电话": "phone", "咨询电话": "phone", "地点": "place", "工作地点": "place", "地址": "location",
            "户数": "households", "单元": "units", "单元数": "units", "楼栋长": "manager", "网格员": "manager",
            "包户干部": "cadre", "名称": "name", "姓名": "name", "编号": "id", "状态": "status", "进度": "progress",
            "投资": "investment", "总投资": "investment", "截止日期": "deadline", "报名截止": "deadline", "工资": "pay",
            "待遇": "pay", "招聘人数": "positions", "人数": "positions", "用工单位": "employer", "招聘条件": "requirements",
            "联系人": "contact", "材料": "materials", "步骤": "steps", "窗口": "window", "办理地点": "window",
            "办理时间": "hours", "承诺时限": "time_limit", "时限": "time_limit", "收费": "fee", "办理依据": "basis",
            "排序": "order", "菜单": "menu", "草稿": "draft", "照片": "image", "图片": "image", "录音": "audio",
            "居民小组": "groups", "网格": "grids",
        ]
        for (chinese, english) in before { #expect(FieldGloss.englishForChinese[chinese] == english, "\(chinese)") }
        #expect(FieldGloss.quoted("date") == "“date”（发布时间）")
        #expect(FieldGloss.quoted("publicity start") == "“publicity”（公示期）里的“start”")
        let said = parse("---\ntitle: 通知\n日期: 2026-11-25\n---\n").1
        #expect(said.contains { $0.wording.chinese == "字段名要用英文写：“日期”要写成“date”" }, "\(said)")
        let missing = parse("---\ntitle: 通知\n---\n").1
        #expect(missing.first?.wording.chinese == "缺少必填字段“date”（发布时间）", "\(missing)")
    }

    @Test func aNoticeDatedMonthsAheadIsWarnedAboutAtItsDate() throws {
        let report = try TestSite(["notices/a.md": notice("停水", date: "2062-11-27 16:30"),
                                   "notices/b.md": notice("元旦值班", date: "2026-12-31 09:00")]).build()
        #expect(report.diagnostics.map(\.description) == [
            "content/test/notices/a.md:3:7: warning: the notice is dated 2062-11-27 16:30, more than two months ahead: it is not published until then\n"
                + "    hint: check the year; a notice appears on the site from its date on"], "a month ahead is a schedule")
    }

    @Test func aHashtagThatYAMLWouldDropIsWarnedAboutAtItsColumn() {
        let warned = { (fields: String) in
            self.parse("---\ntitle: 通知\ndate: 2026-11-25\n\(fields)\n---\n").1.filter { $0.message.contains("# starts a comment") }
        }
        let dropped = warned("summary: 分三片停水 #停水# 请提前储水")
        #expect(dropped.map { "\($0.line):\($0.column)" } == ["4:16"], "\(dropped)")
        #expect(dropped.first?.message.contains("'#停水# 请提前储水' is dropped") == true)
        #expect(warned("summary: #停水#请储水").count == 1, "the whole value would be dropped")
        #expect(warned("level: urgent   # 紧急").isEmpty, "a comment written as one, with its space")
        #expect(warned("# 这是注释\nsummary: \"分三片停水 #停水#\"").isEmpty, "in quotes # is text")
        #expect(warned("summary: \"公示: \\\"名单\\\" #1\"").isEmpty && warned("summary: '名单''s #1'").isEmpty,
                "a quote escaped inside quotes does not end them")
        #expect(warned("summary: 第3#楼").isEmpty, "no space before #: text")
        #expect(warned("summary: |\n  分三片停水 #停水#\n  请提前储水").isEmpty, "a block keeps its #")
    }

    @Test func aCharacterTheMessageCannotShowIsNamedWithWhereItIs() {
        let hint = { (fields: String) in self.parse("---\ntitle: 通知\n\(fields)\n---\n").1.compactMap(\.hint).first ?? "" }
        #expect(hint("date: 2026-11-27\u{A0}16:30").contains("an invisible space (U+00A0) after '2026-11-27'"))
        #expect(hint("date: 2026-11-27 16:30\nexpires: “2026-12-01”").contains("remove the Chinese quotes"))
        #expect(hint("date: 2026-11-27 16:30").isEmpty)
        let job = markdown("title: 招工\ndate: 2026-11-20 09:00\ndeadline: 2026-12-20\ncontact: {name: 张某某, phone: 138000\u{200B}03201}")
        let said = try? TestSite(["jobs/a.md": job]).build().errors.first?.hint
        #expect(said?.contains("an invisible space (U+200B) after '138000'") == true, "\(String(describing: said))")
    }

    @Test func aFrontMatterLineOfTheWrongDashesIsNamedAtItsLine() {
        for closing in ["———", "－－－", "--", "----"] {
            let said = self.parse("---\ntitle: 通知\ndate: 2026-11-25\n\(closing)\n正文。\n").1
            #expect(said.map { "\($0.line) \($0.message)" } == ["4 '\(closing)' is not the line of three dashes that opens and closes the front matter"],
                    "\(closing): \(said)")
        }
        let opening = self.parse("———\ntitle: 通知\n---\n正文。\n").1
        #expect(opening.first?.line == 1 && opening.first?.hint?.contains("three ASCII dashes") == true, "\(opening)")
        #expect(self.parse("---\ntitle: 通知\ndate: 2026-11-25\n---\n正文。\n\n——\n").1.isEmpty, "dashes in the body are text")
    }

    @Test func smallerSlipsGetHintsAnEditorCanActOn() throws {
        let said = { (fields: String) in self.parse("---\ntitle: 通知\n\(fields)\n---\n").1.map { $0.hint ?? $0.message } }
        #expect(said("date: 2026-11-31") == ["that month has 30 days; check the day"])
        #expect(said("date: 2028-02-30") == ["that month has 29 days; check the day"])
        #expect(said("date: 2026-11-25\nexpires: 长期有效") == ["leave 'expires' out: a notice without it stays up until it is removed"])
        #expect(said("date: 2026-11-25\nexpires: 2026-12-01\nlevel: urgent\u{200B}").isEmpty, "a zero-width space copied with the value")
        #expect(self.parse("---\ntitle: \"   \"\ndate: 2026-11-25\n---\n").1.map(\.message) == ["'title' is empty"])
        var site = TestSite(["notices/a.md": notice("附件", extra: "attachments:\n  - {file: static/files/a.pdf, title: 表}\n  - {file: files/B.pdf, title: 表}")])
        site.rawFiles = ["test/static/files/a.pdf": [0x25], "test/static/files/b.pdf": [0x25]]
        let report = try site.build()
        // static/files/a.pdf names files/a.pdf, as ../static/files/a.pdf does in a body's link.
        #expect(report.errors.map { $0.hint ?? "" } == ["the file is files/b.pdf: a file name must match in upper and lower case"])
    }

    /// From an editor's audit of the .yml files: a field named in Chinese, a synonyms line
    /// without its '- ', a grid.yml without 'grids:', an empty site.yml.
    @Test func theYAMLFilesSlipsAreNamedInTheirOwnTerms() throws {
        let grid = try TestSite(["grid.yml": "grids:\n  - id: 1\n    manager: {name: 张某某, phone: 13800000001}\n    buildings:\n      - id: 3\n        户数: 40\n"]).build()
        #expect(grid.errors.map(\.message).contains("field names are written in English: '户数' is 'households'"), "\(grid.errors)")
        let notice = self.parse("---\ntitle: 通知\ndate: 2026-11-25\n标签: [停水]\n---\n").1.map(\.message)
        #expect(notice == ["field names are written in English: '标签' is 'tags'"])
        let (_, synonyms) = SynonymsParser.parse(path: "synonyms.yml", bytes: Array("- [后扶, 后期扶持]\n院坝会 = 坝坝会\n- [低保, 最低生活保障]\n".utf8))
        #expect(synonyms.map(\.description) == ["synonyms.yml:2:1: error: a group is a line starting with '- '\n    hint: write: - 院坝会 = 坝坝会"])
        let (_, dashed) = SynonymsParser.parse(path: "synonyms.yml", bytes: Array("- [后扶, 后期扶持]\n-[甲, 乙]\n".utf8))
        #expect(dashed.map(\.description) == ["synonyms.yml:2:1: error: the '-' of a group needs a space after it\n    hint: write: - [甲, 乙]"],
                "named at its line, not past the file's end")
        let (_, marked) = SynonymsParser.parse(path: "synonyms.yml", bytes: Array("---\n- [后扶, 后期扶持]\n- [低保, 最低生活保障\n".utf8))
        #expect(!marked.contains { $0.message.contains("needs a space") }, "a document marker is no group: \(marked)")
        let noKey = try TestSite(["grid.yml": "- id: 1\n  manager: {name: 张某某, phone: 13800000001}\n"]).build()
        #expect(noKey.errors.contains { $0.message.hasPrefix("the file must be a list of 'name: value' fields") || $0.message.contains("grids") }, "\(noKey.errors)")
        let commas = try TestSite(["grid.yml": "grids:\n  - id: 1\n    manager: {name: 张某某， phone: 13800000001}\n"]).build()
        #expect(commas.errors.map(\.description).first?.hasPrefix("content/test/grid.yml:3:24: error: a Chinese comma '，' between the fields in { }") == true,
                "\(commas.errors)")
        let colon = try TestSite(["grid.yml": "grids:\n  - id: 1\n    manager: {name：张某某, phone: 13800000001}\n"]).build()
        #expect(colon.errors.map(\.message).contains("'name' is followed by a full-width colon '：'"), "\(colon.errors)")
        let empty = try TestSite(["site.yml": ""]).build()
        #expect(empty.errors.first?.hint?.hasPrefix("write the site's settings") == true, "\(empty.errors)")
    }

    @Test func aNoticeThatExpiresBeforeItIsPublishedIsAnError() {
        let said = parse("---\ntitle: 停水通知\ndate: 2026-11-27 16:30\nexpires: 2026-11-08\n---\n").1.map(\.description)
        #expect(said == ["c/a.md:4:10: error: the notice expires (2026-11-08) before it is published (2026-11-27 16:30)\n"
            + "    hint: check the dates: expires should come after date"])
    }

    /// What YAML reads as more than text is named at its line with the value quoted, not as
    /// "mapping values are not allowed in this context" or "did not find expected key".
    @Test func aValueYAMLReadsAsSomethingElseIsNamedWithTheLineToWrite() {
        let said = { (fields: String) in self.parse("---\n\(fields)\n---\n正文\n").1.map(\.description) }
        #expect(said("title: 紧急通知: 11月30日停水\ndate: 2026-11-25") == [
            "c/a.md:2:8: error: the value of 'title' has ': ' in it, which YAML reads as the start of another field\n"
            + "    hint: write the value in quotes: title: \"紧急通知: 11月30日停水\", or use a Chinese colon '：' in the text"])
        #expect(said("title: [紧急]关于停水的通知\ndate: 2026-11-25") == [
            "c/a.md:2:8: error: 'title' starts with '[', which YAML reads as the start of a list not closed on its line\n"
            + "    hint: end it with ] if it is one; if it is text, write it in quotes: title: \"[紧急]关于停水的通知\""])
        #expect(said("title: \"关于停水的通知\ndate: 2026-11-25").first?.hasPrefix("c/a.md:2:8: error: the quote \" that starts 'title' is never closed") == true,
                "at the quote's line, not where YAML ran out of text")
        #expect(said("title: @全体居民 停水\ndate: 2026-11-25").first?.contains("'title' starts with '@'") == true)
        #expect(said("date: 2026-11-25\ntitle: #停水通知") == ["c/a.md:3:7: error: 'title' is empty: YAML reads a value starting with # as a comment\n"
            + "    hint: write the value in quotes: title: \"#停水通知\""])
        #expect(said("title:\u{00A0}停水\ndate: 2026-11-25") == ["c/a.md:2:7: error: after 'title:' is a full-width or no-break space, which YAML does not take for a space\n"
            + "    hint: delete it and type an ordinary space: title: 停水"])
        #expect(parse("\n\n---\ntitle: 停水\ndate: 2026-11-25\n---\n").1.map(\.message) == ["the front matter must start on the file's first line"])
        // A value of only spaces (a tab, a full-width one) on a line before the real slip: no crash, no blame.
        #expect(FrontMatterSlip.first(in: "title: \t\nsummary: \u{3000}\ndate: 2026-11-25\n  extra: 1") == nil)
        // A list closed before its comment, and one that YAML reads alone, are not the slip.
        #expect(FrontMatterSlip.first(in: "tags: [停水, 通知]  # 注释\ntitle: 紧急通知: 11月30日停水")?.line == 2)
        #expect(FrontMatterSlip.first(in: "publicity: {start: 2026-11-25, end: 2026-12-01} # 一周\ntitle: [紧急]停水")?.line == 2)
    }

    @Test func slipsOfAChineseInputMethodAreNamedAtTheirLine() {
        let slip = { (fields: String) in self.parse("---\n\(fields)\n---\n正文\n").1.map(\.description) }
        #expect(slip("title：停水通知\ndate: 2026-11-25") == ["c/a.md:2:6: error: 'title' is followed by a full-width colon '：'\n"
            + "    hint: write an ASCII colon and a space, with the input method on English punctuation: title: …"])
        #expect(slip("title： 停水\ndate： 2026-11-25").first?.hasPrefix("c/a.md:2:6: error: 'title' is followed by a full-width colon") == true,
                "a whole front matter of them is no mapping at all")
        #expect(slip("title:停水通知\ndate: 2026-11-25") == ["c/a.md:2:7: error: 'title:' needs a space after the colon\n"
            + "    hint: write 'title: 停水通知'"])
        #expect(slip("title: 停电\n\tdate: 2026-11-25").first?.hasPrefix("c/a.md:3:1: error: a tab before a field") == true)
        #expect(slip(" title: 通知\ndate: 2026-11-25").first?.hasPrefix("c/a.md:2:1: error: the field 'title' is indented") == true)
        // Nothing is taken for a slip in YAML that reads: a nested field, a time, a URL.
        #expect(FrontMatterSlip.first(in: "event:\n  start: 2026-12-23 09:30\nbase_url: https://a.example/") == nil)
        // A slip is only looked for once the YAML has failed; other failures keep the parser's account.
        #expect(slip("title: 停水\ntags: [停水, 通知").first?.contains("'tags' starts with '[', which YAML reads as the start of a list not closed") == true)
        #expect(slip("title: 停水\ndate: 2026-11-25\n  extra: 1").first?.contains("is not valid YAML") == true)
    }

    @Test func aDateTypedTheChineseWayIsAnErrorWhoseHintSaysHowToWriteIt() {
        let hint = { (date: String) in
            self.parse("---\ntitle: 通知\ndate: \(date)\n---\n正文\n").1.first?.hint
        }
        #expect(hint("２０２６-１１-２０ ０９：００") == "write it as 2026-11-20 09:00 (digits and colon in half-width, YYYY-MM-DD HH:MM)")
        #expect(hint("2026年11月20日") == "write it as 2026-11-20 (digits and colon in half-width, YYYY-MM-DD HH:MM)")
        #expect(hint("2026年1月5日 9点") == "write it as 2026-01-05 09:00 (digits and colon in half-width, YYYY-MM-DD HH:MM)")
        #expect(hint("2026/11/20 9:30") == "write it as 2026-11-20 09:30 (digits and colon in half-width, YYYY-MM-DD HH:MM)")
        // No guess where the meaning is not plain: an afternoon, a month that does not exist.
        for unclear in ["2026年11月20日下午3点", "2026-13-45", "明天"] {
            #expect(hint(unclear) == "write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2024-06-01 or 2024-06-01 14:00 (China time; "
                    + "another zone's time with its offset: 2024-06-01 14:00+08:00)", "\(unclear)")
        }
    }

    @Test func aNumberOrYesInChineseIsAnErrorWhoseHintSaysHowToWriteIt() {
        let job = { (fields: String) in
            self.parse("---\ntitle: 招聘\ndate: 2026-11-20\ndeadline: 2026-12-20\n\(fields)\n---\n正文\n", section: .jobs).1.map(\.description)
        }
        #expect(job("positions: 二十五名") == ["c/a.md:5:12: error: 'positions' must be a whole number, not '二十五名'\n"
            + "    hint: write it in digits: positions: 25"])
        #expect(job("positions: 十人").first?.hasSuffix("positions: 10") == true)
        #expect(job("positions: １５人").first?.hasSuffix("positions: 15") == true)
        #expect(job("positions: 若干").first?.hasSuffix("positions: 10") == true, "an example when nothing is plain")
        #expect(NumberSpelling.suggestion(for: "一百零五") == 105 && NumberSpelling.suggestion(for: "两千") == 2000)
        #expect(NumberSpelling.suggestion(for: "三十几") == nil)
        #expect(NumberSpelling.suggestion(for: "80%") == 80 && NumberSpelling.suggestion(for: "８０％") == 80,
                "progress: 80% is told progress: 80, not an example of 10")
        let notice = self.parse("---\ntitle: 通知\ndate: 2026-11-20\npinned: 是\n---\n正文\n").1.map(\.description)
        #expect(notice == ["c/a.md:4:9: error: 'pinned' must be true or false, not '是'\n    hint: write pinned: true (是) or pinned: false (否)"])
    }

    @Test func aPublicityNoticeWithoutItsPeriodIsWarnedAbout() {
        let warnings = { (title: String, extra: String) in
            self.parse("---\ntitle: \(title)\ndate: 2026-11-25\n\(extra)---\n正文\n").1.map(\.description)
        }
        #expect(warnings("新增低保对象公示", "") == ["c/a.md:2:8: warning: the notice is a 公示 but gives no 公示 period\n"
            + "    hint: add publicity: {start: 2026-11-25, end: 2026-12-01}: the page then shows the period and whether it is still running"])
        #expect(warnings("新增低保对象公示", "publicity: {start: 2026-11-25, end: 2026-12-02}\n") == [])
        #expect(warnings("新增低保对象公示结果", "") == [], "a notice of the outcome has no period")
        #expect(warnings("停水通知", "") == [])
    }

    @Test func tagsSeparatedByAChineseCommaAreReadAsSeparateTagsWithAWarning() throws {
        let (doc, diagnostics) = parse("---\ntitle: 义诊\ndate: 2026-11-25\ntags: [义诊，健康、老人]\n---\n正文\n")
        #expect(doc?.document.info.tags == ["义诊", "健康", "老人"])
        #expect(diagnostics.map(\.description) == ["c/a.md:4:7: warning: tags separated by a Chinese comma are read as 3 tags: 义诊, 健康, 老人\n"
            + "    hint: separate tags with an ASCII comma: [义诊, 健康, 老人]"])
    }

    @Test func missingFrontMatterAndUnclosedFrontMatter() {
        #expect(parse("# 标题\n正文").1.first?.message == "the file has no front matter")
        #expect(parse("---\ntitle: x\n正文").1.first?.message == "the front matter is not closed")
    }

    @Test func aChineseFileNameGetsThePinyinOfItsTitle() {
        let (doc, diagnostics) = parse("---\ntitle: 停水通知\ndate: 2026-11-25\n---\n", name: "停水通知.md")
        #expect(diagnostics.isEmpty)
        #expect(doc?.document.info.urlPath == "notices/ting-shui-tong-zhi/")
        let (explicit, ok) = parse("---\ntitle: 停水\ndate: 2026-11-25\nslug: ting-shui\n---\n", name: "停水通知.md")
        #expect(ok.isEmpty && explicit?.document.info.urlPath == "notices/ting-shui/")
        let (_, bad) = parse("---\ntitle: 停水\ndate: 2026-11-25\n---\n", name: "Ting Shui.md")
        #expect(bad.first?.message == "the file name 'Ting Shui' cannot be used in a URL")
    }

    @Test func pagesCannotTakeTheSitesOwnFolders() {
        let (_, diagnostics) = parse("---\ntitle: 搜索\n---\n", section: .pages, name: "search.md")
        #expect(diagnostics.first?.message == "the page slug 'search' is used by the site itself")
    }

    @Test func siteConfig() {
        let (config, diagnostics) = SiteConfigParser.parse(id: "wenbi", path: "site.yml", bytes: Array("""
        name: 文笔社区
        base_url: https://host.example/wenbi
        color: "#2e6b30"
        """.utf8), baseURLOverride: nil)
        #expect(diagnostics.isEmpty)
        #expect(config?.basePath == "/wenbi/")
        #expect(config?.absoluteURL("qa/") == "https://host.example/wenbi/qa/")
        #expect(config?.color == "#2e6b30" && config?.includeShared == true && config?.language == "zh-CN")
        let (_, bad) = SiteConfigParser.parse(id: "x", path: "site.yml", bytes: Array("name: x\nbase_url: wenbi.example.org\n".utf8),
                                              baseURLOverride: nil)
        #expect(bad.map(\.description).first?.hasPrefix("site.yml:2:11: error: base_url must be an absolute URL") == true)
    }
}
