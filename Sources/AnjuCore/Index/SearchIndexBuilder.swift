import Dispatch
import Foundation

/// Index stage: builds a site's search index as static files a phone fetches piece by piece.
///
/// Layout under `search/<fingerprint>/` (the fingerprint changes with the content, so a
/// cached old shard is never read with a new meta file):
/// - `meta.json`: entry count, shard count, and each entry's (section, category) class so
///   the browser can count filters without fetching entries;
/// - `s/<n>.json`: shard n holds the postings of every token whose FNV-1a hash ≡ n (mod
///   shard count): `token → [Δentry, impact, positionCount, Δposition…]…`;
/// - `d/<id>.json`: one entry's display record (URL, title, section, date, text).
///
/// Tokens sit in the shards in key order (Han characters by code point), which is
/// deterministic. Each token keeps its `postingsPerToken` highest-impact entries, so a common character's
/// shard stays small; impacts are BM25 over weighted fields (title > headings > body),
/// quantised to 1…255, so the browser only adds numbers.
public struct SearchIndexBuilder: Sendable {
    public static let postingsPerToken = 400
    /// Pinyin and initials tokens are a fallback ranked below the text itself: fewer kept.
    public static let postingsPerPhoneticToken = 100
    public static let positionsPerPosting = 8
    public static let targetShardBytes = 16_000
    public static let fragmentTextLimit = 1_600
    static let fieldWeights = (title: 4.0, headings: 2.0, body: 1.0)
    static let k1 = 1.2, b = 0.75

    public struct Index: Sendable {
        /// Folder under the site root: `search/3f9c2a1b0d/`.
        public var folder: String
        public var files: [OutputFile]
        public var shardCount: Int
    }

    /// A token as a number: the top bits say which kind, Han characters and pinyin syllables
    /// are packed into the rest, Latin words are a 60-bit hash of their text (kept in
    /// `words` to write them out). Hashing strings for twenty million tokens was most of the
    /// index stage's time.
    typealias TokenKey = UInt64
    static let unigramTag: UInt64 = 1 << 60, bigramTag: UInt64 = 2 << 60, wordTag: UInt64 = 3 << 60
    /// Pinyin of a Han bigram (`~bu'chang`) and its initials (`^bc`): what pinyin queries and
    /// homophone typos look up. They carry no positions and do not count in an entry's length.
    static let pinyinTag: UInt64 = 4 << 60, initialsTag: UInt64 = 5 << 60
    static let tagMask: UInt64 = 7 << 60

    /// Index pinyin and initials tokens (false only to measure what they cost).
    public var pinyin: PinyinTable?

    public init(pinyin: PinyinTable? = PinyinTable.shared) {
        self.pinyin = pinyin
    }

    struct Posting {
        var entry: Int32
        var positionCount: UInt8
        var positionStart: Int32
        var weightedFrequency: Float
        var impact: Float = 0
    }

    /// The postings of one slice of the entries, built on one core.
    final class Partial: @unchecked Sendable {
        var postings: [TokenKey: [Posting]] = [:]
        var positions: [Int32] = []
        var words: [TokenKey: String] = [:]
        var lengths: [Double] = []
    }

    /// Tokenises like `SearchText.indexTokens`, calling `body(key, position)` per token, and
    /// with a pinyin table adds each Han bigram's pinyin and initials.
    static func forEachToken(_ text: String, words: inout [TokenKey: String], pinyin: PinyinTable? = nil,
                             _ body: (TokenKey, Int32) -> Void) {
        var position: Int32 = 0
        var previousHan: UInt64 = 0
        var word: [UInt8] = []
        var wordStart: Int32 = 0
        func flushWord() {
            guard !word.isEmpty else { return }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in word { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
            let key = wordTag | (hash & ((1 << 60) - 1))
            if words[key] == nil { words[key] = String(decoding: word, as: UTF8.self) }
            body(key, wordStart)
            word.removeAll(keepingCapacity: true)
        }
        for raw in text.unicodeScalars {
            let scalar = SearchText.normalize(raw)
            let v = scalar.value
            if ChineseText.isHan(scalar) {
                flushWord()
                body(unigramTag | UInt64(v), position)
                if previousHan != 0 {
                    body(bigramTag | (previousHan << 21) | UInt64(v), position - 1)
                    // Most common reading only: the browser reads a query the same way, and
                    // every extra reading would add postings to a fallback.
                    if let pinyin, let a = pinyin.firstSyllableID(of: UInt32(previousHan)),
                       let b = pinyin.firstSyllableID(of: v) {
                        body(pinyinTag | (UInt64(a) << 16) | UInt64(b), position - 1)
                        let i = pinyin.initials[Int(a)], j = pinyin.initials[Int(b)]
                        body(initialsTag | (UInt64(i) << 8) | UInt64(j), position - 1)
                    }
                }
                previousHan = UInt64(v)
            } else {
                previousHan = 0
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    if word.isEmpty { wordStart = position }
                    word.append(UInt8(v))
                } else {
                    flushWord()
                }
            }
            position += 1
        }
        flushWord()
    }

    static func isPhonetic(_ key: TokenKey) -> Bool {
        let tag = key & tagMask
        return tag == pinyinTag || tag == initialsTag
    }

    static func text(of key: TokenKey, words: [TokenKey: String], pinyin: PinyinTable? = nil) -> String {
        switch key & tagMask {
        case unigramTag: return String(Unicode.Scalar(UInt32(key & 0x1F_FFFF))!)
        case bigramTag:
            var s = String.UnicodeScalarView()
            s.append(Unicode.Scalar(UInt32((key >> 21) & 0x1F_FFFF))!)
            s.append(Unicode.Scalar(UInt32(key & 0x1F_FFFF))!)
            return String(s)
        case pinyinTag:
            guard let syllables = pinyin?.syllables else { return "" }
            return "~" + syllables[Int((key >> 16) & 0xFFFF)] + "'" + syllables[Int(key & 0xFFFF)]
        case initialsTag:
            return "^" + String(UnicodeScalar(UInt8((key >> 8) & 0xFF))) + String(UnicodeScalar(UInt8(key & 0xFF)))
        default: return words[key] ?? ""
        }
    }

    func index(_ entries: ArraySlice<SearchEntry>) -> Partial {
        let partial = Partial()
        let cap = Self.positionsPerPosting
        // Per entry, one slot per distinct token; positions in a flat buffer, `cap` per slot,
        // so no small array is allocated per token.
        var slot: [TokenKey: Int32] = [:]
        var keys: [TokenKey] = [], frequencies: [Float] = [], counts: [UInt8] = []
        var positions: [Int32] = []
        for (id, entry) in zip(entries.indices, entries) {
            slot.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
            frequencies.removeAll(keepingCapacity: true)
            counts.removeAll(keepingCapacity: true)
            positions.removeAll(keepingCapacity: true)
            var offset: Int32 = 0
            var length = 0.0
            let fields: [(String, Float)] = [(entry.title, Float(Self.fieldWeights.title)),
                                             (entry.headings.joined(separator: "\n"), Float(Self.fieldWeights.headings)),
                                             (entry.body, Float(Self.fieldWeights.body))]
            for (text, weight) in fields {
                var count = 0
                Self.forEachToken(text, words: &partial.words, pinyin: pinyin) { key, position in
                    let phonetic = Self.isPhonetic(key)
                    if !phonetic { count += 1 }
                    let i: Int
                    if let existing = slot[key] { i = Int(existing) } else {
                        i = keys.count
                        slot[key] = Int32(i)
                        keys.append(key); frequencies.append(0); counts.append(0)
                        positions.append(contentsOf: repeatElement(0, count: cap))
                    }
                    frequencies[i] += weight
                    if !phonetic && Int(counts[i]) < cap {
                        positions[i * cap + Int(counts[i])] = offset + position
                        counts[i] += 1
                    }
                }
                length += Double(weight) * Double(count)
                offset += Int32(text.unicodeScalars.count + 1)
            }
            partial.lengths.append(length)
            for i in keys.indices {
                let posting = Posting(entry: Int32(id), positionCount: counts[i],
                                      positionStart: Int32(partial.positions.count), weightedFrequency: frequencies[i])
                partial.positions.append(contentsOf: positions[(i * cap)..<(i * cap + Int(counts[i]))])
                partial.postings[keys[i], default: []].append(posting)
            }
        }
        return partial
    }

    public func build(_ entries: [SearchEntry], synonyms: [[String]] = []) -> Index {
        // Entries are split into contiguous slices, one per core; concatenating the slices'
        // posting lists in slice order keeps every list in entry order.
        let sliceCount = entries.count < 64 ? 1 : Parallel.threads
        let bounds = (0...sliceCount).map { entries.count * $0 / sliceCount }
        let partials = ResultSlots<Partial>(count: sliceCount)
        Parallel.forEach(sliceCount) { i in
            partials.set(i, index(entries[bounds[i]..<bounds[i + 1]]))
        }
        let parts = partials.values
        var allWords: [TokenKey: String] = [:]
        for p in parts { allWords.merge(p.words) { a, _ in a } }
        let words = allWords
        let lengths = parts.flatMap(\.lengths)
        var keySet = Set<TokenKey>()
        for p in parts { keySet.formUnion(p.postings.keys) }
        let keys = keySet.sorted()

        let count = Double(max(entries.count, 1))
        let averageLength = max(lengths.reduce(0, +) / count, 1)
        // Impacts are computed twice rather than stored: the partial indexes are only read
        // while several cores work on them. The first pass finds the largest, which scales
        // them all to 1…255.
        @Sendable func idf(_ key: TokenKey) -> Double {
            let df = Double(parts.reduce(0) { $0 + ($1.postings[key]?.count ?? 0) })
            return log(1 + (count - df + 0.5) / (df + 0.5))
        }
        @Sendable func impact(_ p: Posting, idf: Double) -> Float {
            let norm = Self.k1 * (1 - Self.b + Self.b * lengths[Int(p.entry)] / averageLength)
            let wf = Double(p.weightedFrequency)
            return Float(idf * wf * (Self.k1 + 1) / (wf + norm))
        }
        let maxima = ResultSlots<Float>(count: sliceCount)
        let keyBounds = (0...sliceCount).map { keys.count * $0 / sliceCount }
        Parallel.forEach(sliceCount) { s in
            var maxImpact: Float = 0
            for key in keys[keyBounds[s]..<keyBounds[s + 1]] {
                let w = idf(key)
                for p in parts { for posting in p.postings[key] ?? [] { maxImpact = max(maxImpact, impact(posting, idf: w)) } }
            }
            maxima.set(s, maxImpact)
        }
        let maxImpact = max(maxima.values.max() ?? 1, 1e-9)

        // Each token: its best postings (top tier), back in entry order, as
        // `"token":[Δentry,impact,count,Δposition…]`.
        let encoded = ResultSlots<(shard: UInt32, bytes: [UInt8])>(count: keys.count)
        let shardCountGuess = ResultSlots<Int>(count: sliceCount)
        Parallel.forEach(sliceCount) { s in
            var total = 0
            for k in keyBounds[s]..<keyBounds[s + 1] {
                let key = keys[k]
                let w = idf(key)
                var kept: [(Posting, Partial)] = []
                for p in parts {
                    for var posting in p.postings[key] ?? [] {
                        posting.impact = impact(posting, idf: w)
                        kept.append((posting, p))
                    }
                }
                let limit = Self.isPhonetic(key) ? Self.postingsPerPhoneticToken : Self.postingsPerToken
                if kept.count > limit {
                    kept.sort { ($0.0.impact, -$0.0.entry) > ($1.0.impact, -$1.0.entry) }
                    kept.removeLast(kept.count - limit)
                    kept.sort { $0.0.entry < $1.0.entry }
                }
                let token = Self.text(of: key, words: words, pinyin: pinyin)
                var out: [UInt8] = [34]
                out.append(contentsOf: token.utf8)
                out.append(contentsOf: [34, 58, 91]) // ":[
                var previous: Int32 = 0
                for (index, (p, part)) in kept.enumerated() {
                    if index > 0 { out.append(44) }
                    appendNumber(Int(p.entry - previous), to: &out); out.append(44)
                    previous = p.entry
                    appendNumber(max(1, Int((p.impact / maxImpact * 255).rounded())), to: &out); out.append(44)
                    appendNumber(Int(p.positionCount), to: &out)
                    var last: Int32 = 0
                    for q in 0..<Int(p.positionCount) {
                        let position = part.positions[Int(p.positionStart) + q]
                        out.append(44)
                        appendNumber(Int(position - last), to: &out)
                        last = position
                    }
                }
                out.append(93)
                total += out.count
                encoded.set(k, (SearchText.shardHash(token), out))
            }
            shardCountGuess.set(s, total)
        }

        let totalBytes = shardCountGuess.values.reduce(0, +)
        let shardCount = max(1, (totalBytes + Self.targetShardBytes - 1) / Self.targetShardBytes)
        var shards = Array(repeating: [UInt8]([123]), count: shardCount)
        for item in encoded.values {
            let n = Int(item.shard % UInt32(shardCount))
            if shards[n].count > 1 { shards[n].append(44) }
            shards[n].append(contentsOf: item.bytes)
        }

        var files: [OutputFile] = []
        for (n, var bytes) in shards.enumerated() {
            bytes.append(125)
            files.append(OutputFile(path: "s/\(n).json", bytes: bytes))
        }
        for (id, entry) in entries.enumerated() {
            files.append(OutputFile(path: "d/\(id).json", bytes: Array(fragment(entry).utf8)))
        }
        files.append(OutputFile(path: "meta.json", bytes: Array(meta(entries, shardCount: shardCount, synonyms: synonyms).utf8)))
        if let pinyin { files.append(OutputFile(path: "pinyin.json", bytes: Array(pinyin.browserJSON().utf8))) }

        var hasher = Fingerprint.Hasher()
        for file in files { hasher.add(Array(file.path.utf8)); hasher.add(file.bytes) }
        let folder = "search/\(hasher.hex)/"
        return Index(folder: folder, files: files.map { OutputFile(path: folder + $0.path, bytes: $0.bytes) },
                     shardCount: shardCount)
    }

    func fragment(_ e: SearchEntry) -> String {
        var text = e.body
        if text.unicodeScalars.count > Self.fragmentTextLimit {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(Self.fragmentTextLimit))) + "…"
        }
        var fields = ["\"u\":\(StructuredData.json(e.url))", "\"t\":\(StructuredData.json(e.title))",
                      "\"s\":\(StructuredData.json(e.section.rawValue))"]
        if let c = e.category { fields.append("\"c\":\(StructuredData.json(c))") }
        if let d = e.date { fields.append("\"d\":\(StructuredData.json(d))") }
        if let p = e.parent { fields.append("\"p\":\(StructuredData.json(p))") }
        fields.append("\"x\":\(StructuredData.json(text))")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Classes are (section, category) pairs; each entry's class is one character of `cls`
    /// (two when there are more than 92 classes), so filter counts need no other request.
    func meta(_ entries: [SearchEntry], shardCount: Int, synonyms: [[String]] = []) -> String {
        var classes: [String] = []
        var classIndex: [String: Int] = [:]
        var entryClasses: [Int] = []
        for e in entries {
            let key = StructuredData.json(e.section.rawValue) + "," + StructuredData.json(e.category ?? "")
            if classIndex[key] == nil { classIndex[key] = classes.count; classes.append(key) }
            entryClasses.append(classIndex[key]!)
        }
        let width = classes.count > Self.classAlphabet.count ? 2 : 1
        var cls = ""
        for c in entryClasses {
            if width == 2 { cls.unicodeScalars.append(Self.classAlphabet[c / Self.classAlphabet.count]) }
            cls.unicodeScalars.append(Self.classAlphabet[c % Self.classAlphabet.count])
        }
        return "{\"version\":1,\"entries\":\(entries.count),\"shards\":\(shardCount),"
            + "\"classes\":[\(classes.map { "[" + $0 + "]" }.joined(separator: ","))],"
            + "\"width\":\(width),\"cls\":\(StructuredData.json(cls)),"
            + "\"synonyms\":[\(synonyms.map { "[" + $0.map(StructuredData.json).joined(separator: ",") + "]" }.joined(separator: ","))],"
            + "\"syllables\":\(StructuredData.json(pinyin?.syllables.joined(separator: " ") ?? ""))}"
    }

    /// Printable ASCII without `"` and `\`, in code order: 92 characters.
    static let classAlphabet: [Unicode.Scalar] = (0x21...0x7E).compactMap {
        $0 == 0x22 || $0 == 0x5C ? nil : Unicode.Scalar($0)
    }
}

/// Decimal digits of a non-negative number, without going through String.
@inline(__always)
func appendNumber(_ value: Int, to out: inout [UInt8]) {
    if value < 10 { out.append(UInt8(48 + value)); return }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = value, count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
        while n > 0 { buffer[count] = UInt8(48 + n % 10); n /= 10; count += 1 }
        for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
    }
}
