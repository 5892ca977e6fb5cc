import AnjuKernels

/// The text `anju new` leaves for the editor to replace: every placeholder begins with
/// `mark`, and `check` reports each one left, so a file is not published with its
/// invented contact or its 「在这里写正文」.
enum Placeholder {
    static let mark = "（在这里写"
    private static let markBytes = Array(mark.utf8)

    /// Each line still holding one, at its column. The bytes are searched first; lines are
    /// counted only in a file that has one. In the front matter a comment ('#') is skipped.
    static func left(in source: SourceFile, text: String) -> [Diagnostic] {
        guard UTF8Scan.firstOccurrence(of: markBytes, in: source.bytes[...]) != nil else { return [] }
        var found: [Diagnostic] = []
        var frontMatterLines = 0 // '---' lines seen: 1 inside the front matter
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if frontMatterLines < 2, line.trimmingSpaces == "---" { frontMatterLines += 1; continue }
            if frontMatterLines == 1, line.trimmingSpaces.hasPrefix("#") { continue }
            guard let range = line.range(of: mark) else { continue }
            let shown = line[range.lowerBound...].prefix { $0 != "）" } + "）"
            found.append(.error(source.displayPath, index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1,
                                Wording("'\(shown)' is a placeholder 'anju new' wrote",
                                        zh: "“\(shown)”是 anju new 留下的提示文字，还没有换成真实内容"),
                                hint: Wording("write the real text in its place, or delete the line if the field is not needed",
                                              zh: "请把它换成要写的内容；这一项用不上的话，就把这一行删掉")))
        }
        return found
    }
}
