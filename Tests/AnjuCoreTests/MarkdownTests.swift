import CCmarkGFM
import Foundation
import Dispatch
import Testing
@testable import AnjuCore
@testable import AnjuKernels

@Suite struct MarkdownTests {
    func render(_ text: String, firstLine: Int = 5) -> RenderedBody {
        MarkdownRenderer(path: "x.md", firstLine: firstLine) { url, _ in (url, .external(url)) }.render(text)
    }

    @Test func gfmTablesStrikethroughAndAutolinks() {
        let body = render("| 项目 | 标准 |\n|---|---|\n| 房屋 | 以公布为准 |\n\n~~旧标准~~\n\n详见 https://example.org/a")
        #expect(body.html.contains("<table>"))
        #expect(body.html.contains("<td>房屋</td>"))
        #expect(body.html.contains("<del>旧标准</del>"))
        #expect(body.html.contains("<a href=\"https://example.org/a\">https://example.org/a</a>"))
    }

    /// GitHub's footnotes and task lists, as Hugo and Zola render them: `[^1]: …` was read as a
    /// link definition, and `[^1]` as a link to a page that does not exist (an error).
    @Test func footnotesAndTaskListsAreRenderedAsGitHubRendersThem() {
        let body = render("正文有说明[^1]，另见[^note]。\n\n## 办理\n\n- [ ] 身份证\n- [x] 户口簿\n\n[^1]: 以县里公布为准。\n[^note]: 第二条。\n")
        let html = body.html
        #expect(body.links.isEmpty, "no link to check: \(body.links)")
        #expect(html.contains("<sup class=\"footnote-ref\"><a href=\"#fn-1\""), "\(html)")
        #expect(html.components(separatedBy: "<section class=\"footnotes\"").count == 2, "one list of footnotes: \(html)")
        #expect(html.hasSuffix("</ol>\n</section>\n"), "closed, at the end: \(html)")
        #expect(html.contains("id=\"fn-1\"") && html.contains("以县里公布为准。") && html.contains("第二条。"))
        #expect(html.contains("aria-label=\"回到正文\"") && !html.contains("Back to"), "\(html)")
        #expect(html.contains("type=\"checkbox\"") && html.contains("checked=\"\""), "\(html)")
        #expect(body.plainText.contains("以县里公布为准"), "footnotes are text of the page")
        #expect(body.headings.map(\.text) == ["办理"])
        // A footnote holding a list, referred to in a paragraph of its own (cmark-gfm #241).
        #expect(render("[^1]\n\n[^1]: - 一项\n    - 两项\n").html.contains("<section class=\"footnotes\""))
    }

    /// `{#id}` after a heading names its anchor, as in Hugo and Zola: a shared link to a
    /// question survives its rewording. Anything but letters, digits, - and _ stays text.
    @Test func aHeadingNamesItsOwnAnchor() {
        let body = render("## 补偿标准是多少？ {#buchang}\n\n答。\n\n## 第二问 {#buchang}\n\n答。\n\n## 含空格 {#a b}\n\n## 普通问题\n")
        #expect(body.headings.map(\.anchor) == ["buchang", "buchang-1", "含空格-a-b", "普通问题"], "\(body.headings)")
        #expect(body.headings.map(\.text) == ["补偿标准是多少？", "第二问", "含空格 {#a b}", "普通问题"])
        #expect(body.html.contains("<h2 id=\"buchang\">补偿标准是多少？</h2>") && !body.html.contains("{#buchang}"), "\(body.html)")
        #expect(body.questions.first?.anchor == "buchang")
    }

    @Test func extensionsHoldWhileManyThreadsParse() {
        // cmark-gfm's extension characters live in one process-wide table that parsing
        // inlines and freeing a parser edit: without the lock around those, strikethrough
        // vanished now and then (every run of this test failed). Block parsing runs outside
        // the lock, so the documents have blocks too.
        let blocks = (1...20).map { "- 第\($0)项\n" }.joined() + "\n| 项目 | 标准 |\n|---|---|\n| 房屋 | 公布 |\n\n"
        let results = ResultSlots<Bool>(count: 2000)
        DispatchQueue.concurrentPerform(iterations: 2000) { i in
            let html = render(blocks + "~~旧\(i)~~ 见 https://example.org/\(i)").html
            results.set(i, html.contains("<del>") && html.contains("<a href="))
        }
        #expect(results.values.allSatisfy { $0 })
    }

    @Test func arenaRendersWhatCmarksOwnAllocatorDoes() {
        // Documents from a few bytes to several arena chunks: a 300 KB paragraph (one block
        // over the 256 KB chunk, grown by realloc), a table of 3,000 rows (many chunks, past
        // the 4 MB the arena keeps), on several threads at once and again after each reset.
        let long = String(repeating: "安置补偿标准以公布为准，", count: 9_000)
        let rows = (1...3_000).map { "| 第\($0)户 | ~~旧~~ 新 | \($0 * 7) |\n" }.joined()
        let documents = ["短", long, "| 户 | 标准 | 面积 |\n|---|---|---|\n" + rows, "- 一\n- 二\n\n" + long + "\n\n~~删~~"]
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        let extensions = CMark.extensionList.list // registers the extensions first
        let expected = documents.map { text -> String in
            CMark.parseLock.withLock {
                let parser = cmark_parser_new(options)!
                defer { cmark_parser_free(parser) }
                for name in CMark.extensionNames {
                    cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name))
                }
                cmark_parser_feed(parser, text, text.utf8.count)
                let document = cmark_parser_finish(parser)!
                defer { cmark_node_free(document) }
                let html = cmark_render_html(document, options, extensions)!
                defer { free(html) }
                return String(cString: html)
            }
        }
        // The renderer wraps a table in its scrolling region; cmark's own HTML, likewise.
        let wrapped = expected.map {
            $0.replacingOccurrences(of: "<table>", with: String(decoding: MarkdownRenderer.tableScrollOpening, as: UTF8.self) + "<table>")
                .replacingOccurrences(of: "</table>\n", with: "</table>\n" + String(decoding: MarkdownRenderer.tableScrollClosing, as: UTF8.self))
        }
        let results = ResultSlots<Bool>(count: 48)
        DispatchQueue.concurrentPerform(iterations: 48) { i in
            results.set(i, render(documents[i % documents.count]).html == wrapped[i % documents.count])
        }
        #expect(results.values.allSatisfy { $0 })
        #expect(expected[2].contains("<td>第3000户</td>") && expected[2].contains("<del>旧</del>"))
    }

    @Test func boldAroundChinesePunctuationIsBoldNotAsterisks() {
        for (markdown, html) in [
            ("**温馨提示：**请提前储水。", "<p><strong>温馨提示：</strong>请提前储水。</p>"),
            ("请带上**身份证（原件）**办理。", "<p>请带上<strong>身份证（原件）</strong>办理。</p>"),
            ("停水时间为**“8:00—18:00”**，请注意。", "<p>停水时间为<strong>“8:00—18:00”</strong>，请注意。</p>"),
            ("*注意：*带好证件，**两次：**上午和下午。", "<p><em>注意：</em>带好证件，<strong>两次：</strong>上午和下午。</p>"),
            ("**重要**提示", "<p><strong>重要</strong>提示</p>"),
            // What CommonMark left as text for other reasons stays text: masked names in a 公示,
            // file patterns, escaped asterisks.
            ("名单：张**、李**、王**。", "<p>名单：张**、李**、王**。</p>"),
            ("王*、李*、张*", "<p>王*、李*、张*</p>"),
            ("请上传*.pdf或*.jpg格式", "<p>请上传*.pdf或*.jpg格式</p>"),
            ("\\*\\*注意：\\*\\*请", "<p>**注意：**请</p>"),
            // What CommonMark leaves as text stays text: a run with space inside it, a lone run.
            ("2 ** 3 = 8", "<p>2 ** 3 = 8</p>"),
            ("这是 ** 号", "<p>这是 ** 号</p>"),
            ("**未写完", "<p>**未写完</p>"),
        ] {
            #expect(render(markdown).html == html + "\n", "\(markdown)")
        }
        #expect(render("**温馨提示：**请提前储水。").plainText == "温馨提示：请提前储水。",
                "the search text has no asterisks")
    }

    @Test func linesOfAChineseNoticeStayLinesAndLatinProseIsJoined() {
        let notice = "各位居民：\n　　因社区供水主管道改造，停水一天。\n文笔社区居委会\n2026年11月27日"
        #expect(render(notice).html == "<p>各位居民：<br />\n　　因社区供水主管道改造，停水一天。<br />\n文笔社区居委会<br />\n2026年11月27日</p>\n")
        #expect(render("请带齐：\n1、身份证；\n2、户口簿。").html == "<p>请带齐：<br />\n1、身份证；<br />\n2、户口簿。</p>\n")
        #expect(render("**注意**\n停水前请储水").html == "<p><strong>注意</strong><br />\n停水前请储水</p>\n", "bold looked into")
        #expect(render("The water supply\nwill be cut on Monday.").html == "<p>The water supply\nwill be cut on Monday.</p>\n")
    }

    @Test func aTablePastedWithTabsOrWithoutItsRuleIsNamedWithTheRowsToWrite() throws {
        for body in ["正文。\n\n停水日期\t停水时间\t停水范围\n11月30日\t8:00—18:00\t第1至第4组",
                     "正文。\n\n| 停水日期 | 停水时间 | 停水范围 |\n| 11月30日 | 8:00—18:00 | 第1至第4组 |",
                     "正文。\n\n｜停水日期｜停水时间｜停水范围｜\n｜11月30日｜8:00—18:00｜第1至第4组｜"] {
            let report = try TestSite(["notices/a.md": notice("停水", body: body)]).build()
            let warning = try #require(report.diagnostics.first { $0.message.contains("not as a table") }, "\(body)")
            #expect(warning.line == 7, "the first row's line: \(warning)")
            #expect(warning.hint?.contains("| 停水日期 | 停水时间 | 停水范围 |, then |---|---|---|") == true, "\(warning)")
        }
        let table = "| 停水日期 | 停水时间 |\n|---|---|\n| 11月30日 | 8:00—18:00 |"
        #expect(try TestSite(["notices/a.md": notice("停水", body: table)]).build().diagnostics.isEmpty, "a table as written")
        #expect(try TestSite(["notices/a.md": notice("停水", body: "地址\t巧家县\n\n电话 0870-1234567")]).build().diagnostics.isEmpty,
                "one line with a tab is no table")
    }

    @Test func rawHTMLIsText() {
        let body = render("<script>alert(1)</script>\n\n段落<iframe src=\"x\"></iframe>结束")
        #expect(!body.html.contains("<script"))
        #expect(!body.html.contains("<iframe"))
        #expect(body.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(body.html.contains("段落&lt;iframe src=&quot;x&quot;&gt;&lt;/iframe&gt;结束"))
        #expect(body.shownAsText == [MarkupShownAsText(kind: .html, location: SourceLocation(path: "x.md", line: 5, column: 1),
                                                       text: "<script>alert(1)</script>", count: 3)])
        #expect(render("没有标签，a < b。").shownAsText == [])
    }

    @Test func aHeadingWithoutItsSpaceIsNamedAsShownAsText() throws {
        let body = render("## 办理流程\n\n正文。\n\n##带什么材料\n\n＃＃ 多久办好\n\n```\n##代码\n```\n\n#3栋 和 #1 不算。")
        #expect(body.headings.map(\.text) == ["办理流程"])
        #expect(body.shownAsText == [MarkupShownAsText(kind: .heading, location: SourceLocation(path: "x.md", line: 9, column: 1),
                                                       text: "##带什么材料", count: 2)])
        let report = try TestSite(["qa/a.md": markdown("title: 问答\ncategory: 社区服务", "## 第一问？\n\n答。\n\n##第二问？\n\n答。")]).build()
        #expect(report.diagnostics.map(\.description) == ["content/test/qa/a.md:9:1: warning: '##第二问？' is shown as text, not as a heading\n"
            + "    hint: a heading is an ASCII # and a space: ## 第二问？"])
    }

    /// A question written bold or as ### above the first ## is text of the topic's
    /// introduction, and a ## with nothing under it has no answer: both built silently.
    @Test func aQATopicsQuestionsThatAreNotQuestionsOrHaveNoAnswerAreWarnedAbout() throws {
        let topic = "**办事大厅在哪里？**\n\n在社区一楼。\n\n### 几点上班？\n\n## 问题一？\n\n## 问题二？\n\n答。"
        let report = try TestSite(["qa/a.md": markdown("title: 问答\ncategory: 社区服务", topic)]).build()
        #expect(report.diagnostics.map(\.description) == [
            "content/test/qa/a.md:5:1: warning: '办事大厅在哪里？' is above the first ## question, so it is not one of the topic's questions (and 1 more)\n"
                + "    hint: write each question as a heading on a line of its own: ## 办事大厅在哪里？",
            "content/test/qa/a.md:11:1: warning: the question '问题一？' has no answer under it\n"
                + "    hint: write the answer on the lines below the question, before the next ##",
        ])
        let notice = try TestSite(["notices/a.md": notice("通知", body: "**什么时候停水？**\n\n明天。")]).build()
        #expect(notice.diagnostics.isEmpty, "only a Q&A topic's questions are ## headings")
    }

    /// [报名表](files/报名 表.pdf): Markdown reads no link where the target has a space.
    @Test func aLinkToAFileNameWithASpaceIsNamedWithTheFormThatWorks() throws {
        var site = TestSite(["notices/a.md": notice("报名", body: "下载[报名表](files/报名 表.pdf)。\n\n见[问答](/qa/) 和 [x](y)。")])
        site.rawFiles["test/static/files/报名 表.pdf"] = Array("%PDF-1.4".utf8)
        let report = try site.build()
        let warning = try #require(report.diagnostics.first { $0.message.contains("is shown as text, not as a link") }, "\(report.diagnostics)")
        #expect(warning.hint == "a file name with a space goes in <…>: [报名表](<files/报名 表.pdf>), or rename the file without spaces")
        var fixed = TestSite(["notices/a.md": notice("报名", body: "下载[报名表](<files/报名 表.pdf>)。")])
        fixed.rawFiles["test/static/files/报名 表.pdf"] = Array("%PDF-1.4".utf8)
        let page = try #require(try fixed.build().page("notices/a/index.html"))
        #expect(page.contains("href=\"/files/%E6%8A%A5%E5%90%8D%20%E8%A1%A8.pdf\""), "the form the hint gives is a link")
    }

    @Test func aLinkTypedInChineseBracketsIsNamedAsShownAsText() throws {
        #expect(ChineseBracketLink.first(in: "请下载【报名表】（files/baoming.pdf）填写。") == "【报名表】（files/baoming.pdf）")
        #expect(ChineseBracketLink.first(in: "见[问答]（../qa/buchang.md）") == "[问答]（../qa/buchang.md）")
        #expect(ChineseBracketLink.first(in: "！【现场】（photos/a.jpg）") == "！【现场】（photos/a.jpg）")
        #expect(ChineseBracketLink.meant("！【现场】（photos/a.jpg）") == "![现场](photos/a.jpg)")
        // Ordinary Chinese writing: brackets for emphasis, a remark in parentheses.
        for text in ["【温馨提示】（请转告家人）", "【重要】（2026年）", "【紧急通知】（2026/11/20）", "[1]（见下）", "【】（）", String(repeating: "【", count: 500)] {
            #expect(ChineseBracketLink.first(in: text) == nil, "\(text.prefix(20))")
        }
        let body = render("第一段。\n\n第二段，\n请下载【报名表】（files/baoming.pdf）。\n\n[问答](../qa/a.md) 是真链接。")
        #expect(body.shownAsText.map(\.kind) == [.link])
        #expect(body.shownAsText.first?.text == "【报名表】（files/baoming.pdf）")
        #expect(body.shownAsText.first?.location.line == 8, "its own line, not its paragraph's first")
    }

    @Test func htmlPastedIntoABodyIsShownAsTextAndTheEditorIsWarnedAtItsLine() throws {
        let report = try TestSite(["notices/a.md": notice("停水", body: "第一段。\n\n明天<font color=red>停水</font>，<br>请储水。")]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.diagnostics.map(\.description) == ["content/test/notices/a.md:7:3: warning: HTML is shown on the page as text, not as formatting: <font color=red> (and 2 more)\n"
            + "    hint: write Markdown instead: **重点** for bold, a blank line for a new paragraph, | 项目 | 时间 | for a table"])
    }

    @Test func javascriptLinksAreDropped() {
        let body = render("[点我](javascript:alert(1))")
        #expect(!body.html.contains("javascript:"))
    }

    /// Anchors skip the property lookups for ASCII and CJK ideographs: the same as asking.
    @Test func anchorsKeepLettersAndDigitsOfEveryScript() {
        var quick = 0
        for v in UInt32(0)...0x10FFFF {
            guard let kind = Anchor.quickKind(of: v), let scalar = Unicode.Scalar(v) else { continue }
            quick += 1
            if kind != Anchor.kind(of: scalar) { Issue.record("U+\(String(v, radix: 16))") }
            let lowered = String(scalar).lowercased()
            if lowered != String(scalar) && !(v >= 0x41 && v <= 0x5A) { Issue.record("U+\(String(v, radix: 16)) lowercases") }
        }
        #expect(quick == 128 + 20_992 + 140, "ASCII, the ideographs, the ideographic space and 139 punctuation marks")
        func reference(_ text: String) -> String {
            var result = ""
            for scalar in text.lowercased().unicodeScalars {
                let p = scalar.properties
                if p.isAlphabetic || p.numericType != nil || scalar == "-" || scalar == "_" {
                    result.unicodeScalars.append(scalar)
                } else if scalar == " " || scalar == "\u{3000}" {
                    result.append("-")
                }
            }
            return result.isEmpty ? "section" : result
        }
        let headings = ["补偿标准是多少？", "Q1 Hotline", "第３期　安置（２０２６）", "一、补偿标准（试行）——“两不愁”", "A-B_c　D",
                        "标准 标准", "问：怎么办？", "（一）", "İstanbul ŞEHİR", "𠀀𠀁 扩展B", "①②③ Ⅳ",
                        "e\u{301}té", "😀 表情", "", "— … ——", "a_b-c", "١٢٣ عربي", "\u{FFFD}\u{FFFF}x"]
        for heading in headings { #expect(Anchor.make(from: heading) == reference(heading), "\(heading)") }
        var every = ""
        for v in stride(from: UInt32(0x20), to: 0x10000, by: 7) { if let s = Unicode.Scalar(v) { every.unicodeScalars.append(s) } }
        #expect(Anchor.make(from: every) == reference(every))
        var registry = Anchor.Registry()
        #expect(["a", "a", "a-1", "a"].map { registry.unique($0) } == ["a", "a-1", "a-1-1", "a-2"])
        var many = Anchor.Registry() // past the 32 compared one by one
        #expect((0..<40).map { _ in many.unique("x") } == ["x"] + (1..<40).map { "x-\($0)" })
        #expect(many.unique("x-5") == "x-5-1" && many.unique("y") == "y")
    }

    @Test func questionsGetStableAnchorsFromTheirText() {
        let body = render("## 补偿标准是多少？\n\n以公布为准。\n\n## 补偿标准是多少？\n\n重复的问题。\n\n### 细则\n\n更多。\n\n## How to apply 申请\n\n- 带身份证")
        #expect(body.questions.map(\.anchor) == ["补偿标准是多少", "补偿标准是多少-1", "how-to-apply-申请"])
        #expect(body.questions[0].text == "补偿标准是多少？")
        #expect(body.questions[0].answerText == "以公布为准。")
        #expect(body.questions[1].answerHTML.contains("<h3 id=\"细则\">细则</h3>"))
        #expect(body.questions[1].line == 9)
        #expect(body.html.contains("<h2 id=\"补偿标准是多少\">补偿标准是多少？</h2>"))
        #expect(body.questions[2].answerHTML.contains("<li>带身份证</li>"))
        // Each answer is exactly the blocks between its heading and the next (cut from the body).
        #expect(body.questions[0].answerHTML == "<p>以公布为准。</p>\n")
        #expect(body.questions[1].answerHTML == "<p>重复的问题。</p>\n<h3 id=\"细则\">细则</h3>\n<p>更多。</p>\n")
        #expect(body.questions[2].answerHTML == "<ul>\n<li>带身份证</li>\n</ul>\n")
        let closed = render("前言\n\n## 问一\n\n答一。\n\n# 另起一章\n\n正文")
        #expect(closed.questions.map(\.answerHTML) == ["<p>答一。</p>\n"])
        // Only a Q&A topic's body is split: a notice's sections are headings, not questions.
        var notice = MarkdownRenderer(path: "x.md", firstLine: 5) { url, _ in (url, .external(url)) }
        notice.splitsQuestions = false
        let sections = notice.render("## 一、停水时间\n\n明天。\n\n## 二、范围\n\n3幢。")
        #expect(sections.questions.isEmpty && sections.headings.map(\.text) == ["一、停水时间", "二、范围"])
    }

    @Test func plainTextKeepsBlocksApart() {
        let body = render("# 标题\n\n第一段\n第二行\n\n- 甲\n- 乙\n\n```\ncode\n```\n\n末尾")
        #expect(body.plainText == "标题\n第一段\n第二行\n甲\n乙\ncode\n末尾")
    }

    @Test func linkPositionsAreFileLinesAndCharacterColumns() {
        var seen: [AnjuCore.SourceLocation] = []
        let renderer = MarkdownRenderer(path: "x.md", firstLine: 5) { url, location in
            seen.append(location)
            return ("/base" + url, .internalPath(url, fragment: nil))
        }
        let body = renderer.render("第一行\n\n中文[链接](/a/)和[另一个](/b/)")
        #expect(seen.map(\.line) == [7, 7])
        #expect(seen.map(\.column) == [3, 13])
        #expect(body.html.contains("href=\"/base/a/\""))
        // An address written as text keeps no position in cmark: found on its own line.
        seen = []
        _ = renderer.render("第一段\n第二行 https://a.org/x 和 https://a.org/x\n\n| 甲 |\n|---|\n| 见 www.b.org |")
        #expect(seen.map(\.line) == [6, 6, 10], "\(seen)")
        #expect(seen.prefix(2).map(\.column) == [5, 23], "\(seen)")
        // Not where the same address is code, or the start of a longer one in <…>.
        seen = []
        _ = renderer.render("见 `https://a.org/x/` 说明，\n或打开 https://a.org/x/。\n\n先看 <https://a.org/x/more>\n再看 https://a.org/x/。")
        #expect(seen.map { "\($0.line):\($0.column)" } == ["6:5", "8:4", "9:4"], "\(seen)")
    }

    /// A column's alignment is a style (align= is obsolete, and the stylesheet overrode it); a
    /// heading never takes an id the page gives its own elements.
    @Test func tableAlignmentIsAStyleAndHeadingsLeaveThePagesOwnIDs() throws {
        let html = render("| 项目 | 金额 |\n|:--|--:|\n| 补助 | 100 |\n\n## main\n\n## 问\n").html
        #expect(html.contains("<th style=\"text-align: left\">项目</th>") && html.contains("<td style=\"text-align: right\">100</td>"), "\(html)")
        #expect(!html.contains("align=\""))
        #expect(html.contains("<h2 id=\"main-1\">main</h2>"), "\(html)")
        let templates = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/templates").filter { $0.hasSuffix(".mustache") }
        for name in templates {
            let text = try String(contentsOfFile: repositoryRoot + "/templates/" + name, encoding: .utf8)
            for match in text.matches(of: /id="([a-z][a-z-]*)"/) {
                #expect(Anchor.pageIDs.contains(String(match.1)), "\(name): id \(match.1) is not in Anchor.pageIDs")
            }
        }
    }

    /// An address written in Chinese text ends where the Chinese begins, as Hugo's linkify
    /// ends it: cmark-gfm took 。请登录后填写 into the address, a link that led nowhere.
    @Test func anAddressInChineseTextEndsWhereTheChineseBegins() {
        let html = render("网址：https://zwfw.example.org/dibao。请登录后填写。\n\n（https://a.org/b）里有 www.c.org，逗号后。https://。").html
        #expect(html.contains("网址：<a href=\"https://zwfw.example.org/dibao\">https://zwfw.example.org/dibao</a>。请登录后填写。"), "\(html)")
        #expect(html.contains("（<a href=\"https://a.org/b\">https://a.org/b</a>）里有 "), "\(html)")
        #expect(html.contains("<a href=\"http://www.c.org\">www.c.org</a>，逗号后。https://。"), "\(html)")
        // What its writer delimited stays whole, wherever it stands.
        let delimited = render("<https://a.org/路径>和[https://a.org/中](https://a.org/中)\n第二行 <https://a.org/y。请>\n\n"
                               + "| 甲 | <https://a.org/t。请> |\n|---|---|\n\n> 引用 <https://a.org/q。请>").html
        #expect(delimited.contains("<a href=\"https://a.org/%E8%B7%AF%E5%BE%84\">https://a.org/路径</a>"), "\(delimited)")
        #expect(delimited.contains("<a href=\"https://a.org/%E4%B8%AD\">https://a.org/中</a>"), "\(delimited)")
        for kept in ["y", "t", "q"] {
            #expect(delimited.contains("<a href=\"https://a.org/\(kept)%E3%80%82%E8%AF%B7\">"), "\(kept): \(delimited)")
        }
        // A Chinese path or query is the address's own: kept after / = ? & #.
        let paths = render("维基：https://zh.wikipedia.org/wiki/巧家县 可查，https://a.org/s?q=低保。").html
        #expect(paths.contains("href=\"https://zh.wikipedia.org/wiki/%E5%B7%A7%E5%AE%B6%E5%8E%BF\""), "\(paths)")
        #expect(paths.contains("href=\"https://a.org/s?q=%E4%BD%8E%E4%BF%9D\">https://a.org/s?q=低保</a>。"), "\(paths)")
        #expect(render("见 https://a.org/x.html。").html.contains("<a href=\"https://a.org/x.html\">https://a.org/x.html</a>。"))
    }
}

@Suite struct ChineseTextTests {
    @Test func summaryCountsCharactersNotBytesAndEndsAtASentence() {
        let text = String(repeating: "移民后期扶持资金按人发放。", count: 20)
        let summary = ChineseText.summary(of: text, limit: 30)
        #expect(summary == "移民后期扶持资金按人发放。移民后期扶持资金按人发放。")
        #expect(summary.count == 26)
    }

    @Test func summaryCutsWithEllipsisWhenNoSentenceEnds() {
        let text = String(repeating: "停水", count: 100)
        #expect(ChineseText.summary(of: text, limit: 10) == "停水停水停水停水停水…")
    }

    /// Summaries measured in scalars (when every scalar is a character of its own) must cut
    /// where Characters would.
    @Test func summariesCutWhereCharactersWould() {
        func byCharacters(_ text: String, limit: Int) -> String {
            let flat = ChineseText.collapseWhitespace(text, limit: limit * 2 + 8)
            guard flat.count > limit else { return flat }
            let head = flat.prefix(limit)
            if let end = head.lastIndex(where: { ChineseText.sentenceEnds.contains($0) }),
               head.distance(from: head.startIndex, to: end) >= limit / 2 {
                return String(head[...end])
            }
            return String(head) + "…"
        }
        let pieces = ["移民", "后期扶持。", "资金", "！", "A1", "?", "e\u{301}", "👨‍👩‍👧", "🇨🇳", "\r\n", "，", "；", "〪", "ﾞ", "—", " ", "\n"]
        var texts: [String] = []
        for n in 0..<400 {
            var text = ""
            for k in 0..<(n % 60 + 1) { text += pieces[(n * 7 + k * k * 3 + k) % pieces.count] }
            texts.append(text)
        }
        // Long texts of characters that are each one scalar take the scalar path at every limit.
        for n in 0..<40 {
            var text = ""
            for k in 0..<(200 + n * 7) { text += ["移", "民", "。", "A", "1", "，", "！", " ", "\n", "扶"][(n * 3 + k * k) % 10] }
            texts.append(text)
        }
        for text in texts {
            for limit in [1, 5, 10, 30, 120] {
                #expect(ChineseText.summary(of: text, limit: limit) == byCharacters(text, limit: limit), "\(text.debugDescription) \(limit)")
            }
        }
    }

    @Test func punctuationIsNotAlphabetic() {
        for value in UInt32(0x2000)...0xFFFF {
            guard let scalar = Unicode.Scalar(value), ChineseText.isPunctuation(scalar) else { continue }
            if scalar.properties.isAlphabetic { Issue.record("U+\(String(value, radix: 16)) is alphabetic") }
        }
    }

    @Test func trimmingSpacesTrimsWhatCharactersWould() {
        for text in ["", " ", "停水。", " 停水 ", "\n停水\n", "a\u{301} ", " \u{301}", "\u{3000}通知\u{3000}", "e\u{301}",
                     "\r\n", "x\r\n", "。", "🇨🇳", " 🇨🇳 ", "\u{85}a\u{85}"] {
            var s = Substring(text)
            while let f = s.first, f.isWhitespace { s.removeFirst() }
            while let l = s.last, l.isWhitespace { s.removeLast() }
            #expect(text.trimmingSpaces == String(s), "\(text.debugDescription)")
        }
    }

    /// A Markdown block's text is trimmed by byte where that cuts what Characters would.
    @Test func trimmingBytesTrimsWhatCharactersWould() {
        let pieces = ["", " ", "停水。", "\n", "\r\n", "a\u{301}", " \u{301}", "\u{3000}", "通知", "e\u{301}", "。", "🇨🇳",
                      "\u{85}", "\u{600}", "\t", "x", "\u{A0}"]
        for n in 0..<600 {
            var text = ""
            for k in 0..<(n % 7 + 1) { text += pieces[(n * 5 + k * k * 7 + k) % pieces.count] }
            let trimmed = MarkdownRenderer.trimmingSpaces(Array(text.utf8))
            #expect(String(decoding: trimmed, as: UTF8.self) == text.trimmingSpaces, "\(text.debugDescription)")
        }
    }

    /// The classifications answer the commonest scalars first; the ranges are still these.
    @Test func characterClassesAreTheirRanges() {
        let cjk: [ClosedRange<UInt32>] = [0x2E80...0x2FDF, 0x3000...0x303F, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                                          0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x2FA1F]
        let own: [ClosedRange<UInt32>] = [0x00...0x0C, 0x0E...0x7E, 0xA0...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029,
                                          0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF9D]
        for v in UInt32(0)...0x10FFFF {
            if ChineseText.isCJKValue(v) != cjk.contains(where: { $0.contains(v) }) { Issue.record("isCJK U+\(String(v, radix: 16))") }
            if ChineseText.isOwnCharacterValue(v) != own.contains(where: { $0.contains(v) }) { Issue.record("own U+\(String(v, radix: 16))") }
        }
        // White space: `whiteSpaceIsUnicodesWhiteSpace`.
    }

    @Test func whiteSpaceIsUnicodesWhiteSpace() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if ChineseText.isSpace(scalar) != scalar.properties.isWhitespace { Issue.record("U+\(String(value, radix: 16))") }
        }
    }

    /// Collapsing by UTF-8 byte does what the scalar-by-scalar rule says.
    @Test func collapsingWhiteSpaceByByteFollowsTheScalarRule() {
        func byScalars(_ text: String, limit: Int) -> String {
            var out = String.UnicodeScalarView()
            var pendingSpace = false, count = 0
            var last: Unicode.Scalar?
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace { pendingSpace = last != nil; continue }
                if pendingSpace {
                    if let last, !(ChineseText.isCJK(last) && ChineseText.isCJK(scalar)) { out.append(" "); count += 1 }
                    pendingSpace = false
                }
                out.append(scalar)
                last = scalar
                count += 1
                if count > limit { break }
            }
            return String(out)
        }
        let pieces = ["移民", " ", "\n", "\u{3000}", "A1", "e\u{301}", "🇨🇳", "\r\n", "，", "\u{85}", "é", "—", "\t\t", "ｶﾞ"]
        for n in 0..<300 {
            var text = ""
            for k in 0..<(n % 40 + 1) { text += pieces[(n * 5 + k * k * 3 + k) % pieces.count] }
            for limit in [0, 1, 3, 10, 50, Int.max] {
                #expect(ChineseText.collapseWhitespace(text, limit: limit) == byScalars(text, limit: limit), "\(text.debugDescription) \(limit)")
            }
        }
    }

    @Test func linesOfChineseJoinWithoutSpaces() {
        #expect(ChineseText.collapseWhitespace("第一行\n第二行 and\nEnglish 词") == "第一行第二行 and English 词")
    }

    @Test func readingUnitsByByteCountLikeScalars() {
        func byScalars(_ text: String) -> Int {
            var count = 0, inWord = false
            for scalar in text.unicodeScalars {
                if ChineseText.isHan(scalar) { count += 1; inWord = false }
                else if scalar.value < 0x80 ? (scalar.value >= 0x30 && scalar.value <= 0x39)
                            || ((scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A)
                            : scalar.properties.isAlphabetic {
                    if !inWord { count += 1 }
                    inWord = true
                } else { inWord = false }
            }
            return count
        }
        for text in ["", "拨打0870-1234567咨询 AAAA 景区", "ÉcoleÀ好", "𠀀𠀁字", "ｗｉｆｉ 密码", "々〇〆", "α-β γ", "e\u{301}x", "😀a😀"] {
            #expect(ChineseText.readingUnits(text) == byScalars(text), "\(text.debugDescription)")
        }
    }

    @Test func readingUnitsCountHanCharactersAndLatinWords() {
        #expect(ChineseText.readingUnits("拨打0870-1234567咨询 AAAA 景区") == 2 + 2 + 2 + 1 + 2)
        #expect(ChineseText.readingMinutes(String(repeating: "字", count: 301)) == 2)
    }
}

@Suite struct LinkResolverTests {
    let resolver = LinkResolver(basePath: "/wenbi/", urlByContentPath: ["wenbi/qa/buchang.md": "qa/buchang/",
                                                                           "_shared/qa/houfu.md": "qa/houfu/"],
                                unpublished: UnpublishedDocuments(paths: ["wenbi/notices/later.md"]), directory: "wenbi/notices", siteID: "wenbi",
                                siteURLs: ["https://host.example/wenbi/", "https://wenbi.example.org/"])

    @Test func sitePathsGetTheBasePath() {
        let (url, target) = resolver.resolve("/qa/buchang/#补偿标准")
        #expect(url == "/wenbi/qa/buchang/#补偿标准")
        #expect(target == .internalPath("qa/buchang/", fragment: "补偿标准"))
    }

    @Test func sourceFileLinksBecomeURLs() {
        #expect(resolver.resolve("../qa/buchang.md").url == "/wenbi/qa/buchang/")
        #expect(resolver.resolve("../../_shared/qa/houfu.md#q").url == "/wenbi/qa/houfu/#q")
        #expect(resolver.resolve("../static/files/a.pdf").target == .internalPath("files/a.pdf", fragment: nil))
    }

    @Test func percentEncodedFileNamesAndDotSegmentsResolve() {
        let chinese = LinkResolver(basePath: "/", urlByContentPath: ["wenbi/qa/补偿.md": "qa/bu-chang/"], unpublished: UnpublishedDocuments(),
                                   directory: "wenbi/notices", siteID: "wenbi")
        #expect(chinese.resolve("../qa/%E8%A1%A5%E5%81%BF.md").target == .internalPath("qa/bu-chang/", fragment: nil))
        #expect(resolver.resolve("/qa/../notices/x/").target == .internalPath("notices/x/", fragment: nil))
    }

    @Test func anotherSitesStaticFilesAreNotThisSites() {
        if case .broken = resolver.resolve("../../qiujiayu/static/a.pdf").target {} else { Issue.record("not broken") }
        #expect(resolver.resolve("../../_shared/static/a.pdf").target == .internalPath("a.pdf", fragment: nil))
    }

    @Test func brokenAndExternalLinks() {
        if case .broken(let why) = resolver.resolve("../../../../etc/passwd").target { #expect(why.english.contains("leaves")) } else { Issue.record("not broken") }
        if case .broken(let why) = resolver.resolve("later.md").target { #expect(why.english.contains("a draft")) } else { Issue.record("not broken") }
        #expect(resolver.resolve("https://example.org/").target == .external("https://example.org/"))
        #expect(resolver.resolve("tel:0870-0000000").target == .external("tel:0870-0000000"))
        #expect(resolver.resolve("#top").target == .samePage(fragment: "top"))
    }

    /// files/baoming.pdf in a notice is the site's files/baoming.pdf, as an attachment's path
    /// is and as the hint for a link in Chinese brackets writes it; ../ paths stay relative.
    @Test func aPathWrittenWithoutDotsIsThePathFromTheSitesRoot() throws {
        #expect(resolver.resolve("files/baoming.pdf").target == .internalPath("files/baoming.pdf", fragment: nil))
        #expect(resolver.resolve("files/baoming.pdf").url == "/wenbi/files/baoming.pdf")
        var site = TestSite(["notices/a.md": notice("报名", body: "下载[报名表](files/baoming.pdf)和![现场](files/none.jpg)。")])
        site.rawFiles["test/static/files/baoming.pdf"] = Array("%PDF-1.4".utf8)
        let report = try site.build()
        #expect(report.errors.map(\.message) == ["the image target /files/none.jpg does not exist in this site"])
        #expect(report.errors.first?.hint?.hasPrefix("a file is linked by its path under static/") == true)
    }

    /// Copied from the address bar, under the site's base_url or the one site.yml gives when
    /// --base-url replaced it: a path within the site, http or https, the host in any case.
    @Test func aLinkToTheSitesOwnAddressIsALinkWithinIt() {
        #expect(resolver.resolve("https://host.example/wenbi/qa/buchang/#问").url == "/wenbi/qa/buchang/#问")
        #expect(resolver.resolve("http://WENBI.example.org/notices/x/").target == .internalPath("notices/x/", fragment: nil))
        #expect(resolver.resolve("https://wenbi.example.org").target == .internalPath("", fragment: nil))
        #expect(resolver.resolve("https://host.example/binjiang/").target == .external("https://host.example/binjiang/"),
                "another site on the same host is another site")
        let (config, _) = SiteConfigParser.parse(id: "wenbi", path: "site.yml", bytes: Array("name: 文笔\nbase_url: https://wenbi.example.org\n".utf8),
                                                 baseURLOverride: "http://127.0.0.1:8080/")
        #expect(config?.ownURLs == ["http://127.0.0.1:8080/", "https://wenbi.example.org/"], "the preview knows the published address too")
    }
}
