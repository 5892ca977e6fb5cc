import Foundation
import Testing
@testable import AnjuCore

/// Content from many hands: each hostile input is made inside the test, and each gets a
/// diagnostic at its line and a non-zero exit, never a hang, a crash or a leaked file.
@Suite struct HostileInputTests {
    /// An SVG or HTML file under static/ runs as the site's own page when opened: a script
    /// in one is named (it was copied and linked without a word).
    @Test func aScriptInADrawingOrPageUnderStaticIsNamed() throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.rawFiles["test/static/files/a.svg"] = Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)
        site.rawFiles["test/static/files/b.svg"] = Array("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>".utf8)
        site.rawFiles["test/static/files/c.svg"] = Array("<svg xmlns=\"http://www.w3.org/2000/svg\" data-online=\"1\"><text>online</text></svg>".utf8)
        site.rawFiles["test/static/files/d.html"] = Array("<body/onload=alert(1)>".utf8)
        site.rawFiles["test/static/files/e.svg"] = Array("<svg><a xlink:href=\"java&#x73;cript:alert(1)\">x</a></svg>".utf8)
        site.rawFiles["test/static/files/f.xml"] = Array("<station name=\"a\" online=\"true\"/>".utf8)
        let warned = try site.build().diagnostics.filter { $0.message.contains("holds a script") }.map(\.path).sorted()
        #expect(warned == ["a.svg", "b.svg", "d.html", "e.svg"].map { "content/test/static/files/" + $0 }, "\(warned)")
    }

    @Test func aSymlinkOutOfTheContentFolderIsNotPublished() throws {
        let root = try TestSite(["notices/a.md": notice("通知")]).writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content/test/static/files", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/content/test/static/files/passwd.txt", withDestinationPath: "/etc/passwd")
        let result = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("content/test/static/files/passwd.txt:1:1: error: the symlink 'passwd.txt' leads outside the content folder"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/public/test/files/passwd.txt"))
    }

    @Test func aSymlinkInsideTheContentFolderIsFollowed() throws {
        let root = try TestSite(["notices/a.md": notice("通知", body: "[表](/files/form.pdf)")]).writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content/test/static/files", withIntermediateDirectories: true)
        try Data("%PDF".utf8).write(to: URL(fileURLWithPath: root + "/content/real.pdf"))
        try FileManager.default.createSymbolicLink(atPath: root + "/content/test/static/files/form.pdf", withDestinationPath: "../../../real.pdf")
        let result = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: root + "/public/test/files/form.pdf") == Data("%PDF".utf8))
    }

    @Test func aSymlinkLoopIsReportedOnce() throws {
        let root = try TestSite(["pages/about.md": markdown("title: 关于")]).writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/content/test/pages/loop", withDestinationPath: "..")
        let result = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 1)
        let errors = result.stderr.components(separatedBy: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(errors.first?.contains("content/test/pages/loop:1:1: error: the symlink 'loop' leads back to a folder that contains it") == true)
    }

    @Test func aFIFOIsSkippedWithAWarningInsteadOfHangingTheBuild() throws {
        let root = try TestSite(["notices/a.md": notice("通知")]).writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(mkfifo(root + "/content/test/notices/pipe.md", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: root + "/content/test/static", withIntermediateDirectories: true)
        #expect(mkfifo(root + "/content/test/static/pipe.pdf", 0o644) == 0)
        let result = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("content/test/notices/pipe.md:1:1: warning: 'pipe.md' is not a file or folder"))
        #expect(result.stderr.contains("content/test/static/pipe.pdf:1:1: warning: 'pipe.pdf' is not a file or folder"))
    }

    @Test func yamlAliasesAreRefusedAtTheirLineWithoutExpandingThem() throws {
        // Eight nested levels of aliases used as a mapping key: billions of nodes if expanded.
        var yaml = "title: 炸弹\ndate: 2026-11-20\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for k in 1...8 { yaml += "a\(k): &a\(k) [*a\(k - 1), *a\(k - 1), *a\(k - 1), *a\(k - 1), *a\(k - 1), *a\(k - 1), *a\(k - 1), *a\(k - 1), *a\(k - 1)]\n" }
        yaml += "? *a8\n: boom"
        var site = TestSite(["notices/a.md": "---\n" + yaml + "\n---\n正文\n",
                             "synonyms.yml": "- &w [后扶, 后期扶持]\n- *w\n",
                             "grid.yml": "grids:\n  - &g {id: 1, manager: {name: 张某某, phone: 13800000001}}\n  - *g\n"])
        site.files["test/site.yml"] = TestSite.siteYML + "\ndescription: &d 文笔社区\naddress: *d"
        let report = try site.build()
        let errors = report.errors.map { "\($0.path):\($0.line): \($0.message)" }
        #expect(errors.contains { $0.hasPrefix("content/test/notices/a.md:4: YAML anchors") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("content/test/synonyms.yml:1: YAML anchors") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("content/test/grid.yml:2: YAML anchors") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("content/test/site.yml:4: YAML anchors") }, "\(errors)")
    }

    @Test(arguments: ["https://h//wenbi/", "https://wenbi.example.org/\nDisallow: /", "https://wenbi.example.org/?a=1",
                      "https://wenbi.example.org/#x", "https:///wenbi/", "ftp://wenbi.example.org/", "https://wen bi.org/",
                      "https://wenbi.example.org/a/../b/", "https://user@evil.example/", "https://h:99999/"])
    func aBaseURLIsParsedAtTheDoor(_ url: String) throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.files["test/site.yml"] = "name: 测试社区\nbase_url: \"\(url.replacingOccurrences(of: "\n", with: "\\n"))\""
        let report = try site.build()
        #expect(report.errors.contains { $0.line == 2 && $0.message.hasPrefix("base_url must be an absolute URL") }, "\(report.diagnostics)")
        #expect(report.sites.isEmpty)
    }

    @Test(arguments: ["https://wenbi.example.org/", "https://host.example/qiaojia/wenbi/", "http://127.0.0.1:8080/", "https://文笔.example/"])
    func aGoodBaseURLPasses(_ url: String) throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.files["test/site.yml"] = "name: 测试社区\nbase_url: \(url)"
        #expect(try site.build().succeeded)
    }

    @Test func aControlCharacterIsAnErrorAtItsLine() throws {
        let report = try TestSite(["notices/a.md": notice("通知", body: "第一行\n第二行有\u{0B}一个控制字符")]).build()
        #expect(report.errors.contains { $0.line == 6 && $0.column == 5 && $0.message.contains("control character (U+000B)") }, "\(report.diagnostics)")
        let c1 = try TestSite(["notices/a.md": notice("通知\u{85}")]).build()
        #expect(c1.errors.contains { $0.line == 2 && $0.message.contains("U+0085") })
    }

    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox", "data:text/html,<script>", "file:///etc/passwd"])
    func aLinkThatRunsCodeIsAnErrorAtItsLine(_ url: String) throws {
        let report = try TestSite(["notices/a.md": notice("通知", body: "正文\n\n[点这里](\(url))")]).build()
        // file: opens the reader's own disk: said in the words of a file left on the writer's.
        let said = url.hasPrefix("file:") ? "is a file on the computer it was written on" : "link runs code"
        #expect(report.errors.contains { $0.line == 7 && $0.message.contains(said) }, "\(report.diagnostics)")
    }

    @Test func aSiteIDFollowsTheContract() throws {
        var site = TestSite([:], site: "Wen_Bi")
        site.files["Wen_Bi/notices/a.md"] = notice("通知")
        let report = try site.build()
        #expect(report.errors.contains { $0.path == "content/Wen_Bi/site.yml" && $0.message.contains("cannot be a site id") })
    }
}

/// Anju's own code stays linear on inputs built to make it quadratic; `make bench` prints the
/// times (bench/adversarial.py). These check the results are still right at those sizes.
@Suite struct AdversarialShapeTests {
    @Test func twentyThousandIdenticalHeadingsGetTwentyThousandAnchors() throws {
        let body = Array(repeating: "## 相同标题", count: 20_000).joined(separator: "\n\n")
        let report = try TestSite(["qa/a.md": markdown("title: 问答\ncategory: 社区服务", body)]).build()
        let topic = try #require(report.sites.first).planned.plan.qaTopics[0]
        #expect(topic.info.body.questions.count == 20_000)
        #expect(Set(topic.info.body.questions.map(\.anchor)).count == 20_000)
        #expect(topic.info.body.questions.last?.anchor == "相同标题-19999")
    }

    @Test func fortyThousandLinksOnOneLineAreLocatedByCharacter() throws {
        let line = Array(repeating: "[链接](/notices/none/)", count: 40_000).joined(separator: "宽")
        let report = try TestSite(["notices/a.md": notice("通知", body: line)]).build()
        let columns = report.errors.filter { $0.message.contains("/notices/none/ does not exist") }.map(\.column)
        #expect(columns.count == 40_000)
        #expect(columns.last == 39_999 * 21 + 1, "each link is 20 characters and a separator")
    }

    @Test func fortyThousandUnknownFieldsAreReportedInTwentyOneLines() throws {
        let fields = (0..<40_000).map { "field\($0): 值" }.joined(separator: "\n")
        let report = try TestSite(["notices/a.md": notice("通知", extra: fields)]).build()
        let warnings = report.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == 21)
        #expect(warnings.contains { $0.message == "39980 more unknown fields from here on are ignored" && $0.line == 24 })
    }

    @Test func aTableWiderThanTwoHundredColumnsIsRefusedBeforeCmarkSeesIt() throws {
        let row = "|" + String(repeating: "a|", count: 50_000)
        let report = try TestSite(["notices/a.md": notice("通知", body: "正文\n\n" + row + "\n")]).build()
        #expect(report.errors.contains { $0.line == 7 && $0.message.contains("50000 table columns") })
        let fine = "|" + String(repeating: "a|", count: 200) + "\n|" + String(repeating: "-|", count: 200)
        #expect(try TestSite(["notices/a.md": notice("通知", body: fine)]).build().succeeded)
    }
}

/// Random front matter and Markdown from hostile fragments: every case ends, in diagnostics
/// or a site, never a crash; a case that ran for seconds would show here as a hang.
@Suite struct FuzzTests {
    typealias Random = SplitMix64

    static let frontFragments = [
        "title: 停水通知", "title: \"引号", "date: 2026-11-20", "date: 2026-13-40", "expires: 明天", "level: urgent",
        "pinned: maybe", "tags: [a, b", "publicity: {start: 2026-11-20, end: 2026-11-01}", "a: &x [1, 2]", "b: *x",
        "attachments: [{file: ../../etc/passwd}]", "schedule: [{start: 2026-12-01 08:00}]", "event: []", "category: ",
        "summary: |\n  多行\n  摘要", "title:", "- list", "? complex", "slug: ../x", "slug: 中文", "result: javascript:alert(1)",
        "materials: [{name: 身份证, copies: -1}]", "contact: {phone: 123}", "deadline: 2026-11-01", "\u{0}", "title: \u{7}",
    ]
    static let bodyFragments = [
        "正文。", "## 问题？", "[链接](/notices/none/)", "[脚本](javascript:alert(1))", "<script>alert(1)</script>", "![图](x.png)",
        "| a | b |\n|---|---|\n| 1 | 2 |", "*a **a ", "[[[[[[", "]]]]]]", "> > > > >", "```\ncode", "电话13800000001", "拨打12345",
        "0870-7123456", "#", "##", "###### 深", "\u{FEFF}", "~~删~~", "www.example.org", "<!--", "&amp;", "\\", "|||||||",
    ]

    @Test func randomDocumentsAlwaysEndInDiagnosticsOrASite() throws {
        var random = Random(state: 20261203)
        let sections = ["notices", "qa", "projects", "guides", "jobs", "pages"]
        for round in 0..<150 {
            var files: [String: String] = [:]
            for k in 0..<4 {
                let front = (0..<Int(random.next() % 6)).map { _ in random.pick(Self.frontFragments) }.joined(separator: "\n")
                let body = (0..<Int(random.next() % 12)).map { _ in random.pick(Self.bodyFragments) }.joined(separator: random.pick(["", "\n", "\n\n", " "]))
                let closed = random.next() % 8 == 0 ? "" : "---\n"
                files["\(random.pick(sections))/f\(k).md"] = "---\n" + front + "\n" + closed + body + "\n"
            }
            if random.next() % 3 == 0 {
                files["grid.yml"] = "grids:\n  - " + (0..<3).map { _ in random.pick(["id: 1", "manager: {name: 张, phone: 1}", "buildings: [{id: 3}, {id: 3}]", "&a x", "{}"]) }.joined(separator: "\n    ")
            }
            // A hang guard, not a speed target: a round takes a tenth of a second, and the bound
            // leaves room for a loaded machine running the other suites alongside.
            let clock = ContinuousClock()
            let start = clock.now
            let report = try TestSite(files).build()
            #expect(clock.now - start < .seconds(60), "round \(round) took \(clock.now - start): \(files)")
            #expect(report.succeeded == !report.sites.isEmpty, "round \(round): a site is built exactly when there is no error")
        }
    }
}

@Suite struct SymlinkFanTests {
    @Test func aFanOfLinksToLinksIsWalkedOnce() throws {
        let root = try TestSite(["notices/a.md": notice("通知")]).writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let base = root + "/content/test/static"
        for k in 0...30 { try FileManager.default.createDirectory(atPath: base + "/d\(k)", withIntermediateDirectories: true) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: base + "/d30/leaf.txt"))
        for k in 0..<30 {
            for name in ["a", "b"] { try FileManager.default.createSymbolicLink(atPath: base + "/d\(k)/\(name)", withDestinationPath: "../d\(k + 1)") }
        }
        let result = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("is a folder already read through another path and is skipped"))
    }
}
