import Foundation

/// Decodes an editor's file as UTF-8, reporting where it is not.
///
/// Files saved from Windows tools may be GBK or carry a byte-order mark and CRLF line ends;
/// the first two are accepted and normalised, GBK is refused with the line it breaks on.
enum SourceText {
    static func decode(_ bytes: [UInt8], path: String) -> Result<String, Diagnostic> {
        if bytes.isEmpty {
            return .failure(.error(path, 1, 1, "the file is empty",
                                   hint: "add front matter between --- lines with at least a title"))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // The standard library's validation (vectorised) first; ours only to locate a problem.
        let valid = String(validating: body, as: UTF8.self)
        if valid == nil, let bad = firstInvalidUTF8(body) {
            var line = 1, column = 1
            for b in body[body.startIndex..<bad] {
                if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            return .failure(.error(path, line, column, "the file is not valid UTF-8",
                hint: "save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8); GBK is not supported"))
        }
        if let control = firstControlCharacter(body) {
            var line = 1, column = 1
            for b in body[body.startIndex..<control.index] {
                if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            return .failure(.error(path, line, column,
                "the file contains an invisible control character (U+\(String(control.value, radix: 16, uppercase: true).leftPadded(4)))",
                hint: "delete it and retype the text around it: feeds and pages cannot carry it (often pasted from Word or a PDF)"))
        }
        var text = valid ?? String(decoding: body, as: UTF8.self)
        if body.contains(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        // Bytes first: walking Characters over every file was a tenth of the parse stage.
        if !body.contains(where: { $0 > 0x20 && $0 < 0x80 }), text.allSatisfy({ $0.isWhitespace }) {
            return .failure(.error(path, 1, 1, "the file is empty",
                                   hint: "add front matter between --- lines with at least a title"))
        }
        return .success(text)
    }

    /// The first C0 control other than tab and line breaks, DEL, or C1 control (U+0080–U+009F,
    /// encoded C2 80–C2 9F): XML forbids most of them, and feed readers drop a feed holding one.
    static func firstControlCharacter(_ bytes: ArraySlice<UInt8>) -> (index: Int, value: UInt32)? {
        bytes.withUnsafeBufferPointer { buffer -> (index: Int, value: UInt32)? in
            let count = buffer.count
            var i = 0
            while i < count {
                let b = buffer[i]
                if b < 0x20 {
                    if b != 0x09 && b != 0x0A && b != 0x0D { return (bytes.startIndex + i, UInt32(b)) }
                } else if b == 0x7F {
                    return (bytes.startIndex + i, 0x7F)
                } else if b == 0xC2, i + 1 < count, buffer[i + 1] >= 0x80, buffer[i + 1] <= 0x9F {
                    return (bytes.startIndex + i, UInt32(buffer[i + 1]))
                }
                i += 1
            }
            return nil
        }
    }

    /// Index of the first byte that starts an invalid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let count: Int
            if b & 0xE0 == 0xC0, b >= 0xC2 { count = 1 }
            else if b & 0xF0 == 0xE0 { count = 2 }
            else if b & 0xF8 == 0xF0, b <= 0xF4 { count = 3 }
            else { return i }
            for k in 1...count {
                guard i + k < end, bytes[i + k] & 0xC0 == 0x80 else { return i }
            }
            // Overlong three-byte forms and UTF-16 surrogates.
            if count == 2 {
                let b1 = bytes[i + 1]
                if b == 0xE0 && b1 < 0xA0 { return i }
                if b == 0xED && b1 >= 0xA0 { return i }
            }
            if count == 3 {
                let b1 = bytes[i + 1]
                if b == 0xF0 && b1 < 0x90 { return i }
                if b == 0xF4 && b1 >= 0x90 { return i }
            }
            i += count + 1
        }
        return nil
    }

    /// The scalar value starting at `bytes[i]`, moving `i` past it. Only for a String's own
    /// bytes (valid UTF-8): the index's tokeniser and the reading-time count walk text this
    /// way instead of through the scalar iterator.
    @inline(__always)
    static func nextScalarValue(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        let lead = UInt32(bytes[i])
        if lead < 0x80 { i += 1; return lead }
        if lead < 0xE0 {
            defer { i += 2 }
            return (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        }
        if lead < 0xF0 {
            defer { i += 3 }
            return (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        }
        defer { i += 4 }
        return (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
            | UInt32(bytes[i + 3] & 0x3F)
    }

}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
