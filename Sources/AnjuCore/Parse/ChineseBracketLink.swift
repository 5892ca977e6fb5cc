/// A link typed with a Chinese input method's brackets: 【报名表】（files/baoming.pdf）, or
/// half of it, [报名表]（files/baoming.pdf）. Markdown sees text, so the page shows the
/// brackets and no link. Only a target that looks like one counts (a path, a file, a web
/// address): 【温馨提示】（请转告家人） is ordinary Chinese writing.
enum ChineseBracketLink {
    /// The first such link in `text`, as written.
    static func first(in text: String) -> String? {
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i] == "[" || chars[i] == "【" else { i += 1; continue }
            let open = i
            var close = i + 1
            while close < chars.count, close - open <= 80, chars[close] != "]", chars[close] != "】", chars[close] != "[", chars[close] != "【" {
                close += 1
            }
            guard close < chars.count, chars[close] == "]" || chars[close] == "】",
                  close + 1 < chars.count, chars[close + 1] == "(" || chars[close + 1] == "（" else { i = close; continue }
            var end = close + 2
            while end < chars.count, end - close <= 200, chars[end] != ")", chars[end] != "）", chars[end] != "\n" { end += 1 }
            guard end < chars.count, chars[end] == ")" || chars[end] == "）" else { i = close + 1; continue }
            let brackets = [chars[open], chars[close], chars[close + 1], chars[end]]
            let target = String(chars[(close + 2)..<end])
            // Chinese brackets around a target; or ASCII ones around a file name with a space
            // ([报名表](files/报名 表.pdf)), which Markdown does not read as a link either.
            let chinese = brackets.contains(where: { !$0.isASCII }) && looksLikeTarget(target)
            let spaced = target.contains(" ") && looksLikeTarget(target.replacingOccurrences(of: " ", with: ""))
            if chinese || spaced {
                let start = open > 0 && (chars[open - 1] == "!" || chars[open - 1] == "！") ? open - 1 : open
                return String(chars[start...end])
            }
            i = end + 1
        }
        return nil
    }

    /// What the link is meant to be, in ASCII brackets; a target with a space in <…>.
    static func meant(_ written: String) -> String {
        let ascii = asciiBrackets(written)
        guard let open = ascii.range(of: "]("), ascii.hasSuffix(")") else { return ascii }
        let target = ascii[open.upperBound..<ascii.index(before: ascii.endIndex)]
        return target.contains(" ") ? ascii[..<open.upperBound] + "<" + target + ">)" : ascii
    }

    private static func asciiBrackets(_ written: String) -> String {
        String(written.map { c -> Character in
            switch c {
            case "【": return "["
            case "】": return "]"
            case "（": return "("
            case "）": return ")"
            case "！": return "!"
            default: return c
            }
        })
    }

    private static func looksLikeTarget(_ target: String) -> Bool {
        let lower = target.lowercased()
        guard !target.isEmpty, !target.contains(where: { $0.isWhitespace }) else { return false }
        if lower.hasPrefix("http") || lower.hasPrefix("www.") || lower.hasPrefix("/") || lower.hasPrefix("#") { return true }
        // A path has letters: （2026/11/20） after 【通知】 is a date.
        return (target.contains("/") && target.contains { $0.isASCII && $0.isLetter })
            || [".md", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".webp"].contains { lower.hasSuffix($0) }
    }
}
