import Foundation
import Testing
@testable import AnjuCore
@testable import AnjuKernels

/// The same vectors as tests/js/search-text.test.mjs.
@Suite struct SearchTextTests {
    struct Vectors: Decodable {
        struct Normalize: Decodable { var input: String; var output: String }
        struct IndexTokens: Decodable { var input: String; var tokens: [[TokenPart]] }
        struct Hash: Decodable { var token: String; var hash: UInt32 }
        enum TokenPart: Decodable, Equatable {
            case text(String), position(Int)
            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let i = try? c.decode(Int.self) { self = .position(i) } else { self = .text(try c.decode(String.self)) }
            }
        }
        struct PlaceKey: Decodable { var said: String; var key: String? }
        var normalize: [Normalize]
        var indexTokens: [IndexTokens]
        var shardHash: [Hash]
        var placeKeys: [PlaceKey]
    }

    static let vectors: Vectors = {
        let data = FileManager.default.contents(atPath: repositoryRoot + "/Tests/vectors/search-text.json")!
        return try! JSONDecoder().decode(Vectors.self, from: data)
    }()

    @Test func normalisationMatchesTheSharedVectors() {
        for v in Self.vectors.normalize { #expect(SearchText.normalize(v.input) == v.output, "\(v.input)") }
    }

    @Test func indexTokensMatchTheSharedVectors() {
        for v in Self.vectors.indexTokens {
            let tokens = SearchText.indexTokens(v.input).map { [Vectors.TokenPart.text($0.text), .position($0.position)] }
            #expect(tokens == v.tokens, "\(v.input)")
        }
    }

    @Test func theBuildersFastTokenizerAgreesWithTheVectors() {
        for v in Self.vectors.indexTokens {
            var words: [SearchIndexBuilder.TokenKey: String] = [:]
            var keys: [(SearchIndexBuilder.TokenKey, Int32)] = []
            SearchIndexBuilder.forEachToken(v.input, words: &words) { keys.append(($0, $1)) }
            let tokens = keys.map { [Vectors.TokenPart.text(SearchIndexBuilder.text(of: $0.0, words: words)), .position(Int($0.1))] }
            #expect(tokens.sorted { "\($0)" < "\($1)" } == v.tokens.sorted { "\($0)" < "\($1)" }, "\(v.input)")
        }
    }

    @Test func shardHashesMatchTheSharedVectors() {
        for v in Self.vectors.shardHash { #expect(SearchText.shardHash(v.token) == v.hash, "\(v.token)") }
    }

    /// 现在有哪些正在公示的 asks for the 公示 page; a site with no 公示 has no such result.
    @Test func theListOfPublicityPeriodsIsAResultOnceASiteHasOne() throws {
        func entries(_ files: [String: String]) throws -> [SearchEntry] {
            let report = try TestSite(files).build()
            return SearchEntry.entries(for: try #require(report.sites.first).planned.plan)
        }
        let with = try entries(["notices/dibao.md": notice("低保名单公示", extra: "publicity: {start: 2026-11-26, end: 2026-12-02}")])
        let page = try #require(with.first { $0.url == "/publicity/" })
        #expect(page.title == "公示公告" && page.section == .page)
        #expect(!page.body.contains("低保"), "the notice answers for its own matter")
        #expect(try entries(["notices/a.md": notice("停水通知")]).allSatisfy { $0.url != "/publicity/" })
    }

    /// The text before a topic's first question is on its page and found by its words; the
    /// questions' answers are not repeated in the topic's entry.
    @Test func aTopicsIntroductionIsSearchedWithTheTopic() throws {
        let report = try TestSite(["qa/zhaijidi.md": "---\ntitle: 宅基地\ncategory: 安置\n---\n本页说明集中安置点的宅基地分配办法。\n\n## 什么时候分房？\n\n明年三月。\n"]).build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let entries = SearchEntry.entries(for: try #require(report.sites.first).planned.plan)
        let topic = try #require(entries.first { $0.url == "/qa/zhaijidi/" })
        #expect(topic.body.contains("宅基地分配办法") && !topic.body.contains("明年三月"), "\(topic.body)")
        #expect(entries.first { $0.url.hasSuffix("#什么时候分房") }?.body == "明年三月。")
    }

    @Test func aBuildingOrGroupNamedInAPageHasTheKeyTheBrowserReadsAQuestionsAs() {
        for v in Self.vectors.placeKeys { #expect(AreaNumbers.keys(in: [v.said]) == (v.key.map { [$0] } ?? []), "\(v.said)") }
    }

    @Test func eachBuildingAndGroupOfARangeHasItsKeyWithinBounds() {
        #expect(AreaNumbers.keys(in: ["停水范围：第3至第6幢"]) == ["zhuang3", "zhuang4", "zhuang5", "zhuang6"])
        #expect(AreaNumbers.keys(in: ["1-3栋、第9至第11居民小组"]) == ["zhuang1", "zhuang2", "zhuang3", "zu9", "zu10", "zu11"])
        #expect(AreaNumbers.keys(in: ["２～３号楼"]) == ["zhuang2", "zhuang3"])
        // The unit after each end, a list sharing its unit, numbers in words after 第.
        #expect(AreaNumbers.keys(in: ["第1幢至第3幢停电"]) == ["zhuang1", "zhuang2", "zhuang3"])
        #expect(AreaNumbers.keys(in: ["第3、7、12幢屋面维修"]) == ["zhuang3", "zhuang7", "zhuang12"])
        #expect(AreaNumbers.keys(in: ["第一至第三居民小组"]) == ["zu1", "zu2", "zu3"])
        // Each once; a slip of a range keeps its two ends; a hyphen going down is an id.
        #expect(AreaNumbers.keys(in: ["3栋、3栋，第1至第3栋"]) == ["zhuang3", "zhuang1", "zhuang2"])
        #expect(AreaNumbers.keys(in: ["第1至第300幢"]) == ["zhuang1", "zhuang300"])
        #expect(AreaNumbers.keys(in: ["第9至第3幢"]) == ["zhuang9", "zhuang3"])
        #expect(AreaNumbers.keys(in: ["3-1栋"]).isEmpty)
        // An item's number at a line's start is no list; two places back to back are two.
        #expect(AreaNumbers.keys(in: ["1、5号楼、6号楼\n2、三组居民"]) == ["zhuang5", "zhuang6", "zu3"])
        #expect(AreaNumbers.keys(in: ["3栋4栋停水"]) == ["zhuang3", "zhuang4"])
        // A date, a floor, a unit, a number too long or inside an id are none.
        #expect(AreaNumbers.keys(in: ["12月3日 3楼 3单元 12345幢 1001栋 0栋 A3栋"]).isEmpty)
        // Bounded however many ranges a page holds.
        let ranges = stride(from: 1, to: 900, by: 199).map { "第\($0)至第\($0 + 198)" }
        let manyKeys = AreaNumbers.keys(in: [String(repeating: (ranges.map { $0 + "幢" } + ranges.map { $0 + "组" }).joined(separator: "，"), count: 20)])
        #expect(manyKeys.count == AreaNumbers.mostKeys && Set(manyKeys).count == manyKeys.count)
    }
}

@Suite struct SearchIndexBuilderTests {
    func entry(_ title: String, _ body: String, section: SearchEntry.Section = .notice, category: String? = nil,
               date: String? = "2026-11-20") -> SearchEntry {
        SearchEntry(url: "/\(title)/", title: title, headings: [], body: body, section: section, category: category,
                    date: date, parent: nil)
    }

    func decode(_ file: OutputFile) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(file.bytes))
    }

    func meta(_ index: SearchIndexBuilder.Index) throws -> [String: Any] {
        let file = try #require(index.jsonFiles.first { $0.path == index.meta })
        return try #require(try decode(file) as? [String: Any])
    }

    /// A token's postings (entry → field code), read back from the shards.
    func postings(_ index: SearchIndexBuilder.Index, _ token: String) -> [Int: UInt8] {
        var found: [Int: UInt8] = [:]
        for file in index.files where file.path.hasPrefix("search/s/") && !file.bytes.isEmpty {
            for record in shardRecords(ZlibCompression.decompressed(file.bytes) ?? []) where record.token == token {
                for pair in record.postings { found[pair[0]] = UInt8(pair[1]) }
            }
        }
        return found
    }

    @Test func everyTokenIsInTheShardItsHashNamesAndFilesAreNamedByContent() throws {
        var entries: [SearchEntry] = []
        for i in 0..<200 { entries.append(entry("通知\(i)", "第\(i)号楼临时停水，请储水。物业电话0870\(i % 7)。", date: "2026-0\(1 + i % 9)-10")) }
        let index = SearchIndexBuilder().build(entries)
        let parts = shardNameLists(Substring(index.shardNames))
        #expect(parts.count == 2 && parts[0].count > 1)
        let files = index.files // compresses every shard: once
        // Named by their number and the token records they hold, before compression; an empty shard has no file.
        for (segment, names) in zip(["h", "t"], parts) {
            for (n, hash) in names.enumerated() where hash != SearchIndexBuilder.emptyShard {
                let file = try #require(files.first { $0.path == "search/s/\(segment)\(n).\(hash).bin" })
                let records = try #require(ZlibCompression.decompressed(file.bytes))
                #expect(!records.isEmpty && hash == IndexEncoding.base32(IndexEncoding.fnv1a64(records), characters: 6))
            }
        }
        #expect(files.filter { $0.path.hasPrefix("search/s/") }.count == parts.joined().filter { $0 != SearchIndexBuilder.emptyShard }.count)
        #expect(Set(files.map(\.path)).count == files.count, "each file once")
        // A rebuild compresses only the shards not already in place.
        let present = Set(index.shards.prefix(2).map(\.path))
        #expect(Set(index.compressedShards(except: present.contains).map(\.path)) == Set(index.shards.map(\.path)).subtracting(present))
        var checked = 0
        for (segment, names) in parts.enumerated() {
            for (n, name) in names.enumerated() where name != SearchIndexBuilder.emptyShard {
                let stored = try #require(files.first { $0.path == "search/s/\(segment == 0 ? "h" : "t")\(n).\(name).bin" })
                let bytes = try #require(ZlibCompression.decompressed(stored.bytes))
                for record in shardRecords(bytes) {
                    #expect(Int(IndexEncoding.fnv1a32(Array(record.token.utf8)) % UInt32(names.count)) == n, "segment \(segment)")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    /// A common character keeps every entry that holds it: "6000元" at any size finds the
    /// one page with both.
    @Test func commonTokensKeepEveryEntry() throws {
        var entries = (0..<900).map { entry("第\($0)条", String(repeating: "元", count: 1 + $0 % 5) + "通知", date: nil) }
        entries.append(entry("补助标准", "每人每年6000元。", date: nil))
        let index = SearchIndexBuilder().build(entries)
        #expect(postings(index, "元").count == 901)
        #expect(postings(index, "6000").count == 1)
    }

    @Test func theFieldCodeSaysHowOftenAndWhere() throws {
        let index = SearchIndexBuilder().build([entry("停水通知", "明天停水，后天也停水。", date: nil), entry("工作安排", "明天停水。", date: nil)])
        let found = postings(index, "停水")
        #expect(Set(found.values) == [0x42, 0x01], "title once and body twice; body once: \(found)")
    }

    /// Each entry's class is its (section, category) pair, numbered as first met; no category
    /// and an empty one are the same class.
    @Test func entriesShareTheClassOfTheirSectionAndCategory() throws {
        let index = SearchIndexBuilder().build([
            entry("一", "文", date: "2026-11-01"), entry("二", "文", category: "", date: "2026-11-02"),
            entry("三", "文", section: .qa, category: "补偿补助", date: "2026-11-03"),
            entry("四", "文", category: "停水停电", date: "2026-11-04"),
            entry("五", "文", section: .qa, category: "补偿补助", date: "2026-11-05"), entry("六", "文", date: "2026-11-06"),
        ])
        let meta = try meta(index)
        #expect((meta["classes"] as? [[String]]) == [["notice", ""], ["qa", "补偿补助"], ["notice", "停水停电"]])
        #expect(meta["cls"] as? String == "!!#$#!")
        #expect((meta["lengths"] as? String)?.count == 6)
    }

    @Test func metaAndRecordsAreValidJSON() throws {
        let index = SearchIndexBuilder().build([
            entry("<img src=x onerror=alert(1)>", "\"引号\" </script>", category: "停水停电"),
            entry("问答", "答案", section: .qa, category: "补偿补助", date: nil),
        ])
        let meta = try meta(index)
        #expect(meta["entries"] as? Int == 2 && meta["version"] as? Int == 7)
        #expect(meta["synonyms"] == nil && meta["syllables"] == nil, "planning words are in the words file")
        let wordsFile = try #require(index.jsonFiles.first { $0.path == index.words })
        let words = try #require(try JSONSerialization.jsonObject(with: Data(wordsFile.bytes)) as? [String: Any])
        #expect(words["version"] as? Int == 7 && words["synonyms"] is [Any] && words["syllables"] is String)
        #expect(meta["cls"] as? String == "!#", "the undated Q&A is entry 0, its class met first")
        #expect((meta["classes"] as? [[String]]) == [["qa", "补偿补助"], ["notice", "停水停电"]])
        let blocks = try #require(meta["blocks"] as? [String])
        let file = try #require(index.records.first { $0.path == "search/d/\(blocks[0])/1.bin" })
        let record = OutputFile(path: file.path, bytes: try #require(ZlibCompression.decompressed(file.bytes)))
        #expect(meta["places"] as? String == "!!", "two pages, a record file each")
        let fields = try #require((try decode(record) as? [[String: String]])?.first)
        #expect(fields["t"] == "<img src=x onerror=alert(1)>" && fields["x"] == "\"引号\" </script>")
        #expect(!String(decoding: record.bytes, as: UTF8.self).contains("</script>"))
    }

    @Test func theIndexIsReproducibleAndAnEditChangesFewFiles() {
        var entries = (0..<300).map { entry("通知\($0)", "第\($0)号楼停水，请储水，物业电话0870\($0 % 9)。", date: "2026-0\(1 + $0 % 9)-1\($0 % 10)") }
        let a = SearchIndexBuilder().build(entries)
        #expect(a.files.map(\.bytes) == SearchIndexBuilder().build(entries).files.map(\.bytes))
        entries[5].title = "通知5（更正）"
        let b = SearchIndexBuilder().build(entries)
        let before = Set(a.files.map { $0.path + String(IndexEncoding.fnv1a64($0.bytes)) })
        let changed = b.files.filter { !before.contains($0.path + String(IndexEncoding.fnv1a64($0.bytes))) }
        #expect(a.meta != b.meta)
        // 更正 brings five new tokens (更, 正, 更正, its pinyin and initials): at most a shard each.
        #expect(changed.count <= 7, "a title edit rewrites the meta, a record and the shards of its new tokens: \(changed.map(\.path))")
    }

    @Test func theTailHoldsTheNewestWeek() {
        let (ordered, tail) = SearchIndexBuilder.ordered([
            entry("甲", "", date: "2026-11-23"), entry("乙", "", date: "2026-11-22"), entry("丙", "", date: nil),
            entry("丁", "", date: "2026-11-29"), entry("戊", "", date: "2026-11-01"),
        ])
        // 2026-11-29 is a Sunday: its week began on Monday the 23rd.
        #expect(ordered.map(\.title) == ["丙", "戊", "乙", "甲", "丁"])
        #expect(tail == 3)
    }

    @Test func qaQuestionsAreTheirOwnEntries() throws {
        let report = try TestSite([
            "qa/houfu.md": markdown("title: 后扶问答\ncategory: 后期扶持", "## 每人每年多少钱？\n\n600元。\n\n## 扶持多少年？\n\n20年。"),
        ]).build()
        let recordFiles = report.sites[0].files.filter { $0.path.contains("/d/") }
        #expect(recordFiles.count == 1, "a topic and its questions share one record file")
        let fragments = recordFiles.flatMap { file in
            (try? JSONSerialization.jsonObject(with: Data(ZlibCompression.decompressed(file.bytes) ?? [])) as? [[String: String]]) ?? []
        }
        #expect(fragments.map { $0["u"] } == ["/qa/houfu/", "/qa/houfu/#扶持多少年", "/qa/houfu/#每人每年多少钱"], "in entry order: URL bytes")
        #expect(Set(fragments.compactMap { $0["u"] }) == ["/qa/houfu/", "/qa/houfu/#每人每年多少钱", "/qa/houfu/#扶持多少年"])
        #expect(fragments.first { $0["u"] == "/qa/houfu/#扶持多少年" }?["p"] == "后扶问答")
        let search = try #require(report.page("search/index.html"))
        #expect(search.contains("data-index=\"/search/meta."))
        #expect(search.contains("<script type=\"module\" src=\"/assets/search."))
    }
}
