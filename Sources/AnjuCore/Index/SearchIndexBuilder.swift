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

    /// Index pinyin and initials tokens (false only to measure what they cost).
    public var pinyin: PinyinTable?

    public init(pinyin: PinyinTable? = PinyinTable.shared) {
        self.pinyin = pinyin
    }

    public func build(_ entries: [SearchEntry], synonyms: [[String]] = []) -> Index {
        let lists = PostingLists.build(entries, pinyin: pinyin)
        let tokens = lists.tokens, lengths = lists.lengths
        // Plain arrays, not the slices' properties, in the loops below: no exclusivity
        // checks or reference counting per row.
        let sliceRows = lists.slices.map(\.rows), sliceStarts = lists.slices.map(\.starts)
        let slicePositions = lists.slices.map(\.positions)
        let count = entries.count
        let norms = Self.lengthNorms(lengths, entryCount: count)
        let phoneticStart = lists.phoneticStart, phoneticFrequencies = lists.phoneticDocumentFrequencies
        @Sendable func idf(_ t: Int) -> Double {
            var df = 0
            if t >= phoneticStart {
                df = Int(phoneticFrequencies[t - phoneticStart])
            } else {
                for starts in sliceStarts { df += Int(starts[t + 1] - starts[t]) }
            }
            return Self.idf(documentFrequency: df, entryCount: count)
        }
        @Sendable func impact(_ row: PostingLists.Row, idf: Double) -> Float {
            Self.impact(frequency: row.frequency, norm: norms[Int(row.entry)], idf: idf)
        }
        // Impacts are computed twice rather than stored: the first pass finds the largest,
        // which scales them all to 1…255. Both passes take the tokens in runs of about equal
        // rows, several per core: a common character has thousands of rows, a pinyin token
        // at most a hundred, and halves by token count left one core idle for most of a pass.
        let sliceCount = tokens.count < 64 ? 1 : Parallel.threads * 8
        let tokenBounds = Self.balancedBounds(tokens.count, parts: sliceCount) { t in
            var rows = 1
            for starts in sliceStarts { rows += Int(starts[t + 1] - starts[t]) }
            return rows
        }
        let maxima = ResultSlots<Float>(count: sliceCount)
        Parallel.forEach(sliceCount) { s in
            var maxImpact: Float = 0
            for t in tokenBounds[s]..<tokenBounds[s + 1] {
                let w = idf(t)
                for (rows, starts) in zip(sliceRows, sliceStarts) {
                    for r in Int(starts[t])..<Int(starts[t + 1]) { maxImpact = max(maxImpact, impact(rows[r], idf: w)) }
                }
            }
            maxima.set(s, maxImpact)
        }
        let maxImpact = max(maxima.values.max() ?? 1, 1e-9)

        // Each token: its best postings (top tier), in entry order, as
        // `"token":[Δentry,impact,count,Δposition…]`.
        let words = lists.words, pinyin = self.pinyin
        // Each run's tokens, one after another in one array, and where each one is.
        let encoded = ResultSlots<EncodedTokens>(count: sliceCount)
        Parallel.forEach(sliceCount) { s in
            var out = EncodedTokens()
            var ranks: [UInt64] = [], scratch: [UInt64] = []
            var buffer = ByteBuffer()
            defer { buffer.deallocate() }
            for t in tokenBounds[s]..<tokenBounds[s + 1] {
                let key = tokens[t]
                let w = idf(t)
                var total = 0
                for starts in sliceStarts { total += Int(starts[t + 1] - starts[t]) }
                let limit = Self.isPhonetic(key) ? Self.postingsPerPhoneticToken : Self.postingsPerToken
                // Over the limit, keep the `limit` highest impacts, ties to the earlier entry:
                // a rank orders by impact (a positive float's bits order like the float),
                // then by entry reversed, and the limit-th largest rank is the cut. The rows
                // are read in place; nothing is copied per posting.
                let cut: UInt64
                if total > limit {
                    // Written through the buffer, which only grows (its first `total` are this
                    // token's): an append per row (its capacity and uniqueness checks) was
                    // 50 M instructions at 10,000 pages.
                    if ranks.count < total { ranks = [UInt64](repeating: 0, count: total) }
                    ranks.withUnsafeMutableBufferPointer { out in
                        var k = 0
                        for (rows, starts) in zip(sliceRows, sliceStarts) {
                            for r in Int(starts[t])..<Int(starts[t + 1]) {
                                let row = rows[r]
                                out[k] = Self.rank(impact: impact(row, idf: w), entry: row.entry)
                                k += 1
                            }
                        }
                    }
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: ranks[..<total])
                    cut = Self.largest(limit, in: &scratch)
                } else {
                    cut = 0
                }
                // Written through a pointer into a buffer sized for the worst case, then
                // copied out once: an Array append per byte (capacity and uniqueness checks)
                // was half of this pass. Han characters and pairs, most tokens, are written as
                // UTF-8 straight from their code points; a String per token, an Array per
                // token and the shard's hash over the String were a third of what was left.
                let tag = key & Self.tagMask
                let text = tag == Self.unigramTag || tag == Self.bigramTag ? nil : Self.text(of: key, words: words, pinyin: pinyin)
                let kept = min(total, limit)
                buffer.reserve((text?.utf8.count ?? 8) + 8 + kept * Self.maximumPostingBytes)
                var p = buffer.start
                p.initialize(to: 34); p += 1
                let tokenStart = p
                if let text {
                    for byte in text.utf8 { p.initialize(to: byte); p += 1 }
                } else if tag == Self.unigramTag {
                    p = writeUTF8(UInt32(key & 0x1F_FFFF), at: p)
                } else {
                    p = writeUTF8(UInt32((key >> 21) & 0x1F_FFFF), at: p)
                    p = writeUTF8(UInt32(key & 0x1F_FFFF), at: p)
                }
                let shard = SearchText.shardHash(utf8: UnsafeBufferPointer(start: tokenStart, count: p - tokenStart))
                p.initialize(to: 34); p[1] = 58; p[2] = 91; p += 3 // ":[
                var previous: Int32 = 0
                var index = 0, written = 0
                for (rows, (starts, positions)) in zip(sliceRows, zip(sliceStarts, slicePositions)) {
                    for r in Int(starts[t])..<Int(starts[t + 1]) {
                        let row = rows[r]
                        let value: Float
                        if total > limit {
                            let rank = ranks[index]
                            index += 1
                            if rank < cut { continue }
                            value = Float(bitPattern: UInt32(truncatingIfNeeded: rank >> 32))
                        } else {
                            value = impact(row, idf: w)
                        }
                        if written > 0 { p.pointee = 44; p += 1 }
                        written += 1
                        p = writeNumber(Int(row.entry - previous), at: p); p.pointee = 44; p += 1
                        previous = row.entry
                        p = writeNumber(max(1, Self.roundedHalfUp(value / maxImpact * 255)), at: p)
                        p.pointee = 44; p += 1
                        let positionCount = Int(row.positionCount)
                        p = writeNumber(positionCount, at: p)
                        var last: Int32 = 0
                        let first = Int(row.positionStart)
                        for q in first..<(first + positionCount) {
                            let position = positions[q]
                            p.pointee = 44; p += 1
                            p = writeNumber(Int(position - last), at: p)
                            last = position
                        }
                    }
                }
                p.pointee = 93; p += 1
                out.spans.append((shard, out.bytes.count, p - buffer.start))
                out.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer.start, count: p - buffer.start))
            }
            encoded.set(s, out)
        }

        let parts = encoded.values
        let totalBytes = parts.reduce(0) { $0 + $1.bytes.count }
        let shardCount = max(1, (totalBytes + Self.targetShardBytes - 1) / Self.targetShardBytes)
        let shards = Self.shards(parts, count: shardCount)
        var files = shards.enumerated().map { OutputFile(path: "s/\($0.offset).json", bytes: $0.element) }
        let fragments = ResultSlots<[UInt8]>(count: entries.count)
        Parallel.forEach(sliceCount) { s in
            for id in (entries.count * s / sliceCount)..<(entries.count * (s + 1) / sliceCount) {
                fragments.set(id, fragment(entries[id]))
            }
        }
        for (id, bytes) in fragments.values.enumerated() { files.append(OutputFile(path: "d/\(id).json", bytes: bytes)) }
        files.append(OutputFile(path: "meta.json", bytes: Array(meta(entries, shardCount: shardCount, synonyms: synonyms).utf8)))
        if let pinyin { files.append(OutputFile(path: "pinyin.json", bytes: pinyin.browserJSONBytes)) }

        let folder = "search/\(Fingerprint.hex(of: files))/"
        return Index(folder: folder, files: files.map { OutputFile(path: folder + $0.path, bytes: $0.bytes) },
                     shardCount: shardCount)
    }

    /// The shards' files, `{"token":[…],…}`, each token in the shard its hash names, in the
    /// order encoded. Each shard's spans are listed first (a counting sort), so every shard
    /// is allocated once at its size and the shards are filled on every core: growing them
    /// span by span on one thread was a tenth of a second per site with the other core idle.
    static func shards(_ parts: [EncodedTokens], count shardCount: Int) -> [[UInt8]] {
        var spanCount = 0
        for part in parts { spanCount += part.spans.count }
        var starts = [Int](repeating: 0, count: shardCount + 1)
        var sizes = [Int](repeating: 2, count: shardCount) // the braces
        for part in parts {
            for span in part.spans {
                let n = Int(span.shard % UInt32(shardCount))
                sizes[n] += span.count + (starts[n + 1] > 0 ? 1 : 0) // the comma before all but the first
                starts[n + 1] += 1
            }
        }
        for n in 0..<shardCount { starts[n + 1] += starts[n] }
        // (part, span) of each shard's spans, in order.
        var order = [(part: Int32, span: Int32)](repeating: (0, 0), count: spanCount)
        var next = starts
        for (k, part) in parts.enumerated() {
            for (i, span) in part.spans.enumerated() {
                let n = Int(span.shard % UInt32(shardCount))
                order[next[n]] = (Int32(k), Int32(i))
                next[n] += 1
            }
        }
        let made = ResultSlots<[[UInt8]]>(count: Parallel.threads)
        let bounds = balancedBounds(shardCount, parts: Parallel.threads) { sizes[$0] }
        let (spanStarts, shardSizes, spanOrder) = (starts, sizes, order)
        Parallel.forEach(Parallel.threads) { w in
            var shards: [[UInt8]] = []
            for n in bounds[w]..<bounds[w + 1] {
                shards.append([UInt8](unsafeUninitializedCapacity: shardSizes[n]) { out, initialized in
                    var p = out.baseAddress!
                    p.initialize(to: 123); p += 1
                    for (k, (part, span)) in spanOrder[spanStarts[n]..<spanStarts[n + 1]].enumerated() {
                        if k > 0 { p.initialize(to: 44); p += 1 }
                        let span = parts[Int(part)].spans[Int(span)]
                        parts[Int(part)].bytes.withUnsafeBufferPointer { bytes in
                            p.initialize(from: bytes.baseAddress! + span.start, count: span.count)
                        }
                        p += span.count
                    }
                    p.initialize(to: 125); p += 1
                    initialized = p - out.baseAddress!
                    precondition(initialized == shardSizes[n])
                })
            }
            made.set(w, shards)
        }
        return made.values.flatMap { $0 }
    }

    /// `parts + 1` bounds that cut 0..<count into runs of about equal total `weight`, in
    /// order (a run may be empty).
    static func balancedBounds(_ count: Int, parts: Int, weight: (Int) -> Int) -> [Int] {
        var cumulative = [Int](repeating: 0, count: count + 1)
        for i in 0..<count { cumulative[i + 1] = cumulative[i] + weight(i) }
        let total = cumulative[count]
        var bounds = [0]
        var i = 0
        for part in 1..<max(parts, 1) {
            let goal = total * part / parts
            while i < count && cumulative[i] < goal { i += 1 }
            bounds.append(i)
        }
        bounds.append(count)
        return bounds
    }

    /// BM25's length normalisation of each entry, `k1 · (1 − b + b · length / average)`:
    /// computed once per entry, not once per posting (a division each).
    static func lengthNorms(_ lengths: [Double], entryCount: Int) -> [Double] {
        let averageLength = max(lengths.reduce(0, +) / Double(max(entryCount, 1)), 1)
        return lengths.map { k1 * (1 - b + b * $0 / averageLength) }
    }

    static func idf(documentFrequency df: Int, entryCount: Int) -> Double {
        let count = Double(max(entryCount, 1))
        return log(1 + (count - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// A posting's most bytes: entry gap and impact (at most 10 and 3 digits), position
    /// count, and up to `positionsPerPosting` position gaps (10 digits), each with its comma.
    static let maximumPostingBytes = 11 + 4 + 2 + positionsPerPosting * 11

    /// `x.rounded()` (half away from zero) for 0 ≤ x < 2²³, without the call into libm that
    /// `rounded()` is on Linux: `x - Float(Int(x))` is exact there.
    @inline(__always)
    static func roundedHalfUp(_ x: Float) -> Int {
        let whole = Int(x)
        return x - Float(whole) >= 0.5 ? whole + 1 : whole
    }

    /// BM25 of one posting. Its float's bits order postings, so every caller must compute it
    /// exactly this way.
    @inline(__always)
    static func impact(frequency: UInt16, norm: Double, idf: Double) -> Float {
        let wf = Double(frequency)
        return Float(idf * wf * (k1 + 1) / (wf + norm))
    }

    /// Orders postings by impact (a positive float's bits order like the float), then by entry
    /// reversed, so ties go to the earlier entry.
    @inline(__always)
    static func rank(impact: Float, entry: Int32) -> UInt64 {
        UInt64(impact.bitPattern) << 32 | UInt64(UInt32.max - UInt32(entry))
    }

    /// The k-th largest (k ≥ 1) of distinct values, by quickselect: linear, where sorting
    /// every common character's thousands of postings was not.
    static func largest(_ k: Int, in values: inout [UInt64]) -> UInt64 {
        var low = 0, high = values.count - 1
        let target = k - 1 // index in descending order
        while low < high {
            let mid = (low + high) / 2
            let a = values[low], b = values[mid], c = values[high]
            let pivot = max(min(a, b), min(max(a, b), c)) // median of three
            var i = low, j = high
            while i <= j {
                while values[i] > pivot { i += 1 }
                while values[j] < pivot { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if target <= j { high = j } else if target >= i { low = i } else { return values[target] }
        }
        return values[low]
    }

    /// An entry's display record: `{"u":…,"t":…,"s":…,"c":…,"d":…,"p":…,"x":…}`, the text cut
    /// to `fragmentTextLimit` characters.
    func fragment(_ e: SearchEntry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(e.url.utf8.count + e.title.utf8.count + min(e.body.utf8.count, Self.fragmentTextLimit * 3) + 64)
        func field(_ name: UInt8, _ value: String, limit: Int = .max) {
            out.append(contentsOf: [out.isEmpty ? 0x7B : 0x2C, 0x22, name, 0x22, 0x3A])
            StructuredData.appendJSON(value, to: &out, scalarLimit: limit)
        }
        field(0x75, e.url) // u
        field(0x74, e.title) // t
        field(0x73, e.section.rawValue) // s
        if let c = e.category { field(0x63, c) }
        if let d = e.date { field(0x64, d) }
        if let p = e.parent { field(0x70, p) }
        field(0x78, e.body, limit: Self.fragmentTextLimit) // x
        out.append(0x7D)
        return out
    }

    /// Classes are (section, category) pairs; each entry's class is one character of `cls`
    /// (two when there are more than 92 classes), so filter counts need no other request.
    func meta(_ entries: [SearchEntry], shardCount: Int, synonyms: [[String]] = []) -> String {
        var classes: [String] = []
        // A site has a score of classes: found by comparing with the last one and then each,
        // not by hashing a JSON key made for every entry (1,600 instructions an entry).
        var classKeys: [(section: SearchEntry.Section, category: String?)] = []
        var entryClasses: [Int] = []
        entryClasses.reserveCapacity(entries.count)
        for e in entries {
            if let last = entryClasses.last, classKeys[last].section == e.section, classKeys[last].category == e.category {
                entryClasses.append(last)
                continue
            }
            // nil and "" are one class, as their JSON keys were.
            if let known = classKeys.firstIndex(where: { $0.section == e.section && ($0.category ?? "") == (e.category ?? "") }) {
                entryClasses.append(known)
                continue
            }
            classKeys.append((e.section, e.category))
            classes.append(StructuredData.json(e.section.rawValue) + "," + StructuredData.json(e.category ?? ""))
            entryClasses.append(classes.count - 1)
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
            + "\"buildings\":{\(entries.enumerated().compactMap { i, e in e.building.map { StructuredData.json(SearchEntry.buildingKey($0)) + ":\(i)" } }.joined(separator: ","))},"
            + "\"synonyms\":[\(synonyms.map { "[" + $0.map(StructuredData.json).joined(separator: ",") + "]" }.joined(separator: ","))],"
            + "\"syllables\":\(StructuredData.json(pinyin?.syllables.joined(separator: " ") ?? ""))}"
    }

    /// Printable ASCII without `"` and `\`, in code order: 92 characters.
    static let classAlphabet: [Unicode.Scalar] = (0x21...0x7E).compactMap {
        $0 == 0x22 || $0 == 0x5C ? nil : Unicode.Scalar($0)
    }
}

/// Encoded tokens (`"token":[…]`) one after another, each with its shard's hash and place.
struct EncodedTokens {
    var bytes: [UInt8] = []
    var spans: [(shard: UInt32, start: Int, count: Int)] = []
}

/// Writes the UTF-8 of a Unicode scalar value at `p`; returns the byte after it.
@inline(__always)
func writeUTF8(_ v: UInt32, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    switch v {
    case 0..<0x80: p[0] = UInt8(v); return p + 1
    case 0x80..<0x800: p[0] = UInt8(0xC0 | v >> 6); p[1] = UInt8(0x80 | v & 0x3F); return p + 2
    case 0x800..<0x10000:
        p[0] = UInt8(0xE0 | v >> 12); p[1] = UInt8(0x80 | v >> 6 & 0x3F); p[2] = UInt8(0x80 | v & 0x3F)
        return p + 3
    default:
        p[0] = UInt8(0xF0 | v >> 18); p[1] = UInt8(0x80 | v >> 12 & 0x3F)
        p[2] = UInt8(0x80 | v >> 6 & 0x3F); p[3] = UInt8(0x80 | v & 0x3F)
        return p + 4
    }
}

/// A byte buffer that only grows, written through its pointer.
struct ByteBuffer {
    private(set) var start = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    private(set) var capacity = 4096

    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        start.deallocate()
        while capacity < count { capacity *= 2 }
        start = .allocate(capacity: capacity)
    }

    func deallocate() { start.deallocate() }
}

/// Writes the decimal digits of a non-negative number at `p`; returns the byte after them.
@inline(__always)
func writeNumber(_ value: Int, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    if value < 10 { p.pointee = UInt8(48 + value); return p + 1 }
    if value < 100 {
        let tens = value / 10
        p[0] = UInt8(48 + tens); p[1] = UInt8(48 + value - tens * 10)
        return p + 2
    }
    if value < 1000 {
        let hundreds = value / 100, rest = value - hundreds * 100, tens = rest / 10
        p[0] = UInt8(48 + hundreds); p[1] = UInt8(48 + tens); p[2] = UInt8(48 + rest - tens * 10)
        return p + 3
    }
    var digits = 0, n = value
    while n > 0 { digits += 1; n /= 10 }
    n = value
    var i = digits - 1
    while i >= 0 { p[i] = UInt8(48 + n % 10); n /= 10; i -= 1 }
    return p + digits
}

/// Decimal digits of a non-negative number appended to `out`, without going through String.
@inline(__always)
func appendNumber(_ value: Int, to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
        let start = digits.baseAddress!
        out.append(contentsOf: UnsafeBufferPointer(start: start, count: writeNumber(value, at: start) - start))
    }
}
