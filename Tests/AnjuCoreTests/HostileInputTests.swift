import Foundation
import Testing
@testable import AnjuCore

/// Content from many hands: each hostile input is made inside the test, and each gets a
/// diagnostic at its line and a non-zero exit, never a hang, a crash or a leaked file.
@Suite struct HostileInputTests {
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

    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox", "data:text/html,<script>"])
    func aLinkThatRunsCodeIsAnErrorAtItsLine(_ url: String) throws {
        let report = try TestSite(["notices/a.md": notice("通知", body: "正文\n\n[点这里](\(url))")]).build()
        #expect(report.errors.contains { $0.line == 7 && $0.message.contains("link runs code") }, "\(report.diagnostics)")
    }

    @Test func aSiteIDFollowsTheContract() throws {
        var site = TestSite([:], site: "Wen_Bi")
        site.files["Wen_Bi/notices/a.md"] = notice("通知")
        let report = try site.build()
        #expect(report.errors.contains { $0.path == "content/Wen_Bi/site.yml" && $0.message.contains("cannot be a site id") })
    }
}
