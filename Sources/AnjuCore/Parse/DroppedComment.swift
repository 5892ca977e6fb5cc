import Foundation

/// Text YAML drops without a word: after a space, `#` starts a comment, so
/// `summary: 分三片停水 #停水# 请提前储水` (a WeChat topic copied with its text) keeps only
/// 分三片停水, and `summary: #停水#…` is no summary at all. A comment written as one, `# ` with
/// its space, as in the examples editors copy, is left alone: what is warned about is a `#`
/// right against a word.
enum DroppedComment {
    static func warnings(in yaml: String, path: String, lineOffset: Int) -> [Diagnostic] {
        guard yaml.utf8.contains(0x23) else { return [] }
        var diagnostics: [Diagnostic] = []
        var blockIndent: Int? // inside a `|` or `>` block: lines indented more than its key
        for (number, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            if let block = blockIndent {
                if indent > block || scalars.allSatisfy({ $0 == " " || $0 == "\r" }) { continue }
                blockIndent = nil
            }
            if let hash = droppedFrom(scalars) {
                let dropped = String(String.UnicodeScalarView(scalars[hash...])).trimmingCharacters(in: .whitespacesAndNewlines)
                diagnostics.append(.warning(path, lineOffset + number + 1, hash + 1,
                    Wording("'\(dropped)' is dropped: after a space, # starts a comment in the front matter",
                            zh: "“\(dropped)”不会显示：在前面的设置里，空格后面的 # 表示注释，后面的字都会被丢掉"),
                    hint: Wording("put the whole value in quotes, e.g. summary: \"分三片停水 #停水# 请提前储水\"",
                                  zh: "请把整个内容用英文双引号括起来，例如 summary: \"分三片停水 #停水# 请提前储水\"")))
            }
            // A block scalar's header ends the line: | or >, a chomping sign and an indent
            // digit in either order, then maybe a comment (summary: |+ # 说明).
            let line = String(String.UnicodeScalarView(scalars))
            if line.range(of: #"(^|[:\-]\s)\s*[|>]([+-]?[1-9]?|[1-9][+-])\s*(#.*)?$"#, options: .regularExpression) != nil {
                blockIndent = indent
            }
        }
        return diagnostics
    }

    /// Where a comment that swallows a word starts on the line: a comment (`commentStart`)
    /// with no space after its `#`; nil for a line that is a comment itself.
    private static func droppedFrom(_ scalars: [Unicode.Scalar]) -> Int? {
        guard let hash = commentStart(in: scalars), !scalars[..<hash].allSatisfy({ $0 == " " }),
              hash + 1 < scalars.count, !scalars[hash + 1].properties.isWhitespace else { return nil }
        return hash
    }

    /// Where YAML's comment starts in a line or a value: a `#` at its start or after a space
    /// or tab, outside quotes (a quote opens at the start or after a space, `:`, `[`, `{` or
    /// `,`; within double quotes a backslash escapes, within single ones `''` is a quote).
    static func commentStart(in scalars: [Unicode.Scalar]) -> Int? {
        var quote: Unicode.Scalar?
        var escaped = false
        for (i, c) in scalars.enumerated() {
            if let q = quote {
                if escaped {
                    escaped = false
                } else if q == "\"" && c == "\\" {
                    escaped = true
                } else if c == q {
                    if q == "'", i + 1 < scalars.count, scalars[i + 1] == "'" { escaped = true } else { quote = nil }
                }
                continue
            }
            if c == "\"" || c == "'", i == 0 || [" ", ":", "[", "{", ","].contains(scalars[i - 1]) { quote = c; continue }
            if c == "#", i == 0 || scalars[i - 1] == " " || scalars[i - 1] == "\t" { return i }
        }
        return nil
    }
}
