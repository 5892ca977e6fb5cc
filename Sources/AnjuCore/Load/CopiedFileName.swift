import Foundation

/// File names that copying gives: Windows' "通知 - 副本.md" and "通知 - Copy (2).md", macOS'
/// "通知 副本.md" and "通知 copy 2.md", a browser's or WeChat's "通知 (1).md" and "通知(1).md".
/// Beside the file it copies, such a file is a forgotten backup, and would be published as
/// a second page of the same notice.
enum CopiedFileName {
    /// The name `stem` was copied from, when it ends the way a copy's name does.
    static func original(of stem: String) -> String? {
        for pattern in patterns {
            if let match = pattern.firstMatch(in: stem, range: NSRange(stem.startIndex..., in: stem)),
               let range = Range(match.range(at: 1), in: stem), !stem[range].isEmpty {
                return String(stem[range])
            }
        }
        return nil
    }

    private static let patterns: [NSRegularExpression] = [
        #"^(.+?) - (?:副本|复制|Copy|copy)(?: ?[(（]\d+[)）])?$"#,
        #"^(.+?) ?(?:副本|的副本|复件|copy|Copy)(?: ?\d+)?$"#,
        #"^(.+?) ?[(（]\d+[)）]$"#,
        #"^(?:副本|复件|Copy of) ?(.+)$"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// A Markdown file saved under another extension ("通知.MD", "通知.md.txt", "通知.markdown"):
    /// the name it should have, or nil.
    static func markdownName(for name: String) -> String? {
        let lower = name.lowercased()
        for suffix in [".md.txt", ".markdown", ".mdown", ".md"] where lower.hasSuffix(suffix) && !name.hasSuffix(".md") {
            return String(name.dropLast(suffix.count)) + ".md"
        }
        return nil
    }
}
