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
        var v = scalar.value
        if v == 0x3000 { return " " }
        if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
        if v >= 0x41 && v <= 0x5A { v += 0x20 }
        return Unicode.Scalar(v)!
    }

    public static func normalize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { out.append(normalize(s)) }
        return String(out)
    }

    enum Kind { case han, word, other }

    static func kind(_ s: Unicode.Scalar) -> Kind {
        if ChineseText.isHan(s) { return .han }
        let v = s.value
        if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { return .word }
        return .other
    }

    /// A token and where it starts, in scalars of the text.
    public struct Token: Hashable, Sendable {
        public var text: String
        public var position: Int
    }

    /// Tokens an indexed text contributes: every Han character and every pair of adjacent
    /// Han characters, and every run of ASCII letters and digits, lowercased.
    public static func indexTokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        forEachRun(normalize(text)) { kind, scalars, start in
            switch kind {
            case .han:
                for i in scalars.indices {
                    tokens.append(Token(text: String(Character(scalars[i])), position: start + i))
                    if i + 1 < scalars.count {
                        var pair = String.UnicodeScalarView()
                        pair.append(scalars[i]); pair.append(scalars[i + 1])
                        tokens.append(Token(text: String(pair), position: start + i))
                    }
                }
            case .word:
                var word = String.UnicodeScalarView()
                word.append(contentsOf: scalars)
                tokens.append(Token(text: String(word), position: start))
            case .other:
                break
            }
        }
        return tokens
    }

    static func forEachRun(_ text: String, _ body: (Kind, [Unicode.Scalar], Int) -> Void) {
        var run: [Unicode.Scalar] = []
        var runKind = Kind.other
        var runStart = 0
        var position = 0
        for s in text.unicodeScalars {
            let k = kind(s)
            if k != runKind || k == .other {
                if !run.isEmpty { body(runKind, run, runStart) }
                run = []
                runKind = k
                runStart = position
            }
            if k != .other { run.append(s) }
            position += 1
        }
        if !run.isEmpty { body(runKind, run, runStart) }
    }

    /// FNV-1a over the token's UTF-8: which shard holds it. `Math.imul` gives the same in JS.
    public static func shardHash(_ token: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for b in token.utf8 {
            hash ^= UInt32(b)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
