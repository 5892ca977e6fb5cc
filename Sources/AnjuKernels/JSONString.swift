/// A JSON string literal written straight into bytes, safe inside an HTML `<script>` too
/// (`<`, `>`, `&`, U+2028 and U+2029 escaped): JSON-LD, the search index's records and meta.
public enum JSONString {
    /// `s` as a JSON string, appended as UTF-8, with at most `scalarLimit` characters of `s` (then `…`).
    /// Bytes, not Characters: the search index writes one of these per entry.
    public static func append(_ s: String, to out: inout [UInt8], scalarLimit: Int = .max) {
        var s = s
        s.withUTF8 { append(bytes: $0, to: &out, scalarLimit: scalarLimit) }
    }

    /// Runs of bytes that need no escape are copied whole: byte-by-byte appends were most
    /// of the time of the search index's display records.
    private static func append(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], scalarLimit: Int) {
        out.append(0x22)
        var end = bytes.count, truncated = false
        if scalarLimit < bytes.count {
            var scalars = 0
            for (i, b) in bytes.enumerated() where b & 0xC0 != 0x80 {
                if scalars == scalarLimit { end = i; truncated = true; break }
                scalars += 1
            }
        }
        var runStart = 0, i = 0
        func flush(to index: Int) {
            if index > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
        }
        let raw = UnsafeRawPointer(bytes.baseAddress)
        while i < end {
            // Eight plain bytes at a time (Chinese text is nearly all plain): a word none of
            // whose bytes is below 0x60 only needs the test for 0xE2.
            while i + 8 <= end, isPlainWord(UInt64(littleEndian: raw!.loadUnaligned(fromByteOffset: i, as: UInt64.self))) {
                i += 8
            }
            guard i < end else { break }
            let b = bytes[i]
            // Plain: not a control, not one of " \ < > &, not the lead byte of U+2028/U+2029.
            if b >= 0x20, b != 0x22, b != 0x5C, b != 0x3C, b != 0x3E, b != 0x26, b != 0xE2 { i += 1; continue }
            flush(to: i)
            var width = 1
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x3C: out.append(contentsOf: #"\u003c"#.utf8)
            case 0x3E: out.append(contentsOf: #"\u003e"#.utf8)
            case 0x26: out.append(contentsOf: #"\u0026"#.utf8)
            case 0xE2:
                // U+2028 and U+2029 end a line in JavaScript source: escaped.
                if i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    out.append(contentsOf: (bytes[i + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                    width = 3
                } else {
                    out.append(b)
                }
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            }
            i += width
            runStart = i
        }
        flush(to: end)
        if truncated { out.append(contentsOf: [0xE2, 0x80, 0xA6]) } // …
        out.append(0x22)
    }

    /// Whether no byte of `w` needs an escape in `append`: none is a control character,
    /// a quote, a backslash, `<`, `>`, `&`, or 0xE2 (the lead byte of U+2028 and U+2029).
    @inline(__always)
    private static func isPlainWord(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        if hasZeroByte(w ^ (ones &* 0xE2)) { return false }
        // Exact as a whole: some byte of w is below 0x60.
        guard (w &- ones &* 0x60) & ~w & highs != 0 else { return true }
        return (w &- ones &* 0x20) & ~w & highs == 0
            && !hasZeroByte(w ^ (ones &* 0x22)) && !hasZeroByte(w ^ (ones &* 0x5C)) && !hasZeroByte(w ^ (ones &* 0x3C))
            && !hasZeroByte(w ^ (ones &* 0x3E)) && !hasZeroByte(w ^ (ones &* 0x26))
    }
}
