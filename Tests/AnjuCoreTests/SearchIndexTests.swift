import Foundation
import Testing
@testable import AnjuCore

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
        var normalize: [Normalize]
        var indexTokens: [IndexTokens]
        var shardHash: [Hash]
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
}

@Suite struct SearchIndexBuilderTests {
    func entry(_ title: String, _ body: String, section: SearchEntry.Section = .notice, category: String? = nil) -> SearchEntry {
        SearchEntry(url: "/\(title)/", title: title, headings: [], body: body, section: section, category: category,
                    date: "2026-11-20", parent: nil)
    }

    func decode(_ file: OutputFile) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(file.bytes))
    }

    @Test func everyTokenIsInTheShardItsHashNames() throws {
        var entries: [SearchEntry] = []
        for i in 0..<200 { entries.append(entry("通知\(i)", "第\(i)号楼临时停水，请储水。物业电话0870\(i % 7)。")) }
        let index = SearchIndexBuilder().build(entries)
        #expect(index.shardCount > 1)
        for file in index.files where file.path.contains("/s/") {
            let n = Int(file.path.split(separator: "/").last!.dropLast(5))!
            let shard = try #require(try decode(file) as? [String: [Int]])
            for token in shard.keys { #expect(Int(SearchText.shardHash(token) % UInt32(index.shardCount)) == n) }
        }
    }

    @Test func commonTokensKeepOnlyTheirBestEntries() throws {
        let count = SearchIndexBuilder.postingsPerToken + 50
        let entries = (0..<count).map { entry("第\($0)条", String(repeating: "水", count: 1 + $0 % 5) + "通知") }
        let index = SearchIndexBuilder().build(entries)
        let shardFile = try #require(index.files.first {
            $0.path == index.folder + "s/\(SearchText.shardHash("水") % UInt32(index.shardCount)).json"
        })
        let shard = try #require(try decode(shardFile) as? [String: [Int]])
        let numbers = try #require(shard["水"])
        var kept = 0, i = 0
        while i < numbers.count { kept += 1; i += 3 + numbers[i + 2] }
        #expect(kept == SearchIndexBuilder.postingsPerToken)
    }

    @Test func titleWeighsMoreThanBody() throws {
        let index = SearchIndexBuilder().build([entry("停水通知", "明天。"), entry("工作安排", "明天停水。")])
        let shardFile = try #require(index.files.first {
            $0.path == index.folder + "s/\(SearchText.shardHash("停水") % UInt32(index.shardCount)).json"
        })
        let numbers = try #require((try decode(shardFile) as? [String: [Int]])?["停水"])
        // [Δentry, impact, count, positions…] for entries 0 and 1.
        #expect(numbers[0] == 0 && numbers[3] == 0, "entry 0 has 停水 at position 0 of its title")
        let second = 3 + numbers[2]
        #expect(numbers[second] == 1)
        #expect(numbers[1] > numbers[second + 1], "title impact beats body impact")
        #expect(numbers[second + 3] == "工作安排".count + 2 + 2, "body positions follow title and headings")
    }

    /// Each entry's class is its (section, category) pair, numbered as first met; no category
    /// and an empty one are the same class.
    @Test func entriesShareTheClassOfTheirSectionAndCategory() throws {
        let index = SearchIndexBuilder().build([
            entry("一", "文"), entry("二", "文", category: ""), entry("三", "文", section: .qa, category: "补偿补助"),
            entry("四", "文", category: "停水停电"), entry("五", "文", section: .qa, category: "补偿补助"), entry("六", "文"),
        ])
        let metaFile = try #require(index.files.first { $0.path.hasSuffix("meta.json") })
        let meta = try #require(try decode(metaFile) as? [String: Any])
        #expect((meta["classes"] as? [[String]]) == [["notice", ""], ["qa", "补偿补助"], ["notice", "停水停电"]])
        #expect(meta["cls"] as? String == "!!#$#!")
    }

    @Test func metaClassesAndFragmentsAreValidJSON() throws {
        let index = SearchIndexBuilder().build([
            entry("<img src=x onerror=alert(1)>", "\"引号\" </script>", category: "停水停电"),
            entry("问答", "答案", section: .qa, category: "补偿补助"),
        ])
        let metaFile = try #require(index.files.first { $0.path.hasSuffix("meta.json") })
        let meta = try #require(try decode(metaFile) as? [String: Any])
        #expect(meta["entries"] as? Int == 2)
        #expect(meta["cls"] as? String == "!#")
        #expect((meta["classes"] as? [[String]]) == [["notice", "停水停电"], ["qa", "补偿补助"]])
        let fragmentFile = try #require(index.files.first { $0.path.hasSuffix("d/0.json") })
        let fragment = try #require(try decode(fragmentFile) as? [String: String])
        #expect(fragment["t"] == "<img src=x onerror=alert(1)>")
        #expect(fragment["x"] == "\"引号\" </script>")
        #expect(!String(decoding: index.files.first { $0.path.hasSuffix("d/0.json") }!.bytes, as: UTF8.self).contains("</script>"))
    }

    @Test func theIndexIsReproducibleAndItsFolderChangesWithContent() {
        let a = SearchIndexBuilder().build([entry("甲", "一"), entry("乙", "二")])
        let b = SearchIndexBuilder().build([entry("甲", "一"), entry("乙", "二")])
        let c = SearchIndexBuilder().build([entry("甲", "一"), entry("乙", "三")])
        #expect(a.files.map(\.bytes) == b.files.map(\.bytes))
        #expect(a.folder == b.folder && a.folder != c.folder)
    }

    @Test func qaQuestionsAreTheirOwnEntries() throws {
        let report = try TestSite([
            "qa/houfu.md": markdown("title: 后扶问答\ncategory: 后期扶持", "## 每人每年多少钱？\n\n600元。\n\n## 扶持多少年？\n\n20年。"),
        ]).build()
        let fragments = report.sites[0].files.filter { $0.path.contains("/d/") }
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.bytes)) as? [String: String] }
        #expect(Set(fragments.compactMap { $0["u"] }) == ["/qa/houfu/", "/qa/houfu/#每人每年多少钱", "/qa/houfu/#扶持多少年"])
        #expect(fragments.first { $0["u"] == "/qa/houfu/#扶持多少年" }?["p"] == "后扶问答")
        let search = try #require(report.page("search/index.html"))
        #expect(search.contains("data-index=\"/search/"))
        #expect(search.contains("<script type=\"module\" src=\"/assets/search."))
    }
}

@Suite struct TopPostingsTests {
    @Test func largestIsTheKthLargestOfDistinctValues() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 7, 100, 101, 1_000, 5_000] {
            var values = Set<UInt64>()
            while values.count < count { values.insert(UInt64.random(in: 0...UInt64(count * 4), using: &generator)) }
            let list = Array(values).shuffled(using: &generator), sorted = list.sorted(by: >)
            for k in Set([1, 2, count / 2, count - 1, count].filter { $0 >= 1 && $0 <= count }) {
                var scratch = list
                #expect(SearchIndexBuilder.largest(k, in: &scratch) == sorted[k - 1], "count \(count), k \(k)")
            }
        }
    }
}
