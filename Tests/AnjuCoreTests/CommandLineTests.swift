import Foundation
import Testing
@testable import AnjuCore

/// The contract's command line, run as the real executable.
@Suite struct CommandLineTests {
    func tree() throws -> String {
        var site = TestSite(["notices/a.md": notice("通知", date: "2026-11-20 09:00"),
                             "notices/later.md": notice("以后的通知", date: "2026-12-20 09:00")])
        site.files["other/site.yml"] = "name: 另一个社区\nbase_url: https://other.example.org/"
        site.rawFiles["test/static/files/a.pdf"] = Array("%PDF-1.4".utf8)
        return try site.writeToDisk()
    }

    @Test func buildWritesEverySiteAndIsReproducible() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("built 2 sites"))
        #expect(!first.stdout.contains("kept"), "\(first.stdout)")
        let one = snapshot(root + "/public")
        #expect(one["test/index.html"] != nil && one["other/index.html"] != nil && one["test/files/a.pdf"] != nil)
        #expect(one["test/notices/later/index.html"] == nil)
        // Twice more: the second build swaps the first into the spare copy, the third reuses it.
        for _ in 0..<2 {
            let again = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
            #expect(again.status == 0)
            // Nothing the index reads changed: each site says it kept its index.
            #expect(again.stdout.split(separator: "\n").filter { $0.hasSuffix("(search index unchanged, kept)") }.count == 2, "\(again.stdout)")
            #expect(snapshot(root + "/public/test") == snapshot(root + "/public/.test.spare"), "the spare copy is the previous build")
        }
        for site in ["test", "other"] {
            #expect(snapshot(root + "/public/" + site) == one.filter { $0.key.hasPrefix(site + "/") && $0.key != site + "/" }
                .reduce(into: [:]) { $0[String($1.key.dropFirst(site.count + 1))] = $1.value },
                    "builds with the same --now are byte-identical")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/public").filter { $0.contains("staging") }
        #expect(leftovers.isEmpty, "no staging folders are left behind: \(leftovers)")
    }

    @Test func theParallelBuildEqualsAOneThreadBuild() throws {
        let out = NSTemporaryDirectory() + "anju-threads-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        let arguments = ["build", "--content", repositoryRoot + "/content", "--templates", repositoryRoot + "/templates",
                         "--now", "2026-11-29 10:00"]
        let one = try runAnju(arguments + ["--output", out + "/one"], in: repositoryRoot, environment: ["ANJU_THREADS": "1"])
        let many = try runAnju(arguments + ["--output", out + "/many"], in: repositoryRoot, environment: ["ANJU_THREADS": "4"])
        #expect(one.status == 0 && many.status == 0, "\(one.stderr)\(many.stderr)")
        // The manifests beside the sites hold inodes and times, not output.
        let a = snapshot(out + "/one").filter { !$0.key.contains(".manifest-") }
        let b = snapshot(out + "/many").filter { !$0.key.contains(".manifest-") }
        #expect(a.count > 100)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, bytes) in a where b[path] != bytes { Issue.record("\(path) differs between one and four threads") }
    }

    @Test func everyFlagOfTheContract() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.moveItem(atPath: root + "/content", toPath: root + "/src")
        try FileManager.default.moveItem(atPath: root + "/templates", toPath: root + "/theme")
        let result = try runAnju(["build", "--site", "test", "--content", "src", "--templates", "theme", "--output", "out",
                                  "--base-url", "https://host.example/sub/", "--now", "2026-11-29 10:00", "--drafts"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let out = snapshot(root + "/out")
        #expect(out["test/index.html"] != nil)
        #expect(out["other/index.html"] == nil, "--site builds only that site")
        #expect(out["test/notices/later/index.html"] != nil, "--drafts builds future notices")
        let home = String(decoding: out["test/index.html"] ?? Data(), as: UTF8.self)
        #expect(home.contains("href=\"/sub/notices/\""), "--base-url sets the links' path")
        #expect(!FileManager.default.fileExists(atPath: root + "/public"))
    }

    @Test(arguments: [
        (["build", "--now", "tomorrow"], "--now must be"),
        (["build", "--site", "nowhere"], "there is no site 'nowhere'"),
        (["build", "--no-such-flag"], "Unknown option"),
        (["publish"], "Unexpected argument"),
        (["build", "--content", "missing"], "the content folder 'missing' does not exist"),
    ])
    func wrongUsageExitsWithTwo(_ arguments: [String], _ message: String) throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try runAnju(arguments, in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/public"))
    }

    @Test func checkWritesNothingAndExitsZeroWhenClean() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try runAnju(["check", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/public"))
    }

    /// The contract's `check` has no templates option: run from elsewhere with --content, it
    /// finds the project's templates beside its content, and builds do too.
    @Test func checkAndBuildFromAnotherFolderFindTheTemplatesBesideTheContent() throws {
        let root = try tree()
        let elsewhere = NSTemporaryDirectory() + "anju-elsewhere-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { for path in [root, elsewhere] { try? FileManager.default.removeItem(atPath: path) } }
        let check = try runAnju(["check", "--content", root + "/content", "--now", "2026-11-29 10:00"], in: elsewhere)
        #expect(check.status == 0, "\(check.stderr)")
        let build = try runAnju(["build", "--content", root + "/content", "--output", elsewhere + "/public",
                                 "--now", "2026-11-29 10:00"], in: elsewhere)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/public/test/index.html"))
        // With no templates anywhere, the usage error says what to do.
        try FileManager.default.removeItem(atPath: root + "/templates")
        let lost = try runAnju(["check", "--content", root + "/content", "--now", "2026-11-29 10:00"], in: elsewhere)
        #expect(lost.status == 2)
        #expect(lost.stderr.contains("give --templates DIR"), "\(lost.stderr)")
    }

    /// On disk: 25 notices each warned about (an http:// link) and one without its date.
    static func oneErrorUnderManyWarnings() throws -> String {
        var files: [String: String] = [:]
        for k in 0..<25 { files["notices/a\(k).md"] = notice("通知\(k)", body: "见[旧网站](http://old.example.org/)。") }
        files["notices/zz.md"] = markdown("title: 没有日期")
        return try TestSite(files).writeToDisk()
    }

    /// A build's log shows its errors first and twenty warnings at most; check shows all.
    @Test func aBuildsErrorIsNotBuriedUnderItsWarnings() throws {
        let root = try Self.oneErrorUnderManyWarnings()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let build = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(build.status == 1)
        let first = build.stderr.split(separator: "\n").first ?? ""
        #expect(first.contains("zz.md:2:1: error: the required field 'date' is missing"), "\(build.stderr.prefix(300))")
        #expect(build.stderr.components(separatedBy: ": warning: ").count - 1 == 20)
        #expect(build.stderr.contains("… and 5 more warnings: run anju check to see every one"))
        #expect(build.stderr.contains("1 error, 25 warnings in 26 files"))
        let check = try runAnju(["check", "--now", "2026-11-29 10:00"], in: root)
        #expect(check.stderr.components(separatedBy: ": warning: ").count - 1 == 25)
    }

    /// The same run for an editor whose computer speaks Chinese: the problems, the count, the
    /// note that nothing was published, a wrong site and a good build's lines, all in Chinese.
    @Test func aChineseLocaleGetsEveryLineInChinese() throws {
        let root = try Self.oneErrorUnderManyWarnings()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let chinese = ["ANJU_LANG": "", "LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"]
        let build = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root, environment: chinese)
        #expect(build.status == 1)
        #expect(build.stderr.hasPrefix("content/test/notices/zz.md:2:1: 错误：缺少必填字段“date”（发布时间）\n    提示："), "\(build.stderr.prefix(300))")
        #expect(build.stderr.components(separatedBy: ": 提醒：").count - 1 == 20)
        #expect(build.stderr.contains("还有 5 条提醒没有列出"))
        #expect(build.stderr.contains("26 个文件中有 1 处错误、25 条提醒"))
        #expect(build.stderr.contains("构建失败：什么都没有写入"))
        #expect(!build.stderr.contains(" error: ") && !build.stderr.contains(" warning: ") && !build.stderr.contains("hint:"))
        let wrongSite = try runAnju(["build", "--site", "nowhere"], in: root, environment: chinese)
        #expect(wrongSite.status == 2)
        #expect(wrongSite.stderr.contains("没有站点“nowhere”"), "\(wrongSite.stderr)")
        try FileManager.default.removeItem(atPath: root + "/content/test/notices/zz.md")
        let good = try runAnju(["build", "--now", "2026-11-29 10:00", "--timings"], in: root, environment: chinese)
        #expect(good.status == 0)
        #expect(good.stdout.contains("已构建 1 个站点，用时"), "\(good.stdout)")
        #expect(good.stdout.contains("各阶段用时：读取 ") && good.stdout.contains(" 毫秒，解析 "), "\(good.stdout)")
        let check = try runAnju(["check", "--now", "2026-11-29 10:00"], in: root, environment: chinese)
        #expect(check.stdout.contains("检查通过：test 没有错误"), "\(check.stdout)")
        _ = try runAnju(["new", "notice", "--site", "test", "关于停水的通知"], in: root, environment: chinese)
        let twice = try runAnju(["new", "notice", "--site", "test", "关于停水的通知"], in: root, environment: chinese)
        #expect(twice.status != 0)
        #expect(twice.stderr.contains("已经存在：请换一个标题，或者直接修改这个文件"), "\(twice.stderr)")
    }

    @Test func helpExitsZero() throws {
        let result = try runAnju(["build", "--help"], in: NSTemporaryDirectory())
        #expect(result.status == 0)
        #expect(result.stdout.contains("--base-url"))
        #expect(result.stdout.contains("The content folder."))
    }

    /// The contract's 2 for wrong usage: no command at all, or a --base-url that is no URL
    /// (which was reported as an error of every site's site.yml, exit 1).
    @Test func noCommandOrABadBaseURLIsWrongUsage() throws {
        let bare = try runAnju([], in: NSTemporaryDirectory())
        #expect(bare.status == 2 && bare.stderr.contains("USAGE") && bare.stdout.isEmpty, "\(bare.stderr)")
        let root = try TestSite(["notices/a.md": notice("通知")]).writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bad = try runAnju(["build", "--base-url", "notaurl"], in: root)
        #expect(bad.status == 2 && bad.stderr.contains("--base-url must be an absolute URL"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/public/test"))
        #expect(try runAnju(["build", "--base-url", "https://host.example/test/", "--now", "2026-11-29 10:00"], in: root).status == 0)
        // An output that is a file, a port past 65535: said so, not a crash or Foundation's words.
        FileManager.default.createFile(atPath: root + "/afile", contents: Data())
        let file = try runAnju(["build", "--output", "afile"], in: root)
        #expect(file.status == 2 && file.stderr.contains("--output 'afile' is a file, not a folder"), "\(file.stderr)")
        for port in ["99999", "65536"] {
            let serve = try runAnju(["serve", "--port", port], in: root)
            #expect(serve.status == 2 && serve.stderr.contains("--port must be a number from 0 to 65535"), "\(serve.stderr)")
        }
    }

    /// `--help` speaks as every other line does; ArgumentParser's own words stay English,
    /// so a wrong command line also says in Chinese where the Chinese usage is.
    @Test func helpAndAWrongCommandLineFollowTheReadersLanguage() throws {
        let chinese = ["ANJU_LANG": "zh"]
        let top = try runAnju(["--help"], in: NSTemporaryDirectory(), environment: chinese)
        #expect(top.status == 0)
        #expect(top.stdout.contains("用 Markdown 生成移民安置社区的信息公开网站"), "\(top.stdout)")
        #expect(top.stdout.contains("在 127.0.0.1 上预览一个站点"))
        let build = try runAnju(["build", "--help"], in: NSTemporaryDirectory(), environment: chinese)
        #expect(build.stdout.contains("--content <content>     内容文件夹") && build.stdout.contains("列出每个阶段用了多少时间"),
                "\(build.stdout)")
        #expect(!build.stdout.contains("The content folder."))
        let wrong = try runAnju(["build", "--nope"], in: NSTemporaryDirectory(), environment: chinese)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("加上 --help 可以看到中文的用法"), "\(wrong.stderr)")
        let date = try runAnju(["build", "--now", "2026/1/1"], in: NSTemporaryDirectory(), environment: chinese)
        #expect(date.status == 2 && date.stderr.contains("--now 要写成"), "\(date.stderr)")
        let english = try runAnju(["build", "--nope"], in: NSTemporaryDirectory())
        #expect(english.status == 2 && !english.stderr.contains("中文"))
    }
}

@Suite struct SiteWriterTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "anju-writer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func swapsTheNewSiteInAndRemovesTheOld() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let writer = SiteWriter(outputDirectory: out, fileSystem: MemoryFileSystem())
        try writer.commit(try writer.stage(siteID: "s", files: [OutputFile(path: "old.html", bytes: Array("旧".utf8))], staticFiles: []))
        try writer.commit(try writer.stage(siteID: "s", files: [OutputFile(path: "a/new.html", bytes: Array("新".utf8))], staticFiles: []))
        let entries = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(entries.filter { !$0.hasPrefix(".s.manifest-") } == [".s.lock", ".s.spare", "s"])
        #expect(entries.filter { $0.hasPrefix(".s.manifest-") }.count == 2, "one manifest for the site, one for the spare")
        #expect(snapshot(out + "/s").keys.sorted() == [SiteWriter.markerName, "a/", "a/new.html"])
        #expect(snapshot(out + "/.s.spare").keys.sorted() == [SiteWriter.markerName, "old.html"], "the previous build is kept as the spare")
        // The third build reuses the spare: stale files and folders go, changed ones are replaced.
        try writer.commit(try writer.stage(siteID: "s", files: [OutputFile(path: "old.html", bytes: Array("再".utf8)),
                                                                OutputFile(path: "b/c.html", bytes: [1])], staticFiles: []))
        var live = snapshot(out + "/s")
        #expect(live.removeValue(forKey: SiteWriter.markerName) != nil, "every site folder carries Anju's marker")
        #expect(live == ["old.html": Data("再".utf8), "b/": Data(), "b/c.html": Data([1])])
        #expect(snapshot(out + "/.s.spare").keys.sorted() == [SiteWriter.markerName, "a/", "a/new.html"])
    }

    @Test func aSharedInodeIsNeverWrittenInPlace() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let writer = SiteWriter(outputDirectory: out, fileSystem: MemoryFileSystem())
        // Build 1 and 2 publish the same file: build 2's copy is a hard link to build 1's.
        for _ in 0..<2 { try writer.commit(try writer.stage(siteID: "s", files: [OutputFile(path: "a.html", bytes: [1])], staticFiles: [])) }
        // Build 3 changes it, reusing the spare that shares the inode with the live file.
        let staged = try writer.stage(siteID: "s", files: [OutputFile(path: "a.html", bytes: [2])], staticFiles: [])
        #expect(FileManager.default.contents(atPath: out + "/s/a.html") == Data([1]), "the live site is untouched before the swap")
        try writer.commit(staged)
        #expect(FileManager.default.contents(atPath: out + "/s/a.html") == Data([2]))
    }

    @Test func aFailedStageLeavesTheOldSiteAndNoStagingFolder() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let writer = SiteWriter(outputDirectory: out, fileSystem: MemoryFileSystem())
        try writer.commit(try writer.stage(siteID: "s", files: [OutputFile(path: "index.html", bytes: [1])], staticFiles: []))
        let missing = StaticFile(outputPath: "files/x.pdf", sourcePath: "content/s/static/files/x.pdf",
                                 displayPath: "content/s/static/files/x.pdf", size: 1, isShared: false)
        #expect(throws: SiteWriter.WriteError.self) {
            _ = try writer.stage(siteID: "s", files: [OutputFile(path: "index.html", bytes: [2])], staticFiles: [missing])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out)
            .filter { !$0.hasSuffix(".spare") && !$0.contains(".manifest-") && !$0.hasSuffix(".lock") } == ["s"])
        #expect(FileManager.default.contents(atPath: out + "/s/index.html") == Data([1]))
    }
}

@Suite struct NewContentTests {
    /// A new file names each thing left to write, and checks clean once they are written:
    /// it came with an invented contact (张某某 13800000000) and 「在这里写正文」 that check
    /// let through to the published page.
    @Test(arguments: NewContent.Kind.allCases)
    func writesACompleteFileThatChecksCleanOnceItsPlaceholdersAreWritten(_ kind: NewContent.Kind) throws {
        let root = try TestSite().writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try runAnju(["new", kind.rawValue, "--site", "test", "关于停水的通知", "--now", "2026-11-29 10:05"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let path = "content/test/\(kind.section.rawValue)/guan-yu-ting-shui-de-tong-zhi.md"
        #expect(result.stdout == path + "\n")
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        #expect(text.contains("title: 关于停水的通知"))
        #expect(text.contains("# "), "fields are explained in Chinese comments")
        if kind == .notice {
            #expect(text.contains("date: 2026-11-29 10:05") && text.contains("level: normal"))
            #expect(text.contains("\nschedule:\n  - {start: 2026-11-30 08:00, end: 2026-11-30 18:00, area: （在这里写范围"),
                    "a water cut's window is filled in for tomorrow, its area left to write")
        }
        if kind == .qa {
            #expect(text.contains("category: ") && text.contains("## "))
            #expect(!text.contains("\norder:"), "a new topic without an order comes after the ordered ones, not before")
        }
        if kind == .project { #expect(text.contains("status: planned") && text.contains("progress: 0")) }
        if kind == .page { #expect(text.contains("menu: false")) }
        let unfinished = try runAnju(["check", "--now", "2026-11-29 10:05"], in: root)
        #expect(unfinished.status == 1, "a new file is not published as it came")
        let errors = unfinished.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(!errors.isEmpty && errors.allSatisfy { $0.contains("is a placeholder 'anju new' wrote") }, "\(unfinished.stderr)")
        // Written in: every placeholder replaced (a phone with a number).
        var filled = text.replacingOccurrences(of: "\(NewContent.placeholderMark)电话）", with: "13800000001")
        filled = filled.replacingOccurrences(of: "（在这里写[^）]*）", with: "已写好", options: .regularExpression)
        try filled.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
        let check = try runAnju(["check", "--now", "2026-11-29 10:05"], in: root)
        #expect(check.status == 0, "a new file passes check once written: \(check.stderr)")
        #expect(!check.stderr.contains("warning"), "\(check.stderr)")
        try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)

        let again = try runAnju(["new", kind.rawValue, "--site", "test", "关于停水的通知"], in: root)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: root + "/" + path, encoding: .utf8) == text, "never overwritten")
    }

    /// Long titles differing at their end (…（第一批）, …（第二批）) get two files, their cut
    /// slugs ending with letters of their whole spelling's digest; titles spelt alike
    /// (停水通知, 停水、通知) get -2; the same title again is refused, that file being the one to edit.
    @Test func titlesThatShareASlugGetTwoFiles() throws {
        let root = try TestSite().writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let stem = "关于文笔社区第一第二第三第四第五第六第七第八第九居民小组和安置区周边商铺十二月上旬临时停水检修的通知"
        let first = try runAnju(["new", "notice", "--site", "test", stem + "（第一批）"], in: root)
        let second = try runAnju(["new", "notice", "--site", "test", stem + "（第二批）"], in: root)
        #expect(first.status == 0 && second.status == 0 && first.stdout != second.stdout, "\(first.stdout) \(second.stdout)")
        let plain = try runAnju(["new", "notice", "--site", "test", "停水通知"], in: root)
        let alike = try runAnju(["new", "notice", "--site", "test", "停水、通知"], in: root)
        #expect(plain.status == 0 && alike.status == 0 && plain.stdout.dropLast(4) + "-2.md\n" == alike.stdout, "\(plain.stdout) \(alike.stdout)")
        let again = try runAnju(["new", "notice", "--site", "test", "停水、通知"], in: root)
        #expect(again.status == 1 && again.stderr.contains("-2.md already exists"), "\(again.stderr)")
        #expect(NewContent.yamlString("null") == "\"null\"" && NewContent.yamlString("2026") == "\"2026\"")
    }

    @Test func titlesThatNeedQuotingStayValidYAML() throws {
        let text = NewContent.text(.notice, title: "公示: \"名单\" #1", now: fixedNow)
        #expect(text.contains(#"title: "公示: \"名单\" #1""#))
        let written = text.replacingOccurrences(of: "（在这里写[^）]*）", with: "已写好", options: .regularExpression)
        let (doc, diagnostics) = DocumentParser.parse(SourceFile(contentPath: "t/notices/a.md", displayPath: "a.md",
                                                                 section: .notices, isShared: false, bytes: Array(written.utf8)))
        #expect(diagnostics.isEmpty)
        #expect(doc?.document.info.title == "公示: \"名单\" #1")
        #expect(text.contains("\npublicity: {start: "), "a 公示's period is filled in")
        #expect(NewContent.text(.notice, title: "关于停水的通知", now: fixedNow).contains("\n# publicity: {start: "))
    }

    @Test func anUnknownSiteIsAUsageError() throws {
        let root = try TestSite().writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try runAnju(["new", "notice", "--site", "nowhere", "标题"], in: root)
        #expect(result.status == 2)
    }
}
