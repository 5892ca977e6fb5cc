import Foundation
@testable import AnjuCore
@testable import AnjuKernels

/// docs/search-index.md written out plainly, with Strings and dictionaries: the twin the fast
/// builder (`SearchIndexBuilder`, `Postings`, `IndexEncoding`) must match byte for byte.
struct ReferenceSearchIndex {
    var pinyin: PinyinTable?

    /// Shard files in shard order, per segment, and every entry's length.
    struct Output: Equatable {
        var head: [[UInt8]]
        var tail: [[UInt8]]
        var lengths: [Int]
        var order: [String]
        /// The entries of each display-record file, in file order.
        var recordFiles: [[Int]]
    }

    enum Kind { case unigram, bigram, word }

    /// The tokens of a text, each with its kind.
    static func tokens(_ text: String) -> [(String, Kind)] {
        var result: [(String, Kind)] = []
        var word = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            let s = SearchText.normalize(scalar)
            if ChineseText.isHan(s) {
                if !word.isEmpty { result.append((word, .word)); word = "" }
                result.append((String(s), .unigram))
                if let p = previous { result.append((String(p) + String(s), .bigram)) }
                previous = s
            } else {
                previous = nil
                if ("a"..."z").contains(s) || ("0"..."9").contains(s) {
                    word.unicodeScalars.append(s)
                } else if !word.isEmpty {
                    result.append((word, .word)); word = ""
                }
            }
        }
        if !word.isEmpty { result.append((word, .word)) }
        return result
    }

    func build(_ unordered: [SearchEntry]) -> Output {
        // Order: undated by URL bytes, then dated by date and URL.
        let undated = unordered.filter { $0.date == nil }.sorted { Array($0.url.utf8).lexicographicallyPrecedes(Array($1.url.utf8)) }
        let dated = unordered.filter { $0.date != nil }.sorted {
            $0.date! != $1.date! ? $0.date! < $1.date! : Array($0.url.utf8).lexicographicallyPrecedes(Array($1.url.utf8))
        }
        let entries = undated + dated
        var tailStart = entries.count
        if let newest = dated.last?.date {
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let formatter = DateFormatter()
            formatter.calendar = calendar
            formatter.timeZone = calendar.timeZone
            formatter.dateFormat = "yyyy-MM-dd"
            let day = formatter.date(from: String(newest.prefix(10)))!
            let monday = calendar.date(from: calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: day))!
            let boundary = formatter.string(from: monday)
            tailStart = undated.count + (dated.firstIndex { $0.date! >= boundary } ?? dated.count)
        }

        // Field counts per token per entry, and lengths.
        var counts: [String: [Int: (Int, Int, Int)]] = [:]
        var bigramsOf: [String: Set<Int>] = [:]
        var lengths: [Int] = []
        for (id, e) in entries.enumerated() {
            var length = 0
            for (field, text) in [e.title, e.headings.joined(separator: "\n"), e.body].enumerated() {
                for (token, kind) in Self.tokens(text) {
                    if kind != .bigram { length += [4, 2, 1][field] }
                    if kind == .bigram { bigramsOf[token, default: []].insert(id) }
                    var c = counts[token, default: [:]][id] ?? (0, 0, 0)
                    switch field { case 0: c.0 += 1; case 1: c.1 += 1; default: c.2 += 1 }
                    counts[token, default: [:]][id] = c
                }
            }
            lengths.append(length)
        }
        func code(_ c: (Int, Int, Int)) -> UInt8 { UInt8(min(c.0, 3) << 6 | min(c.1, 3) << 4 | min(c.2, 15)) }
        var postings: [String: [(Int, UInt8)]] = [:]
        for (token, byEntry) in counts { postings[token] = byEntry.keys.sorted().map { ($0, code(byEntry[$0]!)) } }

        // Pinyin and initials: the bigrams' counts added up by reading; the best 100 by the
        // entry-local score, ties to the lower entry.
        if let pinyin {
            var phonetic: [String: [Int: (Int, Int, Int)]] = [:]
            for (bigram, _) in bigramsOf {
                let scalars = Array(bigram.unicodeScalars)
                guard let a = pinyin.firstSyllableID(of: scalars[0].value), let b = pinyin.firstSyllableID(of: scalars[1].value) else { continue }
                let names = ["~" + pinyin.syllables[Int(a)] + "'" + pinyin.syllables[Int(b)],
                             "^" + String(UnicodeScalar(pinyin.initials[Int(a)])) + String(UnicodeScalar(pinyin.initials[Int(b)]))]
                for name in names {
                    for (id, c) in counts[bigram]! {
                        // Each bigram's counts capped first, as its code holds them.
                        let capped = (min(c.0, 3), min(c.1, 3), min(c.2, 15))
                        var sum = phonetic[name, default: [:]][id] ?? (0, 0, 0)
                        sum = (sum.0 + capped.0, sum.1 + capped.1, sum.2 + capped.2)
                        phonetic[name, default: [:]][id] = sum
                    }
                }
            }
            for (name, byEntry) in phonetic {
                func score(_ id: Int) -> Double {
                    let c = code(byEntry[id]!)
                    let w = Double(4 * Int(c >> 6) + 2 * Int((c >> 4) & 3) + Int(c & 15))
                    return w / (w + 1.2 * (0.25 + 0.75 * Double(lengths[id]) / 64))
                }
                let best = byEntry.keys.sorted { score($0) != score($1) ? score($0) > score($1) : $0 < $1 }.prefix(100)
                postings[name] = best.sorted().map { ($0, code(byEntry[$0]!)) }
            }
        }

        func varint(_ v: Int) -> [UInt8] {
            var v = v, out: [UInt8] = []
            repeat {
                var byte = UInt8(v & 0x7F)
                v >>= 7
                if v > 0 { byte |= 0x80 }
                out.append(byte)
            } while v > 0
            return out
        }
        func fnv32(_ bytes: [UInt8]) -> UInt32 {
            var h: UInt32 = 2_166_136_261
            for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
            return h
        }
        func segment(_ range: Range<Int>, target: Int) -> [[UInt8]] {
            var records: [(UInt32, [UInt8])] = []
            for token in postings.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                let list = postings[token]!.filter { range.contains($0.0) }
                guard !list.isEmpty else { continue }
                var body: [UInt8] = [], previous = -1
                for (entry, c) in list { body += varint(entry - previous) + [c]; previous = entry }
                let bytes = Array(token.utf8)
                records.append((fnv32(bytes), varint(bytes.count) + bytes + varint(list.count) + varint(body.count) + body))
            }
            let total = records.reduce(0) { $0 + $1.1.count }
            var count = 1
            while count * target < total { count *= 2 }
            var shards = [[UInt8]](repeating: [], count: count)
            for (hash, bytes) in records { shards[Int(hash % UInt32(count))] += bytes }
            return shards
        }
        // Record files: a page's consecutive entries, never across a block of 256, 32 at most.
        var recordFiles: [[Int]] = []
        func page(_ url: String) -> Substring { url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0] }
        for (i, entry) in entries.enumerated() {
            if let last = recordFiles.last?.last, last / 256 == i / 256, page(entries[last].url) == page(entry.url),
               recordFiles[recordFiles.count - 1].count < 32 {
                recordFiles[recordFiles.count - 1].append(i)
            } else {
                recordFiles.append([i])
            }
        }
        return Output(head: segment(0..<tailStart, target: 4_096), tail: segment(tailStart..<entries.count, target: 1_024), lengths: lengths,
                      order: entries.map(\.url), recordFiles: recordFiles)
    }
}

/// A shard's token records read plainly (docs/search-index.md): each token with its
/// postings as [entry, field code].
func shardRecords(_ shard: [UInt8]) -> [(token: String, postings: [[Int]])] {
    var records: [(token: String, postings: [[Int]])] = []
    var i = 0
    func varint() -> Int {
        var v = 0, shift = 0
        while true { let b = shard[i]; i += 1; v |= Int(b & 0x7F) << shift; shift += 7; if b < 0x80 { return v } }
    }
    while i < shard.count {
        let length = varint()
        let token = String(decoding: shard[i..<(i + length)], as: UTF8.self)
        i += length
        let count = varint()
        _ = varint()
        var postings: [[Int]] = [], entry = -1
        for _ in 0..<count { entry += varint(); postings.append([entry, Int(shard[i])]); i += 1 }
        records.append((token, postings))
    }
    return records
}
