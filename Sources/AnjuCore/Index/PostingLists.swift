/// Which entries contain which token, collected on every core and grouped per token.
///
/// Each core tokenises a contiguous slice of the entries into flat arrays, one row per
/// (token, entry) pair, numbering its tokens as it meets them. Grouping then numbers the
/// distinct tokens of all slices in key order and reorders each slice's rows by token
/// (a counting sort), so token t's rows are slice 0's run for t, then slice 1's, … — in
/// entry order — and the passes that follow (BM25, the cut to the best postings, the
/// JSON) read memory in order. The slices are reordered at the same time, one per core
/// (each slice's rows are then briefly in memory twice; the build's peak did not move);
/// a dictionary of posting arrays (the first version) was slow and twice as large.
struct PostingLists {
    /// One (token, entry) pair: the entry, the token's weighted frequency in it, and where
    /// its first positions are in its slice's `positions`.
    struct Row {
        var entry: Int32
        var positionStart: Int32
        var frequency: UInt16
        var positionCount: UInt8
    }

    /// One slice's rows. Collected in entry order with tokens numbered as met; after
    /// grouping, in token order with `starts[t]..<starts[t + 1]` the rows of token t.
    final class Slice: @unchecked Sendable {
        var tokenKeys: [SearchIndexBuilder.TokenKey] = []
        var rowTokens: [Int32] = []
        var rows: [Row] = []
        var starts: [Int32] = []
        var positions: [Int32] = []
        /// Each entry's weighted length in (non-phonetic) tokens, for BM25.
        var lengths: [Double] = []
        var words: [SearchIndexBuilder.TokenKey: String] = [:]
    }

    /// Distinct tokens in key order, which is the order they are written in.
    var tokens: [SearchIndexBuilder.TokenKey]
    var slices: [Slice]
    var lengths: [Double]

    var words: [SearchIndexBuilder.TokenKey: String]
    /// Tokens from here on are pinyin and initials; they keep only the postings the index
    /// writes, so how many entries contain each one is kept here.
    var phoneticStart: Int = .max
    var phoneticDocumentFrequencies: [Int32] = []

    /// Field weights as integers, so a weighted frequency is a small whole number.
    static let weights: [UInt16] = [UInt16(SearchIndexBuilder.fieldWeights.title),
                                    UInt16(SearchIndexBuilder.fieldWeights.headings),
                                    UInt16(SearchIndexBuilder.fieldWeights.body)]

    /// The rows of one slice of entries: characters, character pairs and words.
    static func collect(_ entries: ArraySlice<SearchEntry>) -> Slice {
        let slice = Slice()
        let cap = SearchIndexBuilder.positionsPerPosting
        // Per slice: every token met, numbered as met, with its slot in the current entry
        // as its mark (`EntryTokens`): one lookup per token met, where a per-entry table
        // looked up each token again and numbering then looked up each distinct one.
        // Pinyin and initials are not met here: `addPhonetic` derives them from the
        // character pairs afterwards.
        var slots = EntryTokens(positionsPerSlot: cap)
        defer { slots.deallocate() }
        var numbering = TokenNumbering()
        var rowTokens: [Int32] = [], rows: [Row] = [], allPositions: [Int32] = []
        var lengths: [Double] = []
        // At most four tokens start at each character (character, pair, pinyin, initials):
        // reserving that much costs address space, not memory, and saves the copies of
        // growing arrays of millions of rows.
        let scalars = entries.reduce(0) { $0 + $1.title.utf8.count + $1.body.utf8.count
            + $1.headings.reduce(0) { $0 + $1.utf8.count + 1 } } / 3 + entries.count * 16
        rows.reserveCapacity(scalars * 4)
        rowTokens.reserveCapacity(scalars * 4)
        allPositions.reserveCapacity(scalars * 2)
        var words = slice.words
        for (id, entry) in zip(entries.indices, entries) {
            slots.reset()
            var offset: Int32 = 0
            var length = 0.0
            for field in 0..<3 {
                let text = field == 0 ? entry.title : field == 1 ? entry.headings.joined(separator: "\n") : entry.body
                let weight = weights[field]
                var count = 0
                let scalars = SearchIndexBuilder.forEachToken(text, words: &words, pinyin: nil) { key, position in
                    // A mark names this entry's slot for the token only when that slot holds it.
                    let i = Int(numbering.number(key) { token, mark in
                        if Int(mark) >= slots.used || slots.tokens[Int(mark)] != token { mark = slots.take(token) }
                        return mark
                    })
                    let (sum, overflow) = slots.frequencies[i].addingReportingOverflow(weight)
                    slots.frequencies[i] = overflow ? .max : sum
                    if !SearchIndexBuilder.isPhonetic(key) {
                        count += 1
                        let n = Int(slots.counts[i])
                        if n < cap {
                            slots.positions[i * cap + n] = offset + position
                            slots.counts[i] = UInt8(n + 1)
                        }
                    }
                }
                length += Double(weight) * Double(count)
                offset += scalars + 1
            }
            lengths.append(length)
            // The entry's rows and positions, laid out in scratch and appended in one copy
            // each: an append per row was a seventh of this function's time.
            let used = slots.used
            var positionCount = 0
            let positionBase = Int32(allPositions.count)
            for i in 0..<used {
                let n = Int(slots.counts[i])
                slots.rowScratch[i] = Row(entry: Int32(id), positionStart: positionBase + Int32(positionCount),
                                          frequency: slots.frequencies[i], positionCount: slots.counts[i])
                (slots.positionScratch + positionCount).update(from: slots.positions + i * cap, count: n)
                positionCount += n
            }
            rowTokens.append(contentsOf: UnsafeBufferPointer(start: slots.tokens, count: used))
            rows.append(contentsOf: UnsafeBufferPointer(start: slots.rowScratch, count: used))
            allPositions.append(contentsOf: UnsafeBufferPointer(start: slots.positionScratch, count: positionCount))
        }
        slice.tokenKeys = numbering.keys
        slice.rowTokens = rowTokens
        slice.rows = rows
        slice.positions = allPositions
        slice.lengths = lengths
        slice.words = words
        return slice
    }

    /// Tokenises every entry on every core, groups the rows by token, and with a pinyin
    /// table adds the pinyin and initials tokens.
    static func build(_ entries: [SearchEntry], pinyin: PinyinTable?) -> PostingLists {
        // Contiguous slices, one per core; moving them in slice order keeps each token's
        // rows in entry order.
        let sliceCount = entries.count < 64 ? 1 : Parallel.threads
        let bounds = (0...sliceCount).map { entries.count * $0 / sliceCount }
        let collected = ResultSlots<Slice>(count: sliceCount)
        Parallel.forEach(sliceCount) { i in
            collected.set(i, collect(entries[bounds[i]..<bounds[i + 1]]))
        }
        let slices = collected.values

        // Number the tokens of all slices, then in key order: place[s][local] is where
        // slice s's token `local` is written.
        var table = TokenTable(capacity: 1 << 16)
        var tokenKeys: [UInt64] = []
        var global: [[Int32]] = []
        for slice in slices {
            global.append(slice.tokenKeys.map { key in
                table.value(for: key) {
                    tokenKeys.append(key)
                    return Int32(tokenKeys.count - 1)
                }
            })
        }
        let order = tokenKeys.indices.sorted { tokenKeys[$0] < tokenKeys[$1] }
        var rank = [Int32](repeating: 0, count: tokenKeys.count)
        for (place, id) in order.enumerated() { rank[id] = Int32(place) }

        // The slices are grouped at the same time, one per core.
        let tokenCount = tokenKeys.count, numbering = global, ranks = rank
        Parallel.forEach(slices.count) { s in
            let slice = slices[s]
            let place = numbering[s].map { ranks[Int($0)] }
            // Rows and their positions both move to token order, read in the order they were
            // collected: the JSON pass then reads positions in order too (reading them where
            // they were collected was most of that pass's time, in cache misses).
            var starts = [Int32](repeating: 0, count: tokenCount + 1)
            var positionStarts = [Int32](repeating: 0, count: tokenCount + 1)
            for (local, row) in zip(slice.rowTokens, slice.rows) {
                let p = Int(place[Int(local)]) + 1
                starts[p] += 1
                positionStarts[p] += Int32(row.positionCount)
            }
            for t in 0..<tokenCount {
                starts[t + 1] += starts[t]
                positionStarts[t + 1] += positionStarts[t]
            }
            var next = starts, nextPosition = positionStarts
            let count = slice.rows.count, positionCount = slice.positions.count
            var groupedPositions = [Int32](repeating: 0, count: positionCount)
            let grouped = [Row](unsafeUninitializedCapacity: count) { out, initialized in
                slice.positions.withUnsafeBufferPointer { positions in
                    groupedPositions.withUnsafeMutableBufferPointer { movedPositions in
                        for (local, row) in zip(slice.rowTokens, slice.rows) {
                            let p = Int(place[Int(local)])
                            var moved = row
                            moved.positionStart = nextPosition[p]
                            for k in 0..<Int(row.positionCount) {
                                movedPositions[Int(moved.positionStart) + k] = positions[Int(row.positionStart) + k]
                            }
                            nextPosition[p] += Int32(row.positionCount)
                            out[Int(next[p])] = moved
                            next[p] += 1
                        }
                    }
                }
                initialized = count
            }
            slice.rows = grouped
            slice.positions = groupedPositions
            slice.rowTokens = []
            slice.tokenKeys = []
            slice.starts = starts
        }
        var words: [SearchIndexBuilder.TokenKey: String] = [:]
        var lengths: [Double] = []
        for slice in slices {
            words.merge(slice.words) { a, _ in a }
            lengths += slice.lengths
        }
        var lists = PostingLists(tokens: order.map { tokenKeys[$0] }, slices: slices, lengths: lengths, words: words)
        if let pinyin { lists.addPhonetic(pinyin, entryCount: entries.count) }
        return lists
    }

    /// Adds the pinyin (`~bu'chang`) and initials (`^bc`) tokens, derived from the character
    /// pairs' rows rather than tokenised from the text: an entry's weighted frequency for
    /// a pinyin pair is the sum of its pairs' with that reading, exactly what tokenising
    /// each pair's reading found, for half the work per character. They become one more
    /// slice whose tokens sort after every other (their kind tags are the largest).
    ///
    /// Each keeps only its `postingsPerPhoneticToken` best postings, chosen here as the
    /// encoder would: an initials pair is in nearly every entry, and carrying all those rows
    /// to be scored twice and cut was a fifth of the index's time.
    mutating func addPhonetic(_ pinyin: PinyinTable, entryCount: Int) {
        // (reading or initials, character pair) for every pair, sorted: each reading's pairs
        // are then one run.
        var pairs: [(key: UInt64, token: Int32)] = []
        for (t, key) in tokens.enumerated() where key & SearchIndexBuilder.tagMask == SearchIndexBuilder.bigramTag {
            guard let a = pinyin.firstSyllableID(of: UInt32((key >> 21) & 0x1F_FFFF)),
                  let b = pinyin.firstSyllableID(of: UInt32(key & 0x1F_FFFF)) else { continue }
            pairs.append((SearchIndexBuilder.pinyinTag | (UInt64(a) << 16) | UInt64(b), Int32(t)))
            let i = pinyin.initials[Int(a)], j = pinyin.initials[Int(b)]
            pairs.append((SearchIndexBuilder.initialsTag | (UInt64(i) << 8) | UInt64(j), Int32(t)))
        }
        pairs.sort { ($0.key, $0.token) < ($1.key, $1.token) }
        var keys: [UInt64] = [], runs: [Int] = [0]
        for (k, pair) in pairs.enumerated() {
            if k == 0 || pair.key != pairs[k - 1].key {
                if k > 0 { runs.append(k) }
                keys.append(pair.key)
            }
        }
        runs.append(pairs.count)
        let sliceRows = slices.map(\.rows), sliceStarts = slices.map(\.starts)
        // Each worker sums a run of keys' rows per entry in a dense array, into a slice of
        // its own (no copy to join them); the runs have about as many rows each (an initials
        // pair sums far more rows than a pinyin pair).
        let workers = keys.count < 64 ? 1 : Parallel.threads
        let bounds = SearchIndexBuilder.balancedBounds(keys.count, parts: workers) { k in
            var rows = 1
            for pair in pairs[runs[k]..<runs[k + 1]] {
                let t = Int(pair.token)
                for starts in sliceStarts { rows += Int(starts[t + 1] - starts[t]) }
            }
            return rows
        }
        let originalCount = tokens.count, total = tokens.count + keys.count
        let made = ResultSlots<Slice>(count: workers)
        let frequencies = ResultSlots<[Int32]>(count: workers)
        let sortedPairs = pairs, keyRuns = runs
        let norms = SearchIndexBuilder.lengthNorms(lengths, entryCount: entryCount)
        let limit = SearchIndexBuilder.postingsPerPhoneticToken
        Parallel.forEach(workers) { w in
            var sums = [UInt32](repeating: 0, count: entryCount)
            var touched: [Int32] = []
            var bitmap = [UInt64](repeating: 0, count: (entryCount + 63) / 64)
            var ranks: [UInt64] = [], scratch: [UInt64] = []
            var rows: [Row] = []
            rows.reserveCapacity((bounds[w + 1] - bounds[w]) * limit)
            var documentFrequencies: [Int32] = []
            var starts = [Int32](repeating: 0, count: originalCount + bounds[w] + 1)
            starts.reserveCapacity(total + 1)
            for k in bounds[w]..<bounds[w + 1] {
                touched.removeAll(keepingCapacity: true)
                for pair in sortedPairs[keyRuns[k]..<keyRuns[k + 1]] {
                    let t = Int(pair.token)
                    for (slice, starts) in zip(sliceRows, sliceStarts) {
                        for r in Int(starts[t])..<Int(starts[t + 1]) {
                            let row = slice[r]
                            if sums[Int(row.entry)] == 0 { touched.append(row.entry) }
                            sums[Int(row.entry)] += UInt32(row.frequency)
                        }
                    }
                }
                if touched.count > 32 {
                    // In entry order through a bitmap of the entries: Swift's merge sort of
                    // an initials pair's thousands of entries was a third of this pass.
                    bitmap.withUnsafeMutableBufferPointer { bits in
                        for entry in touched { bits[Int(entry) >> 6] |= 1 << UInt64(entry & 63) }
                        touched.removeAll(keepingCapacity: true)
                        for w in bits.indices where bits[w] != 0 {
                            var word = bits[w]
                            bits[w] = 0
                            while word != 0 {
                                touched.append(Int32(w << 6 | word.trailingZeroBitCount))
                                word &= word - 1
                            }
                        }
                    }
                } else {
                    touched.sort()
                }
                documentFrequencies.append(Int32(touched.count))
                let idf = SearchIndexBuilder.idf(documentFrequency: touched.count, entryCount: entryCount)
                func frequency(_ entry: Int32) -> UInt16 { UInt16(min(sums[Int(entry)], UInt32(UInt16.max))) }
                func rank(_ entry: Int32) -> UInt64 {
                    let impact = SearchIndexBuilder.impact(frequency: frequency(entry), norm: norms[Int(entry)], idf: idf)
                    return SearchIndexBuilder.rank(impact: impact, entry: entry)
                }
                var cut: UInt64 = 0
                if touched.count > limit {
                    ranks.removeAll(keepingCapacity: true)
                    for entry in touched { ranks.append(rank(entry)) }
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: ranks)
                    cut = SearchIndexBuilder.largest(limit, in: &scratch)
                }
                for (i, entry) in touched.enumerated() {
                    if touched.count <= limit || ranks[i] >= cut {
                        rows.append(Row(entry: entry, positionStart: 0, frequency: frequency(entry), positionCount: 0))
                    }
                    sums[Int(entry)] = 0
                }
                starts.append(Int32(rows.count))
            }
            while starts.count < total + 1 { starts.append(Int32(rows.count)) }
            let slice = Slice()
            slice.rows = rows
            slice.starts = starts
            made.set(w, slice)
            frequencies.set(w, documentFrequencies)
        }
        for slice in slices {
            let end = slice.starts.last!
            slice.starts += repeatElement(end, count: keys.count)
        }
        slices += made.values
        phoneticStart = tokens.count
        phoneticDocumentFrequencies = frequencies.values.flatMap { $0 }
        tokens += keys
    }
}

/// One entry's distinct tokens while it is tokenised: a slot per token (its slice-wide
/// number) with its weighted frequency and first positions, in raw buffers that only grow
/// (Array's uniqueness and bounds checks were a tenth of the tokenising loop). A token
/// finds its slot through its mark in `TokenNumbering`; emptying is setting `used` to 0.
struct EntryTokens {
    let positionsPerSlot: Int
    private(set) var capacity = 1024
    private(set) var used = 0
    private(set) var tokens: UnsafeMutablePointer<Int32>
    private(set) var frequencies: UnsafeMutablePointer<UInt16>
    private(set) var counts: UnsafeMutablePointer<UInt8>
    private(set) var positions: UnsafeMutablePointer<Int32>
    /// Where the entry's rows and positions are laid out before they are appended.
    private(set) var rowScratch: UnsafeMutablePointer<PostingLists.Row>
    private(set) var positionScratch: UnsafeMutablePointer<Int32>

    init(positionsPerSlot: Int) {
        self.positionsPerSlot = positionsPerSlot
        tokens = .allocate(capacity: capacity)
        frequencies = .allocate(capacity: capacity)
        counts = .allocate(capacity: capacity)
        positions = .allocate(capacity: capacity * positionsPerSlot)
        rowScratch = .allocate(capacity: capacity)
        positionScratch = .allocate(capacity: capacity * positionsPerSlot)
    }

    func deallocate() {
        tokens.deallocate(); frequencies.deallocate(); counts.deallocate(); positions.deallocate()
        rowScratch.deallocate(); positionScratch.deallocate()
    }

    /// A new slot for `token`, frequency and positions empty.
    @inline(__always)
    mutating func take(_ token: Int32) -> Int32 {
        if used == capacity { grow() }
        tokens[used] = token; frequencies[used] = 0; counts[used] = 0
        used += 1
        return Int32(used - 1)
    }

    /// Empties every slot for the next entry.
    mutating func reset() { used = 0 }

    private mutating func grow() {
        func moved<T>(_ old: UnsafeMutablePointer<T>, _ count: Int, to size: Int) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: size)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        tokens = moved(tokens, used, to: capacity * 2)
        frequencies = moved(frequencies, used, to: capacity * 2)
        counts = moved(counts, used, to: capacity * 2)
        positions = moved(positions, used * positionsPerSlot, to: capacity * 2 * positionsPerSlot)
        rowScratch.deallocate(); rowScratch = .allocate(capacity: capacity * 2)
        positionScratch.deallocate(); positionScratch = .allocate(capacity: capacity * 2 * positionsPerSlot)
        capacity *= 2
    }
}
