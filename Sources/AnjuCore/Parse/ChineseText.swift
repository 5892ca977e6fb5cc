/// Text measures that are right for Chinese, where Hugo's are not: Chinese has no spaces,
/// so words are counted per character and lines are joined without a space.
public enum ChineseText {
    /// Han characters, CJK punctuation and full-width forms: written without spaces between.
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x2FDF, 0x3000...0x303F, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    public static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// White space without a Unicode property lookup for the common cases.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3000, 0xA0: return true
        case 0..<0x80: return false
        case 0x4E00...0x9FFF: return false
        default: return scalar.properties.isWhitespace
        }
    }

    /// Joins lines and collapses white space: no space between two CJK characters (a line
    /// break inside a Chinese paragraph is not a word break), one space elsewhere. Stops
    /// after `limit` characters, for summaries of long pages.
    public static func collapseWhitespace(_ text: String, limit: Int = .max) -> String {
        // UTF-8 bytes out, one String at the end: appending to a String scalar by scalar
        // was most of the time summaries took.
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count, limit == .max ? .max : limit * 4 + 4))
        var pendingSpace = false
        var count = 0
        var last: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = last != nil
                continue
            }
            if pendingSpace {
                if let last, !(isCJK(last) && isCJK(scalar)) { out.append(0x20); count += 1 }
                pendingSpace = false
            }
            if scalar.value < 0x80 {
                out.append(UInt8(scalar.value))
            } else {
                out.append(contentsOf: scalar.utf8)
            }
            last = scalar
            count += 1
            if count > limit { break }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let sentenceEnds: Set<Character> = ["。", "！", "？", "；", "!", "?"]

    /// A summary of at most `limit` characters (not bytes, not "words"), ending at a
    /// sentence end when one falls in the second half, otherwise cut with `…`.
    public static func summary(of text: String, limit: Int = 120) -> String {
        // Scalars bound characters from above: a few spare cover combining marks.
        let flat = collapseWhitespace(text, limit: limit * 2 + 8)
        guard flat.count > limit else { return flat }
        let head = flat.prefix(limit)
        if let end = head.lastIndex(where: { sentenceEnds.contains($0) }),
           head.distance(from: head.startIndex, to: end) >= limit / 2 {
            return String(head[...end])
        }
        return String(head) + "…"
    }

    /// Reading units: each Han character counts as one, and each run of Latin letters or
    /// digits counts as one word.
    public static func readingUnits(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if isHan(scalar) {
                count += 1
                inWord = false
            } else if scalar.value < 0x80 ? (scalar.value >= 0x30 && scalar.value <= 0x39)
                        || ((scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A)
                        : scalar.properties.isAlphabetic {
                if !inWord { count += 1 }
                inWord = true
            } else {
                inWord = false
            }
        }
        return count
    }

    /// Minutes to read at 300 characters a minute, a pace that suits older readers.
    public static func readingMinutes(_ text: String) -> Int {
        max(1, (readingUnits(text) + 299) / 300)
    }
}
