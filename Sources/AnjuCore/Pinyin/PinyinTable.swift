import AnjuKernels
import Foundation

/// Hanzi → toneless pinyin, from the Unicode Han Database (see Resources/pinyin.txt and
/// scripts/gen_pinyin.py). Used for slugs of Chinese file names and for the search index's
/// pinyin and initials tokens.
public struct PinyinTable: Sendable {
    /// Every syllable, sorted; a reading is stored as its index here.
    public let syllables: [String]
    /// First letter of each syllable, for initials (`bc` for 补偿).
    public let initials: [UInt8]
    /// Readings per character, most common first.
    let readings: [UInt32: [UInt16]]
    /// Characters of the 通用规范汉字表 (the 8,105 in common use).
    public let common: Set<UInt32>
    /// The 3,500 of its first level (常用字): what a keyboard or a speech recogniser writes,
    /// and so the characters the browser reads a misheard word by.
    public let everyday: Set<UInt32>
    /// Most common reading of U+3400…U+9FFF by code point, `UInt16.max` for none: the index
    /// looks up every Han character it reads, ten million times for a large site.
    private let firstReading: [UInt16]
    /// `browserJSON()`, made once: every site's index carries it.
    let browserJSONBytes: [UInt8]
    /// The table's source bytes, digested: a search index made with another table differs.
    let digest: ContentDigest
    static let denseStart: UInt32 = 0x3400, denseEnd: UInt32 = 0x9FFF

    public static let shared: PinyinTable = {
        guard let url = Bundle.module.url(forResource: "pinyin", withExtension: "txt"),
              let data = FileManager.default.contents(atPath: url.path) else {
            fatalError("pinyin.txt is missing from AnjuCore's resources: rebuild with `swift build`")
        }
        return PinyinTable(bytes: [UInt8](data))
    }()

    init(text: String) { self.init(bytes: Array(text.utf8)) }

    /// Lines `字<TAB>reading reading…[<TAB>1]`, read as bytes: splitting the 41,000 lines as
    /// Characters took 100 ms of every build, and a String per reading, a Set of them and
    /// an Array per line still took 190 M instructions (50 ms, on the search index's path
    /// at start-up); syllables are now numbered by their bytes packed into an integer.
    init(bytes: [UInt8]) {
        digest = ContentDigest(bytes)
        var scalars: [UInt32] = [], isCommon: [Bool] = [], isEveryday: [Bool] = [], starts: [Int] = [0]
        var met: [UInt16] = [] // each line's readings, numbered in the order first met
        var names: [String] = [] // by number met
        var packedNumbers: [UInt64: UInt16] = [:], longNumbers: [String: UInt16] = [:]
        do {
            let b = bytes
            func number(_ word: Range<Int>) -> UInt16 {
                func new() -> UInt16 {
                    names.append(String(decoding: b[word], as: UTF8.self))
                    return UInt16(names.count - 1)
                }
                guard word.count <= 7 else {
                    let name = String(decoding: b[word], as: UTF8.self)
                    if let n = longNumbers[name] { return n }
                    let n = new()
                    longNumbers[name] = n
                    return n
                }
                var key: UInt64 = 0
                for i in word { key = key << 8 | UInt64(b[i]) }
                key |= UInt64(word.count) << 56 // the length keeps "a" apart from "\0a"
                if let n = packedNumbers[key] { return n }
                let n = new()
                packedNumbers[key] = n
                return n
            }
            var start = 0
            while start < b.count {
                var end = start
                while end < b.count, b[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                guard end > start, b[start] != 0x23 else { continue } // blank or '#'
                // Tab-separated fields, empty ones skipped: the first three, and how many.
                var first = 0..<0, second = 0..<0, third = 0..<0, fieldCount = 0
                var fieldStart = start
                for i in start...end where i == end || b[i] == 0x09 {
                    if i > fieldStart {
                        if fieldCount == 0 { first = fieldStart..<i } else if fieldCount == 1 { second = fieldStart..<i }
                        else if fieldCount == 2 { third = fieldStart..<i }
                        fieldCount += 1
                    }
                    fieldStart = i + 1
                }
                guard fieldCount >= 2, let scalar = Self.firstScalar(b, first) else { continue }
                var wordStart = second.lowerBound
                for i in second.lowerBound...second.upperBound where i == second.upperBound || b[i] == 0x20 {
                    if i > wordStart { met.append(number(wordStart..<i)) }
                    wordStart = i + 1
                }
                scalars.append(scalar)
                isCommon.append(fieldCount > 2)
                isEveryday.append(third.count == 1 && b[third.lowerBound] == 0x31) // level 1
                starts.append(met.count)
            }
        }
        let order = names.indices.sorted { names[$0] < names[$1] }
        syllables = order.map { names[$0] }
        initials = syllables.map { $0.utf8.first! }
        var sortedNumber = [UInt16](repeating: 0, count: names.count)
        for (n, metNumber) in order.enumerated() { sortedNumber[metNumber] = UInt16(n) }
        var readings: [UInt32: [UInt16]] = [:]
        readings.reserveCapacity(scalars.count)
        var common = Set<UInt32>(), everyday = Set<UInt32>()
        var dense = [UInt16](repeating: .max, count: Int(Self.denseEnd - Self.denseStart + 1))
        for (row, scalar) in scalars.enumerated() {
            let ids = met[starts[row]..<starts[row + 1]].map { sortedNumber[Int($0)] }
            readings[scalar] = ids // a later line for the same character replaces an earlier one
            if isCommon[row] { common.insert(scalar) }
            if isEveryday[row] { everyday.insert(scalar) }
            if scalar >= Self.denseStart && scalar <= Self.denseEnd { dense[Int(scalar - Self.denseStart)] = ids.first ?? .max }
        }
        self.readings = readings
        self.common = common
        self.everyday = everyday
        firstReading = dense
        browserJSONBytes = Array(Self.browserJSON(syllables: syllables, readings: readings, characters: everyday).utf8)
    }

    /// The first Unicode scalar of a field's UTF-8; malformed bytes are read as `String` reads them.
    private static func firstScalar(_ b: [UInt8], _ field: Range<Int>) -> UInt32? {
        let lead = UInt32(b[field.lowerBound])
        let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
            : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
        if length > 0 && length <= field.count {
            var value = length == 1 ? lead : lead & (0x7F >> UInt32(length))
            var valid = true
            for i in 1..<length {
                let byte = UInt32(b[field.lowerBound + i])
                valid = valid && byte & 0xC0 == 0x80
                value = value << 6 | byte & 0x3F
            }
            // Overlong, surrogate and out-of-range forms go the slow way.
            let smallest: UInt32 = length == 4 ? 0x10000 : length == 3 ? 0x800 : length == 2 ? 0x80 : 0
            if valid && value >= smallest && value <= 0x10FFFF && !(0xD800...0xDFFF).contains(value) { return value }
        }
        return String(decoding: b[field], as: UTF8.self).unicodeScalars.first?.value
    }

    /// The most common reading's syllable id, or nil.
    @inline(__always)
    func firstSyllableID(of scalar: UInt32) -> UInt16? {
        if scalar >= Self.denseStart && scalar <= Self.denseEnd {
            let id = firstReading[Int(scalar - Self.denseStart)]
            return id == .max ? nil : id
        }
        return readings[scalar]?.first
    }

    public func readings(of scalar: Unicode.Scalar) -> [String] {
        (readings[scalar.value] ?? []).map { syllables[Int($0)] }
    }

    /// A URL slug from Chinese text: each Han character's reading (a word's own where it has
    /// one, 银行 yin hang, else the character's most common), ASCII letters and digits as
    /// words, joined by `-`: 停水通知 → `ting-shui-tong-zhi`. One longer than `maxLength` is
    /// cut at a syllable and ends with six letters of its whole spelling's digest, so that two
    /// long titles differing only at their end (…名册的公示（第一批）, （第二批）) keep two URLs.
    public func slug(_ text: String, maxLength: Int = 60) -> String { slug(text, maxLength: maxLength, words: .shared) }

    func slug(_ text: String, maxLength: Int, words said: WordReadings) -> String {
        var words: [String] = []
        var word = ""
        func flush() { if !word.isEmpty { words.append(word); word = "" } }
        let scalars = Array(SearchText.normalize(text).unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i], v = scalar.value
            if readings[v] != nil, let (length, syllables) = said.word(in: scalars, at: i) {
                flush()
                words += syllables
                i += length
                continue
            }
            if let first = readings[v]?.first {
                flush()
                words.append(syllables[Int(first)])
            } else if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                word.unicodeScalars.append(scalar)
            } else {
                flush()
            }
            i += 1
        }
        flush()
        let whole = words.joined(separator: "-")
        guard whole.count > maxLength else { return whole }
        let digest = ContentDigest(Array(whole.utf8))
        let tail = String(IndexEncoding.hex(digest.high, digits: 16).prefix(6))
        var slug = ""
        for w in words {
            if !slug.isEmpty && slug.count + 1 + w.count + 1 + tail.count > maxLength { break }
            slug += (slug.isEmpty ? "" : "-") + w
        }
        return slug.isEmpty ? tail : slug + "-" + tail
    }

    /// The browser's copy: syllable → the everyday characters whose most common reading it
    /// is, as JSON. Loaded only when a query may hold a homophone (补尝 → bu chang): the
    /// characters a resident's keyboard or microphone writes, not the rarer ones pages may
    /// hold, whose pinyin the index's own tokens carry.
    public func browserJSON() -> String { Self.browserJSON(syllables: syllables, readings: readings, characters: everyday) }

    private static func browserJSON(syllables: [String], readings: [UInt32: [UInt16]], characters: Set<UInt32>) -> String {
        var bySyllable = Array(repeating: "", count: syllables.count)
        for scalar in characters.sorted() {
            if let first = readings[scalar]?.first { bySyllable[Int(first)].unicodeScalars.append(Unicode.Scalar(scalar)!) }
        }
        let pairs = syllables.indices.filter { !bySyllable[$0].isEmpty }
            .map { "\"\(syllables[$0])\":\(StructuredData.json(bySyllable[$0]))" }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
