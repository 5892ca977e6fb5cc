import AnjuKernels

/// Text measures that are right for Chinese, where Hugo's are not: Chinese has no spaces,
/// so words are counted per character and lines are joined without a space.
public enum ChineseText {
    /// Han characters, CJK punctuation and full-width forms: written without spaces between.
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool { isCJKValue(scalar.value) }

    @inline(__always)
    static func isCJKValue(_ value: UInt32) -> Bool {
        // Ideographs first, then ASCII: nearly every scalar of a Chinese page is answered by
        // the first comparison or two (the cases are tried in order).
        if value >= 0x4E00 && value <= 0x9FFF { return true }
        if value < 0x2E80 { return false }
        switch value {
        case 0x2E80...0x2FDF, 0x3000...0x303F, 0x3040...0x30FF, 0x3400...0x4DBF,
             0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    public static func isHan(_ scalar: Unicode.Scalar) -> Bool { isHanValue(scalar.value) }

    /// Comparisons, not range patterns: those were calls to `ClosedRange.contains` in the
    /// index's tokenising loop.
    @inline(__always)
    static func isHanValue(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x20000 && v <= 0x2FA1F)
    }

    /// Unicode's White_Space property, spelt out: asking `properties.isWhitespace` for every
    /// Chinese punctuation mark was a visible part of building summaries.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { isSpaceValue(scalar.value) }

    @inline(__always)
    static func isSpaceValue(_ value: UInt32) -> Bool {
        if value > 0x3000 { return false } // the ideographic space is the last
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Chinese and general punctuation, none of it alphabetic: answered without a Unicode
    /// property lookup (a test checks every scalar of these ranges).
    @inline(__always)
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool { isPunctuationValue(scalar.value) }

    @inline(__always)
    static func isPunctuationValue(_ value: UInt32) -> Bool {
        switch value {
        case 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3004, 0x3008...0x3020,
             0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65:
            return true
        default:
            return false
        }
    }

    /// Scalars that are always a character (grapheme cluster) of their own, whatever is
    /// next to them: ASCII but CR, Latin-1, general punctuation, CJK punctuation but its
    /// combining tone marks, Han, full-width forms but the sound marks. Text made only of
    /// these can be measured in scalars instead of Characters.
    @inline(__always)
    static func isOwnCharacter(_ scalar: Unicode.Scalar) -> Bool { isOwnCharacterValue(scalar.value) }

    @inline(__always)
    static func isOwnCharacterValue(_ value: UInt32) -> Bool {
        if value >= 0x4E00 && value <= 0x9FFF { return true }
        switch value {
        case 0x00...0x0C, 0x0E...0x7E, 0xA0...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x303F,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF9D:
            return true
        default:
            return false
        }
    }

    /// Joins lines and collapses white space: no space between two CJK characters (a line
    /// break inside a Chinese paragraph is not a word break), one space elsewhere. Stops
    /// after `limit` characters, for summaries of long pages.
    public static func collapseWhitespace(_ text: String, limit: Int = .max) -> String {
        // By UTF-8 byte, each scalar's bytes appended to one array reserved up front, one String
        // at the end: the scalar iterator, appending to a String scalar by scalar, and then an
        // Array append per scalar were most of what summaries took. The output is never
        // longer than the text (a run of white space becomes at most one space), nor than
        // `limit` + 2 scalars of at most four bytes (a joining space can come first).
        let limit = max(limit, 0)
        var text = text
        let capacity = max(1, min(text.utf8.count, limit >= Int.max / 4 - 2 ? Int.max : (limit + 2) * 4))
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        text.withUTF8 {
            _ = UTF8Scan.collapse($0, into: &out, limit: limit, isSpace: isSpaceValue, joinsWithoutSpace: joinsWithoutSpace,
                                  accept: { _ in true }, wrote: { _, _, _ in })
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How `collapseWhitespace` and `summary` collapse white space (`UTF8Scan.collapse`): none
    /// between two CJK characters (a line break inside a Chinese paragraph is not a word break).
    static func joinsWithoutSpace(_ a: UInt32, _ b: UInt32) -> Bool { isCJKValue(a) && isCJKValue(b) }

    static let sentenceEnds: Set<Character> = ["。", "！", "？", "；", "!", "?"]

    /// A summary of at most `limit` characters (not bytes, not "words"), ending at a
    /// sentence end when one falls in the second half, otherwise cut with `…`: of the text as
    /// `collapseWhitespace(text, limit: 2 · limit + 8)` flattens it (scalars bound characters
    /// from above; a few spare cover combining marks).
    public static func summary(of text: String, limit: Int = 120) -> String {
        let limit = max(limit, 0)
        let flatLimit = limit * 2 + 8
        // Text whose every scalar is a character of its own is measured in scalars, by UTF-8
        // byte, in the same pass that collapses its white space (a String of the flattened
        // text, then a second pass over it, were half of what summaries took); the same cut,
        // without breaking graphemes. Other text is measured in Characters.
        var text = text
        let byScalars: String? = text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(min(bytes.count, (flatLimit + 2) * 4) + 1)
            var headEnd = 0, sentenceEnd = 0, sentenceEndIndex = -1
            let collapsed = UTF8Scan.collapse(bytes, into: &out, limit: flatLimit, isSpace: isSpaceValue,
                                              joinsWithoutSpace: joinsWithoutSpace, accept: isOwnCharacterValue) { v, written, index in
                guard index < limit else { return }
                if isSentenceEnd(v) { sentenceEnd = written; sentenceEndIndex = index }
                headEnd = written
            }
            guard let (written, count) = collapsed else { return nil }
            guard count > limit else { return String(decoding: out[..<written], as: UTF8.self) }
            if sentenceEndIndex >= limit / 2 {
                return String(decoding: out[..<sentenceEnd], as: UTF8.self)
            }
            return String(decoding: out[..<headEnd], as: UTF8.self) + "…"
        }
        if let byScalars { return byScalars }
        let flat = collapseWhitespace(text, limit: flatLimit)
        guard flat.count > limit else { return flat }
        let head = flat.prefix(limit)
        if let end = head.lastIndex(where: { sentenceEnds.contains($0) }),
           head.distance(from: head.startIndex, to: end) >= limit / 2 {
            return String(head[...end])
        }
        return String(head) + "…"
    }

    @inline(__always)
    static func isSentenceEnd(_ v: UInt32) -> Bool {
        v == 0x3002 || v == 0xFF01 || v == 0xFF1F || v == 0xFF1B || v == 0x21 || v == 0x3F
    }

    /// Reading units: each Han character counts as one, and each run of Latin letters or
    /// digits counts as one word.
    public static func readingUnits(_ text: String) -> Int {
        var count = 0
        var inWord = false
        // By UTF-8 byte for ASCII and Han (nearly all of a notice); other scalars decoded.
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let lead = bytes[i]
                if lead < 0x80 {
                    let v = lead | 0x20
                    if (lead >= 0x30 && lead <= 0x39) || (v >= 0x61 && v <= 0x7A) {
                        if !inWord { count += 1 }
                        inWord = true
                    } else {
                        inWord = false
                    }
                    i += 1
                    continue
                }
                let value = UTF8Scan.nextScalarValue(bytes, &i)
                let scalar = Unicode.Scalar(value)!
                if isHanValue(value) {
                    count += 1
                    inWord = false
                } else if !isPunctuation(scalar) && scalar.properties.isAlphabetic {
                    if !inWord { count += 1 }
                    inWord = true
                } else {
                    inWord = false
                }
            }
        }
        return count
    }

    /// Minutes to read at 300 characters a minute, a pace that suits older readers.
    public static func readingMinutes(_ text: String) -> Int {
        max(1, (readingUnits(text) + 299) / 300)
    }
}
