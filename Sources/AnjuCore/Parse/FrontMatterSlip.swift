import Foundation
import Yams

/// The slips of typing that make front matter unreadable as YAML, found line by line so that
/// an editor is told which line and what to type rather than the YAML parser's account of
/// where it gave up (often the line after): a Chinese input method's full-width colon
/// (title：停水通知), no space after the colon (title:停水通知) or a space that is not one, a tab
/// before a field, the first field indented, and values YAML reads as something else: a
/// title with ': ' in it, one starting with '[' or '@', a quote never closed. Asked only
/// once the YAML has failed to read.
struct FrontMatterSlip: Equatable {
    /// Line and column within the YAML, from 1.
    var line: Int
    var column: Int
    var message: Wording
    var hint: Wording

    static func first(in yaml: String) -> FrontMatterSlip? {
        var seenField = false
        var last = "" // the line before, trimmed: whether a list stands there
        // The last field written as plain text on its own line: a line after it that is no
        // field is most likely its value, wrapped by the editor or pasted in two lines.
        var plainField: (name: String, value: String)?
        func wrappedValue(_ text: [Character], line: Int) -> FrontMatterSlip? {
            // A line YAML reads as a field of its own (户数: 48, date : …, "title": …) is none.
            let written = String(text)
            guard let field = plainField, !text.allSatisfy({ "-—－_=".contains($0) }),
                  !written.contains(": "), !written.trimmingSpaces.hasSuffix(":") else { return nil }
            let joined = "\(field.name): \(field.value)\(String(text).trimmingSpaces)"
            return FrontMatterSlip(line: line, column: 1,
                message: Wording("this line is not a field ('name: value'); it looks like more of '\(field.name)' above, carried onto a line of its own",
                                 zh: "这一行不是“字段名: 内容”的格式，像是上面“\(field.name)”的内容折到了新的一行"),
                hint: Wording("write the whole value on one line: \(joined)", zh: "请把整段内容写在同一行：\(joined)"))
        }
        for (index, row) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = Array(row)
            var start = 0
            while start < text.count, text[start] == " " || text[start] == "\t" { start += 1 }
            if start == text.count || text[start] == "#" { continue }
            let line = index + 1
            let previousLine = last
            last = String(text[start...]).trimmingCharacters(in: .whitespaces)
            // {name: 张某某， phone: 138…}: fields in braces parted by a Chinese comma.
            if let brace = text.firstIndex(of: "{"), let comma = text[brace...].firstIndex(of: "，"),
               text[comma...].contains("}"), text[brace..<comma].contains(":"),
               (try? Yams.compose(yaml: String(text[start...]) + "\n", .default, .default, .utf8)) == nil {
                let fixed = String(text[start...]).replacingOccurrences(of: "， *", with: ", ", options: .regularExpression)
                return FrontMatterSlip(line: line, column: comma + 1,
                    message: Wording("a Chinese comma '，' between the fields in { }",
                                     zh: "{ } 里的字段之间用了中文逗号“，”"),
                    hint: Wording("write an ASCII comma and a space, with the input method on English punctuation: \(fixed)",
                                  zh: "请把输入法切换到英文标点，改成英文逗号再加一个空格：\(fixed)"))
            }
            // - 第一步 / -第二步: a list item's dash without its space, which YAML reads as text;
            // only where a list stands (under a field or another item), and not a minus (-5℃).
            if text[start] == "-", start + 1 < text.count, !text[start + 1].isWhitespace, text[start + 1] != "-",
               !text[start + 1].isNumber, previousLine.hasSuffix(":") || previousLine.hasPrefix("- ") {
                let item = String(text[(start + 1)...])
                return FrontMatterSlip(line: line, column: start + 1,
                    message: Wording("the list item '-\(item)' has no space after its dash",
                                     zh: "列表项“-\(item)”的减号后面没有空格"),
                    hint: Wording("write a space after the dash: - \(item)", zh: "请在减号后面加一个空格：- \(item)"))
            }
            if text[..<start].contains("\t") {
                return FrontMatterSlip(line: line, column: 1,
                    message: Wording("a tab before a field", zh: "字段前面有制表符（按 Tab 键打出的空白）"),
                    hint: Wording("indent with spaces; a field of its own starts at the beginning of its line",
                                  zh: "缩进请用空格，不要用 Tab 键；单独一行的字段要从行首开始写"))
            }
            var end = start
            while end < text.count, isNameCharacter(text[end]) { end += 1 }
            let startsWithLetter = end > start && (text[start].isLetter || text[start] == "_")
            guard startsWithLetter else {
                if start == 0, text[start] != "-", let slip = wrappedValue(text, line: line) { return slip }
                if start == 0 || text[start] == "-" { plainField = nil } else { plainField?.value += last }
                seenField = true
                continue
            }
            let name = String(text[start..<end])
            var colon = end
            while colon < text.count, text[colon] == " " { colon += 1 }
            if colon < text.count, text[colon] == "：" {
                return FrontMatterSlip(line: line, column: colon + 1,
                    message: Wording("'\(name)' is followed by a full-width colon '：'",
                                     zh: "“\(name)”后面是全角冒号“：”"),
                    hint: Wording("write an ASCII colon and a space, with the input method on English punctuation: \(name): …",
                                  zh: "请把输入法切换到英文标点，写英文冒号再加一个空格：\(name): …"))
            }
            guard end < text.count, text[end] == ":" else {
                if start == 0, let slip = wrappedValue(text, line: line) { return slip }
                plainField?.value += " " + last
                seenField = true
                continue
            }
            if start == 0 {
                let value = Self.withoutComment(String(text[(end + 1)...])).trimmingSpaces
                plainField = value.first.map { !"\"'[{|>&*!%@`".contains($0) } == true ? (name, value) : nil
            }
            if !seenField, start > 0 {
                return FrontMatterSlip(line: line, column: 1,
                    message: Wording("the field '\(name)' is indented", zh: "“\(name)”字段前面多了空格（缩进了）"),
                    hint: Wording("start each field at the beginning of its line",
                                  zh: "每个字段都要从行首开始写，请删掉前面的空格"))
            }
            seenField = true
            if end + 1 < text.count, Self.lookalikeSpaces.contains(text[end + 1]) {
                let value = String(text[(end + 1)...].drop { Self.lookalikeSpaces.contains($0) || $0 == " " })
                return FrontMatterSlip(line: line, column: end + 2,
                    message: Wording("after '\(name):' is a full-width or no-break space, which YAML does not take for a space",
                                     zh: "“\(name):”后面是全角空格或网页里带来的特殊空格，不算作空格"),
                    hint: Wording("delete it and type an ordinary space: \(name): \(value)",
                                  zh: "请删掉它，用英文输入法重新打一个空格：\(name): \(value)"))
            }
            if end + 1 < text.count, text[end + 1] != " ", text[end + 1] != "\t", text[end + 1] != "/" {
                let rest = String(text[(end + 1)...])
                return FrontMatterSlip(line: line, column: end + 2,
                    message: Wording("'\(name):' needs a space after the colon", zh: "“\(name):”的冒号后面要空一格"),
                    hint: Wording("write '\(name): \(rest)'", zh: "请写成：\(name): \(rest)"))
            }
            if start == 0, let slip = valueSlip(name: name, text: text, from: end + 1, line: line) { return slip }
        }
        return nil
    }

    /// Spaces an input method or a copy from a web page leaves that YAML does not read as one:
    /// full-width (U+3000), no-break, zero-width and the byte-order mark.
    static let lookalikeSpaces: Set<Character> = Set(lookalikeSpaceValues.compactMap(Unicode.Scalar.init).map(Character.init))
    static let lookalikeSpaceValues: Set<UInt32> = [0x3000, 0x00A0, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]

    /// A value without a ' #' comment after it (a '#' inside quotes is text).
    private static func withoutComment(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        guard let hash = DroppedComment.commentStart(in: scalars) else { return value }
        return String(String.UnicodeScalarView(scalars[..<hash]))
    }

    /// Whether `name: value` is YAML on its own: then this line is not why the front matter
    /// failed (a list written over several lines, a comment), and another one is.
    private static func readsAlone(_ name: String, _ value: String) -> Bool {
        (try? Yams.compose(yaml: "\(name): \(value)\n", .default, .default, .utf8)) != nil
    }

    /// A field's value that YAML reads as more than text: ': ' inside it (another field), an
    /// opening quote or bracket never closed, or a first character YAML reserves.
    private static func valueSlip(name: String, text: [Character], from: Int, line: Int) -> FrontMatterSlip? {
        var first = from
        while first < text.count, text[first] == " " || text[first] == "\t" || lookalikeSpaces.contains(text[first]) { first += 1 }
        guard first < text.count else { return nil }
        let value = Self.withoutComment(String(text[first...])).trimmingSpaces
        guard let opener = value.first else { return nil }
        let column = first + 1
        func quoted() -> String {
            if !value.contains("\"") { return "\(name): \"\(value)\"" }
            if !value.contains("'") { return "\(name): '\(value)'" }
            return "\(name): \"\(value.replacingOccurrences(of: "\"", with: "\\\""))\""
        }
        switch opener {
        case "\"", "'":
            if value.count == 1 || value.last != opener {
                return FrontMatterSlip(line: line, column: column,
                    message: Wording("the quote \(opener) that starts '\(name)' is never closed",
                                     zh: "“\(name)”的内容以引号 \(opener) 开头，但后面没有配对的 \(opener)"),
                    hint: Wording("end the value with \(opener) on the same line, or remove the quote",
                                  zh: "请在同一行内容的末尾补上 \(opener)，或者删掉开头的引号"))
            }
            return nil
        case "[", "{":
            let closer: Character = opener == "[" ? "]" : "}"
            if value.last == closer || readsAlone(name, value) { return nil }
            let shape = opener == "[" ? Wording("list", zh: "列表") : Wording("group of fields", zh: "一组字段")
            return FrontMatterSlip(line: line, column: column,
                message: Wording("'\(name)' starts with '\(opener)', which YAML reads as the start of a \(shape.english) not closed on its line",
                                 zh: "“\(name)”的内容以 \(opener) 开头，会被当作\(shape.chinese)，但这一行没有结尾的 \(closer)"),
                hint: Wording("end it with \(closer) if it is one; if it is text, write it in quotes: \(quoted())",
                              zh: "如果确实是\(shape.chinese)，请在末尾补上 \(closer)；如果只是文字，请给内容加上英文引号：\(quoted())"))
        case "@", "`", "%", "!", "|", ">", "*", "&":
            if (opener == "|" || opener == ">") && value.count <= 2 { return nil } // a block of lines below
            return FrontMatterSlip(line: line, column: column,
                message: Wording("'\(name)' starts with '\(opener)', which YAML does not allow at the start of a plain value",
                                 zh: "“\(name)”的内容不能直接以 \(opener) 开头"),
                hint: Wording("write the value in quotes: \(quoted())", zh: "请给内容加上英文引号：\(quoted())"))
        default:
            if value.contains(": "), !readsAlone(name, value) {
                return FrontMatterSlip(line: line, column: column,
                    message: Wording("the value of '\(name)' has ': ' in it, which YAML reads as the start of another field",
                                     zh: "“\(name)”的内容里有英文冒号加空格“: ”，会被当作另一个字段的开头"),
                    hint: Wording("write the value in quotes: \(quoted()), or use a Chinese colon '：' in the text",
                                  zh: "请给内容加上英文引号：\(quoted())；或者把文字里的冒号改成中文冒号“：”"))
            }
            return nil
        }
    }

    /// A field name's characters: ASCII letters, digits, '_' and '-'.
    private static func isNameCharacter(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue else { return false }
        return (ascii >= 0x61 && ascii <= 0x7A) || (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x30 && ascii <= 0x39)
            || ascii == 0x5F || ascii == 0x2D
    }
}
