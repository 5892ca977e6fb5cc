import Yams

/// Front matter made only of one-line `name: value` fields, read without libyaml.
///
/// Almost every notice, answer and project page is this shape, and composing it with Yams
/// (events, tag objects, duplicate-key grouping by hashing nodes) was 6 % of a 10,000-page
/// build's CPU. Anything this reader is not sure about — indentation, lists, flow
/// collections, anchors, escapes, comments inside quotes, a repeated name — returns nil and
/// the caller asks Yams, so both paths give the same nodes (a test compares them).
public enum FlatFrontMatter {
    public struct Field {
        public var name: String
        public var value: Node
        /// 1-based line in the YAML text, and the 1-based columns (in Unicode scalars, as
        /// libyaml counts) of the name and the value.
        public var line: Int
        public var valueColumn: Int
    }

    /// Yams's default constructor, made once: `Constructor.default` builds a new one, with
    /// its three tables of closures, at every access, and every field's tag made one (407 M
    /// instructions of a 10,000-page build, callgrind). Its tables never change after it is
    /// made, so every thread may share it; tags themselves are not shared (an implicit tag
    /// is resolved in place).
    nonisolated(unsafe) static let constructor = Constructor.default

    public static func parse(_ yaml: String) -> [Field]? {
        var yaml = yaml
        return yaml.withUTF8 { parse(bytes: $0) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> [Field]? {
        var fields: [Field] = []
        var manyNames: Set<String>?
        var lineStart = 0, lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if isBlankOrComment(line) { continue }
            // A repeated name goes to Yams, which reports it. Compared with the fields so far
            // while there are a few (hashing a dozen names cost more); past that, a Set, so
            // forty thousand fields cost no more than their bytes.
            guard let field = field(in: line, lineNumber: lineNumber) else { return nil }
            if manyNames != nil {
                guard manyNames!.insert(field.name).inserted else { return nil }
            } else {
                guard !fields.contains(where: { $0.name == field.name }) else { return nil }
                if fields.count == 32 { manyNames = Set(fields.map(\.name) + [field.name]) }
            }
            fields.append(field)
        }
        return fields
    }

    private static func isBlankOrComment(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return true }
        if first == 0x23 { return isSafe(line) } // '#' at column 1
        return line.allSatisfy { $0 == 0x20 }
    }

    /// `name: value` with an ASCII name at column 1 and a value on the same line.
    private static func field(in line: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> Field? {
        guard isSafe(line) else { return nil }
        var i = 0
        while i < line.count, isNameByte(line[i]) { i += 1 }
        // libyaml gives up on a key longer than 1,024 characters; such a name goes to it.
        guard i > 0, i <= 128, line[0] != 0x2D, i + 1 < line.count, line[i] == 0x3A, line[i + 1] == 0x20 else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<i]), as: UTF8.self)
        var start = i + 2
        while start < line.count, line[start] == 0x20 { start += 1 }
        guard start < line.count else { return nil } // empty: maybe a block follows
        let rest = UnsafeBufferPointer(rebasing: line[start...])
        // Columns count scalars; the name is ASCII, so only the spaces before the value add.
        let column = start + 1
        let scalar: Node.Scalar
        switch rest[0] {
        case 0x22: // "…" without escapes
            guard let text = quoted(rest, quote: 0x22, forbidden: 0x5C) else { return nil }
            scalar = Node.Scalar(text, Tag(.str, .default, constructor), .doubleQuoted)
        case 0x27: // '…' without doubled quotes
            guard let text = quoted(rest, quote: 0x27, forbidden: 0x27) else { return nil }
            scalar = Node.Scalar(text, Tag(.str, .default, constructor), .singleQuoted)
        default:
            guard let text = plain(rest) else { return nil }
            scalar = Node.Scalar(text, Tag(.implicit, .default, constructor), .plain)
        }
        return Field(name: name, value: .scalar(scalar), line: lineNumber, valueColumn: column)
    }

    /// A plain scalar: no indicator first, no `: ` or ` #` inside, trailing spaces dropped.
    private static func plain(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        // - ? : , [ ] { } # & * ! | > ' " % @ `
        let indicators: [UInt8] = [0x2D, 0x3F, 0x3A, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21,
                                   0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60]
        guard !indicators.contains(text[0]) else { return nil }
        var end = text.count
        while end > 0, text[end - 1] == 0x20 { end -= 1 }
        for i in 0..<end {
            if text[i] == 0x3A, i + 1 == end || text[i + 1] == 0x20 { return nil }
            if text[i] == 0x23, text[i - 1] == 0x20 { return nil } // i > 0: text[0] is not '#'
        }
        return String(decoding: UnsafeBufferPointer(rebasing: text[..<end]), as: UTF8.self)
    }

    /// A quoted scalar closed on its line, followed by nothing but spaces.
    private static func quoted(_ text: UnsafeBufferPointer<UInt8>, quote: UInt8, forbidden: UInt8) -> String? {
        var close = 1
        while close < text.count, text[close] != quote {
            if text[close] == forbidden { return nil }
            close += 1
        }
        guard close < text.count, text[(close + 1)...].allSatisfy({ $0 == 0x20 }) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: text[1..<close]), as: UTF8.self)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }

    /// No tabs, controls, or what YAML 1.1 also reads as a line break or byte-order mark
    /// (U+0085, U+2028, U+2029, U+FEFF), no C1 controls and no U+FFFE or U+FFFF (libyaml
    /// refuses those): libyaml decides all of them.
    private static func isSafe(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for (i, b) in line.enumerated() {
            if b < 0x20 || b == 0x7F { return false }
            if b == 0xC2, i + 1 < line.count, line[i + 1] < 0xA0 { return false }
            if b == 0xE2, i + 2 < line.count, line[i + 1] == 0x80, line[i + 2] == 0xA8 || line[i + 2] == 0xA9 { return false }
            if b == 0xEF, i + 2 < line.count, line[i + 1] == 0xBB, line[i + 2] == 0xBF { return false }
            if b == 0xEF, i + 2 < line.count, line[i + 1] == 0xBF, line[i + 2] >= 0xBE { return false }
        }
        return true
    }
}
