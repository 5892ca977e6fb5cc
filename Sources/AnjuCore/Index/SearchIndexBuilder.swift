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
/// Each token keeps its `postingsPerToken` highest-impact entries, so a common character's
/// shard stays small; impacts are BM25 over weighted fields (title > headings > body),
/// quantised to 1…255, so the browser only adds numbers.
public struct SearchIndexBuilder: Sendable {
    public static let postingsPerToken = 400
    public static let positionsPerPosting = 8
    public static let targetShardBytes = 16_000
    public static let fragmentTextLimit = 1_600
    static let fieldWeights = (title: 4.0, headings: 2.0, body: 1.0)
    static let k1 = 1.2, b = 0.75

    public init() {}

    struct Posting {
        var entry: Int
        var weightedFrequency: Double
        var positions: [Int]
        var impact: Double = 0
    }

    public struct Index: Sendable {
        /// Folder under the site root: `search/3f9c2a1b0d/`.
        public var folder: String
        public var files: [OutputFile]
        public var shardCount: Int
    }

    public func build(_ entries: [SearchEntry]) -> Index {
        var postings: [String: [Posting]] = [:]
        var lengths: [Double] = []
        for (id, entry) in entries.enumerated() {
            var perToken: [String: Posting] = [:]
            var offset = 0
            var length = 0.0
            let fields: [(String, Double)] = [(entry.title, Self.fieldWeights.title),
                                              (entry.headings.joined(separator: "\n"), Self.fieldWeights.headings),
                                              (entry.body, Self.fieldWeights.body)]
            for (text, weight) in fields {
                let tokens = SearchText.indexTokens(text)
                length += weight * Double(tokens.count)
                for token in tokens {
                    var p = perToken[token.text] ?? Posting(entry: id, weightedFrequency: 0, positions: [])
                    p.weightedFrequency += weight
                    if p.positions.count < Self.positionsPerPosting { p.positions.append(offset + token.position) }
                    perToken[token.text] = p
                }
                offset += text.unicodeScalars.count + 1
            }
            lengths.append(length)
            for (token, posting) in perToken { postings[token, default: []].append(posting) }
        }

        let count = Double(max(entries.count, 1))
        let averageLength = max(lengths.reduce(0, +) / count, 1)
        var maxImpact = 0.0
        for token in postings.keys {
            let df = Double(postings[token]!.count)
            let idf = log(1 + (count - df + 0.5) / (df + 0.5))
            postings[token] = postings[token]!.map { p in
                var p = p
                let norm = Self.k1 * (1 - Self.b + Self.b * lengths[p.entry] / averageLength)
                p.impact = idf * p.weightedFrequency * (Self.k1 + 1) / (p.weightedFrequency + norm)
                maxImpact = max(maxImpact, p.impact)
                return p
            }
        }

        // Each token's postings, best first, cut to the top tier, then back in entry order
        // so entry numbers can be stored as small differences.
        var encoded: [(token: String, json: String)] = []
        encoded.reserveCapacity(postings.count)
        for token in postings.keys.sorted() {
            let kept = postings[token]!.sorted { ($0.impact, -$0.entry) > ($1.impact, -$1.entry) }
                .prefix(Self.postingsPerToken).sorted { $0.entry < $1.entry }
            var numbers: [Int] = []
            var previous = 0
            for p in kept {
                numbers.append(p.entry - previous)
                previous = p.entry
                numbers.append(max(1, Int((p.impact / max(maxImpact, 1e-9) * 255).rounded())))
                numbers.append(p.positions.count)
                var last = 0
                for position in p.positions { numbers.append(position - last); last = position }
            }
            encoded.append((token, StructuredData.json(token) + ":[" + numbers.map(String.init).joined(separator: ",") + "]"))
        }

        let totalBytes = encoded.reduce(0) { $0 + $1.json.utf8.count }
        let shardCount = max(1, (totalBytes + Self.targetShardBytes - 1) / Self.targetShardBytes)
        var shards = Array(repeating: [String](), count: shardCount)
        for (token, json) in encoded { shards[Int(SearchText.shardHash(token) % UInt32(shardCount))].append(json) }

        var files: [OutputFile] = []
        for (n, parts) in shards.enumerated() {
            files.append(OutputFile(path: "s/\(n).json", bytes: Array(("{" + parts.joined(separator: ",") + "}").utf8)))
        }
        for (id, entry) in entries.enumerated() {
            files.append(OutputFile(path: "d/\(id).json", bytes: Array(fragment(entry).utf8)))
        }
        files.append(OutputFile(path: "meta.json", bytes: Array(meta(entries, shardCount: shardCount).utf8)))

        var hashInput: [UInt8] = []
        for file in files { hashInput += Array(file.path.utf8); hashInput += file.bytes }
        let folder = "search/\(Fingerprint.hex(hashInput))/"
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
    /// (two when there are more than 90 classes), so filter counts need no other request.
    func meta(_ entries: [SearchEntry], shardCount: Int) -> String {
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
            + "\"width\":\(width),\"cls\":\(StructuredData.json(cls))}"
    }

    /// Printable ASCII without `"` and `\`, in code order: 92 characters.
    static let classAlphabet: [Unicode.Scalar] = (0x21...0x7E).compactMap {
        $0 == 0x22 || $0 == 0x5C ? nil : Unicode.Scalar($0)
    }
}
