/// A theme script as published: without its comments, indentation, blank lines and the
/// spaces no token needs. The theme's scripts explain themselves at length for whoever edits
/// them, and the search module is most of a first search's bytes on a resident's phone.
///
/// Only what JavaScript reads as space goes: strings, template literals and regular
/// expressions are copied as they are, and every line break between two tokens stays, so
/// automatic semicolon insertion reads the lines as before. A space stays where dropping it
/// would join two tokens into one (`a + +b`, `x / /re/`, `1 .toString()`). The result is read
/// again and must be the same tokens; a script that cannot be read with certainty (an
/// unclosed string, comment, template, regular expression or bracket) is published as it is.
/// `KernelTwinTests` holds its plain twin, which reads Unicode scalars and Strings.
public enum CompactScript {
    public static func compact(_ script: [UInt8]) -> [UInt8] {
        var first = Reader(script)
        guard first.read() else { return script }
        var again = Reader(first.out)
        guard again.read(), again.tokens.count == first.tokens.count,
              zip(first.tokens, again.tokens).allSatisfy({ first.out[$0].elementsEqual(again.out[$1]) }) else { return script }
        return first.out
    }

    /// One pass over a script's UTF-8: its compacted bytes and where each token is.
    private struct Reader {
        let s: [UInt8]
        var i = 0
        var out: [UInt8] = []
        var tokens: [Range<Int>] = []
        var pendingSpace = false, pendingLineBreak = false
        /// Whether a `/` here begins a regular expression rather than dividing.
        var regexAllowed = true
        var previous: Range<Int> = 0..<0
        /// Whether the previous token is a word after `.` (`x.if`), no keyword.
        var previousIsProperty = false
        /// The open braces: a template literal's `${`, which its `}` closes back into the
        /// template, a block, after whose `}` a `/` begins a regular expression, or an object.
        var braces: [Brace] = []
        /// The open parentheses: whether each holds the condition of an `if`, `while`, `for`
        /// or `with`, after whose `)` a `/` begins a regular expression (`if (a) /x/.test(b)`).
        var parentheses: [Bool] = []

        enum Brace { case template, block, object }

        init(_ s: [UInt8]) {
            self.s = s
            out.reserveCapacity(s.count)
        }

        /// Reads the whole script; false where it cannot be read with certainty.
        mutating func read() -> Bool {
            if s.starts(with: [0x23, 0x21]) { // #!
                while i < s.count, lineBreakLength(at: i) == 0 { out.append(s[i]); i += 1 }
            }
            while i < s.count {
                let c = s[i]
                let lineBreak = lineBreakLength(at: i), space = lineBreak == 0 ? spaceLength(at: i) : 0
                if lineBreak > 0 {
                    pendingLineBreak = true
                    i += lineBreak
                } else if space > 0 {
                    pendingSpace = true
                    i += space
                } else if c == slash, i + 1 < s.count, s[i + 1] == slash {
                    while i < s.count, lineBreakLength(at: i) == 0 { i += 1 }
                } else if c == slash, i + 1 < s.count, s[i + 1] == star {
                    var end = i + 2
                    while end + 1 < s.count, !(s[end] == star && s[end + 1] == slash) { end += 1 }
                    guard end + 1 < s.count else { return false }
                    if (i + 2..<end).contains(where: { lineBreakLength(at: $0) > 0 }) { pendingLineBreak = true } else { pendingSpace = true }
                    i = end + 2
                } else if c == 0x22 || c == 0x27 { // " '
                    guard let end = stringEnd(from: i) else { return false }
                    token(i..<end, allowsRegex: false)
                } else if c == backtick || (c == closeBrace && braces.last == .template) {
                    if c == closeBrace { braces.removeLast() }
                    guard let end = templateEnd(from: i + 1) else { return false }
                    // A piece ending in `${` opens an expression, which may begin with one.
                    token(i..<end, allowsRegex: s[end - 1] == openBrace)
                } else if c == slash, regexAllowed {
                    guard let end = regexEnd(from: i) else { return false }
                    token(i..<end, allowsRegex: false)
                } else if isWordPart(c) {
                    let end = wordEnd(from: i)
                    // A property is no keyword, whatever it is called (`o.in / 2`).
                    token(i..<end, allowsRegex: !afterDot && CompactScript.keywordsBeforeExpression.contains { s[i..<end].elementsEqual($0) })
                } else {
                    let length = punctuatorLength(at: i)
                    // A classic script reads `<!--`, and `-->` first on a line, as a comment, a
                    // module as operators: which this is, the file does not say.
                    if s[i...].starts(with: "<!--".utf8) || (s[i...].starts(with: "-->".utf8) && (pendingLineBreak || out.isEmpty)) {
                        return false
                    }
                    var allowsRegex = !(length == 1 && (c == closeParenthesis || c == closeBracket || c == closeBrace))
                        && !(length == 2 && (s[i + 1] == c && (c == 0x2B || c == 0x2D))) // ++ --
                    if length == 1 {
                        switch c {
                        case openBrace:
                            braces.append(opensBlock ? .block : .object)
                        case closeBrace:
                            guard let brace = braces.popLast() else { return false }
                            allowsRegex = brace == .block
                        case openParenthesis:
                            parentheses.append(!previousIsProperty && CompactScript.beforeCondition.contains { s[previous].elementsEqual($0) })
                        case closeParenthesis:
                            guard let condition = parentheses.popLast() else { return false }
                            allowsRegex = condition
                        default: break
                        }
                    }
                    token(i..<(i + length), allowsRegex: allowsRegex)
                }
            }
            return braces.isEmpty && parentheses.isEmpty
        }

        /// Whether a `{` after the previous token opens a block, not an object: after nothing,
        /// `)`, `;`, `{`, `}`, `=>`, `else`, `do`, `try`, `finally`, a `:` among statements
        /// (`case 1: {`, a label), or a word that is not an operator (`class A {`).
        var opensBlock: Bool {
            let p = s[previous]
            guard let first = p.first else { return true }
            if p.count == 1, !isWordPart(first) {
                if first == 0x3A { return braces.last != .object && braces.last != .template } // :
                return first == closeParenthesis || first == 0x3B || first == openBrace || first == closeBrace
            }
            if p.elementsEqual("=>".utf8) || CompactScript.beforeBlock.contains(where: { p.elementsEqual($0) }) { return true }
            guard isWordPart(first) else { return false }
            return !CompactScript.keywordsBeforeExpression.contains { p.elementsEqual($0) }
        }

        /// Whether the previous token is `.` or `?.`: a word after it names a property.
        var afterDot: Bool {
            let p = s[previous]
            return p.elementsEqual([dot]) || p.elementsEqual("?.".utf8)
        }

        /// Writes the token at `range` with whatever space or line break must come before it.
        mutating func token(_ range: Range<Int>, allowsRegex: Bool) {
            if let last = out.last {
                if pendingLineBreak {
                    out.append(0x0A)
                } else if pendingSpace, CompactScript.joins(last, s[range.lowerBound]) {
                    out.append(0x20)
                }
            }
            pendingSpace = false
            pendingLineBreak = false
            tokens.append(out.count..<(out.count + range.count))
            out.append(contentsOf: s[range])
            previousIsProperty = isWordPart(s[range.lowerBound]) && afterDot
            previous = range
            regexAllowed = allowsRegex
            i = range.upperBound
        }

        /// Where the string opening at `start` ends, past its quote; nil for a line break first.
        func stringEnd(from start: Int) -> Int? {
            let quote = s[start]
            var j = start + 1
            while j < s.count {
                if s[j] == quote { return j + 1 }
                if s[j] == backslash {
                    j += j + 2 < s.count && s[j + 1] == 0x0D && s[j + 2] == 0x0A ? 3 : 2
                } else if s[j] == 0x0A || s[j] == 0x0D {
                    return nil
                } else {
                    j += 1
                }
            }
            return nil
        }

        /// Where a template literal's text from `start` ends: past its closing backtick, or past
        /// a `${`, whose expression is read as code until its `}` (recorded in `braces`).
        mutating func templateEnd(from start: Int) -> Int? {
            var j = start
            while j < s.count {
                if s[j] == backslash {
                    j += 2
                } else if s[j] == backtick {
                    return j + 1
                } else if s[j] == 0x24, j + 1 < s.count, s[j + 1] == openBrace { // ${
                    braces.append(.template)
                    return j + 2
                } else {
                    j += 1
                }
            }
            return nil
        }

        /// Where the regular expression opening at `start` ends, past its flags.
        func regexEnd(from start: Int) -> Int? {
            var j = start + 1, inClass = false
            while j < s.count, lineBreakLength(at: j) == 0 {
                switch s[j] {
                case backslash: j += 1
                case 0x5B: inClass = true // [
                case closeBracket: inClass = false
                case slash where !inClass:
                    return wordEnd(from: j + 1, flags: true)
                default: break
                }
                j += 1
            }
            return nil
        }

        /// Where the word (a name, keyword or number; a regular expression's flags) from
        /// `start` ends: at a byte of no word, a space or a line break. A number's word goes on
        /// through its `.` (`1.5`).
        func wordEnd(from start: Int, flags: Bool = false) -> Int {
            var end = start
            while end < s.count, isWordPart(s[end]) && spaceLength(at: end) == 0 && lineBreakLength(at: end) == 0
                || (!flags && s[end] == dot && isDigit(s[start])) { end += 1 }
            return end
        }

        /// The length of the punctuator at `i`: the longest that starts there.
        func punctuatorLength(at i: Int) -> Int {
            for length in stride(from: min(4, s.count - i), to: 1, by: -1) {
                let candidate = s[i..<(i + length)]
                if CompactScript.punctuators.contains(where: { $0.count == length && candidate.elementsEqual($0) }) { return length }
            }
            return 1
        }

        /// The bytes of the line break at `i` (`\n`, `\r`, U+2028, U+2029), or 0.
        func lineBreakLength(at i: Int) -> Int {
            switch s[i] {
            case 0x0A, 0x0D: return 1
            case 0xE2 where i + 2 < s.count && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9): return 3
            default: return 0
            }
        }

        /// The bytes of the space at `i` (tab, vertical tab, form feed, space, no-break space,
        /// the byte-order mark, any other space separator), or 0.
        func spaceLength(at i: Int) -> Int {
            let c = s[i]
            if c == 0x20 || c == 0x09 || c == 0x0B || c == 0x0C { return 1 }
            guard c >= 0xC2 else { return 0 }
            var scalar = UInt32(0), length = 0
            if c < 0xE0 { (scalar, length) = (UInt32(c & 0x1F), 2) } else if c < 0xF0 { (scalar, length) = (UInt32(c & 0x0F), 3) } else { return 0 }
            guard i + length <= s.count else { return 0 }
            for k in 1..<length { scalar = scalar << 6 | UInt32(s[i + k] & 0x3F) }
            guard let u = Unicode.Scalar(scalar) else { return 0 }
            return u == "\u{FEFF}" || u.properties.generalCategory == .spaceSeparator ? length : 0
        }
    }

    /// Whether byte `a` written right before byte `b` would read as one token with it, or as
    /// a comment.
    static func joins(_ a: UInt8, _ b: UInt8) -> Bool {
        if isWordPart(a) && (isWordPart(b) || b == dot || b == backtick) { return true }
        if a == dot, isWordPart(b) || b == dot { return true }
        switch (a, b) {
        // + +, - -, / /, / *, * /, < !, - >, ? .
        case (0x2B, 0x2B), (0x2D, 0x2D), (slash, slash), (slash, star), (star, slash), (0x3C, 0x21), (0x2D, 0x3E), (0x3F, dot): return true
        default: return false
        }
    }

    /// Words after which a `/` begins a regular expression (`return /x/`, unlike `a / b`) and
    /// a `{` an object.
    static let keywordsBeforeExpression: [[UInt8]] = [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
        "yield", "await", "extends",
    ].map { Array($0.utf8) }
    static let beforeCondition: [[UInt8]] = ["if", "while", "for", "with"].map { Array($0.utf8) }
    /// Keywords after which a `{` opens a block.
    static let beforeBlock: [[UInt8]] = ["else", "do", "try", "finally"].map { Array($0.utf8) }
    /// Punctuators of more than one character, so each is read whole.
    static let punctuators: [[UInt8]] = [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
        "<<", ">>", "**",
    ].map { Array($0.utf8) }

    /// A byte of a name, a number or a keyword; any byte of a character beyond ASCII (the
    /// few that are spaces or line breaks are found before this is asked).
    static func isWordPart(_ c: UInt8) -> Bool {
        c >= 0x80 || (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || isDigit(c) || c == 0x5F || c == 0x24 || c == backslash || c == 0x23
    }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}

private let slash: UInt8 = 0x2F, star: UInt8 = 0x2A, dot: UInt8 = 0x2E, backslash: UInt8 = 0x5C, backtick: UInt8 = 0x60
private let openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D, openParenthesis: UInt8 = 0x28, closeParenthesis: UInt8 = 0x29
private let closeBracket: UInt8 = 0x5D
