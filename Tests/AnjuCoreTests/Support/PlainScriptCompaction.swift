/// `CompactScript`'s plain twin: the same reading of a script, Unicode scalar by scalar, with
/// Strings and sets where the kernel has bytes, ranges and offsets.
enum PlainScriptCompaction {
    static func compact(_ script: String) -> String {
        guard let (out, tokens) = read(Array(script.unicodeScalars)),
              let (_, again) = read(Array(out.unicodeScalars)), again == tokens else { return script }
        return out
    }

    static let keywordsBeforeExpression: Set<String> = [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
        "yield", "await", "extends",
    ]
    static let beforeCondition: Set<String> = ["if", "while", "for", "with"]
    static let beforeBlock: Set<String> = ["else", "do", "try", "finally"]
    static let punctuators = [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
        "<<", ">>", "**",
    ].sorted { $0.count > $1.count }

    static func isLineBreak(_ c: Unicode.Scalar) -> Bool { ["\n", "\r", "\u{2028}", "\u{2029}"].contains(c) }
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        ["\t", "\u{0B}", "\u{0C}", "\u{FEFF}"].contains(c) || c.properties.generalCategory == .spaceSeparator
    }
    static func isWordPart(_ c: Unicode.Scalar) -> Bool {
        if c.value >= 0x80 { return !isSpace(c) && !isLineBreak(c) }
        return c.properties.isAlphabetic || ("0"..."9").contains(c) || ["_", "$", "\\", "#"].contains(c)
    }
    static func joins(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        if isWordPart(a) && (isWordPart(b) || b == "." || b == "`") { return true }
        if a == ".", isWordPart(b) || b == "." { return true }
        return ["++", "--", "//", "/*", "*/", "<!", "->", "?."].contains(String(a) + String(b))
    }

    enum Brace { case template, block, object }

    /// The script's compacted text and its tokens, or nil where it does not read to its end.
    static func read(_ s: [Unicode.Scalar]) -> (String, [String])? {
        var out = "", tokens: [String] = []
        var i = 0
        var pendingSpace = false, pendingLineBreak = false, regexAllowed = true
        var previous = "", previousIsProperty = false
        var braces: [Brace] = [], parentheses: [Bool] = []
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(s[range])) }
        func token(_ range: Range<Int>, allowsRegex: Bool) {
            let word = text(range)
            if let last = out.unicodeScalars.last {
                if pendingLineBreak { out += "\n" } else if pendingSpace, joins(last, s[range.lowerBound]) { out += " " }
            }
            pendingSpace = false
            pendingLineBreak = false
            out += word
            tokens.append(word)
            previousIsProperty = isWordPart(s[range.lowerBound]) && (previous == "." || previous == "?.")
            previous = word
            regexAllowed = allowsRegex
            i = range.upperBound
        }
        func templateEnd(from start: Int) -> Int? {
            var j = start
            while j < s.count {
                if s[j] == "\\" { j += 2; continue }
                if s[j] == "`" { return j + 1 }
                if s[j] == "$", j + 1 < s.count, s[j + 1] == "{" { braces.append(.template); return j + 2 }
                j += 1
            }
            return nil
        }
        if s.starts(with: ["#", "!"]) {
            while i < s.count, !isLineBreak(s[i]) { out.unicodeScalars.append(s[i]); i += 1 }
        }
        while i < s.count {
            let c = s[i], next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            if isLineBreak(c) {
                pendingLineBreak = true
                i += 1
            } else if isSpace(c) {
                pendingSpace = true
                i += 1
            } else if c == "/", next == "/" {
                while i < s.count, !isLineBreak(s[i]) { i += 1 }
            } else if c == "/", next == "*" {
                guard let close = ((i + 2)..<max(i + 2, s.count - 1)).first(where: { s[$0] == "*" && s[$0 + 1] == "/" }) else { return nil }
                if s[(i + 2)..<close].contains(where: isLineBreak) { pendingLineBreak = true } else { pendingSpace = true }
                i = close + 2
            } else if c == "\"" || c == "'" {
                var j = i + 1
                while j < s.count, s[j] != c {
                    if s[j] == "\n" || s[j] == "\r" { return nil }
                    j += s[j] == "\\" ? (j + 2 < s.count && s[j + 1] == "\r" && s[j + 2] == "\n" ? 3 : 2) : 1
                }
                guard j < s.count else { return nil }
                token(i..<(j + 1), allowsRegex: false)
            } else if c == "`" || (c == "}" && braces.last == .template) {
                if c == "}" { braces.removeLast() }
                guard let end = templateEnd(from: i + 1) else { return nil }
                token(i..<end, allowsRegex: s[end - 1] == "{")
            } else if c == "/", regexAllowed {
                var j = i + 1, inClass = false, end: Int?
                while j < s.count, !isLineBreak(s[j]) {
                    if s[j] == "\\" { j += 2; continue }
                    if s[j] == "[" { inClass = true } else if s[j] == "]" { inClass = false } else if s[j] == "/", !inClass {
                        j += 1
                        while j < s.count, isWordPart(s[j]) { j += 1 }
                        end = j
                        break
                    }
                    j += 1
                }
                guard let end else { return nil }
                token(i..<end, allowsRegex: false)
            } else if isWordPart(c) {
                var end = i + 1
                while end < s.count, isWordPart(s[end]) || (s[end] == "." && ("0"..."9").contains(c)) { end += 1 }
                let afterDot = previous == "." || previous == "?."
                token(i..<end, allowsRegex: !afterDot && keywordsBeforeExpression.contains(text(i..<end)))
            } else {
                func startsHere(_ p: String) -> Bool { s[i...].starts(with: p.unicodeScalars) }
                if startsHere("<!--") || (startsHere("-->") && (pendingLineBreak || out.isEmpty)) { return nil }
                let punctuator = punctuators.first(where: startsHere) ?? String(c)
                var allowsRegex = ![")", "]", "}", "++", "--"].contains(punctuator)
                switch punctuator {
                case "{":
                    let block: Bool
                    if previous.isEmpty || [")", ";", "{", "}", "=>"].contains(previous) || beforeBlock.contains(previous) {
                        block = true
                    } else if previous == ":" {
                        block = braces.last != .object && braces.last != .template
                    } else {
                        block = isWordPart(previous.unicodeScalars.first!) && !keywordsBeforeExpression.contains(previous)
                    }
                    braces.append(block ? .block : .object)
                case "}":
                    guard let brace = braces.popLast() else { return nil }
                    allowsRegex = brace == .block
                case "(":
                    parentheses.append(!previousIsProperty && beforeCondition.contains(previous))
                case ")":
                    guard let condition = parentheses.popLast() else { return nil }
                    allowsRegex = condition
                default: break
                }
                token(i..<(i + punctuator.unicodeScalars.count), allowsRegex: allowsRegex)
            }
        }
        guard braces.isEmpty, parentheses.isEmpty else { return nil }
        return (out, tokens)
    }
}
