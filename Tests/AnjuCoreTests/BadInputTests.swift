import Foundation
import Testing
@testable import AnjuCore

/// Every kind of bad input an editor can commit: each gets `path:line:column: message`,
/// exit status 1, and the public/ folder of the last good build stays byte-for-byte as it was.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String] = [:]
        var rawFiles: [String: [UInt8]] = [:]
        /// A line of the report must start with this.
        var expected: String
        var testDescription: String { name }
    }

    static let good = notice("居民大会通知", body: "请准时参加。")

    static let cases: [Case] = [
        Case(name: "malformed YAML", files: ["test/notices/bad.md": "---\ntitle: 停水通知\ndate: 2026-11-20\ntags: [停水, 通知\n---\n正文\n"],
             expected: "content/test/notices/bad.md:4:7: error: 'tags' starts with '[', which YAML reads as the start of a list not closed on its line"),
        Case(name: "YAML no slip explains", files: ["test/notices/bad.md": "---\ntitle: 停水通知\ndate: 2026-11-20\n  extra: 1\n---\n正文\n"],
             expected: "content/test/notices/bad.md:4:8: error: the front matter is not valid YAML"),
        Case(name: "a full-width colon after a field's name", files: ["test/notices/bad.md": markdown("title：停水通知\ndate: 2026-11-20")],
             expected: "content/test/notices/bad.md:2:6: error: 'title' is followed by a full-width colon '：'"),
        Case(name: "missing required field", files: ["test/notices/bad.md": markdown("title: 没有日期")],
             expected: "content/test/notices/bad.md:2:1: error: the required field 'date' is missing"),
        Case(name: "invalid date", files: ["test/notices/bad.md": markdown("title: 日期错误\ndate: 2026-13-45")],
             expected: "content/test/notices/bad.md:3:7: error: 'date' is not a valid date: '2026-13-45'"),
        Case(name: "a field set twice", files: ["test/notices/bad.md": markdown("title: 停水\ndate: 2026-11-20\ntitle: 停电")],
             expected: "content/test/notices/bad.md:4:1: error: 'title' is set again here (first on line 2)"),
        Case(name: "a setting set twice in site.yml", files: ["test/site.yml": "name: 测试社区\nbase_url: https://test.example.org/\nhotline: 0870-1\nname: 文笔社区\n"],
             expected: "content/test/site.yml:4:1: error: 'name' is set again here (first on line 1)"),
        Case(name: "a field set twice around a field named in Chinese",
             files: ["test/notices/bad.md": markdown("title: 停水\ndate: 2026-11-20\n户数: 48\ntitle: 停电")],
             expected: "content/test/notices/bad.md:5:1: error: 'title' is set again here (first on line 2)"),
        Case(name: "a value carried onto a line of its own",
             files: ["test/notices/bad.md": markdown("title: 停水\ndate: 2026-11-20\nsummary: 明天上午停水\n  请提前储水\n下午恢复\nissuer: 社区")],
             expected: "content/test/notices/bad.md:6:1: error: this line is not a field ('name: value'); it looks like more of 'summary' above"),
        Case(name: "an attachment's path written with Windows' backslashes",
             files: ["test/notices/bad.md": notice("附件", extra: "attachments:\n  - {file: 'files\\baoming.pdf', title: 报名表}")],
             expected: "content/test/notices/bad.md:5:5: error: the attachment path 'files\\baoming.pdf' is written with '\\' as Windows shows it"),
        Case(name: "a link written with Windows' backslashes", files: ["test/notices/bad.md": notice("链接", body: "见[问答](..\\qa\\buchang.md)。")],
             expected: "content/test/notices/bad.md:5:2: error: the link '..\\qa\\buchang.md' is written with '\\' as Windows shows paths; links use '/': ../qa/buchang.md"),
        Case(name: "a file saved as UTF-16", rawFiles: ["test/notices/bad.md": [0xFF, 0xFE] + Array(notice("停水").utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }],
             expected: "content/test/notices/bad.md:1:1: error: the file is saved as UTF-16 (Notepad's 'Unicode'), not UTF-8"),
        Case(name: "unknown level", files: ["test/notices/bad.md": notice("级别错误", extra: "level: critical")],
             expected: "content/test/notices/bad.md:4:8: error: unknown level 'critical'"),
        Case(name: "unknown status", files: ["test/projects/bad.md": markdown("title: 项目\nstatus: done")],
             expected: "content/test/projects/bad.md:3:9: error: unknown status 'done'"),
        Case(name: "two files with one slug",
             files: ["test/notices/a.md": notice("甲"), "test/notices/b.md": notice("乙", extra: "slug: a")],
             expected: "content/test/notices/b.md:4:7: error: this file has the same URL /notices/a/ as content/test/notices/a.md"),
        Case(name: "a copy given its original's slug, its name sorting first",
             files: ["test/notices/ting-shui.md": notice("停水"), "test/notices/a-copy.md": notice("停水", extra: "slug: ting-shui")],
             expected: "content/test/notices/a-copy.md:4:7: error: this file has the same URL /notices/ting-shui/ as content/test/notices/ting-shui.md"),
        Case(name: "slug that escapes the site", files: ["test/pages/bad.md": markdown("title: 坏\nslug: ../../etc/passwd")],
             expected: "content/test/pages/bad.md:3:7: error: slug '../../etc/passwd' may use only lowercase letters"),
        Case(name: "attachment path that escapes the site",
             files: ["test/notices/bad.md": notice("附件", extra: "attachments:\n  - {file: ../../etc/passwd, title: 密码}")],
             expected: "content/test/notices/bad.md:5:5: error: the attachment path '../../etc/passwd' leaves the site's static/ folder"),
        Case(name: "missing attachment",
             files: ["test/notices/bad.md": notice("附件", extra: "attachments:\n  - {file: files/none.pdf, title: 报名表}")],
             expected: "content/test/notices/bad.md:5:5: error: the attachment 'files/none.pdf' does not exist"),
        Case(name: "link to a page that does not exist",
             files: ["test/notices/bad.md": notice("链接", body: "第一行。\n\n详见[问答](/qa/none/)。")],
             expected: "content/test/notices/bad.md:7:3: error: the link target /qa/none/ does not exist in this site"),
        Case(name: "link to a source file that does not exist",
             files: ["test/notices/bad.md": notice("链接", body: "见[问答](../qa/none.md)。")],
             expected: "content/test/notices/bad.md:5:2: error: the link '../qa/none.md' points to test/qa/none.md, which does not exist"),
        Case(name: "non-UTF-8 file",
             rawFiles: ["test/notices/bad.md": Array("---\ntitle: ".utf8) + [0xB2, 0xB9, 0xB3, 0xA5] /* 补偿 in GBK */ + Array("\ndate: 2026-11-20\n---\n".utf8)],
             expected: "content/test/notices/bad.md:2:8: error: the file is not valid UTF-8"),
        Case(name: "empty file", files: ["test/notices/bad.md": ""],
             expected: "content/test/notices/bad.md:1:1: error: the file is empty"),
        Case(name: "a copy Windows made beside its notice",
             files: ["test/notices/tingshui.md": notice("停水"), "test/notices/tingshui - 副本.md": notice("停水")],
             expected: "content/test/notices/tingshui - 副本.md:1:1: error: 'tingshui - 副本.md' looks like a copy of tingshui.md and would be published as a second page"),
        Case(name: "a second download of a notice",
             files: ["test/notices/tingshui.md": notice("停水"), "test/notices/tingshui(1).md": notice("停水")],
             expected: "content/test/notices/tingshui(1).md:1:1: error: 'tingshui(1).md' looks like a copy of tingshui.md"),
        Case(name: "a link to a file on the editor's computer",
             files: ["test/notices/bad.md": notice("报名", body: "下载[报名表](C:\\Users\\admin\\Desktop\\报名表.pdf)。")],
             expected: "content/test/notices/bad.md:5:3: error: the link 'C:\\Users\\admin\\Desktop\\报名表.pdf' is a file on the computer it was written on"),
        Case(name: "an image on the editor's computer",
             files: ["test/notices/bad.md": notice("报名", body: "![现场](D:/照片/微信图片.jpg)")],
             expected: "content/test/notices/bad.md:5:1: error: the link 'D:/照片/微信图片.jpg' is a file on the computer it was written on"),
        Case(name: "a link to the site's own address that leads nowhere",
             files: ["test/notices/bad.md": notice("链接", body: "见[停电通知](https://test.example.org/notices/ting-dian/)。")],
             expected: "content/test/notices/bad.md:5:2: error: the link target /notices/ting-dian/ does not exist in this site"),
        Case(name: "a Markdown file saved as .MD", files: ["test/notices/tingshui.MD": notice("停水")],
             expected: "content/test/notices/tingshui.MD:1:1: error: 'tingshui.MD' is not read: Markdown files must end in .md"),
        Case(name: "a notice that expires before it is published",
             files: ["test/notices/bad.md": notice("停水", date: "2026-11-27 16:30", extra: "expires: 2026-11-08")],
             expected: "content/test/notices/bad.md:4:10: error: the notice expires (2026-11-08) before it is published"),
        Case(name: "a field's name one letter off", files: ["test/notices/bad.md": notice("停水", extra: "expries: 2026-12-01")],
             expected: "content/test/notices/bad.md:4:1: error: unknown field 'expries'"),
        Case(name: "a colour not in quotes", files: ["test/site.yml": "name: 测试社区\nbase_url: https://test.example.org/\ncolor: #8b0000\n"],
             expected: "content/test/site.yml:3:7: error: color is empty: YAML reads an unquoted # as the start of a comment"),
        Case(name: "base_url copied from the home page's address", files: ["test/site.yml": "name: 测试社区\nbase_url: https://test.example.org/index.html\n"],
             expected: "content/test/site.yml:2:11: error: base_url must be an absolute URL"),
        Case(name: "a language that is no tag", files: ["test/site.yml": "name: 测试社区\nbase_url: https://test.example.org/\nlanguage: 中文\n"],
             expected: "content/test/site.yml:3:11: error: language must be a language tag such as zh-CN, not '中文'"),
        Case(name: "site.yml without base_url", files: ["test/site.yml": "name: 测试社区\n"],
             expected: "content/test/site.yml:1:1: error: the required field 'base_url' is missing"),
    ]

    @Test(arguments: cases)
    func reportedWithLocationAndPublicUntouched(_ c: Case) throws {
        var site = TestSite(["notices/good.md": Self.good])
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(first.status == 0, "the good site builds: \(first.stderr)")
        let before = snapshot(root + "/public")
        #expect(before["test/index.html"] != nil)

        site = TestSite()
        site.files = c.files
        site.rawFiles = c.rawFiles
        site.includeTemplates = false
        let bad = site.fileSystem()
        for (path, bytes) in bad.files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: full, contents: Data(bytes)))
        }
        let result = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix(c.expected) }, "expected '\(c.expected)' in:\n\(result.stderr)")
        // Said once: no second diagnostic of the same slip at its line (color: #8b0000 was
        // also a warning of text dropped after #).
        let at = c.expected.split(separator: ":").prefix(2).joined(separator: ":") + ":"
        #expect(lines.filter { $0.hasPrefix(at) }.count == 1, "one diagnostic at \(at) in:\n\(result.stderr)")
        #expect(snapshot(root + "/public") == before, "public/ changed after a failed build")

        let check = try runAnju(["check", "--now", "2026-11-29 10:00"], in: root)
        #expect(check.status == 1)
        #expect(check.stderr.contains(c.expected))
    }

    /// Sites are staged one at a time: an error in a later site must still leave every site,
    /// and no staging folder, in public/.
    @Test func anErrorInALaterSiteDiscardsTheSitesAlreadyStaged() throws {
        var site = TestSite(["notices/good.md": Self.good])
        site.files["zz/site.yml"] = "name: 另一个社区\nbase_url: https://zz.example.cn/\n"
        site.files["zz/notices/ok.md"] = Self.good
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(first.status == 0, "both sites build: \(first.stderr)")
        // Change the first site's content, break the second: the first is staged, then dropped.
        try Data(notice("新的通知", body: "改过。").utf8).write(to: URL(fileURLWithPath: root + "/content/test/notices/good.md"))
        try Data(markdown("title: 没有日期").utf8).write(to: URL(fileURLWithPath: root + "/content/zz/notices/bad.md"))
        let before = snapshot(root + "/public")
        let result = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("content/zz/notices/bad.md:2:1: error: the required field 'date' is missing"))
        #expect(snapshot(root + "/public") == before, "public/ changed after a failed build")
    }

    /// One broken file, one error: links to it from other pages are not reported as leading
    /// nowhere (they did, two or three of them ahead of the real one in the sample).
    /// Two sites with one address (a copied folder, or fixtures sharing a placeholder) both
    /// build: the contract does not forbid it; the editor is warned.
    @Test func twoSitesSharingABaseURLBuildWithAWarning() throws {
        let report = try TestSite(["notices/a.md": notice("通知"), "copy/site.yml": "name: 另一个社区\nbase_url: https://test.example.org/\n"]).build()
        #expect(report.succeeded, "\(report.errors)")
        #expect(report.sites.count == 2)
        #expect(report.diagnostics.contains { $0.severity == .warning && $0.message.contains("the same base_url as the site") })
    }

    @Test func linksToAFileWithAnErrorAreNotReportedAsBrokenToo() throws {
        let report = try TestSite([
            "projects/chejian.md": markdown("title: 帮扶车间\nstatus: 在建"),
            "pages/about.md": markdown("title: 关于", "见[帮扶车间](/projects/chejian/)和[它的文件](../projects/chejian.md)。"),
        ]).build()
        #expect(report.errors.map(\.message) == ["unknown status '在建'"], "\(report.errors)")
    }

    /// A grid.yml with an error: links to /grid/ from the pages are not reported too.
    @Test func linksToTheGridAreNotReportedWhenGridYmlHasAnErrorOfItsOwn() throws {
        let report = try TestSite(["grid.yml": "grids:\n  - id: 1\n    buildings: [{id: 3}]\n",
                                   "pages/contact.md": markdown("title: 联系我们", "找[网格员](/grid/#building-3)。")]).build()
        #expect(!report.errors.isEmpty)
        #expect(!report.errors.contains { $0.message.contains("/grid/") }, "\(report.errors)")
    }

    /// Quotes added to be safe: "10", "900", "true" are what the editor meant.
    @Test func aNumberOrTrueInQuotesIsReadAsMeant() throws {
        let report = try TestSite(["pages/a.md": markdown("title: 关于\norder: \"10\"\nmenu: \"true\""),
                                   "projects/p.md": markdown("title: 项目\ninvestment: \"900\"\nprogress: '80'")]).build()
        #expect(report.errors.isEmpty, "\(report.errors)")
    }

    /// A site's copy of a shared Q&A (to override it) links to the shared file beside the original.
    @Test func aSitesCopyOfASharedFileKeepsItsRelativeLinks() throws {
        var site = TestSite(["qa/a.md": markdown("title: 后扶\ncategory: 后期扶持", "## 问？\n\n见[信访](b.md)。")])
        site.files["_shared/qa/b.md"] = markdown("title: 信访\ncategory: 信访诉求", "## 怎么反映？\n\n答。")
        let report = try site.build()
        #expect(report.errors.isEmpty, "\(report.errors)")
    }

    /// A wrong level no longer hides the file's missing attachment, photo and broken link
    /// until it is fixed: three runs became one.
    @Test func everyProblemOfOneFileIsReportedInOneRun() throws {
        let report = try TestSite(["notices/a.md": notice("停水", extra: """
        level: urgnet
        image: {file: files/none.jpg, alt: 现场}
        attachments:
          - {file: files/none.pdf, title: 报名表}
        """, body: "见[问答](/qa/none/)。")]).build()
        let messages = report.errors.map(\.message)
        #expect(messages.contains("unknown level 'urgnet'"), "\(messages)")
        #expect(messages.contains("the attachment 'files/none.pdf' does not exist"), "\(messages)")
        #expect(messages.contains("the link target /qa/none/ does not exist in this site"), "\(messages)")
        #expect(messages.contains("the photo 'files/none.jpg' does not exist"), "\(messages)")
        #expect(!report.succeeded)
    }

    /// A field names a file under static/ as its address on the site or as a body's link to it
    /// does: /files/a.pdf and ../static/files/a.pdf are files/a.pdf ("leaves the site's
    /// static/ folder" was said of both). A path out of static/ is still refused.
    @Test func aFileInAFieldIsFoundByItsAddressOrItsPathFromThePage() throws {
        var site = TestSite(["notices/a.md": notice("附件", extra: "attachments:\n  - {file: /files/a.pdf, title: 报名表}\n"
                                                        + "  - {file: ../static/files/a.pdf, title: 报名表二}")])
        site.rawFiles["test/static/files/a.pdf"] = Array("%PDF-1.4".utf8)
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(try #require(report.page("notices/a/index.html")).components(separatedBy: "href=\"/files/a.pdf\"").count == 3)
        let outside = try TestSite(["notices/a.md": notice("附件", extra: "attachments:\n  - {file: ../qa/a.pdf, title: 表}")]).build()
        #expect(outside.errors.contains { $0.message == "the attachment path '../qa/a.pdf' leaves the site's static/ folder" }, "\(outside.errors)")
    }

    /// Files are read on every core; each one that cannot be read is an error naming it, and
    /// the others load in the order their folders list them.
    @Test func aFileThatCannotBeReadIsNamed() {
        struct FailingReads: FileSystem {
            let files: MemoryFileSystem
            let failing: Set<String>
            func entries(of directory: String) -> [DirectoryEntry]? { files.entries(of: directory) }
            func read(_ path: String) throws -> [UInt8] {
                if failing.contains(path) { throw FileReadError(path: path, reason: "unreadable") }
                return try files.read(path)
            }
            func isDirectory(_ path: String) -> Bool { files.isDirectory(path) }
            func isFile(_ path: String) -> Bool { files.isFile(path) }
            func size(of path: String) -> Int? { files.size(of: path) }
        }
        var files: [String: String] = ["content/wenbi/site.yml": "name: 文笔社区\n"]
        for i in 0..<300 { files["content/wenbi/notices/2026/n\(1000 + i).md"] = "n\(i)" }
        let fileSystem = FailingReads(files: MemoryFileSystem(files),
                                      failing: ["content/wenbi/notices/2026/n1007.md", "content/wenbi/notices/2026/n1200.md"])
        let (source, diagnostics) = ContentLoader(fileSystem: fileSystem, contentDirectory: "content")
            .load(siteID: "wenbi", includeShared: true)
        #expect(diagnostics.map(\.description).sorted() == [
            "content/wenbi/notices/2026/n1007.md:1:1: error: cannot read the file",
            "content/wenbi/notices/2026/n1200.md:1:1: error: cannot read the file",
        ])
        let expected = (0..<300).filter { $0 != 7 && $0 != 200 }
        #expect(source.documents.map(\.contentPath) == expected.map { "wenbi/notices/2026/n\(1000 + $0).md" })
        #expect(source.documents.map { String(decoding: $0.bytes, as: UTF8.self) } == expected.map { "n\($0)" })
    }

    @Test func scriptInMarkdownOrTitleIsShownAsText() throws {
        let report = try TestSite([
            "notices/x.md": notice("<script>alert(1)</script>停水", body: "<script>alert(2)</script>\n\n文字<img src=x onerror=alert(3)>。"),
            "pages/p.md": markdown("title: 页面\nsummary: \"<b>粗</b>\"", "<div onclick=\"x()\">块</div>"),
        ]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try #require(report.page("notices/x/index.html"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;停水"))
        #expect(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
        #expect(page.contains("&lt;img src=x onerror=alert(3)&gt;"))
        for file in report.sites[0].files where file.path.hasSuffix(".html") || file.path.hasSuffix(".xml") {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(!text.contains("<script>alert"), "\(file.path) has a live script")
            #expect(!text.contains("<img src=x"), "\(file.path) has a live img")
            #expect(!text.contains("<div onclick"), "\(file.path) has a live div")
        }
        let home = try #require(report.page("index.html"))
        #expect(home.contains("&lt;script&gt;alert(1)&lt;/script&gt;停水"))
    }

    @Test func checkReportsEveryProblemOfEveryFileAndSiteInOneRun() throws {
        var site = TestSite([
            "notices/a.md": markdown("title: 没有日期"),
            "notices/b.md": notice("级别", extra: "level: high"),
            "projects/c.md": markdown("title: 项目\nprogress: 140"),
            "pages/d.md": markdown("title: 页\nmenu: 是的"),
        ])
        site.files["other/site.yml"] = "name: 另一个社区\n"
        site.files["other/qa/e.md"] = markdown("title: 问答")
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try runAnju(["check", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 1)
        for expected in [
            "content/test/notices/a.md:2:1: error: the required field 'date' is missing",
            "content/test/notices/b.md:4:8: error: unknown level 'high'",
            "content/test/projects/c.md:3:11: error: 'progress' must be between 0 and 100, not 140",
            "content/test/pages/d.md:3:7: error: 'menu' must be true or false",
            "content/other/site.yml:1:1: error: the required field 'base_url' is missing",
            "content/other/qa/e.md:2:1: error: the required field 'category' is missing",
        ] {
            #expect(result.stderr.contains(expected), "missing: \(expected)\n\(result.stderr)")
        }
        #expect(result.stderr.contains("6 errors"))
        #expect(!FileManager.default.fileExists(atPath: root + "/public"), "check writes nothing")
    }
}

/// Which names are a copy's: only those copying gives, and only beside their original.
@Suite struct CopiedFileNameTests {
    @Test func namesThatCopyingGivesLeadToTheOriginal() {
        for (copy, original) in [("通知 - 副本", "通知"), ("通知 - 副本 (2)", "通知"), ("notice - Copy", "notice"),
                                 ("notice - Copy (3)", "notice"), ("通知 副本", "通知"), ("通知副本", "通知"),
                                 ("notice copy 2", "notice"), ("通知 (1)", "通知"), ("通知（2）", "通知"), ("Copy of notice", "notice")] {
            #expect(CopiedFileName.original(of: copy) == original, "\(copy)")
        }
    }

    @Test func ordinaryNamesAreNoCopies() {
        for name in ["ting-shui-1130", "第3网格", "2026-nian-di-1-qi", "副本", "(1)", "notice-2", "会议 2"] {
            #expect(CopiedFileName.original(of: name) == nil, "\(name)")
        }
    }

    @Test func aCopyWithoutItsOriginalBesideItIsBuilt() throws {
        let report = try TestSite(["notices/tingshui - 副本.md": notice("停水")]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
    }
}

/// Settings files saved under another name (Notepad's hidden .txt, .yaml): a site left out,
/// or its grid directory, without a word while the rest was published.
@Suite struct MisnamedSettingsFileTests {
    @Test func aSiteWhoseSiteYmlWasSavedAsTxtStopsTheBuildAndSaysToRenameIt() throws {
        var site = TestSite(["notices/a.md": notice("停水")])
        site.files["wenbi/site.yml.txt"] = TestSite.siteYML
        site.files["wenbi/notices/b.md"] = notice("停电")
        let report = try site.build()
        let misnamed = try #require(report.diagnostics.first { $0.path == "content/wenbi/site.yml.txt" })
        #expect(misnamed.severity == .error)
        #expect(misnamed.hint?.contains("rename it to site.yml") == true)
        #expect(!report.succeeded)
    }

    @Test func everyMisspellingOfASettingsFileNamesTheFileItShouldBe() {
        for (name, intended) in [("site.yml.txt", "site.yml"), ("site.yaml", "site.yml"), ("Site.yml", "site.yml"),
                                 ("site .yml", "site.yml"), ("site．yml", "site.yml"), ("site.yml.yml", "site.yml"),
                                 ("grid.yaml", "grid.yml"), ("GRID.YML", "grid.yml"), ("synonyms.yml.txt", "synonyms.yml")] {
            #expect(SettingsFileName.intended(by: name) == intended, "\(name)")
        }
        for name in ["site.yml", "grid.yml", "synonyms.yml", "sites.yml", "readme.txt", "grid.md"] {
            #expect(SettingsFileName.intended(by: name) == nil, "\(name)")
        }
    }

    @Test func aGridSavedAsYamlIsAnErrorNotAFileOutsideTheSections() throws {
        let report = try TestSite(["grid.yaml": "grids: []\n"]).build()
        let misnamed = try #require(report.diagnostics.first { $0.path == "content/test/grid.yaml" })
        #expect(misnamed.severity == .error)
        #expect(misnamed.message.contains("exactly grid.yml"))
        #expect(!report.diagnostics.contains { $0.message.contains("outside any section") })
    }

    @Test func aFolderWithContentButNoSiteYmlIsWarnedAboutAndTheOthersAreBuilt() throws {
        var site = TestSite(["notices/a.md": notice("停水")])
        site.files["wenbi/notices/b.md"] = notice("停电")
        site.files["drafts/notes.txt"] = "草稿"
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.diagnostics.contains { $0.path == "content/wenbi" && $0.severity == .warning })
        #expect(!report.diagnostics.contains { $0.path.hasPrefix("content/drafts") }, "a folder without sections is no site meant")
    }

    @Test func aSiteChosenWithSiteIsNotStoppedByAnotherFoldersMisnamedSiteYml() throws {
        var site = TestSite(["notices/a.md": notice("停水")])
        site.files["wenbi/site.yaml"] = TestSite.siteYML
        #expect(try site.build(sites: ["test"]).succeeded)
    }
}
