import Foundation
import Testing
@testable import AnjuCore
@testable import AnjuKernels

@Suite struct PinyinTests {
    let table = PinyinTable.shared

    @Test func commonCharactersAreCoveredWithAllTheirReadings() {
        #expect(table.common.count >= 8000, "the 通用规范汉字表 has 8,105 characters")
        #expect(table.everyday.count == 3500 && table.everyday.isSubset(of: table.common), "3,500 of its first level")
        #expect(table.everyday.contains(Unicode.Scalar("栋").value) && !table.everyday.contains(Unicode.Scalar("邱").value))
        for scalar in table.common { #expect(table.readings[scalar]?.isEmpty == false) }
        #expect(table.readings(of: "补") == ["bu"])
        #expect(table.readings(of: "长") == ["zhang", "chang"])
        #expect(Set(table.readings(of: "行")).isSuperset(of: ["xing", "hang"]))
        #expect(table.readings(of: "女").first == "nv")
    }

    /// The table is read byte by byte at start-up; it must hold what reading the file line by
    /// line as Strings finds (the first version, kept here as the reference).
    @Test func tableReadsWhatTheFileSays() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/Sources/AnjuCore/Resources/pinyin.txt", encoding: .utf8)
            // A double space; a line of one field; readings that differ only in length; readings
            // longer than the seven bytes packed into a number.
            + "\n# edge cases\n\n\u{E000}\tzhuang  lve\t1\n\u{E001}\ta\n\u{E002}\n\u{E003}\t\u{0}a a\t2\n"
            + "\u{E004}\tzhuangzhuang a zhuangzhuang zhuangzhuanh\n"
        func reference(_ text: String) -> (syllables: [String], readings: [UInt32: [String]], common: Set<UInt32>, everyday: Set<UInt32>) {
            var readings: [UInt32: [String]] = [:], common = Set<UInt32>(), everyday = Set<UInt32>()
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let fields = line.split(separator: "\t")
                guard fields.count >= 2, let scalar = fields[0].unicodeScalars.first else { continue }
                readings[scalar.value] = fields[1].split(separator: " ").map(String.init)
                if fields.count > 2 { common.insert(scalar.value) }
                if fields.count > 2 && fields[2] == "1" { everyday.insert(scalar.value) }
            }
            return (Set(readings.values.joined()).sorted(), readings, common, everyday)
        }
        let expected = reference(text)
        let read = PinyinTable(text: text)
        #expect(read.syllables == expected.syllables)
        #expect(read.initials == expected.syllables.map { $0.utf8.first! })
        #expect(read.common == expected.common)
        #expect(read.everyday == expected.everyday)
        #expect(read.readings.count == expected.readings.count)
        for (scalar, list) in expected.readings {
            #expect(read.readings(of: Unicode.Scalar(scalar)!) == list)
            #expect(read.firstSyllableID(of: scalar).map { read.syllables[Int($0)] } == list.first)
        }
        #expect(read.readings(of: "\u{E000}") == ["zhuang", "lve"])
        #expect(read.common.contains(0xE000) && !read.common.contains(0xE001))
        #expect(read.everyday.contains(0xE000) && read.common.contains(0xE003) && !read.everyday.contains(0xE003))
        #expect(read.readings(of: "\u{E003}") == ["\u{0}a", "a"])
        #expect(read.readings(of: "\u{E004}") == ["zhuangzhuang", "a", "zhuangzhuang", "zhuangzhuanh"])
        #expect(read.readings.count == PinyinTable.shared.readings.count + 4)
        // A malformed first character is read as String reads it: U+FFFD.
        let malformed = PinyinTable(bytes: [0xF8, 0x80, 0x80, 0x09, 0x61, 0x0A, 0xE2, 0x82, 0x09, 0x62, 0x0A])
        #expect(malformed.readings(of: "\u{FFFD}") == ["b"] && malformed.readings.count == 1)
    }

    @Test func slugsFromChineseTitles() {
        #expect(table.slug("停水通知") == "ting-shui-tong-zhi")
        #expect(table.slug("关于11月30日停水的通知") == "guan-yu-11-yue-30-ri-ting-shui-de-tong-zhi")
        #expect(table.slug("邵女坪AAAA级景区") == "shao-nv-ping-aaaa-ji-jing-qu")
        #expect(table.slug("（公示）后期扶持") == "gong-shi-hou-qi-fu-chi")
        #expect(table.slug(String(repeating: "长", count: 40)).count <= 60)
    }

    /// A word spelt as it is said where its characters read otherwise alone: 银行 is not
    /// yin-xing, nor 3幢 3-chuang.
    @Test func slugsSpellWordsAsTheyAreSaid() {
        for (title, slug) in [("银行卡", "yin-hang-ka"), ("长期护理保险", "chang-qi-hu-li-bao-xian"), ("重新登记", "chong-xin-deng-ji"),
                              ("会计岗位", "kuai-ji-gang-wei"), ("了解政策", "liao-jie-zheng-ce"), ("调解纠纷", "tiao-jie-jiu-fen"),
                              ("音乐会", "yin-yue-hui"), ("第3幢停水", "di-3-zhuang-ting-shui"), ("社区地址", "she-qu-di-zhi"),
                              ("停水通知", "ting-shui-tong-zhi")] {
            #expect(table.slug(title) == slug, "\(title)")
        }
        let said = WordReadings(text: "# a comment\n银行\tyin hang\n行长\thang zhang\n")
        #expect(said.longest == 2)
        #expect(table.slug("银行行长", maxLength: 60, words: said) == "yin-hang-hang-zhang", "the longest word at each place, left to right")
    }

    /// Two long titles that differ only at their end keep two URLs: the cut slug ends with
    /// letters of its whole spelling's digest.
    @Test func aLongTitleIsCutWithADigestOfItsWholeSpelling() {
        let first = table.slug("关于2026年第四季度移民后期扶持资金发放名册的公示（第一批）")
        let second = table.slug("关于2026年第四季度移民后期扶持资金发放名册的公示（第二批）")
        #expect(first != second)
        for slug in [first, second] {
            #expect(slug.count <= 60 && Slug.isValid(slug) && slug.hasPrefix("guan-yu-2026-nian-di-si-ji-du"), "\(slug)")
        }
        #expect(table.slug("关于2026年第四季度移民后期扶持资金发放名册的公示（第一批）") == first, "the same title, the same slug")
        #expect(table.slug(String(repeating: "长", count: 40)).count <= 60)
    }
}

@Suite struct PhoneticIndexTests {
    /// A token's postings ([entry, field code]) in an index, wherever its shard is.
    func postings(_ index: SearchIndexBuilder.Index, for token: String) -> [[Int]]? {
        let found = index.files.filter { $0.path.hasPrefix("search/s/") && !$0.bytes.isEmpty }
            .flatMap { shardRecords(ZlibCompression.decompressed($0.bytes) ?? []) }
            .filter { $0.token == token }.flatMap(\.postings).sorted { $0[0] < $1[0] }
        return found.isEmpty ? nil : found
    }

    func entry(_ title: String, _ body: String) -> SearchEntry {
        SearchEntry(url: "/x/", title: title, headings: [], body: body, section: .notice, category: nil, date: nil, parent: nil)
    }

    @Test func hanBigramsAlsoIndexTheirPinyinAndInitials() throws {
        let index = SearchIndexBuilder().build([entry("补偿标准", "长期")])
        #expect(postings(index, for: "~bu'chang") == [[0, 0x40]], "title once")
        #expect(postings(index, for: "^bc") != nil)
        #expect(postings(index, for: "~zhang'qi") != nil, "the most common reading of 长")
        #expect(postings(index, for: "~chang'qi") == nil)
        let plain = SearchIndexBuilder(pinyin: nil).build([entry("补偿标准", "长期")])
        #expect(postings(plain, for: "~bu'chang") == nil)
        #expect(!plain.files.contains { $0.path.contains("pinyin.") })
    }

    @Test func aPhoneticTokenKeepsItsBestHundredEntries() throws {
        let entries = (0..<150).map { SearchEntry(url: "/n\($0)/", title: $0 % 2 == 0 ? "补偿" : "通知", headings: [],
                                                 body: String(repeating: "补偿", count: 1 + $0 % 4) + String(repeating: "文", count: $0),
                                                 section: .notice, category: nil, date: nil, parent: nil) }
        let index = SearchIndexBuilder().build(entries)
        #expect(postings(index, for: "~bu'chang")?.count == 100)
        #expect(postings(index, for: "补偿")?.count == 150, "the characters as typed keep every entry")
    }

    @Test func pinyinTokensDoNotChangeTheTextsPostings() throws {
        let with = SearchIndexBuilder().build([entry("补偿", "标准"), entry("标准", "补偿")])
        let without = SearchIndexBuilder(pinyin: nil).build([entry("补偿", "标准"), entry("标准", "补偿")])
        #expect(postings(with, for: "补偿") == postings(without, for: "补偿"))
    }

    @Test func theBrowserTableMapsSyllablesToEverydayCharacters() throws {
        let json = PinyinTable.shared.browserJSON()
        #expect(PinyinTable.shared.browserJSONBytes == Array(json.utf8))
        let table = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(table["bu"]?.contains("补") == true)
        #expect(table["chang"]?.contains("偿") == true && table["chang"]?.contains("尝") == true)
        #expect(table.values.reduce(0) { $0 + $1.count } == PinyinTable.shared.everyday.count)
        #expect(table["qiu"]?.contains("邱") == false, "a place name's rarer character: the index's own pinyin tokens carry it")
    }
}

@Suite struct SynonymTests {
    @Test func listsAndEqualsLinesAreRead() {
        let (groups, diagnostics) = SynonymsParser.parse(path: "s.yml", bytes: Array("""
        # 注释
        - [后扶, 后期扶持]
        - 低保 = 最低生活保障
        - [单独]
        """.utf8))
        #expect(groups == [["后扶", "后期扶持"], ["低保", "最低生活保障"]])
        #expect(diagnostics.map(\.description).first?.hasPrefix("s.yml:4:3: error: a synonym group needs at least two different words") == true)
    }

    @Test func aGroupTypedWithChinesePunctuationIsReadAsMeantWithAWarning() {
        let (groups, diagnostics) = SynonymsParser.parse(path: "s.yml", bytes: Array("""
        - [后扶，后期扶持、后扶资金]
        - 低保 ＝ 最低生活保障
        """.utf8))
        #expect(groups == [["后扶", "后期扶持", "后扶资金"], ["低保", "最低生活保障"]])
        #expect(diagnostics.map(\.description) == ["s.yml:1:3: warning: words separated by a Chinese comma are read as a group of 3: 后扶, 后期扶持, 后扶资金\n"
            + "    hint: separate the words with an ASCII comma: - [后扶, 后期扶持, 后扶资金]"])
    }

    @Test func groupsSharingAWordMergeWhereTheFirstStood() {
        // The browser tries a query's first few alternatives in this order: a merged group
        // keeps the earlier group's place.
        #expect(SynonymsParser.merge([["后扶", "后期扶持"], ["低保", "最低生活保障"], ["后扶资金", "后扶"]])
                == [["后扶", "后期扶持", "后扶资金"], ["低保", "最低生活保障"]])
        // A group joining two merges them at the first one's place.
        #expect(SynonymsParser.merge([["a", "b"], ["c", "d"], ["e", "f"], ["f", "b"]]) == [["a", "b", "e", "f"], ["c", "d"]])
        // A site's own groups come first, then the lexicon's with the site's merged in.
        #expect(SynonymsParser.forSite([["招工", "缺人手"]], lexicon: [["招工", "招聘", "招人", "用工"], ["低保", "最低生活保障"]])
                == [["招工", "缺人手"], ["招工", "招聘", "招人", "用工", "缺人手"], ["低保", "最低生活保障"]])
    }

    @Test func sharedAndSiteSynonymsReachTheIndex() throws {
        var site = TestSite(["synonyms.yml": "- [老协, 老年协会]",
                             "notices/a.md": notice("通知", body: "老年协会讲解后期扶持政策，有诉求请到信访窗口。")])
        site.files["_shared/synonyms.yml"] = "- [后扶, 后期扶持]"
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let words = try #require(report.sites[0].files.first { $0.path.hasPrefix("search/words.") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(words.bytes)) as? [String: Any])
        let groups = try #require(json["synonyms"] as? [[String]])
        // The built-in lexicon first, then the shared and the site's groups, merged into it;
        // only groups with a word the site's text holds (a query can only be rewritten into
        // words that are there).
        #expect(groups.count < Lexicon.groups.count / 2)
        #expect(!groups.contains { $0.contains("演习") }, "no drill on this site")
        #expect(groups.contains { $0.contains("后扶") && $0.contains("后期扶持") })
        #expect(groups.contains { $0.contains("老协") && $0.contains("老年协会") })
        #expect(groups.contains { $0.contains("投诉") && $0.contains("信访") }, "the lexicon's 投诉 → 信访")
        #expect((json["syllables"] as? String)?.contains("chang") == true)
    }

    @Test func aBrokenSynonymsFileIsAnError() throws {
        let report = try TestSite(["synonyms.yml": "后扶: [后期扶持"]).build()
        #expect(report.errors.first?.path == "content/test/synonyms.yml")
    }
}
