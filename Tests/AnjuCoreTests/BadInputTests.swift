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
             expected: "content/test/notices/bad.md:5:1: error: the front matter is not valid YAML"),
        Case(name: "a full-width colon after a field's name", files: ["test/notices/bad.md": markdown("title：停水通知\ndate: 2026-11-20")],
             expected: "content/test/notices/bad.md:2:6: error: 'title' is followed by a full-width colon '：'"),
        Case(name: "missing required field", files: ["test/notices/bad.md": markdown("title: 没有日期")],
             expected: "content/test/notices/bad.md:2:1: error: the required field 'date' is missing"),
        Case(name: "invalid date", files: ["test/notices/bad.md": markdown("title: 日期错误\ndate: 2026-13-45")],
             expected: "content/test/notices/bad.md:3:7: error: 'date' is not a valid date: '2026-13-45'"),
        Case(name: "a field set twice", files: ["test/notices/bad.md": markdown("title: 停水\ndate: 2026-11-20\ntitle: 停电")],
             expected: "content/test/notices/bad.md:2:1: error: the front matter sets title twice"),
        Case(name: "unknown level", files: ["test/notices/bad.md": notice("级别错误", extra: "level: critical")],
             expected: "content/test/notices/bad.md:4:8: error: unknown level 'critical'"),
        Case(name: "unknown status", files: ["test/projects/bad.md": markdown("title: 项目\nstatus: done")],
             expected: "content/test/projects/bad.md:3:9: error: unknown status 'done'"),
        Case(name: "two files with one slug",
             files: ["test/notices/a.md": notice("甲"), "test/notices/b.md": notice("乙", extra: "slug: a")],
             expected: "content/test/notices/b.md:1:1: error: this file has the same URL /notices/a/ as content/test/notices/a.md"),
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
