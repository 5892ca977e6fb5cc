/// A stylesheet as published: without its comments, and its runs of spaces and line breaks
/// one space, none beside `{ } ; ,`. The theme's comments say why a rule is there, for
/// whoever edits it; every page's HTML and CSS count against the 50 KB a resident's phone
/// loads, and the comments were a tenth of the stylesheet. What CSS reads as one token is
/// copied as it is (strings, unquoted `url(…)`, escapes: a `/*` or a `{` there is no comment
/// or brace), so nothing a rule means changes.
enum CompactStylesheet {
    static func compact(_ css: String) -> String {
        let s = Array(css.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        // Whitespace (or a comment) seen since the last character written, and whether that
        // character was an unescaped { } ; or , beside which no space is needed.
        var pendingSpace = false
        var afterTight = true
        func emit(_ scalar: Unicode.Scalar, tight: Bool = false) {
            if pendingSpace, !afterTight, !tight { out.append(" ") }
            pendingSpace = false
            afterTight = tight
            out.append(scalar)
        }
        func copy(_ range: Range<Int>) {
            for k in range { out.append(s[k]) }
        }
        while i < s.count {
            let c = s[i]
            if c == "/", i + 1 < s.count, s[i + 1] == "*" {
                var end = i + 2
                while end + 1 < s.count, !(s[end] == "*" && s[end + 1] == "/") { end += 1 }
                i = min(end + 2, s.count)
                // A comment between two tokens joins them (.a/**/.b is .a.b, not .a .b): it
                // stays, shortest, where neither side is a space or a tight character.
                let next = i < s.count ? s[i] : nil
                if !pendingSpace, !afterTight, let next, !isSpace(next), !isTight(next), !(next == "/" && i + 1 < s.count && s[i + 1] == "*") {
                    out.append(contentsOf: "/**/".unicodeScalars)
                } else {
                    pendingSpace = true
                }
            } else if isSpace(c) {
                pendingSpace = true
                i += 1
            } else if c == "\"" || c == "'" {
                emit(c)
                i += 1
                // A string ends at its quote, or (unclosed) before a line break, which stays.
                while i < s.count, s[i] != c, !isLineBreak(s[i]) {
                    if s[i] == "\\", i + 1 < s.count {
                        let width = s[i + 1] == "\r" && i + 2 < s.count && s[i + 2] == "\n" ? 3 : 2
                        copy(i..<(i + width))
                        i += width
                    } else {
                        out.append(s[i])
                        i += 1
                    }
                }
                if i < s.count, s[i] == c {
                    out.append(c)
                    i += 1
                } else if i < s.count {
                    out.append(s[i])
                    i += 1
                }
            } else if c == "\\" {
                // An escape is part of the name it is in: the character after it (and a hex
                // escape's closing space) is copied, never read as a brace, quote or comment.
                emit(c)
                let end = escapeEnd(s, at: i)
                copy((i + 1)..<end)
                i = end
            } else if (c == "u" || c == "U"), let end = unquotedURLEnd(s, at: i) {
                emit(c)
                copy((i + 1)..<end)
                i = end
            } else {
                emit(c, tight: isTight(c))
                i += 1
            }
        }
        return String(out)
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || isLineBreak(c) }
    static func isLineBreak(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" || c == "\u{0C}" }
    static func isTight(_ c: Unicode.Scalar) -> Bool { c == "{" || c == "}" || c == ";" || c == "," }

    /// Where the escape starting with the backslash at `i` ends: after one character, or after
    /// up to six hex digits and the one space that may close them.
    private static func escapeEnd(_ s: [Unicode.Scalar], at i: Int) -> Int {
        var j = i + 1
        guard j < s.count else { return j }
        guard s[j].properties.isASCIIHexDigit else { return s[j] == "\r" && j + 1 < s.count && s[j + 1] == "\n" ? j + 2 : j + 1 }
        while j < s.count, j < i + 7, s[j].properties.isASCIIHexDigit { j += 1 }
        if j < s.count, isSpace(s[j]) { j += s[j] == "\r" && j + 1 < s.count && s[j + 1] == "\n" ? 2 : 1 }
        return j
    }

    /// Where an unquoted `url(…)` starting at `i` ends (after its `)`), or nil: only a `url(`
    /// that begins a name, whose first character past its spaces is no quote.
    private static func unquotedURLEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        guard i + 4 <= s.count, String(String.UnicodeScalarView(s[i..<(i + 4)])).lowercased() == "url(" else { return nil }
        if i > 0 {
            let before = s[i - 1]
            if before.properties.isAlphabetic || before.properties.numericType != nil || before == "-" || before == "_"
                || before == "\\" || before.value >= 0x80 { return nil }
        }
        var j = i + 4
        while j < s.count, isSpace(s[j]) { j += 1 }
        guard j < s.count, s[j] != "\"", s[j] != "'" else { return nil }
        while j < s.count, s[j] != ")" { j += s[j] == "\\" ? 2 : 1 }
        return min(j + 1, s.count)
    }
}
