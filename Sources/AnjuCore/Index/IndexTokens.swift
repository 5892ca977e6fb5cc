import AnjuKernels

/// The tokens the index stores, as numbers: what `SearchText` describes, cut once here.
extension SearchIndexBuilder {
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

    /// Tokenises like `SearchText.indexTokens`, calling `body(key, position)` per token (the
    /// pinyin and initials tokens are derived from the pairs afterwards, in `Postings`).
    /// Returns the number of positions (Unicode scalars) read.
    @inline(__always) @discardableResult
    static func forEachToken(_ text: String, words: inout [TokenKey: String], _ body: (TokenKey, Int32) -> Void) -> Int32 {
        var position: Int32 = 0
        var previousHan: UInt64 = 0
        var word: [UInt8] = []
        var wordStart: Int32 = 0
        func flushWord() {
            guard !word.isEmpty else { return }
            let key = wordTag | (IndexEncoding.fnv1a64(word) & ((1 << 60) - 1))
            if words[key] == nil { words[key] = String(decoding: word, as: UTF8.self) }
            body(key, wordStart)
            word.removeAll(keepingCapacity: true)
        }
        // UTF-8 decoded by hand (a String's bytes are valid UTF-8), values compared as
        // numbers: the scalar iterator, the failable Unicode.Scalar init and range pattern
        // matching were a fifth of the index's tokenising time.
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            let count = bytes.count
            while i < count {
                let v = SearchText.normalizedValue(UTF8Scan.nextScalarValue(bytes, &i))
                if ChineseText.isHanValue(v) {
                    flushWord()
                    body(unigramTag | UInt64(v), position)
                    if previousHan != 0 { body(bigramTag | (previousHan << 21) | UInt64(v), position - 1) }
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
        }
        flushWord()
        return position
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
}
