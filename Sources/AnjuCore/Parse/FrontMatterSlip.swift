/// The slips of typing that make front matter unreadable as YAML, found line by line so that
/// an editor is told which line and what to type rather than the YAML parser's account of
/// where it gave up (often the line after): a Chinese input method's full-width colon
/// (title：停水通知), no space after the colon (title:停水通知), a tab before a field, or the
/// first field indented. Asked only once the YAML has failed to read.
struct FrontMatterSlip: Equatable {
    /// Line and column within the YAML, from 1.
    var line: Int
    var column: Int
    var message: String
    var hint: String

    static func first(in yaml: String) -> FrontMatterSlip? {
        var seenField = false
        for (index, row) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = Array(row)
            var start = 0
            while start < text.count, text[start] == " " || text[start] == "\t" { start += 1 }
            if start == text.count || text[start] == "#" { continue }
            let line = index + 1
            if text[..<start].contains("\t") {
                return FrontMatterSlip(line: line, column: 1, message: "a tab before a field",
                    hint: "indent with spaces; a field of its own starts at the beginning of its line")
            }
            var end = start
            while end < text.count, isNameCharacter(text[end]) { end += 1 }
            let startsWithLetter = end > start && (text[start].isLetter || text[start] == "_")
            guard startsWithLetter else { seenField = true; continue }
            let name = String(text[start..<end])
            var colon = end
            while colon < text.count, text[colon] == " " { colon += 1 }
            if colon < text.count, text[colon] == "：" {
                return FrontMatterSlip(line: line, column: colon + 1, message: "'\(name)' is followed by a full-width colon '：'",
                    hint: "write an ASCII colon and a space, with the input method on English punctuation: \(name): …")
            }
            guard end < text.count, text[end] == ":" else { seenField = true; continue }
            if !seenField, start > 0 {
                return FrontMatterSlip(line: line, column: 1, message: "the field '\(name)' is indented",
                    hint: "start each field at the beginning of its line")
            }
            seenField = true
            if end + 1 < text.count, text[end + 1] != " ", text[end + 1] != "\t", text[end + 1] != "/" {
                return FrontMatterSlip(line: line, column: end + 2, message: "'\(name):' needs a space after the colon",
                    hint: "write '\(name): \(String(text[(end + 1)...]))'")
            }
        }
        return nil
    }

    /// A field name's characters: ASCII letters, digits, '_' and '-'.
    private static func isNameCharacter(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue else { return false }
        return (ascii >= 0x61 && ascii <= 0x7A) || (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x30 && ascii <= 0x39)
            || ascii == 0x5F || ascii == 0x2D
    }
}
