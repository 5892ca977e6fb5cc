import AnjuKernels
import Foundation

/// Index stage: a site's search index as the files a phone fetches piece by piece, in the
/// format `docs/search-index.md` defines. What is decided here: the order of
/// the entries, the head and tail segments, how many shards each has, what every file is
/// called and holds. The bytes of a shard's token records are `IndexEncoding`'s; what a
/// token is worth in an entry is left to the reader (`search.mjs`), from the field codes.
public struct SearchIndexBuilder: Sendable {
    public static let version = 7
    /// The two segments, sharded each on its own.
    public enum Segment: Sendable {
        case head, tail

        /// What a shard's file name starts with: `h3.…`, `t3.…`.
        var letter: String { self == .head ? "h" : "t" }

        /// Shards for `total` bytes of token records: a power of two, so a shard keeps its
        /// tokens until its segment doubles or halves. The head's average 4 KiB before
        /// compression. Every query token also fetches a tail shard, and the tail (a week of
        /// notices) is mostly tokens met once, so its shards average 1 KiB, up to 256 of
        /// them (the search page lists every shard), and 4 KiB once it needs more.
        public func shardCount(recordBytes total: Int) -> Int {
            func count(_ target: Int) -> Int {
                var count = 1
                while count * target < total { count *= 2 }
                return count
            }
            switch self {
            case .head: return count(4_096)
            case .tail: return max(count(4_096), min(count(1_024), 256))
            }
        }
    }
    public static let recordsPerBlock = 256
    public static let recordsPerFile = 32
    public static let fragmentTextLimit = 1_600
    /// An empty shard's entry in the search page's list: it has no file.
    public static let emptyShard = "-"
    /// A shard's name in its file and in the search page's list: 30 bits of its records' hash,
    /// enough that a changed shard all but never keeps its name, in as few characters as the
    /// list of a large site's thousands of shards can spare.
    public static let shardHashCharacters = 6

    /// Shard `n` of `segment`, its records hashing to `hash`: the number keeps two shards of
    /// one build apart, the hash two builds' versions of one shard.
    static func shardFile(_ segment: Segment, _ n: Int, _ hash: String) -> String {
        "\(segment.letter)\(n).\(hash).bin"
    }

    public struct Index: Sendable {
        /// The meta and words files and the pinyin table, under `search/`.
        public var jsonFiles: [OutputFile]
        /// The display-record files, each a JSON array compressed with zlib, as a shard is.
        public var records: [OutputFile]
        /// The shards, each once, named by their token records and compressed only when
        /// written: a rebuild keeps the shards already in place without compressing them.
        public var shards: [(path: String, records: [UInt8])]
        /// The meta file's path: `search/meta.3f9c2a1b0d4e.json`.
        public var meta: String
        /// The words file's path: `search/words.3f9c2a1b0d4e.json`.
        public var words: String
        /// The shards' names, head then tail, each segment's run together: the search page's
        /// `data-shards`.
        public var shardNames: String
        /// The search page's `data-tail`: which tokens the tail may hold (`TailFilter`).
        public var tailFilter: String
        public var folder: String { "search/" }
        /// What the search page names.
        public var links: SearchPageLinks { SearchPageLinks(meta: meta, words: words, shards: shardNames, tailFilter: tailFilter) }

        public var paths: [String] { jsonFiles.map(\.path) + records.map(\.path) + shards.map(\.path) }

        /// Every file, under `search/`, the shards compressed: all of them at each call, so
        /// read it once (the build itself uses `compressedShards(except:)`).
        public var files: [OutputFile] { jsonFiles + records + compressedShards(except: { _ in false }) }

        /// The shards but those `present` says are in place already, compressed with zlib
        /// (static hosts send binary files as they are) on every core.
        public func compressedShards(except present: (String) -> Bool) -> [OutputFile] {
            let missing = shards.filter { !present($0.path) }
            let compressed = ResultSlots<OutputFile>(count: missing.count)
            let workers = min(Parallel.threads, missing.count)
            Parallel.forEach(workers) { w in
                let deflater = Deflater(level: 1)
                for i in (missing.count * w / workers)..<(missing.count * (w + 1) / workers) {
                    guard let bytes = deflater.compressed(missing[i].records) else { fatalError("zlib could not compress a shard: out of memory") }
                    compressed.set(i, OutputFile(path: missing[i].path, bytes: bytes))
                }
            }
            return compressed.values
        }
    }

    /// Pinyin and initials tokens, from this table (nil only to measure what they cost).
    public var pinyin: PinyinTable?

    public init(pinyin: PinyinTable? = PinyinTable.shared) {
        self.pinyin = pinyin
    }

    /// Entries in index order: undated ones by URL, then dated ones by date and URL; and
    /// where the tail starts (dated on or after the Monday of the newest date's week).
    static func ordered(_ entries: [SearchEntry]) -> (entries: [SearchEntry], tailStart: Int) {
        // Sort keys made once, not a String's bytes copied at every comparison; the entries
        // themselves are moved once, in the order found.
        let urls = entries.map { Array($0.url.utf8) }
        let dates = entries.map { $0.date.map { Array($0.utf8) } }
        func byURL(_ a: Int, _ b: Int) -> Bool { urls[a].lexicographicallyPrecedes(urls[b]) }
        let undated = entries.indices.filter { dates[$0] == nil }.sorted(by: byURL)
        let dated = entries.indices.filter { dates[$0] != nil }.sorted {
            dates[$0]! != dates[$1]! ? dates[$0]!.lexicographicallyPrecedes(dates[$1]!) : byURL($0, $1)
        }
        let ordered = (undated + dated).map { entries[$0] }
        guard let newest = dated.last.flatMap({ entries[$0].date }), let day = ChinaTime.parse(newest)?.dayNumber else {
            return (ordered, ordered.count)
        }
        // 1970-01-01, day 0, was a Thursday.
        let monday = Array(ChinaTime(epochSeconds: (day - (day + 3) % 7) * 86_400 - Int64(ChinaTime.offsetSeconds), hasTime: false).dateOnly.utf8)
        let tail = dated.partitioningIndex(where: { !dates[$0]!.lexicographicallyPrecedes(monday) })
        return (ordered, undated.count + tail)
    }

    public func build(_ unordered: [SearchEntry], synonyms: [[String]] = []) -> Index {
        let (entries, tailStart) = Self.ordered(unordered)
        let (shards, segmentNames, tailFilter, lengths, synonyms) = shardFiles(entries, tailStart: tailStart, synonyms: synonyms)
        var files: [OutputFile] = []
        var blocks: [String] = []
        // Entries are read in place here and below (by index, one field at a time): a copy of
        // an entry retains and releases each of its strings.
        for start in stride(from: 0, to: entries.count, by: Self.recordsPerBlock) {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for id in start..<min(start + Self.recordsPerBlock, entries.count) {
                hash = IndexEncoding.fnv1a64(entries[id].url.utf8, into: hash)
                hash = IndexEncoding.fnv1a64(CollectionOfOne(0x0A), into: hash) // \n
            }
            blocks.append(IndexEncoding.hex(hash, digits: 10))
        }
        let offsets = Self.recordOffsets(entries)
        // Each record file written straight into its own bytes and compressed, on every core.
        let blockNames = blocks
        let firsts = offsets.indices.filter { offsets[$0] == 0 }
        let recordFiles = ResultSlots<OutputFile>(count: firsts.count)
        let parts = min(firsts.count, Parallel.threads * 8)
        Parallel.forEach(parts) { part in
            let deflater = Deflater(level: 1)
            for f in (firsts.count * part / parts)..<(firsts.count * (part + 1) / parts) {
                let first = firsts[f], end = f + 1 < firsts.count ? firsts[f + 1] : entries.count
                var bytes: [UInt8] = [0x5B] // [
                bytes.reserveCapacity((first..<end).reduce(2) {
                    $0 + entries[$1].url.utf8.count + entries[$1].title.utf8.count
                        + min(entries[$1].body.utf8.count, Self.fragmentTextLimit * 3) + 64
                })
                for id in first..<end {
                    if id > first { bytes.append(0x2C) } // ,
                    appendRecord(entries[id], to: &bytes)
                }
                bytes.append(0x5D) // ]
                guard let compressed = deflater.compressed(bytes) else { fatalError("zlib could not compress a record file: out of memory") }
                recordFiles.set(f, OutputFile(path: "search/d/\(blockNames[first / Self.recordsPerBlock])/\(first % Self.recordsPerBlock).bin",
                                              bytes: compressed))
            }
        }
        var pinyinName: String?
        if let pinyin {
            let bytes = pinyin.browserJSONBytes
            pinyinName = "pinyin.\(IndexEncoding.hex(IndexEncoding.fnv1a64(bytes), digits: 12)).json"
            files.append(OutputFile(path: "search/" + pinyinName!, bytes: bytes))
        }
        let meta = Array(meta(entries, lengths: lengths, offsets: offsets, blocks: blocks).utf8)
        let metaPath = "search/meta.\(IndexEncoding.hex(IndexEncoding.fnv1a64(meta), digits: 12)).json"
        files.append(OutputFile(path: metaPath, bytes: meta))
        let words = Array(words(synonyms: synonyms, pinyinFile: pinyinName).utf8)
        let wordsPath = "search/words.\(IndexEncoding.hex(IndexEncoding.fnv1a64(words), digits: 12)).json"
        files.append(OutputFile(path: wordsPath, bytes: words))
        return Index(jsonFiles: files, records: recordFiles.values, shards: shards, meta: metaPath, words: wordsPath,
                     shardNames: segmentNames[0].joined() + "|" + segmentNames[1].joined(), tailFilter: tailFilter)
    }

    /// The shard files of the head and the tail and their names, the tail's filter, each
    /// entry's length and the synonym groups the site's text reaches: all that is needed of
    /// the postings, which are freed on return, before the record files are made (the two
    /// would add up).
    private func shardFiles(_ entries: [SearchEntry], tailStart: Int, synonyms: [[String]])
        -> (shards: [(path: String, records: [UInt8])], names: [[String]], tailFilter: String, lengths: [Int], synonyms: [[String]]) {
        let postings = Postings.build(entries, pinyin: pinyin)
        var shards: [(path: String, records: [UInt8])] = []
        var segmentNames: [[String]] = []
        let segments = [(0..<Int32(tailStart), Segment.head), (Int32(tailStart)..<Int32(entries.count), Segment.tail)]
        for (range, segment) in segments {
            var names: [String] = []
            for (n, records) in Self.shards(postings, entries: range, segment: segment).enumerated() {
                guard !records.isEmpty else { names.append(Self.emptyShard); continue }
                let hash = IndexEncoding.base32(IndexEncoding.fnv1a64(records), characters: Self.shardHashCharacters)
                names.append(hash)
                shards.append(("search/s/\(Self.shardFile(segment, n, hash))", records))
            }
            segmentNames.append(names)
        }
        let tailTokens = (0..<postings.tokenCount).filter { Int(postings.lastEntry($0)) >= tailStart }
        let tailFilter = TailFilter.attribute(tokenHashes: tailTokens.map { IndexEncoding.fnv1a32(postings.tokenBytes, postings.token($0)) })
        return (shards, segmentNames, tailFilter, postings.lengths, Self.applicable(synonyms, to: postings))
    }

    /// One segment's shards: every token's record for the segment's entries, in the shard
    /// its hash names, in token order; as many shards as the smallest power of two that
    /// `segment` says for their size.
    static func shards(_ postings: Postings, entries range: Range<Int32>, segment: Segment) -> [[UInt8]] {
        // A record sized, in 32-bit fields: a large vocabulary has hundreds of thousands.
        typealias Record = (token: Int32, hash: UInt32, from: Int32, to: Int32, postingsSize: Int32, size: Int32)
        // Sized first, then each record written once, straight into its shard; both passes on
        // every core (at a site's end the pages are done and the other core would be idle):
        // the tokens sized in runs, the shards written in runs, each shard by one thread.
        let tokenCount = postings.tokenCount
        let parts = max(1, min(tokenCount, Parallel.threads * 4))
        let sized = ResultSlots<[Record]>(count: parts)
        Parallel.forEach(parts) { part in
            var records: [Record] = []
            let tokens = (tokenCount * part / parts)..<(tokenCount * (part + 1) / parts)
            for t in tokens {
                if t + 4 < tokens.upperBound { postings.prefetchRows(t + 4) }
                // The segment's part of the token's postings.
                let rows = postings.rows(t, entries: range)
                guard !rows.isEmpty else { continue }
                let token = postings.token(t), postingsSize = postings.postingsSize(t, rows: rows)
                let size = IndexEncoding.recordSize(tokenBytes: token.count, postingCount: rows.count, postingsSize: postingsSize)
                records.append((Int32(t), IndexEncoding.fnv1a32(postings.tokenBytes, token), Int32(rows.lowerBound), Int32(rows.upperBound),
                                Int32(postingsSize), Int32(size)))
            }
            sized.set(part, records)
        }
        // Kept in their runs, in token order, not joined into one more copy.
        let runs = sized.values
        let count = segment.shardCount(recordBytes: runs.reduce(0) { $1.reduce($0) { $0 + Int($1.size) } })
        var sizing = [Int](repeating: 0, count: count)
        for run in runs { for record in run { sizing[Int(record.hash % UInt32(count))] += Int(record.size) } }
        let sizes = sizing, writers = min(count, parts)
        let written = ResultSlots<[[UInt8]]>(count: writers)
        Parallel.forEach(writers) { w in
            let first = count * w / writers, end = count * (w + 1) / writers
            var shards = sizes[first..<end].map { size -> [UInt8] in
                var shard: [UInt8] = []
                shard.reserveCapacity(size)
                return shard
            }
            for run in runs {
                let mine = run.indices.filter { k in (first..<end).contains(Int(run[k].hash % UInt32(count))) }
                for (j, k) in mine.enumerated() {
                    if j + 4 < mine.count { postings.prefetchRows(Int(run[mine[j + 4]].token), from: Int(run[mine[j + 4]].from)) }
                    let record = run[k]
                    postings.appendRecord(Int(record.token), rows: Int(record.from)..<Int(record.to), postingsSize: Int(record.postingsSize),
                                          to: &shards[Int(record.hash % UInt32(count)) - first])
                }
            }
            written.set(w, shards)
        }
        return written.values.flatMap { $0 }
    }

    /// Each entry's place in its record file. A file holds a run of consecutive entries of
    /// one page (the URL before `#`: a Q&A topic and its questions, the grid's buildings),
    /// within one block, at most `recordsPerFile`: a topic's results come in one request,
    /// and a site of many short questions is not a file per question.
    static func recordOffsets(_ entries: [SearchEntry]) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(entries.count)
        var previousPage: Substring = ""
        for id in entries.indices {
            let page = entries[id].url.prefix { $0 != "#" }
            if id % recordsPerBlock == 0 || !page.utf8.elementsEqual(previousPage.utf8) || offsets[id - 1] + 1 == recordsPerFile {
                offsets.append(0)
            } else {
                offsets.append(offsets[id - 1] + 1)
            }
            previousPage = page
        }
        return offsets
    }

    /// An entry's display record: `{"u":…,"t":…,"s":…,"c":…,"d":…,"p":…,"x":…}`, the text cut
    /// to `fragmentTextLimit` characters.
    func appendRecord(_ e: SearchEntry, to out: inout [UInt8]) {
        var first = true
        func field(_ name: UInt8, _ value: String, limit: Int = .max) {
            out.append(contentsOf: [first ? 0x7B : 0x2C, 0x22, name, 0x22, 0x3A])
            first = false
            StructuredData.appendJSON(value, to: &out, scalarLimit: limit)
        }
        field(0x75, e.url) // u
        field(0x74, e.title) // t
        field(0x73, e.section.rawValue) // s
        if let c = e.category { field(0x63, c) }
        if let d = e.date { field(0x64, d) }
        if let p = e.parent { field(0x70, p) }
        field(0x78, e.shownBody ?? e.body, limit: Self.fragmentTextLimit) // x
        out.append(0x7D)
    }

    /// The index's table of contents (`meta.<hex>.json`): entries' classes, lengths and
    /// places, the record blocks' names, buildings.
    func meta(_ entries: [SearchEntry], lengths: [Int], offsets: [Int], blocks: [String]) -> String {
        var classes: [String] = []
        var classKeys: [(section: SearchEntry.Section, category: String?)] = []
        var entryClasses: [Int] = []
        entryClasses.reserveCapacity(entries.count)
        for id in entries.indices {
            let section = entries[id].section, category = entries[id].category
            if let last = entryClasses.last, classKeys[last].section == section, classKeys[last].category == category {
                entryClasses.append(last)
                continue
            }
            // nil and "" are one class.
            if let known = classKeys.firstIndex(where: { $0.section == section && ($0.category ?? "") == (category ?? "") }) {
                entryClasses.append(known)
                continue
            }
            classKeys.append((section, category))
            classes.append(StructuredData.json(section.rawValue) + "," + StructuredData.json(category ?? ""))
            entryClasses.append(classes.count - 1)
        }
        let width = classes.count > Self.classAlphabet.count ? 2 : 1
        var cls = "", lengthClasses = ""
        for c in entryClasses {
            if width == 2 { cls.unicodeScalars.append(Self.classAlphabet[c / Self.classAlphabet.count]) }
            cls.unicodeScalars.append(Self.classAlphabet[c % Self.classAlphabet.count])
        }
        for n in lengths { lengthClasses.unicodeScalars.append(Self.classAlphabet[Self.lengthClass(n)]) }
        var places = ""
        for o in offsets { places.unicodeScalars.append(Self.classAlphabet[o]) }
        func names(_ list: [String]) -> String { "[" + list.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        return "{\"version\":\(Self.version),\"entries\":\(entries.count),"
            + "\"blocks\":\(names(blocks)),"
            + "\"classes\":[\(classes.map { "[" + $0 + "]" }.joined(separator: ","))],"
            // The alphabet holds nothing JSON must escape; `<`, `>` and `&` are left as they are
            // (no page embeds this file), where escaping them for HTML made meta a third larger.
            + "\"width\":\(width),\"cls\":\"\(cls)\",\"lengths\":\"\(lengthClasses)\","
            + "\"places\":\"\(places)\","
            + "\"buildings\":{\(entries.indices.compactMap { i in entries[i].building.map { StructuredData.json(SearchEntry.buildingKey($0)) + ":\(i)" } }.joined(separator: ","))}}"
    }

    /// What a query is planned with (`words.<hex>.json`), apart from meta so that the
    /// reformulations' shards are fetched without waiting for the entries' tables: synonym
    /// groups, pinyin syllables and the pinyin table's name.
    func words(synonyms: [[String]], pinyinFile: String?) -> String {
        "{\"version\":\(Self.version),"
            + "\"synonyms\":[\(synonyms.map { "[" + $0.map(StructuredData.json).joined(separator: ",") + "]" }.joined(separator: ","))],"
            + "\"syllables\":\(StructuredData.json(pinyin?.syllables.joined(separator: " ") ?? ""))"
            + (pinyinFile.map { ",\"pinyin\":\"\($0)\"" } ?? "") + "}"
    }

    /// The synonym groups a query can use on this site: those with a member the site's text
    /// holds (every character pair of it, or the word), so a resident's word can be rewritten
    /// into one that is there. Most of the built-in lexicon is about matters a given
    /// community never writes of, and every search fetches the groups.
    static func applicable(_ groups: [[String]], to postings: Postings) -> [[String]] {
        // The tokens are sorted by their bytes: looked up by halving, not hashed into a set.
        func holds(_ token: [UInt8]) -> Bool {
            let bytes = postings.tokenBytes
            let i = (0..<postings.tokenCount).partitioningIndex { !bytes[postings.token($0)].lexicographicallyPrecedes(token) }
            return i < postings.tokenCount && bytes[postings.token(i)].elementsEqual(token)
        }
        func occurs(_ word: String) -> Bool {
            let parts = SearchText.indexTokens(word).map { Array($0.text.utf8) }
            return !parts.isEmpty && parts.allSatisfy(holds)
        }
        // A group that reaches a question word lets a question drop a word the site never
        // writes (低保办理流程 → 低保咋个办, read as 低保), whatever the site holds.
        return groups.filter { $0.count > 1 && ($0.contains(where: occurs) || $0.contains(where: QuestionFrame.isFrame)) }
    }

    /// `min(63, round(4 · log2(1 + n)))`: a length to a quarter of a doubling.
    static func lengthClass(_ n: Int) -> Int {
        min(63, Int((4 * log2(1 + Double(n))).rounded()))
    }

    /// Printable ASCII without `"` and `\`, in code order: 92 characters.
    static let classAlphabet: [Unicode.Scalar] = (0x21...0x7E).compactMap {
        $0 == 0x22 || $0 == 0x5C ? nil : Unicode.Scalar($0)
    }
}
