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
    /// Most common reading of U+3400…U+9FFF by code point, `UInt16.max` for none: the index
    /// looks up every Han character it reads, ten million times for a large site.
    private let firstReading: [UInt16]
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
    /// Characters took 100 ms of every build.
    init(bytes: [UInt8]) {
        var rows: [(UInt32, [String], Bool)] = []
        var inventory = Set<String>()
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            defer { start = end + 1 }
            guard end > start, bytes[start] != 0x23 else { continue } // blank or '#'
            var fields: [Range<Int>] = []
            var fieldStart = start
            for i in start...end where i == end || bytes[i] == 0x09 {
                if i > fieldStart { fields.append(fieldStart..<i) }
                fieldStart = i + 1
            }
            guard fields.count >= 2,
                  let scalar = String(decoding: bytes[fields[0]], as: UTF8.self).unicodeScalars.first else { continue }
            var list: [String] = []
            var wordStart = fields[1].lowerBound
            for i in fields[1].lowerBound...fields[1].upperBound where i == fields[1].upperBound || bytes[i] == 0x20 {
                if i > wordStart { list.append(String(decoding: bytes[wordStart..<i], as: UTF8.self)) }
                wordStart = i + 1
            }
            inventory.formUnion(list)
            rows.append((scalar.value, list, fields.count > 2))
        }
        syllables = inventory.sorted()
        initials = syllables.map { $0.utf8.first! }
        let ids = Dictionary(uniqueKeysWithValues: syllables.enumerated().map { ($1, UInt16($0)) })
        var readings: [UInt32: [UInt16]] = [:]
        var common = Set<UInt32>()
        for (scalar, list, isCommon) in rows {
            readings[scalar] = list.map { ids[$0]! }
            if isCommon { common.insert(scalar) }
        }
        self.readings = readings
        self.common = common
        var dense = [UInt16](repeating: .max, count: Int(Self.denseEnd - Self.denseStart + 1))
        for (scalar, ids) in readings where scalar >= Self.denseStart && scalar <= Self.denseEnd {
            dense[Int(scalar - Self.denseStart)] = ids[0]
        }
        firstReading = dense
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

    /// A URL slug from Chinese text: each Han character's most common reading, ASCII letters
    /// and digits as words, joined by `-`: 停水通知 → `ting-shui-tong-zhi`.
    public func slug(_ text: String, maxLength: Int = 60) -> String {
        var words: [String] = []
        var word = ""
        func flush() { if !word.isEmpty { words.append(word); word = "" } }
        for scalar in SearchText.normalize(text).unicodeScalars {
            let v = scalar.value
            if let first = readings[v]?.first {
                flush()
                words.append(syllables[Int(first)])
            } else if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                word.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        var slug = ""
        for w in words {
            if !slug.isEmpty && slug.count + 1 + w.count > maxLength { break }
            slug += (slug.isEmpty ? "" : "-") + w
        }
        return slug
    }

    /// The browser's copy: syllable → the common characters whose most common reading it
    /// is, as JSON. Loaded only when a query may be a homophone typo (补尝 → bu chang).
    public func browserJSON() -> String {
        var bySyllable = Array(repeating: "", count: syllables.count)
        for scalar in common.sorted() {
            if let first = readings[scalar]?.first { bySyllable[Int(first)].unicodeScalars.append(Unicode.Scalar(scalar)!) }
        }
        let pairs = syllables.indices.filter { !bySyllable[$0].isEmpty }
            .map { "\"\(syllables[$0])\":\(StructuredData.json(bySyllable[$0]))" }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
