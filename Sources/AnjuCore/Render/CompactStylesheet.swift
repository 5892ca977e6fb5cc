/// A stylesheet as published: without its comments, and its runs of spaces and line breaks
/// one space, none beside `{ } ; ,`. The theme's comments say why a rule is there, for
/// whoever edits it; every page's HTML and CSS count against the 50 KB a resident's phone
/// loads, and the comments were a tenth of the stylesheet. Strings and unquoted `url(…)`
/// are copied as they are (a `/*` there is no comment), so nothing a rule means changes.
enum CompactStylesheet {
    static func compact(_ css: String) -> String {
        let scalars = Array(css.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var pendingSpace = false
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\n" || s == "\t" || s == "\r" || s == "\u{0C}" }
        func tight(_ s: Unicode.Scalar?) -> Bool { s == "{" || s == "}" || s == ";" || s == "," }
        func emit(_ s: Unicode.Scalar) {
            if pendingSpace, !out.isEmpty, !tight(out.last), !tight(s) { out.append(" ") }
            pendingSpace = false
            out.append(s)
        }
        while i < scalars.count {
            let s = scalars[i]
            if s == "/", i + 1 < scalars.count, scalars[i + 1] == "*" {
                // A comment separates what is on either side of it, as a space does.
                var end = i + 2
                while end + 1 < scalars.count, !(scalars[end] == "*" && scalars[end + 1] == "/") { end += 1 }
                i = min(end + 2, scalars.count)
                pendingSpace = true
            } else if isSpace(s) {
                pendingSpace = true
                i += 1
            } else if s == "\"" || s == "'" {
                emit(s)
                i += 1
                while i < scalars.count, scalars[i] != s, scalars[i] != "\n" {
                    if scalars[i] == "\\", i + 1 < scalars.count { out.append(scalars[i]); i += 1 }
                    out.append(scalars[i])
                    i += 1
                }
                if i < scalars.count, scalars[i] == s { out.append(s); i += 1 }
            } else if s == "u" || s == "U", let end = unquotedURLEnd(scalars, at: i) {
                emit(s)
                out.append(contentsOf: scalars[(i + 1)..<end])
                i = end
            } else {
                emit(s)
                i += 1
            }
        }
        return String(out)
    }

    /// Where an unquoted `url(…)` starting at `i` ends (after its `)`), or nil.
    private static func unquotedURLEnd(_ scalars: [Unicode.Scalar], at i: Int) -> Int? {
        guard i + 4 <= scalars.count,
              String(String.UnicodeScalarView(scalars[i..<(i + 4)])).lowercased() == "url(" else { return nil }
        var j = i + 4
        while j < scalars.count, scalars[j] == " " { j += 1 }
        guard j < scalars.count, scalars[j] != "\"", scalars[j] != "'" else { return nil }
        while j < scalars.count, scalars[j] != ")" { j += 1 }
        return min(j + 1, scalars.count)
    }
}
