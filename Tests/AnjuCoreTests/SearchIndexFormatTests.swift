import Foundation
import Testing
@testable import AnjuCore
@testable import AnjuKernels

/// The index as docs/search-index.md defines it: the fast builder against the plain
/// reference on generated sites of several shapes, the kernels against plain twins, and
/// the conformance vectors the browser's tests read too (tests/js/search-text.test.mjs).
@Suite struct SearchIndexFormatTests {
    /// Text from a small alphabet, so tokens repeat across entries as words do.
    static func text(_ rng: inout some RandomNumberGenerator, length: Int) -> String {
        let alphabet = Array("补偿标准停水通知公益性岗位后期扶持资金社区居民幢单元的了是在有")
        var s = ""
        for i in 0..<length {
            s.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
            if i % 17 == 16 { s += ["，", "。", " 600元 ", " 3幢 ", " wifi ", "\n", " <b>&\"引号\"\\\u{2028}\t"][Int.random(in: 0..<7, using: &rng)] }
        }
        return s
    }

    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    /// Pages of each shape: a few in `make test`; `make bench` sets ANJU_REFERENCE_PAGES to 10,000.
    static let pages = ProcessInfo.processInfo.environment["ANJU_REFERENCE_PAGES"].flatMap { Int($0) }.map { [$0, $0, $0] }
        ?? [60, 120, 200]

    /// Sites of different shapes: Q&A topics of 1 to 15 questions, notices from a line to
    /// thousands of characters, and one section dominating.
    static func corpus(shape: Int, seed: UInt64) -> [SearchEntry] {
        var rng = Seeded(state: seed)
        var entries: [SearchEntry] = []
        let count = pages[shape]
        for i in 0..<count {
            let kind = shape == 2 ? (i % 10 == 0 ? 1 : 0) : i % 3
            switch kind {
            case 0:
                let day = 1 + Int.random(in: 0..<28, using: &rng)
                var notice = SearchEntry(url: "/notices/n\(i)/", title: text(&rng, length: 8 + i % 12), headings: [],
                                         body: text(&rng, length: shape == 1 ? 2_000 + i % 400 * 7 : 20 + i % 300),
                                         section: .notice, category: nil, date: String(format: "2026-11-%02d", day), parent: nil)
                // Keys (a schedule's area, buildings and groups): held as body, not in the length.
                if i % 5 == 0 { notice.keys = "第\(1 + i % 9)至第\(9 + i % 9)幢 " + (1 + i % 9...9 + i % 9).map { "zhuang\($0)" }.joined(separator: " ") }
                entries.append(notice)
            case 1:
                let questions = i == 1 ? 40 : 1 + i % 15 // one topic over a record file's 32
                entries.append(SearchEntry(url: "/qa/t\(i)/", title: text(&rng, length: 6), headings: (0..<questions).map { _ in text(&rng, length: 12) },
                                           body: text(&rng, length: 40), section: .qa, category: "补偿", date: nil, parent: nil))
                for q in 0..<questions {
                    entries.append(SearchEntry(url: "/qa/t\(i)/#q\(q)", title: text(&rng, length: 12), headings: [],
                                               body: text(&rng, length: 80 + q * 13), section: .qa, category: "补偿", date: nil,
                                               parent: "话题"))
                }
            default:
                entries.append(SearchEntry(url: "/guides/g\(i)/", title: text(&rng, length: 10), headings: [text(&rng, length: 6)],
                                           body: text(&rng, length: 300), section: .guide, category: ["办事", "", nil][i % 3],
                                           date: i % 2 == 0 ? nil : "2026-10-0\(1 + i % 9)", parent: nil))
                // The grid directory's buildings, named as residents say them.
                if i % 4 == 2 {
                    entries.append(SearchEntry(url: "/grid/#b\(i)", title: "\(i)幢", headings: [], body: text(&rng, length: 30), section: .grid,
                                               category: nil, date: nil, parent: "网格", building: ["0\(i)", "A\(i)", "\(i)"][i % 3]))
                }
            }
        }
        return entries
    }

    /// Synonym groups: some the corpus holds, one it does not, one reaching a question word.
    static let synonyms = [["后扶", "后期扶持"], ["低保", "最低生活保障"], ["演习", "演练"], ["咋个", "怎么"], ["停水", "断水", "没水"]]

    @Test(arguments: [0, 1, 2])
    func theFastBuilderWritesWhatThePlainReferenceWrites(shape: Int) {
        let entries = Self.corpus(shape: shape, seed: UInt64(7 + shape))
        let reference = ReferenceSearchIndex(pinyin: PinyinTable.shared).build(entries, synonyms: Self.synonyms)
        // Every file, byte for byte (shards before compression), and what the search page names.
        let index = SearchIndexBuilder().build(entries, synonyms: Self.synonyms)
        #expect(index.links == reference.links)
        #expect(Set(index.jsonFiles.map(\.path)) == Set(reference.jsonFiles.keys))
        for file in index.jsonFiles { #expect(file.bytes == reference.jsonFiles[file.path], "\(file.path) (shape \(shape))") }
        // The record files as the reader inflates them.
        #expect(Set(index.records.map(\.path)) == Set(reference.recordJSON.keys))
        for file in index.records { #expect(ZlibCompression.decompressed(file.bytes) == reference.recordJSON[file.path], "\(file.path) (shape \(shape))") }
        #expect(Dictionary(uniqueKeysWithValues: index.shards.map { ($0.path, $0.records) }) == reference.shardFiles)
        #expect(reference.recordJSON.keys.contains { $0.hasPrefix("search/d/") } && reference.links.shards.contains("|"))
        let (ordered, tailStart) = SearchIndexBuilder.ordered(entries)
        #expect(ordered.map(\.url) == reference.order)
        let postings = Postings.build(ordered, pinyin: PinyinTable.shared)
        #expect(postings.lengths == reference.lengths)
        #expect(Self.places(reference.recordFiles, count: entries.count) == SearchIndexBuilder.recordOffsets(ordered))
        let head = SearchIndexBuilder.shards(postings, entries: 0..<Int32(tailStart), segment: .head)
        let tail = SearchIndexBuilder.shards(postings, entries: Int32(tailStart)..<Int32(ordered.count), segment: .tail)
        #expect(head.count == reference.head.count && tail.count == reference.tail.count)
        #expect(head == reference.head, "head shards differ (shape \(shape))")
        #expect(tail == reference.tail, "tail shards differ (shape \(shape))")
        #expect(head.count > 1 || shape == 0, "shape \(shape) spans several shards")
    }

    /// A week of notices gets small shards, a few of them; a tail as large as a whole index
    /// (every notice imported on one date) gets the head's size, not thousands of names.
    @Test func tailShardsAreSmallWhileTheTailIsSmall() {
        let kib = 1_024
        let tail = [0, 1_000, 5 * kib, 200 * kib, 256 * kib, 300 * kib, 1_024 * kib, 2_048 * kib, 8_192 * kib]
            .map { SearchIndexBuilder.Segment.tail.shardCount(recordBytes: $0) }
        #expect(tail == [1, 1, 8, 256, 256, 256, 256, 512, 2_048])
        let head = [0, 4 * kib, 5 * kib, 2_048 * kib].map { SearchIndexBuilder.Segment.head.shardCount(recordBytes: $0) }
        #expect(head == [1, 1, 2, 512])
    }

    /// Ten bits a tail token while that fits in 4 KiB, fewer down to two, then none: a
    /// week of notices gets a filter the search page can carry.
    @Test func theTailFilterIsSizedByTheTail() {
        let sizes = [0, 1, 100, 3_276, 3_277, 16_384, 16_385].map { TailFilter.size(tokens: $0) }
        #expect(sizes.map { $0?.bytes } == [nil, 2, 125, 4_095, 4_096, 4_096, nil])
        #expect(sizes.map { $0?.probes } == [nil, 11, 7, 7, 7, 1, nil])
        #expect(TailFilter.attribute(tokenHashes: []) == "")
        let attribute = TailFilter.attribute(tokenHashes: [1, 2, 3])
        #expect(attribute.hasPrefix("7:") && Data(base64Encoded: String(attribute.dropFirst(2)))?.count == 4)
    }

    @Test func thePhoneticCutKeepsWhatSortingEveryEntryKeeps() {
        var rng = SplitMix64(state: 11)
        for round in 0..<200 {
            let count = rng.below(400), limit = [0, 1, 5, 100][round % 4]
            // Few distinct scores, so ties to the lower entry decide most of the cut.
            var scored: [(score: Double, entry: Int32)] = []
            for _ in 0..<count { scored.append((score: Double(rng.below(6)) / 5, entry: Int32(rng.below(1_000)))) }
            var best = BestEntries(limit: limit)
            for item in scored { best.offer(score: item.score, entry: item.entry) }
            let sorted = scored.sorted { a, b in a.score != b.score ? a.score > b.score : a.entry < b.entry }
            let expected: [Int32] = sorted.prefix(limit).map { $0.entry }.sorted()
            #expect(best.entries == expected, "round \(round)")
        }
    }

    @Test func aSortedListIsCutWhereALinearScanCutsIt() {
        var rng = SplitMix64(state: 5)
        for round in 0..<300 {
            let list = (0..<rng.below(40)).map { _ in Int32(rng.below(50)) }.sorted()
            let bound = Int32(rng.below(55))
            let slice = list[(list.count / 3)...]
            #expect(slice.partitioningIndex(where: { $0 >= bound }) == (slice.firstIndex { $0 >= bound } ?? slice.endIndex),
                    "round \(round)")
        }
    }

    @Test func tokensAreOrderedAsTheirBytesCompare() {
        var rng = SplitMix64(state: 9)
        // Few distinct bytes, zero among them, and lengths around eight: shared prefixes,
        // tokens that end where another goes on, and equal first eight bytes.
        let alphabet: [UInt8] = [0, 1, 0x61, 0xE4, 0xFF]
        for round in 0..<200 {
            var seen = Set<[UInt8]>()
            let tokens = (0..<rng.below(60)).compactMap { _ -> [UInt8]? in
                let token = (0..<rng.below(13)).map { _ in alphabet[rng.below(alphabet.count)] }
                return seen.insert(token).inserted ? token : nil
            }
            let plain = tokens.indices.sorted { tokens[$0].lexicographicallyPrecedes(tokens[$1]) }
            let starts = tokens.reduce(into: [0]) { $0.append($0.last! + $1.count) }
            #expect(Postings.byteOrder(tokens.flatMap { $0 }, starts: starts) == plain, "round \(round)")
        }
    }

    @Test func theKernelsMatchTheirPlainTwins() {
        for value in [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 35] {
            var out: [UInt8] = []
            IndexEncoding.appendVarint(value, to: &out)
            var plain: [UInt8] = [], v = value
            repeat { plain.append(UInt8(v & 0x7F) | (v >= 0x80 ? 0x80 : 0)); v >>= 7 } while v > 0
            #expect(out == plain && IndexEncoding.varintSize(value) == plain.count, "\(value)")
        }
        #expect(IndexEncoding.fnv1a32(Array("停水".utf8)) == SearchText.shardHash("停水"))
        // One kept compressor, input after input, writes what zlib itself inflates back.
        let deflater = Deflater(level: 1)
        var random = SystemRandomNumberGenerator()
        let noise = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &random) }
        for bytes in [Array(("补偿标准停水通知" + String(repeating: "水", count: 3000)).utf8), [], [0x61],
                      Array(String(repeating: "补偿", count: 9).utf8), noise] {
            #expect(ZlibCompression.decompressed(deflater.compressed(bytes)!) == bytes)
        }
        #expect(IndexEncoding.hex(IndexEncoding.fnv1a64([UInt8]()), digits: 12) == "cbf29ce48422")
        #expect(IndexEncoding.hex(IndexEncoding.fnv1a64(Array("a".utf8)), digits: 16) == "af63dc4c8601ec8c")
        // A shard's name: RFC 4648 base32 of the hash's big-endian bytes (v5r5ytegahwiy===), lower case, cut.
        #expect(IndexEncoding.base32(IndexEncoding.fnv1a64(Array("a".utf8)), characters: 6) == "v5r5yt")
        #expect(IndexEncoding.base32(0xAF63_DC4C_8601_EC8C, characters: 12) == "v5r5ytegahwi")
        #expect(IndexEncoding.base32(0, characters: 6) == "aaaaaa" && IndexEncoding.base32(.max, characters: 6) == "777777")
    }

    /// The vectors both languages read: a small site, its shards as hex, and what a few
    /// tokens' postings are. `ANJU_UPDATE_VECTORS=1` rewrites them from the reference.
    @Test func theConformanceVectorsHold() throws {
        let entries = Self.vectorEntries
        let reference = ReferenceSearchIndex(pinyin: PinyinTable.shared).build(entries)
        let path = repositoryRoot + "/Tests/vectors/search-index.json"
        func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }
        let expected: [String: Any] = [
            "about": "docs/search-index.md, version 7: the entries of a small site, in index order, their record files and places, its shards and the tail's filter; "
                + "Tests/AnjuCoreTests/SearchIndexFormatTests.swift and tests/js/search-text.test.mjs check both sides.",
            "entries": reference.order,
            "lengths": reference.lengths,
            "recordFiles": reference.recordFiles,
            "places": Self.places(reference.recordFiles, count: entries.count),
            "head": reference.head.map(hex), "tail": reference.tail.map(hex),
            "tailFilter": reference.links.tailFilter,
            "filters": Self.filterVectors,
            "postings": Self.vectorTokens.map { token -> [String: Any] in
                ["token": token, "postings": Self.plainPostings(token, reference: reference)]
            },
        ]
        if ProcessInfo.processInfo.environment["ANJU_UPDATE_VECTORS"] != nil {
            let data = try JSONSerialization.data(withJSONObject: expected, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try data.write(to: URL(fileURLWithPath: path))
        }
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let (ordered, tailStart) = SearchIndexBuilder.ordered(entries)
        let postings = Postings.build(ordered, pinyin: PinyinTable.shared)
        #expect(stored["head"] as? [String] == SearchIndexBuilder.shards(postings, entries: 0..<Int32(tailStart), segment: .head).map(hex))
        #expect(stored["tail"] as? [String] == SearchIndexBuilder.shards(postings, entries: Int32(tailStart)..<Int32(ordered.count), segment: .tail).map(hex))
        #expect(stored["entries"] as? [String] == ordered.map(\.url))
        #expect(stored["tailFilter"] as? String == SearchIndexBuilder().build(entries).tailFilter)
        #expect((stored["filters"] as? [[String: Any]])?.map { $0["filter"] as? String } == Self.filterVectors.map { $0["filter"] as? String })
        #expect(stored["lengths"] as? [Int] == postings.lengths)
        #expect(stored["places"] as? [Int] == SearchIndexBuilder.recordOffsets(ordered))
    }

    static let vectorTokens = ["停水", "水", "600", "~ting'shui", "^ts", "通知"]

    /// Filters of every size and probe count the formula's edges reach (one byte, an odd
    /// size, the 4 KiB cap; one probe, three, sixteen), which the reader rebuilds bit for bit.
    static var filterVectors: [[String: Any]] {
        let tokens = vectorTokens + ["补偿标准", "低保", "后扶", "院坝会", "0870-1234567", "wifi", "~di'bao", "^db"]
        return [(1, 1), (2, 3), (77, 7), (4_096, 16), (4_096, 1)].map { byteCount, probes in
            let bytes = TokenFilter.bytes(hashes: tokens.map { IndexEncoding.fnv1a32(Array($0.utf8)) }, byteCount: byteCount, probes: probes)
            return ["tokens": tokens, "bytes": byteCount, "probes": probes, "filter": "\(probes):" + Data(bytes).base64EncodedString()]
        }
    }

    static let vectorEntries: [SearchEntry] = [
        SearchEntry(url: "/qa/shui/", title: "停水了怎么办", headings: ["停水多久", "去哪里接水"], body: "停水一般不超过一天。", section: .qa,
                    category: "便民", date: nil, parent: nil),
        SearchEntry(url: "/qa/shui/#停水多久", title: "停水多久", headings: [], body: "一般不超过一天。", section: .qa,
                    category: "便民", date: nil, parent: "停水了怎么办"),
        SearchEntry(url: "/qa/shui/#去哪里接水", title: "去哪里接水", headings: [], body: "到小区东门的送水车接水。", section: .qa,
                    category: "便民", date: nil, parent: "停水了怎么办"),
        SearchEntry(url: "/notices/b/", title: "关于停水的通知", headings: [], body: "3幢明天停水，请储水。每户补助600元。", section: .notice,
                    category: "停水停电", date: "2026-11-24", parent: nil),
        SearchEntry(url: "/notices/a/", title: "居民大会通知", headings: [], body: "请到党群服务中心开会。", section: .notice,
                    category: nil, date: "2026-11-10", parent: nil),
        SearchEntry(url: "/guides/g/", title: "低保申请", headings: ["材料"], body: "身份证、户口簿。WiFi 600", section: .guide,
                    category: "社会救助", date: nil, parent: nil),
    ]

    /// Each entry's place in its record file, from the reference's files.
    static func places(_ files: [[Int]], count: Int) -> [Int] {
        var places = [Int](repeating: -1, count: count)
        for file in files { for (place, entry) in file.enumerated() { places[entry] = place } }
        return places
    }

    /// A token's postings from the reference's plain counting, as [entry, code] pairs.
    static func plainPostings(_ token: String, reference: ReferenceSearchIndex.Output) -> [[Int]] {
        var found: [[Int]] = []
        for shard in reference.head + reference.tail {
            for record in shardRecords(shard) where record.token == token { found += record.postings }
        }
        return found.sorted { $0[0] < $1[0] }
    }
}
