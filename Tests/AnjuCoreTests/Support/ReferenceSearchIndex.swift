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
        /// Every JSON file under `search/` (meta, words, pinyin table), by path.
        var jsonFiles: [String: [UInt8]]
        /// Every display-record file, by path, before compression.
        var recordJSON: [String: [UInt8]]
        /// Every shard's file, by path, its token records before compression.
        var shardFiles: [String: [UInt8]]
        /// What the search page names.
        var links: SearchPageLinks
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

    func build(_ unordered: [SearchEntry], synonyms: [[String]] = []) -> Output {
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
            for (field, text) in [e.title, e.headings.joined(separator: "\n"), e.body, e.keys].enumerated() {
                for (token, kind) in Self.tokens(text) {
                    if kind != .bigram, field < 3 { length += [4, 2, 1][field] }
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
        func segment(_ range: Range<Int>, tail: Bool) -> [[UInt8]] {
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
            // The smallest power of two with count · target ≥ total; the tail's target is 1 KiB
            // up to 256 shards, 4 KiB beyond.
            var count = 1
            while count * 4_096 < total { count *= 2 }
            if tail {
                var small = 1
                while small * 1_024 < total && small < 256 { small *= 2 }
                count = max(count, small)
            }
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
        let head = segment(0..<tailStart, tail: false), tail = segment(tailStart..<entries.count, tail: true)
        // The tail's filter: ten bits a token up to 4 KiB, no fewer than two, ln 2 · bits/token
        // probes; probe i of hash h at (h + i · (fmix32(h) | 1)) mod bits.
        let tailTokens = postings.filter { $0.value.contains { $0.0 >= tailStart } }.keys
        var tailFilter = ""
        let filterBytes = min((tailTokens.count * 10 + 7) / 8, 4_096)
        if !tailTokens.isEmpty && filterBytes * 8 >= tailTokens.count * 2 {
            let bits = filterBytes * 8
            let probes = max(1, min(16, Int((Double(bits) / Double(tailTokens.count) * log(2)).rounded())))
            var set = [Bool](repeating: false, count: bits)
            for token in tailTokens {
                let h = UInt64(fnv32(Array(token.utf8)))
                var x = h
                x ^= x >> 16; x = (x * 0x85EB_CA6B) & 0xFFFF_FFFF
                x ^= x >> 13; x = (x * 0xC2B2_AE35) & 0xFFFF_FFFF
                x ^= x >> 16
                for i in 0..<UInt64(probes) { set[Int((h + i * (x | 1)) % UInt64(bits))] = true }
            }
            var bytes = [UInt8](repeating: 0, count: filterBytes)
            for p in set.indices where set[p] { bytes[p / 8] |= UInt8(1) << UInt8(p % 8) }
            tailFilter = "\(probes):" + Data(bytes).base64EncodedString()
        }

        // Files named by content: FNV-1a 64 of their bytes, in hex.
        func fnv64(_ bytes: [UInt8]) -> UInt64 {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            return h
        }
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let full = String(value, radix: 16)
            return String((String(repeating: "0", count: 16 - full.count) + full).prefix(digits))
        }
        // A shard's name: its hash's first 30 bits, five at a time, as RFC 4648 base32 letters.
        func base32(_ value: UInt64, _ characters: Int) -> String {
            let bits = String(repeating: "0", count: value.leadingZeroBitCount) + String(value, radix: 2)
            let letters = Array("abcdefghijklmnopqrstuvwxyz234567")
            return String((0..<characters).map { i in
                letters[Int(bits.dropFirst(5 * i).prefix(5), radix: 2)!]
            })
        }
        func json(_ s: String, limit: Int = .max) -> String { String(decoding: plainJSON(s, limit: limit), as: UTF8.self) }
        var jsonFiles: [String: [UInt8]] = [:], shardFiles: [String: [UInt8]] = [:], recordJSON: [String: [UInt8]] = [:]
        var names: [[String]] = []
        for (letter, shards) in [("h", head), ("t", tail)] {
            var segmentNames: [String] = []
            for (n, records) in shards.enumerated() {
                guard !records.isEmpty else { segmentNames.append("-"); continue }
                let hash = base32(fnv64(records), 6)
                shardFiles["search/s/\(letter)\(n).\(hash).bin"] = records
                segmentNames.append(hash)
            }
            names.append(segmentNames)
        }
        // Display records, in blocks of 256 named by their URLs.
        let blocks = stride(from: 0, to: entries.count, by: 256).map { start in
            hex(fnv64(Array(entries[start..<min(start + 256, entries.count)].map { $0.url + "\n" }.joined().utf8)), 10)
        }
        for file in recordFiles {
            let records = file.map { id -> String in
                let e = entries[id]
                var fields = ["\"u\":" + json(e.url), "\"t\":" + json(e.title), "\"s\":" + json(e.section.rawValue)]
                if let c = e.category { fields.append("\"c\":" + json(c)) }
                if let d = e.date { fields.append("\"d\":" + json(d)) }
                if let p = e.parent { fields.append("\"p\":" + json(p)) }
                fields.append("\"x\":" + json(e.shownBody ?? e.body, limit: 1_600))
                return "{" + fields.joined(separator: ",") + "}"
            }
            recordJSON["search/d/\(blocks[file[0] / 256])/\(file[0] % 256).bin"] = Array(("[" + records.joined(separator: ",") + "]").utf8)
        }
        // meta: a character each of the 92-character alphabet per entry.
        let alphabet = (0x21...0x7E).filter { $0 != 0x22 && $0 != 0x5C }.map { String(UnicodeScalar(UInt8($0))) }
        var classes: [String] = []
        let classOf = entries.map { e -> Int in
            let key = "[" + json(e.section.rawValue) + "," + json(e.category ?? "") + "]"
            if let known = classes.firstIndex(of: key) { return known }
            classes.append(key)
            return classes.count - 1
        }
        let width = classes.count > 92 ? 2 : 1
        let cls = classOf.map { width == 2 ? alphabet[$0 / 92] + alphabet[$0 % 92] : alphabet[$0] }.joined()
        let lengthClasses = lengths.map { alphabet[min(63, Int((4 * log2(1 + Double($0))).rounded()))] }.joined()
        var places = [String](repeating: "", count: entries.count)
        for file in recordFiles { for (place, id) in file.enumerated() { places[id] = alphabet[place] } }
        func buildingKey(_ id: String) -> String {
            guard !id.isEmpty, id.allSatisfy({ ("0"..."9").contains($0) }) else { return id.lowercased() }
            let trimmed = String(id.drop { $0 == "0" })
            return trimmed.isEmpty ? "0" : trimmed
        }
        let buildings = entries.enumerated().compactMap { i, e in e.building.map { json(buildingKey($0)) + ":\(i)" } }
        let meta = "{\"version\":7,\"entries\":\(entries.count),\"blocks\":[" + blocks.map { "\"\($0)\"" }.joined(separator: ",") + "],"
            + "\"classes\":[" + classes.joined(separator: ",") + "],\"width\":\(width),\"cls\":\"" + cls
            + "\",\"lengths\":\"" + lengthClasses + "\",\"places\":\"" + places.joined()
            + "\",\"buildings\":{" + buildings.joined(separator: ",") + "}}"
        let metaPath = "search/meta.\(hex(fnv64(Array(meta.utf8)), 12)).json"
        jsonFiles[metaPath] = Array(meta.utf8)
        // words: the groups a member of which the site holds (every token of it), or that
        // reach a question word; the syllables; the pinyin table's name.
        let applicable = synonyms.filter { group in
            group.count > 1 && group.contains { word in
                let parts = Self.tokens(word).map(\.0)
                return (!parts.isEmpty && parts.allSatisfy { postings[$0] != nil }) || QuestionFrame.isFrame(word)
            }
        }
        var words = "{\"version\":7,\"synonyms\":[" + applicable.map { "[" + $0.map { json($0) }.joined(separator: ",") + "]" }.joined(separator: ",")
            + "],\"syllables\":" + json(pinyin?.syllables.joined(separator: " ") ?? "")
        if let pinyin {
            let name = "pinyin.\(hex(fnv64(pinyin.browserJSONBytes), 12)).json"
            jsonFiles["search/" + name] = pinyin.browserJSONBytes
            words += ",\"pinyin\":\"\(name)\""
        }
        words += "}"
        let wordsPath = "search/words.\(hex(fnv64(Array(words.utf8)), 12)).json"
        jsonFiles[wordsPath] = Array(words.utf8)
        return Output(head: head, tail: tail, lengths: lengths, order: entries.map(\.url), recordFiles: recordFiles,
                      jsonFiles: jsonFiles, recordJSON: recordJSON, shardFiles: shardFiles,
                      links: SearchPageLinks(meta: metaPath, words: wordsPath, shards: names.map { $0.joined() }.joined(separator: "|"),
                                             tailFilter: tailFilter))
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

/// The search page's list of shard names (`data-shards`) read plainly: each segment's names,
/// six letters each or `-` for an empty shard, run together; head, `|`, tail.
func shardNameLists(_ list: Substring) -> [[String]] {
    list.split(separator: "|", omittingEmptySubsequences: false).map { segment in
        var names: [String] = [], rest = Substring(segment)
        while let first = rest.first {
            let name = first == "-" ? "-" : String(rest.prefix(SearchIndexBuilder.shardHashCharacters))
            names.append(name)
            rest = rest.dropFirst(name.count)
        }
        return names
    }
}
