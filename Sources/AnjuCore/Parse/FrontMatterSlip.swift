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
            // {name: 张某某， phone: 138…}: fields in braces parted by a Chinese comma.
            if let brace = text.firstIndex(of: "{"), let comma = text[brace...].firstIndex(of: "，"),
               text[comma...].contains("}"), text[brace..<comma].contains(":"),
               (try? Yams.compose(yaml: String(text[start...]) + "\n", .default, .default, .utf8)) == nil {
                let fixed = String(text[start...]).replacingOccurrences(of: "， *", with: ", ", options: .regularExpression)
                return FrontMatterSlip(line: line, column: comma + 1, message: "a Chinese comma '，' between the fields in { }",
                    hint: "write an ASCII comma and a space, with the input method on English punctuation: \(fixed)")
            }
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
            if end + 1 < text.count, Self.lookalikeSpaces.contains(text[end + 1]) {
                let value = String(text[(end + 1)...].drop { Self.lookalikeSpaces.contains($0) || $0 == " " })
                return FrontMatterSlip(line: line, column: end + 2,
                    message: "after '\(name):' is a full-width or no-break space, which YAML does not take for a space",
                    hint: "delete it and type an ordinary space: \(name): \(value)")
            }
            if end + 1 < text.count, text[end + 1] != " ", text[end + 1] != "\t", text[end + 1] != "/" {
                return FrontMatterSlip(line: line, column: end + 2, message: "'\(name):' needs a space after the colon",
                    hint: "write '\(name): \(String(text[(end + 1)...]))'")
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
        var quote: Character?
        var previous: Character = " "
        for (offset, c) in value.enumerated() {
            if let q = quote { if c == q { quote = nil } }
            else if c == "\"" || c == "'" { quote = c }
            else if c == "#", previous == " " || previous == "\t" { return String(value.prefix(offset)) }
            previous = c
        }
        return value
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
                return FrontMatterSlip(line: line, column: column, message: "the quote \(opener) that starts '\(name)' is never closed",
                    hint: "end the value with \(opener) on the same line, or remove the quote")
            }
            return nil
        case "[", "{":
            let closer: Character = opener == "[" ? "]" : "}"
            if value.last == closer || readsAlone(name, value) { return nil }
            return FrontMatterSlip(line: line, column: column,
                message: "'\(name)' starts with '\(opener)', which YAML reads as the start of a \(opener == "[" ? "list" : "group of fields") not closed on its line",
                hint: "end it with \(closer) if it is one; if it is text, write it in quotes: \(quoted())")
        case "@", "`", "%", "!", "|", ">", "*", "&":
            if (opener == "|" || opener == ">") && value.count <= 2 { return nil } // a block of lines below
            return FrontMatterSlip(line: line, column: column,
                message: "'\(name)' starts with '\(opener)', which YAML does not allow at the start of a plain value",
                hint: "write the value in quotes: \(quoted())")
        default:
            if value.contains(": "), !readsAlone(name, value) {
                return FrontMatterSlip(line: line, column: column,
                    message: "the value of '\(name)' has ': ' in it, which YAML reads as the start of another field",
                    hint: "write the value in quotes: \(quoted()), or use a Chinese colon '：' in the text")
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
