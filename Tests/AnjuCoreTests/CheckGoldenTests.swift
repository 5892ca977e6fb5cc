import Foundation
import Testing
@testable import AnjuCore

/// `anju check` on a tree with one of each problem, compared with a golden file. Set
/// ANJU_UPDATE_GOLDEN=1 to rewrite the file after an intended change, and review the diff.
@Suite struct CheckGoldenTests {
    static let goldenPath = repositoryRoot + "/Tests/fixtures/check-expected.txt"

    func tree() throws -> String {
        var site = TestSite([
            "notices/no-date.md": markdown("title: 没有日期的通知"),
            "notices/bad-level.md": notice("级别写错", extra: "level: 紧急"),
            "notices/expires-first.md": notice("先过期后发布", date: "2026-11-20 09:00", extra: "expires: 2026-11-10"),
            "notices/pinned-old.md": notice("置顶但已过期", date: "2026-10-01", extra: "pinned: true\nexpires: 2026-10-31"),
            "notices/short-gongshi.md": notice("公示期太短", extra: "publicity: {start: 2026-11-20, end: 2026-11-23}"),
            "notices/big-file.md": notice("附件太大", extra: "attachments:\n  - {file: files/big.pdf, title: 名册}"),
            "notices/links.md": notice("链接", body: "图片：![](/files/a.png)\n\n见[旧网站](http://old.example.org/)和[不存在](/qa/none/)。"),
            "qa/typo.md": markdown("title: 问答\ncategory: 补偿补助\nordr: 1", "## 问题？\n\n答案。"),
        ])
        site.rawFiles["test/static/files/a.png"] = [0x89, 0x50, 0x4E, 0x47]
        let root = try site.writeToDisk()
        // Over 10 MB without committing or writing 10 MB: a sparse file.
        let big = root + "/content/test/static/files/big.pdf"
        FileManager.default.createFile(atPath: big, contents: Data("%PDF-1.4".utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 11 * 1024 * 1024)
        try handle.close()
        return root
    }

    @Test func checkOutputMatchesTheGoldenFile() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try runAnju(["check", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 1)
        if ProcessInfo.processInfo.environment["ANJU_UPDATE_GOLDEN"] != nil {
            FileManager.default.createFile(atPath: Self.goldenPath, contents: Data(result.stderr.utf8))
        }
        let golden = try String(contentsOfFile: Self.goldenPath, encoding: .utf8)
        #expect(result.stderr == golden)
        // One of each warning the issue names, each with a hint.
        for warning in ["has no alt text", "uses http://", "expires (2026-11-10) before it is published",
                        "a pinned notice has expired", "the 公示 period has 2 working days", "over 10 MB",
                        "unknown field 'ordr'"] {
            #expect(golden.contains(warning), "golden file lacks: \(warning)")
        }
    }

    /// The same tree for an editor whose computer speaks Chinese: every problem, every hint
    /// and the count at the end in Chinese, each problem still at its file, line and column.
    @Test func checkOutputInChineseMatchesItsGoldenFile() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try runAnju(["check", "--now", "2026-11-29 10:00"], in: root, environment: ["ANJU_LANG": "zh"])
        #expect(result.status == 1)
        let path = repositoryRoot + "/Tests/fixtures/check-expected.zh.txt"
        if ProcessInfo.processInfo.environment["ANJU_UPDATE_GOLDEN"] != nil {
            FileManager.default.createFile(atPath: path, contents: Data(result.stderr.utf8))
        }
        #expect(result.stderr == (try String(contentsOfFile: path, encoding: .utf8)))
        let english = try runAnju(["check", "--now", "2026-11-29 10:00"], in: root).stderr
        func places(_ text: String) -> [String] {
            text.split(separator: "\n").compactMap { line in
                line.hasPrefix("content/") ? String(line.split(separator: " ").first ?? "") : nil
            }
        }
        #expect(places(result.stderr) == places(english), "the same problems at the same places")
        for line in result.stderr.split(separator: "\n") where line.hasPrefix("content/") || line.hasPrefix("    ") {
            #expect(line.contains("错误：") || line.contains("提醒：") || line.contains("提示："), "\(line)")
            #expect(!line.contains(" error: ") && !line.contains(" hint: "), "\(line)")
        }
        #expect(result.stderr.contains("个文件中有") && result.stderr.contains("处错误、") && result.stderr.contains("条提醒"))
    }

    @Test func theLocaleOrANJU_LANGChoosesTheLanguage() {
        #expect(EditorLanguage.from(environment: [:]) == .english)
        #expect(EditorLanguage.from(environment: ["LANG": "zh_CN.UTF-8"]) == .chinese)
        #expect(EditorLanguage.from(environment: ["LANG": "C.UTF-8"]) == .english)
        #expect(EditorLanguage.from(environment: ["LANG": "C.UTF-8"], fallback: .chinese) == .chinese)
        #expect(EditorLanguage.from(environment: ["LANG": "en_US.UTF-8"], fallback: .chinese) == .english)
        #expect(EditorLanguage.from(environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"]) == .english)
        #expect(EditorLanguage.from(environment: ["LANG": "en_US.UTF-8", "ANJU_LANG": "zh"]) == .chinese)
        #expect(EditorLanguage.from(environment: ["LANG": "zh_TW.UTF-8", "ANJU_LANG": "en"]) == .english)
        #expect(EditorLanguage.from(environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"]) == .chinese)
        #expect(EditorLanguage.from(environment: ["LANG": "POSIX"], fallback: .chinese) == .chinese)
        #expect(EditorLanguage.from(environment: ["LANG": "POSIX"]) == .english)
        let d = Diagnostic.error("content/wenbi/notices/a.md", 3, 8, Wording("'date' is empty", zh: "“date”没有填写"),
                                 hint: Wording("write the value", zh: "请在冒号后写上内容"))
        #expect(d.text(in: .chinese) == "content/wenbi/notices/a.md:3:8: 错误：“date”没有填写\n    提示：请在冒号后写上内容")
        #expect(d.text(in: .english) == "content/wenbi/notices/a.md:3:8: error: 'date' is empty\n    hint: write the value")
    }

    @Test func workingDaysSkipWeekends() throws {
        let friday = try #require(ChinaTime.parse("2026-11-20"))
        #expect(WorkingCalendar.shared.workingDays(from: friday, through: try #require(ChinaTime.parse("2026-11-26"))) == 5)
        #expect(WorkingCalendar.shared.workingDays(from: friday, through: try #require(ChinaTime.parse("2026-11-23"))) == 2)
    }
}
