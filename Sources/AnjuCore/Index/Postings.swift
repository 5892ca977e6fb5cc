import AnjuKernels
/// Which entries hold which token, and how often in each field (docs/search-index.md,
/// "the posting"): tokenised on every core, grouped per token in entry order, tokens sorted
/// by their bytes. Pinyin and initials tokens are derived from the character pairs.
struct Postings {
    /// Distinct tokens, UTF-8, sorted by bytes.
    var tokens: [[UInt8]]
    /// Token t's postings, in entry order: entries and their field codes.
    var lists: [(entries: ArraySlice<Int32>, codes: ArraySlice<UInt8>)]
    /// Each entry's length: its unigram and word tokens.
    var lengths: [Int]

    static let phoneticLimit = 100

    /// A field code: title count (to 3), headings count (to 3), body count (to 15).
    @inline(__always)
    static func code(title: Int, headings: Int, body: Int) -> UInt8 {
        UInt8(min(title, 3) << 6 | min(headings, 3) << 4 | min(body, 15))
    }

    /// Two codes of one entry added field by field, each capped again.
    @inline(__always)
    static func sum(_ a: UInt8, _ b: UInt8) -> UInt8 {
        code(title: Int(a >> 6) + Int(b >> 6), headings: Int((a >> 4) & 3) + Int((b >> 4) & 3),
             body: Int(a & 15) + Int(b & 15))
    }

    /// What ranks an entry for a phonetic token's cut: the entry alone, nothing global.
    static func entryLocalScore(code: UInt8, length: Int) -> Double {
        let w = Double(4 * Int(code >> 6) + 2 * Int((code >> 4) & 3) + Int(code & 15))
        return w / (w + 1.2 * (0.25 + 0.75 * Double(length) / 64))
    }

    /// One slice of entries tokenised: rows (local token, code) in entry order, entry k's
    /// rows ending at `entryEnds[k]`.
    private final class Slice: @unchecked Sendable {
        var keys: [SearchIndexBuilder.TokenKey] = []
        var rowTokens: [Int32] = []
        var rowCodes: [UInt8] = []
        var entryEnds: [Int] = []
        var lengths: [Int] = []
        var words: [SearchIndexBuilder.TokenKey: String] = [:]
    }

    private static func collect(_ entries: ArraySlice<SearchEntry>) -> Slice {
        let slice = Slice()
        var numbering = TokenNumbering(unigramTag: SearchIndexBuilder.unigramTag, tagMask: SearchIndexBuilder.tagMask)
        var words: [SearchIndexBuilder.TokenKey: String] = [:]
        // The current entry's distinct tokens: a slot each, found through the token's mark.
        var slotTokens: [Int32] = [], slotCounts: [(UInt16, UInt16, UInt16)] = []
        for id in entries.indices {
            slotTokens.removeAll(keepingCapacity: true)
            slotCounts.removeAll(keepingCapacity: true)
            var length = 0
            for field in 0..<3 {
                // Read in place: a copy of the entry retains and releases each of its strings.
                let text = field == 0 ? entries[id].title : field == 1 ? entries[id].headings.joined(separator: "\n") : entries[id].body
                SearchIndexBuilder.forEachToken(text, words: &words) { key, _ in
                    if key & SearchIndexBuilder.tagMask != SearchIndexBuilder.bigramTag { length += field == 0 ? 4 : field == 1 ? 2 : 1 }
                    let slot = Int(numbering.number(key) { local, mark in
                        if Int(mark) >= slotTokens.count || slotTokens[Int(mark)] != local {
                            mark = Int32(slotTokens.count)
                            slotTokens.append(local)
                            slotCounts.append((0, 0, 0))
                        }
                        return mark
                    })
                    switch field {
                    case 0: slotCounts[slot].0 &+= slotCounts[slot].0 < 255 ? 1 : 0
                    case 1: slotCounts[slot].1 &+= slotCounts[slot].1 < 255 ? 1 : 0
                    default: slotCounts[slot].2 &+= slotCounts[slot].2 < 255 ? 1 : 0
                    }
                }
            }
            slice.lengths.append(length)
            for (token, counts) in zip(slotTokens, slotCounts) {
                slice.rowTokens.append(token)
                slice.rowCodes.append(code(title: Int(counts.0), headings: Int(counts.1), body: Int(counts.2)))
            }
            slice.entryEnds.append(slice.rowTokens.count)
        }
        slice.keys = numbering.keys
        slice.words = words
        return slice
    }

    /// Tokenises every entry (numbered by their place in `entries`) and groups the rows.
    static func build(_ entries: [SearchEntry], pinyin: PinyinTable?) -> Postings {
        let grouped = grouped(entries)
        var texts = grouped.keys.map { Array(SearchIndexBuilder.text(of: $0, words: grouped.words).utf8) }
        var lists: [(entries: ArraySlice<Int32>, codes: ArraySlice<UInt8>)] = grouped.keys.indices.map {
            (grouped.entries[grouped.counts[$0]..<grouped.counts[$0 + 1]], grouped.codes[grouped.counts[$0]..<grouped.counts[$0 + 1]])
        }
        if let pinyin {
            for (text, list) in phonetic(keys: grouped.keys, counts: grouped.counts, entries: grouped.entries, codes: grouped.codes,
                                         lengths: grouped.lengths, pinyin: pinyin) {
                texts.append(text)
                lists.append(list)
            }
        }
        // The lists stay slices of the grouped rows, not a sorted copy: the rows are most of
        // the index's memory.
        let order = byteOrder(texts)
        return Postings(tokens: order.map { texts[$0] }, lists: order.map { lists[$0] }, lengths: grouped.lengths)
    }

    /// The places of `tokens` in the order of their bytes. Compared first by their first
    /// eight bytes as numbers, the bytes themselves only where those are equal: a site's
    /// hundreds of thousands of tokens are sorted on one core.
    static func byteOrder(_ tokens: [[UInt8]]) -> [Int] {
        var order = tokens.indices.map { (prefix: sortPrefix(tokens[$0]), token: $0) }
        order.sort { $0.prefix != $1.prefix ? $0.prefix < $1.prefix : tokens[$0.token].lexicographicallyPrecedes(tokens[$1.token]) }
        return order.map(\.token)
    }

    /// A token's first eight bytes as a number, the first most significant, zeros after its
    /// end: where two prefixes differ they order as the tokens' bytes do.
    private static func sortPrefix(_ bytes: [UInt8]) -> UInt64 {
        var prefix: UInt64 = 0
        for i in 0..<8 { prefix = prefix << 8 | UInt64(i < bytes.count ? bytes[i] : 0) }
        return prefix
    }

    /// The rows of every entry grouped by token (token t's are `counts[t]..<counts[t + 1]`),
    /// in entry order. The slices the entries were tokenised into are freed on return.
    private static func grouped(_ entries: [SearchEntry]) -> (keys: [SearchIndexBuilder.TokenKey], words: [SearchIndexBuilder.TokenKey: String],
                                                             counts: [Int], entries: [Int32], codes: [UInt8], lengths: [Int]) {
        let sliceCount = entries.count < 64 ? 1 : Parallel.threads
        let bounds = (0...sliceCount).map { entries.count * $0 / sliceCount }
        let collected = ResultSlots<Slice>(count: sliceCount)
        Parallel.forEach(sliceCount) { i in collected.set(i, collect(entries[bounds[i]..<bounds[i + 1]])) }
        let slices = collected.values

        // One number per distinct token across the slices.
        var table = TokenTable(capacity: 1 << 16)
        var keys: [SearchIndexBuilder.TokenKey] = []
        var words: [SearchIndexBuilder.TokenKey: String] = [:]
        let global: [[Int32]] = slices.map { slice in
            words.merge(slice.words) { a, _ in a }
            return slice.keys.map { key in table.value(for: key) { keys.append(key); return Int32(keys.count - 1) } }
        }
        // Rows grouped by token (a counting sort, stable: slices and rows in entry order).
        var counts = [Int](repeating: 0, count: keys.count + 1)
        for (s, slice) in slices.enumerated() { for local in slice.rowTokens { counts[Int(global[s][Int(local)]) + 1] += 1 } }
        for t in 0..<keys.count { counts[t + 1] += counts[t] }
        var next = counts
        let total = counts[keys.count]
        var rowEntries = [Int32](repeating: 0, count: total), rowCodes = [UInt8](repeating: 0, count: total)
        for (s, slice) in slices.enumerated() {
            let numbers = global[s]
            var r = 0
            for (k, end) in slice.entryEnds.enumerated() {
                let entry = Int32(bounds[s] + k)
                while r < end {
                    let t = Int(numbers[Int(slice.rowTokens[r])])
                    rowEntries[next[t]] = entry
                    rowCodes[next[t]] = slice.rowCodes[r]
                    next[t] += 1
                    r += 1
                }
            }
        }
        return (keys, words, counts, rowEntries, rowCodes, slices.flatMap(\.lengths))
    }

    /// Pinyin (`~bu'chang`) and initials (`^bc`) tokens: for each reading, the entries of
    /// every character pair read so, their codes added; each keeps its best
    /// `phoneticLimit` entries by `entryLocalScore`, ties to the lower entry.
    private static func phonetic(keys: [SearchIndexBuilder.TokenKey], counts: [Int], entries: [Int32], codes: [UInt8],
                                 lengths: [Int], pinyin: PinyinTable) -> [([UInt8], (entries: ArraySlice<Int32>, codes: ArraySlice<UInt8>))] {
        // Each pair's two readings beside it, sorted: a reading's pairs are a run, in token order.
        var readings: [(key: SearchIndexBuilder.TokenKey, token: Int32)] = []
        for (t, key) in keys.enumerated() where key & SearchIndexBuilder.tagMask == SearchIndexBuilder.bigramTag {
            guard let a = pinyin.firstSyllableID(of: UInt32((key >> 21) & 0x1F_FFFF)),
                  let b = pinyin.firstSyllableID(of: UInt32(key & 0x1F_FFFF)) else { continue }
            readings.append((SearchIndexBuilder.pinyinTag | (UInt64(a) << 16) | UInt64(b), Int32(t)))
            readings.append((SearchIndexBuilder.initialsTag | (UInt64(pinyin.initials[Int(a)]) << 8) | UInt64(pinyin.initials[Int(b)]),
                             Int32(t)))
        }
        readings.sort { $0.key != $1.key ? $0.key < $1.key : $0.token < $1.token }
        var starts: [Int] = []
        for i in readings.indices where i == 0 || readings[i].key != readings[i - 1].key { starts.append(i) }
        starts.append(readings.count)
        let runs = starts, members = readings, phoneticKeys = starts.dropLast().map { readings[$0].key }
        let results = ResultSlots<([UInt8], (entries: ArraySlice<Int32>, codes: ArraySlice<UInt8>))>(count: phoneticKeys.count)
        let workers = phoneticKeys.count < 64 ? 1 : Parallel.threads
        Parallel.forEach(workers) { w in
            var summed = [UInt8](repeating: 0, count: lengths.count)
            var held = [Bool](repeating: false, count: lengths.count)
            var touched: [Int32] = []
            var best = BestEntries(limit: phoneticLimit)
            for k in stride(from: w, to: phoneticKeys.count, by: workers) {
                let key = phoneticKeys[k]
                touched.removeAll(keepingCapacity: true)
                for member in members[runs[k]..<runs[k + 1]] {
                    let t = Int(member.token)
                    for r in counts[t]..<counts[t + 1] {
                        let e = Int(entries[r])
                        if !held[e] { held[e] = true; touched.append(entries[r]); summed[e] = codes[r] } else { summed[e] = sum(summed[e], codes[r]) }
                    }
                }
                var kept = touched
                if kept.count > phoneticLimit {
                    best.removeAll()
                    for e in touched { best.offer(score: entryLocalScore(code: summed[Int(e)], length: lengths[Int(e)]), entry: e) }
                    kept = best.entries
                } else {
                    kept.sort()
                }
                let keptCodes = kept.map { summed[Int($0)] }
                for e in touched { held[Int(e)] = false }
                let text = Array(SearchIndexBuilder.text(of: key, words: [:], pinyin: pinyin).utf8)
                results.set(k, (text, (ArraySlice(kept), ArraySlice(keptCodes))))
            }
        }
        return results.values
    }
}
