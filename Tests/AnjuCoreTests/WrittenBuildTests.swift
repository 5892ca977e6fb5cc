import Foundation
import Testing
@testable import AnjuCore
@testable import AnjuKernels

/// `anju build` renders straight into the staging folder, with the search index built
/// beside the pages: what it writes must be exactly what the in-memory build makes.
@Suite struct WrittenBuildTests {
    /// The site's files, without Anju's marker (`SiteWriter.markerName`), which only the
    /// written build has.
    static func files(under root: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: root)?.allObjects ?? [] where name != SiteWriter.markerName {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[name] = FileManager.default.contents(atPath: root + "/" + name)
            }
        }
        return result
    }

    static func written(_ site: TestSite, in root: String, pinyin: Bool = true, now: ChinaTime = fixedNow) throws -> BuildReport {
        var options = BuildOptions(now: now)
        options.searchPinyin = pinyin
        options.contentDirectory = root + "/content"
        options.templatesDirectory = root + "/templates"
        return try Builder().build(options, writingTo: root + "/public")
    }

    @Test(arguments: [false, true])
    func writtenFilesEqualTheInMemoryBuild(homeShowsTheIndex: Bool) throws {
        var site = TestSite([
            "notices/a.md": notice("停水通知", body: "文笔社区明日停水，请储水。"),
            "qa/buchang.md": markdown("title: 补偿问答\ncategory: 补偿", "## 补偿标准是什么？\n\n按政策执行。"),
        ])
        if homeShowsTheIndex {
            // A page other than search printing the index folder: it must wait for the index.
            site.templateOverrides["home.mustache"] = "{{<base}}{{$main}}<p data-index=\"{{searchIndex}}\">{{searchShards}}</p>{{/main}}{{/base}}"
        }
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try Self.written(site, in: root)
        #expect(report.succeeded)
        #expect(report.written.map(\.id) == ["test"])
        let memory = try site.build()
        let expected = Dictionary(uniqueKeysWithValues: memory.sites[0].files.map { ($0.path, Data($0.bytes)) })
        let onDisk = Self.files(under: root + "/public/test")
        #expect(Set(onDisk.keys) == Set(expected.keys))
        for (path, bytes) in expected { #expect(onDisk[path] == bytes, "\(path) differs") }
        #expect(report.written[0].fileCount == expected.count)
        if homeShowsTheIndex {
            let home = String(decoding: onDisk["index.html"] ?? Data(), as: UTF8.self)
            #expect(home.contains("data-index=\"/search/"), "the home page got the index folder: \(home.prefix(200))")
        }
    }

    @Test func aRebuildKeepsOnlyTheNewSearchIndex() throws {
        var site = TestSite(["notices/a.md": notice("停水通知")])
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for text in ["第一次的内容。", "第二次的内容。", "第三次的内容。"] {
            site.files["test/notices/a.md"] = notice("停水通知", body: text)
            try Data(site.files["test/notices/a.md"]!.utf8).write(to: URL(fileURLWithPath: root + "/content/test/notices/a.md"))
            #expect(try Self.written(site, in: root).succeeded)
        }
        // Only the last index's files are left: its meta and words, the shards the page names, its records.
        let page = try String(contentsOfFile: root + "/public/test/search/index.html", encoding: .utf8)
        let files = Self.files(under: root + "/public/test/search")
        let metas = files.keys.filter { $0.hasPrefix("meta.") }
        #expect(metas.count == 1 && page.contains("data-index=\"/search/\(metas[0])\""), "\(metas)")
        let words = files.keys.filter { $0.hasPrefix("words.") }
        #expect(words.count == 1 && page.contains("data-words=\"/search/\(words[0])\""), "\(words)")
        let names = try #require(page.split(separator: "data-shards=\"").dropFirst().first?.split(separator: "\"").first)
        let named = Set(shardNameLists(names).enumerated().flatMap { segment, list in
            list.enumerated().filter { $0.element != "-" }.map { "s/\(segment == 0 ? "h" : "t")\($0.offset).\($0.element).bin" }
        })
        #expect(Set(files.keys.filter { $0.hasPrefix("s/") }) == named)
        let records = files.filter { $0.key.hasPrefix("d/") }
        #expect(records.count == 1)
        let fragment = try #require(records.first)
        #expect(fragment.key.hasSuffix(".bin"))
        #expect(String(decoding: ZlibCompression.decompressed([UInt8](fragment.value)) ?? [], as: UTF8.self).contains("第三次的内容"))
    }

    /// A build whose search index is made from what the one in place was made from (a daily
    /// rebuild, a template edit) keeps it, from either folder; any change to what the index
    /// reads builds it again.
    @Test func anUnchangedSearchIndexIsKeptAndAnEditedOneBuiltAgain() throws {
        var site = TestSite(["notices/a.md": notice("停水通知", body: "明日停水。"),
                             "qa/buchang.md": markdown("title: 补偿问答\ncategory: 补偿", "## 补偿标准是什么？\n\n按政策执行。")])
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        func kept(pinyin: Bool = true, _ when: String) throws -> Bool {
            let report = try Self.written(site, in: root, pinyin: pinyin)
            #expect(report.succeeded)
            if pinyin { try expectPublishedEqualsTheBuild(site, in: root, "\(when)") }
            return report.written.first?.keptSearchIndex ?? false
        }
        #expect(try !kept("the first build"))
        #expect(try kept("kept from the published site, linked into a new folder"))
        #expect(try kept("kept in the reused copy"))
        site.files["test/notices/a.md"] = notice("停水通知", body: "后天停水。")
        try Data(site.files["test/notices/a.md"]!.utf8).write(to: URL(fileURLWithPath: root + "/content/test/notices/a.md"))
        #expect(try !kept("after an edit"))
        #expect(try kept("kept from the published site over the reused copy's older index"))
        #expect(try kept("kept in the reused copy after the edit"))
        #expect(try !kept(pinyin: false, "without pinyin"))
        #expect(try kept("with pinyin again, from the reused copy"))
        #expect(try kept("the spare copy made to hold the same index again"))
        // A shard of the index gone from the folder the next build reuses, then from both.
        func removeAShard(_ folder: String) throws {
            let shards = root + "/public/" + folder + "/search/s/"
            let shard = try #require(try FileManager.default.contentsOfDirectory(atPath: shards).sorted().first)
            try FileManager.default.removeItem(atPath: shards + shard)
        }
        try removeAShard(".test.spare")
        #expect(try kept("from the published site when the reused copy lost a shard"))
        try removeAShard(".test.spare")
        try removeAShard("test")
        #expect(try !kept("when both folders lost a shard"))
    }

    /// The daily build: an urgent notice's banner goes once its last window is over, so pages
    /// change, but nothing the index reads did, and the index is kept; the day a job closes
    /// (or a notice expires: its category becomes 已过期), it is not.
    @Test func aDailyRebuildKeepsTheIndexUntilWhatItReadsChanges() throws {
        let site = TestSite([
            "notices/a.md": notice("停水通知", date: "2026-11-27 09:00", extra: """
            level: urgent
            expires: 2026-12-10
            schedule:
              - {start: 2026-11-29 08:00, end: 2026-11-29 18:00}
            """, body: "明日停水。"),
            "jobs/baojie.md": markdown("title: 招聘保洁员\ndate: 2026-11-20\ndeadline: 2026-11-30", "社区招聘保洁员两名。"),
        ])
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let days = ["2026-11-29 10:00", "2026-11-30 10:00", "2026-12-01 10:00"].map { ChinaTime.parse($0)! }
        var kept: [Bool] = []
        var homes: [Data] = []
        for now in days {
            let report = try Self.written(site, in: root, now: now)
            #expect(report.succeeded)
            try expectPublishedEqualsTheBuild(site, in: root, now: now, "on \(now)")
            kept.append(report.written.first?.keptSearchIndex ?? false)
            homes.append(FileManager.default.contents(atPath: root + "/public/test/index.html") ?? Data())
        }
        #expect(homes[0] != homes[1], "the notice's banner is gone the day after its window")
        #expect(kept == [false, true, false], "kept the day only pages changed, built again the day the job closed")
    }

    /// The site on disk must be what a build in memory makes, whatever was done to the
    /// folders in between (the spare copy shares unchanged files with the live site): the
    /// manifests that spare rebuilds from reading files are only believed where `stat`
    /// agrees with them.
    func expectPublishedEqualsTheBuild(_ site: TestSite, in root: String, now: ChinaTime = fixedNow, _ comment: Comment? = nil) throws {
        let expected = Dictionary(uniqueKeysWithValues: try site.build(now: now).sites[0].files.map { ($0.path, Data($0.bytes)) })
        let onDisk = Self.files(under: root + "/public/test")
        #expect(Set(onDisk.keys) == Set(expected.keys), comment)
        for (path, bytes) in expected { #expect(onDisk[path] == bytes, "\(path) differs; \(comment?.description ?? "")") }
    }

    @Test func handEditsToThePublishedSiteAreUndoneByTheBuildsAfter() throws {
        var site = TestSite(["notices/a.md": notice("停水通知", body: "明日停水。"), "notices/b.md": notice("停电通知")])
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Two builds: a live site and a spare copy, each with its manifest.
        for _ in 0..<2 { #expect(try Self.written(site, in: root).succeeded) }
        let manifests = try FileManager.default.contentsOfDirectory(atPath: root + "/public").filter { $0.hasPrefix(".test.manifest-") }
        #expect(manifests.count == 2, "\(manifests)")
        // By hand: a page rewritten with as many bytes, a file added, a page deleted, shards.
        // The page is changed in place: the same inode and size, only its time tells.
        let page = root + "/public/test/notices/a/index.html"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: page))
        let handle = try #require(FileHandle(forWritingAtPath: page))
        try handle.seek(toOffset: UInt64(bytes.count - 10))
        try handle.write(contentsOf: [bytes[bytes.count - 10] ^ 0x01])
        try handle.close()
        try Data("stray".utf8).write(to: URL(fileURLWithPath: root + "/public/test/notices/stray.html"))
        try FileManager.default.removeItem(atPath: root + "/public/test/notices/b/index.html")
        // A search shard, which builds keep by its name without compressing it again, damaged
        // in place (and deleted from the published site after the next build).
        func shardPath() throws -> String {
            let folder = root + "/public/test/search/s/"
            return try #require(try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + $0 }
                .first { (try? Data(contentsOf: URL(fileURLWithPath: $0)).count) ?? 0 > 0 })
        }
        let shard = try #require(FileHandle(forWritingAtPath: try shardPath()))
        try shard.seek(toOffset: 2)
        try shard.write(contentsOf: [0x00, 0x00])
        try shard.close()
        // The edited folder is the spare after one build and reused by the next.
        for build in 1...2 {
            #expect(try Self.written(site, in: root).succeeded)
            try expectPublishedEqualsTheBuild(site, in: root, "build \(build) after the edits")
            if build == 1 { try FileManager.default.removeItem(atPath: try shardPath()) }
        }
        // An edit to the content reaches the page.
        try editNoticeAndBuildTwice(&site, in: root, "after the content changed")
    }

    /// Rewrites notices/a.md's body, then builds twice (into each of the two folders),
    /// checking the published site after each build.
    func editNoticeAndBuildTwice(_ site: inout TestSite, in root: String, _ when: String) throws {
        site.files["test/notices/a.md"] = notice("停水通知", body: "后天停水。")
        try Data(site.files["test/notices/a.md"]!.utf8).write(to: URL(fileURLWithPath: root + "/content/test/notices/a.md"))
        for build in 1...2 {
            #expect(try Self.written(site, in: root).succeeded)
            try expectPublishedEqualsTheBuild(site, in: root, "build \(build) \(when)")
        }
    }

    @Test func aDamagedManifestOnlyCostsTime() throws {
        var site = TestSite(["notices/a.md": notice("停水通知", body: "明日停水。")])
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for _ in 0..<2 { #expect(try Self.written(site, in: root).succeeded) }
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/public") where name.hasPrefix(".test.manifest-") {
            let path = root + "/public/" + name
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        }
        try editNoticeAndBuildTwice(&site, in: root, "after the manifests were cut short")
    }

    @Test func aManifestReadsBackAsWritten() throws {
        var manifest = SiteManifest()
        manifest.files["notices/停水 通知/index.html"] = .init(inode: 42, size: 7_365, modified: 1_795_000_000_123_456_789,
                                                          digest: ContentDigest(Array("页面".utf8)))
        manifest.files["a\nb"] = .init(inode: .max, size: 0, modified: -1, digest: ContentDigest([]))
        manifest.folders[""] = .init(inode: 7, modified: 3)
        manifest.folders["notices/停水 通知"] = .init(inode: 8, modified: 4)
        #expect(SiteManifest.decode(manifest.encoded()) == manifest)
        manifest.index = .init(inputs: ContentDigest(high: 1, low: .max), paths: ["search/s/h0.0a1b2c3d.bin", "search/d/停/0.bin"],
                               pageLinks: ["search/meta.1.json", "", "a b|-"])
        #expect(SiteManifest.decode(manifest.encoded()) == manifest)
        #expect(SiteManifest.index(in: manifest.encoded()) == manifest.index)
        #expect(SiteManifest.index(in: Array(manifest.encoded().prefix(40))) == nil)
        // Paths a hand-made manifest could name outside the index's folder are never used.
        for path in ["search/s/h0.0a1b2c3d.bin", "search/d/停/0.bin"] { #expect(SiteWriter.StagingFolder.isIndexPath(path)) }
        for path in ["../x", "search/../../x", "search//x", "search/./x", "/search/x", "index.html", "search/"] {
            #expect(!SiteWriter.StagingFolder.isIndexPath(path), "\(path)")
        }
        #expect(SiteManifest.decode(Array(manifest.encoded().dropLast())) == nil)
        #expect(ContentDigest(Array("页面".utf8)) != ContentDigest(Array("页而".utf8)))
        // Every folder on the way to a file is listed in its parent, recorded or not.
        let listings = manifest.listings()
        #expect(listings["notices"]?.map(\.name) == ["停水 通知"])
        #expect(Set(listings[""]?.map(\.name) ?? []) == ["notices", "a\nb"])
    }

    /// When the output folder cannot be made, the build stops with the disk's error (the
    /// index thread, already running, is waited for) and writes nothing.
    @Test func aFolderThatCannotBeWrittenIsAnErrorNotAHang() throws {
        let site = TestSite(["notices/a.md": notice("停水通知")])
        let root = try site.writeToDisk()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // public/ is a file: no staging folder can be made in it.
        #expect(FileManager.default.createFile(atPath: root + "/public", contents: Data("not a folder".utf8)))
        #expect(throws: SiteWriter.WriteError.self) { try Self.written(site, in: root) }
        // The command line says so before building: wrong usage.
        let result = try runAnju(["build", "--now", "2026-11-29 10:00"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--output 'public' is a file, not a folder"), "\(result.stderr)")
        #expect(try String(contentsOfFile: root + "/public", encoding: .utf8) == "not a folder")
    }
}
