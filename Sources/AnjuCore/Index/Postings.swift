import AnjuKernels
/// Which entries hold which token, and how often in each field (docs/search-index.md,
/// "the posting"): tokenised on every core, grouped per token in entry order, tokens sorted
/// by their bytes. Pinyin and initials tokens are derived from the character pairs.
struct Postings {
    /// Distinct tokens' UTF-8, sorted by bytes, end to end: token t is
    /// `tokenBytes[tokenStarts[t]..<tokenStarts[t + 1]]`. Flat, not an array per token: a
    /// site of real prose has hundreds of thousands of tokens, and the threads that write
    /// the shards would retain and release each token's array and postings.
    var tokenBytes: [UInt8]
    var tokenStarts: [Int]
    /// The text's tokens' postings (characters, pairs, words) in entry order, entries and
    /// their field codes side by side, a run per token.
    var entries: [Int32]
    var codes: [UInt8]
    /// The pinyin and initials tokens' postings, apart: appended to the text's, they would
    /// copy them, and those are most of the index's memory.
    var readingEntries: [Int32]
    var readingCodes: [UInt8]
    /// Token t's run: of the readings' postings where `isReading[t]`, else of the text's.
    var rows: [Range<Int>]
    var isReading: [Bool]
    /// Each entry's length: its unigram and word tokens.
    var lengths: [Int]

    var tokenCount: Int { rows.count }

    /// The last entry holding token t (its rows are in entry order): whether the tail holds it.
    func lastEntry(_ t: Int) -> Int32 {
        rows[t].isEmpty ? -1 : (isReading[t] ? readingEntries : entries)[rows[t].upperBound - 1]
    }

    /// Token t's bytes.
    func token(_ t: Int) -> Range<Int> { tokenStarts[t]..<tokenStarts[t + 1] }

    /// The part of token t's run whose entries are in `range` (entries are in order).
    func rows(_ t: Int, entries range: Range<Int32>) -> Range<Int> {
        func cut(_ entries: [Int32]) -> Range<Int> {
            let from = rows[t].partitioningIndex { entries[$0] >= range.lowerBound }
            return from..<rows[t][from...].partitioningIndex { entries[$0] >= range.upperBound }
        }
        return isReading[t] ? cut(readingEntries) : cut(entries)
    }

    /// Asks for the first of token t's rows ahead of reading them: tokens are read in byte
    /// order, their rows lie in the order the tokens were first met.
    func prefetchRows(_ t: Int, from row: Int? = nil) {
        CacheHint.prefetch(isReading[t] ? readingEntries : entries, row ?? rows[t].lowerBound)
    }

    /// The bytes of `rows` of token t's postings in a record (`IndexEncoding.postingsSize`).
    func postingsSize(_ t: Int, rows: Range<Int>) -> Int {
        IndexEncoding.postingsSize(isReading[t] ? readingEntries : entries, rows: rows)
    }

    /// Token t's record of `rows` of its postings (`IndexEncoding.appendRecord`).
    func appendRecord(_ t: Int, rows: Range<Int>, postingsSize: Int, to out: inout [UInt8]) {
        if isReading[t] {
            IndexEncoding.appendRecord(token: token(t), of: tokenBytes, rows: rows, entries: readingEntries, codes: readingCodes,
                                       postingsSize: postingsSize, to: &out)
        } else {
            IndexEncoding.appendRecord(token: token(t), of: tokenBytes, rows: rows, entries: entries, codes: codes,
                                       postingsSize: postingsSize, to: &out)
        }
    }

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
        // A field's tokens, cut first and then numbered: the table's slot for a token a few
        // places ahead is asked for while this one is numbered. On a large vocabulary the
        // table outgrows the cache, and each probe waited for memory in turn.
        var keys: [SearchIndexBuilder.TokenKey] = []
        let ahead = 8
        for id in entries.indices {
            slotTokens.removeAll(keepingCapacity: true)
            slotCounts.removeAll(keepingCapacity: true)
            var length = 0
            for field in 0..<4 {
                // Read in place: a copy of the entry retains and releases each of its strings.
                // Field 3, the keys, counts as body but not in the length: a notice naming
                // twenty buildings is no longer for it.
                let text = field == 0 ? entries[id].title : field == 1 ? entries[id].headings.joined(separator: "\n")
                    : field == 2 ? entries[id].body : entries[id].keys
                if text.isEmpty { continue }
                keys.removeAll(keepingCapacity: true)
                SearchIndexBuilder.forEachToken(text, words: &words) { key, _ in keys.append(key) }
                for k in 0..<min(ahead, keys.count) { numbering.prefetch(keys[k]) }
                for k in keys.indices {
                    if k + ahead < keys.count { numbering.prefetch(keys[k + ahead]) }
                    let key = keys[k]
                    if field < 3, key & SearchIndexBuilder.tagMask != SearchIndexBuilder.bigramTag { length += field == 0 ? 4 : field == 1 ? 2 : 1 }
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
        var bytes: [UInt8] = [], starts = [0]
        var rows: [Range<Int>] = []
        for (t, key) in grouped.keys.enumerated() {
            bytes.append(contentsOf: SearchIndexBuilder.text(of: key, words: grouped.words).utf8)
            starts.append(bytes.count)
            rows.append(grouped.counts[t]..<grouped.counts[t + 1])
        }
        var readings = Readings()
        if let pinyin {
            readings = phonetic(keys: grouped.keys, counts: grouped.counts, entries: grouped.entries, codes: grouped.codes,
                                lengths: grouped.lengths, pinyin: pinyin)
            for k in readings.ends.indices {
                bytes += readings.text[readings.textRange(k)]
                starts.append(bytes.count)
                rows.append(readings.rowRange(k))
            }
        }
        let order = byteOrder(bytes, starts: starts)
        var sortedBytes: [UInt8] = [], sortedStarts = [0]
        sortedBytes.reserveCapacity(bytes.count)
        sortedStarts.reserveCapacity(starts.count)
        for t in order {
            sortedBytes.append(contentsOf: bytes[starts[t]..<starts[t + 1]])
            sortedStarts.append(sortedBytes.count)
        }
        return Postings(tokenBytes: sortedBytes, tokenStarts: sortedStarts, entries: grouped.entries, codes: grouped.codes,
                        readingEntries: readings.entries, readingCodes: readings.codes, rows: order.map { rows[$0] },
                        isReading: order.map { $0 >= grouped.keys.count }, lengths: grouped.lengths)
    }

    /// The places of the tokens in `bytes` (token t at `starts[t]..<starts[t + 1]`) in the
    /// order of their bytes. Compared first by their first eight bytes as numbers, the
    /// bytes themselves only where those are equal: a site's hundreds of thousands of
    /// tokens are sorted on one core.
    static func byteOrder(_ bytes: [UInt8], starts: [Int]) -> [Int] {
        var order = (0..<starts.count - 1).map { t in
            // The first eight bytes, the first most significant, zeros after the token's end:
            // where two such numbers differ they order as the tokens' bytes do.
            var prefix: UInt64 = 0
            for i in starts[t]..<starts[t] + 8 { prefix = prefix << 8 | UInt64(i < starts[t + 1] ? bytes[i] : 0) }
            return (prefix: prefix, token: t)
        }
        order.sort {
            $0.prefix != $1.prefix ? $0.prefix < $1.prefix
                : bytes[starts[$0.token]..<starts[$0.token + 1]].lexicographicallyPrecedes(bytes[starts[$1.token]..<starts[$1.token + 1]])
        }
        return order.map(\.token)
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

        // One number per distinct token across the slices; the table that finds them is let
        // go before the rows are grouped (a large vocabulary's is megabytes).
        var keys: [SearchIndexBuilder.TokenKey] = []
        var words: [SearchIndexBuilder.TokenKey: String] = [:]
        let global: [[Int32]] = {
            var table = TokenTable(capacity: 1 << 16)
            return slices.map { slice in
                words.merge(slice.words) { a, _ in a }
                return slice.keys.map { key in table.value(for: key) { keys.append(key); return Int32(keys.count - 1) } }
            }
        }()
        // Rows grouped by token: stable, slices and rows in entry order.
        let runs = slices.indices.map {
            RowGrouping.Run(tokens: slices[$0].rowTokens, numbers: global[$0], codes: slices[$0].rowCodes,
                            ends: slices[$0].entryEnds, firstEntry: bounds[$0])
        }
        let rows = RowGrouping.grouped(runs, tokenCount: keys.count, forEach: Parallel.forEach)
        return (keys, words, rows.starts, rows.entries, rows.codes, slices.flatMap(\.lengths))
    }

    /// Pinyin and initials tokens, end to end in reading order: reading k's text ends at
    /// `textEnds[k]` of `text`, its rows at `ends[k]` of `entries` and `codes`. Flat: a
    /// large vocabulary has a hundred thousand readings, and an array or two each weighed
    /// more than their rows.
    struct Readings {
        var text: [UInt8] = [], textEnds: [Int] = []
        var entries: [Int32] = [], codes: [UInt8] = [], ends: [Int] = []

        /// Reading k's text, of `text`, and its rows, of `entries` and `codes`.
        func textRange(_ k: Int) -> Range<Int> { (k == 0 ? 0 : textEnds[k - 1])..<textEnds[k] }
        func rowRange(_ k: Int) -> Range<Int> { (k == 0 ? 0 : ends[k - 1])..<ends[k] }

        mutating func append(_ other: Readings) {
            textEnds += other.textEnds.map { $0 + text.count }
            ends += other.ends.map { $0 + entries.count }
            text += other.text
            entries += other.entries
            codes += other.codes
        }
    }

    /// Pinyin (`~bu'chang`) and initials (`^bc`) tokens: for each reading, the entries of
    /// every character pair read so, their codes added; each keeps its best
    /// `phoneticLimit` entries by `entryLocalScore`, ties to the lower entry.
    private static func phonetic(keys: [SearchIndexBuilder.TokenKey], counts: [Int], entries: [Int32], codes: [UInt8],
                                 lengths: [Int], pinyin: PinyinTable) -> Readings {
        // Each pair under its two readings, a reading's pairs a run in token order: a counting
        // sort over every reading there can be (syllable × syllable, then letter × letter, in
        // the order of their keys), in time linear in the pairs: it runs on one core.
        let syllableCount = pinyin.syllables.count, pinyinReadings = syllableCount * syllableCount
        func places(_ key: SearchIndexBuilder.TokenKey) -> (pinyin: Int, initials: Int)? {
            guard key & SearchIndexBuilder.tagMask == SearchIndexBuilder.bigramTag,
                  let a = pinyin.firstSyllableID(of: UInt32((key >> 21) & 0x1F_FFFF)),
                  let b = pinyin.firstSyllableID(of: UInt32(key & 0x1F_FFFF)) else { return nil }
            return (Int(a) * syllableCount + Int(b), pinyinReadings + (Int(pinyin.initials[Int(a)]) << 8 | Int(pinyin.initials[Int(b)])))
        }
        var next = [Int](repeating: 0, count: pinyinReadings + (1 << 16) + 1)
        for key in keys {
            guard let (p, i) = places(key) else { continue }
            next[p + 1] += 1
            next[i + 1] += 1
        }
        for r in 1..<next.count { next[r] += next[r - 1] }
        let readingStarts = next
        var members = [Int32](repeating: 0, count: next[next.count - 1])
        for (t, key) in keys.enumerated() {
            guard let (p, i) = places(key) else { continue }
            members[next[p]] = Int32(t)
            members[next[i]] = Int32(t)
            next[p] += 1
            next[i] += 1
        }
        // The readings some pair has are the runs, and the rows read before each run (an
        // initials reading reads many).
        var runKeys: [SearchIndexBuilder.TokenKey] = [], starts: [Int] = [], work = [0]
        for r in 0..<readingStarts.count - 1 where readingStarts[r] < readingStarts[r + 1] {
            runKeys.append(r < pinyinReadings ? SearchIndexBuilder.pinyinTag | UInt64(r / syllableCount) << 16 | UInt64(r % syllableCount)
                                              : SearchIndexBuilder.initialsTag | UInt64(r - pinyinReadings))
            starts.append(readingStarts[r])
            work.append(members[readingStarts[r]..<readingStarts[r + 1]].reduce(work[work.count - 1]) {
                $0 + counts[Int($1) + 1] - counts[Int($1)]
            })
        }
        starts.append(members.count)
        // Parts of equal work, each its runs in order, on every core.
        let runCount = starts.count - 1
        let parts = runCount < 64 ? 1 : Parallel.threads * 4
        let cuts = (0...parts).map { c in c == parts ? runCount : min(runCount, work.partitioningIndex { $0 >= work[runCount] * c / parts }) }
        let runs = starts, tokens = members, readingKeys = runKeys
        let results = ResultSlots<Readings>(count: parts)
        Parallel.forEach(parts) { part in
            var found = Readings()
            var summed = [UInt8](repeating: 0, count: lengths.count)
            var held = [Bool](repeating: false, count: lengths.count)
            var touched: [Int32] = []
            var best = BestEntries(limit: phoneticLimit)
            // A reading's pairs are tokens far apart, and most readings are a pair or two: the
            // places of the rows of the pair eight ahead in the part, and the first rows of the
            // pair four ahead, are asked for before they are read.
            let end = runs[cuts[part + 1]]
            for k in cuts[part]..<cuts[part + 1] {
                touched.removeAll(keepingCapacity: true)
                for j in runs[k]..<runs[k + 1] {
                    if j + 8 < end { CacheHint.prefetch(counts, Int(tokens[j + 8])) }
                    if j + 4 < end {
                        let ahead = counts[Int(tokens[j + 4])]
                        CacheHint.prefetch(entries, ahead)
                        CacheHint.prefetch(codes, ahead)
                    }
                    let t = Int(tokens[j])
                    for r in counts[t]..<counts[t + 1] {
                        let e = Int(entries[r])
                        if !held[e] { held[e] = true; touched.append(entries[r]); summed[e] = codes[r] } else { summed[e] = sum(summed[e], codes[r]) }
                    }
                }
                if touched.count > phoneticLimit {
                    best.removeAll()
                    for e in touched { best.offer(score: entryLocalScore(code: summed[Int(e)], length: lengths[Int(e)]), entry: e) }
                    found.entries += best.entries
                } else {
                    found.entries += touched.sorted()
                }
                for e in found.entries[found.codes.count...] { found.codes.append(summed[Int(e)]) }
                found.ends.append(found.entries.count)
                for e in touched { held[Int(e)] = false }
                found.text += SearchIndexBuilder.text(of: readingKeys[k], words: [:], pinyin: pinyin).utf8
                found.textEnds.append(found.text.count)
            }
            results.set(part, found)
        }
        var all = Readings()
        for part in results.values { all.append(part) }
        return all
    }
}
