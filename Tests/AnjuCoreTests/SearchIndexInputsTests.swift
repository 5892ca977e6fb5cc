import Testing
@testable import AnjuCore

/// A build keeps the search index in place when the digest of its inputs is the one that
/// index was built from: every input that changes the index must change the digest.
@Suite struct SearchIndexInputsTests {
    static let entry = SearchEntry(url: "/notices/a/", title: "停水通知", headings: ["停水时间"], body: "明日停水。",
                                   section: .notice, category: "停水停电", date: "2026-11-30", parent: nil)
    static let synonyms = [["低保", "最低生活保障"]]

    static func edited(_ change: (inout SearchEntry) -> Void) -> [SearchEntry] {
        var entry = Self.entry
        change(&entry)
        return [entry]
    }

    @Test func anyChangeToWhatTheIndexReadsChangesTheDigest() throws {
        let pinyin = PinyinTable.shared
        let base = try #require(SearchIndexInputs.digest([Self.entry], synonyms: Self.synonyms, pinyin: pinyin))
        #expect(SearchIndexInputs.digest([Self.entry], synonyms: Self.synonyms, pinyin: pinyin) == base)
        let changes: [(String, [SearchEntry], [[String]], PinyinTable?)] = [
            ("url", Self.edited { $0.url = "/notices/b/" }, Self.synonyms, pinyin),
            ("title", Self.edited { $0.title = "停电通知" }, Self.synonyms, pinyin),
            ("a heading more", Self.edited { $0.headings.append("") }, Self.synonyms, pinyin),
            ("headings cut elsewhere", Self.edited { $0.headings = ["停水", "时间"] }, Self.synonyms, pinyin),
            ("body", Self.edited { $0.body = "后天停水。" }, Self.synonyms, pinyin),
            ("section", Self.edited { $0.section = .page }, Self.synonyms, pinyin),
            ("category", Self.edited { $0.category = nil }, Self.synonyms, pinyin),
            ("category as parent", Self.edited { $0.category = nil; $0.parent = "停水停电" }, Self.synonyms, pinyin),
            ("date", Self.edited { $0.date = "2026-12-01" }, Self.synonyms, pinyin),
            ("parent", Self.edited { $0.parent = "停水通知" }, Self.synonyms, pinyin),
            ("building", Self.edited { $0.building = "3" }, Self.synonyms, pinyin),
            ("shown body", Self.edited { $0.shownBody = "停水。" }, Self.synonyms, pinyin),
            ("keys", Self.edited { $0.keys = "zhuang5" }, Self.synonyms, pinyin),
            ("an entry more", [Self.entry, Self.entry], Self.synonyms, pinyin),
            ("no entries", [], Self.synonyms, pinyin),
            ("synonyms grouped apart", [Self.entry], [["低保"], ["最低生活保障"]], pinyin),
            ("no synonyms", [Self.entry], [], pinyin),
            ("no pinyin", [Self.entry], Self.synonyms, nil),
            ("another pinyin table", [Self.entry], Self.synonyms, PinyinTable(text: "补\tbu\t1\n偿\tchang\t1\n")),
        ]
        var seen = [base]
        for (change, entries, synonyms, table) in changes {
            let digest = try #require(SearchIndexInputs.digest(entries, synonyms: synonyms, pinyin: table))
            #expect(!seen.contains(digest), "\(change) left the digest as another input's")
            seen.append(digest)
        }
    }
}
