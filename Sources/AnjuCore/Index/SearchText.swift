import AnjuKernels

/// How search sees text, in Swift exactly as in the browser (`search.mjs`): the vectors in
/// `Tests/vectors/search-text.json` drive both test suites.
///
/// Chinese has no spaces, so Han text is indexed as overlapping character bigrams plus
/// single characters: any substring of two or more characters matches, with no dictionary
/// to disagree between build time and the browser. Latin letters and digits are words.
public enum SearchText {
    /// One scalar in, one scalar out, so positions in normalised text are positions in
    /// the original: full-width forms to ASCII, the ideographic space to a space, A–Z to a–z.
    public static func normalize(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        Unicode.Scalar(normalizedValue(scalar.value))!
    }

    /// `normalize` on a scalar's value.
    @inline(__always)
    static func normalizedValue(_ value: UInt32) -> UInt32 {
        var v = value
        if v == 0x3000 { return 0x20 }
        if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
        if v >= 0x41 && v <= 0x5A { v += 0x20 }
        return v
    }

    public static func normalize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { out.append(normalize(s)) }
        return String(out)
    }

    /// A token and where it starts, in scalars of the text.
    public struct Token: Hashable, Sendable {
        public var text: String
        public var position: Int
    }

    /// Tokens an indexed text contributes: every Han character and every pair of adjacent
    /// Han characters, and every run of ASCII letters and digits, lowercased; in order of
    /// position, a character before the pair it starts. The index builder's own tokenizer
    /// (`SearchIndexBuilder.forEachToken`) is the one implementation; this names its tokens.
    public static func indexTokens(_ text: String) -> [Token] {
        var words: [SearchIndexBuilder.TokenKey: String] = [:]
        var keys: [(SearchIndexBuilder.TokenKey, Int32)] = []
        SearchIndexBuilder.forEachToken(text, words: &words) { keys.append(($0, $1)) }
        let tokens = keys.map { Token(text: SearchIndexBuilder.text(of: $0.0, words: words), position: Int($0.1)) }
        return tokens.enumerated().sorted {
            ($0.element.position, $0.element.text.unicodeScalars.count, $0.offset)
                < ($1.element.position, $1.element.text.unicodeScalars.count, $1.offset)
        }.map(\.element)
    }

    /// FNV-1a over the token's UTF-8: which shard holds it. `Math.imul` gives the same in JS.
    public static func shardHash(_ token: String) -> UInt32 { shardHash(utf8: token.utf8) }

    static func shardHash(utf8: some Sequence<UInt8>) -> UInt32 { IndexEncoding.fnv1a32(utf8) }
}
