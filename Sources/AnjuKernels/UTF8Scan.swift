#if canImport(Glibc)
import Glibc
#endif

/// Walks over UTF-8 bytes without making Strings: the scans the parse and index stages run
/// over every file.
public enum UTF8Scan {
    /// The scalar value starting at `bytes[i]`, moving `i` past it. Only for a String's own
    /// bytes (valid UTF-8): the index's tokeniser and the reading-time count walk text this
    /// way instead of through the scalar iterator.
    @inlinable @inline(__always)
    public static func nextScalarValue(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
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

    /// The first C0 control other than tab and line breaks, DEL, or C1 control (U+0080–U+009F,
    /// encoded C2 80–C2 9F): XML forbids most of them, and feed readers drop a feed holding one.
    public static func firstControlCharacter(_ bytes: ArraySlice<UInt8>) -> (index: Int, value: UInt32)? {
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

    /// Where `needle` first occurs in `bytes` (an index of `bytes`): memchr to its first byte,
    /// memcmp for the rest. A check that looks for a phrase in every file of a large site
    /// reads tens of megabytes.
    public static func firstOccurrence(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        return bytes.withUnsafeBytes { haystack -> Int? in
            needle.withUnsafeBytes { n -> Int? in
                let base = haystack.baseAddress!
                let last = haystack.count - n.count // the last offset a match can start at
                var offset = 0
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(n[0]), last - offset + 1) else { return nil }
                    offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, n.baseAddress!, n.count) == 0 { return bytes.startIndex + offset }
                    offset += 1
                }
                return nil
            }
        }
    }

    /// Index of the first byte that starts an invalid UTF-8 sequence.
    public static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
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

    /// `bytes` appended to `out` with each run of white space (`isSpace`) made one space, or
    /// none between two scalars that `joinsWithoutSpace` and none at either end, stopping
    /// after the scalar that makes `limit` + 1. `accept` is asked before each scalar but a
    /// joining space is written (false: nil); `wrote(value, bytes written, its index)` is told
    /// after each scalar, a joining space as 0x20. Returns the bytes written and the scalars.
    @inlinable @inline(__always)
    public static func collapse(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], limit: Int,
                                isSpace: (UInt32) -> Bool, joinsWithoutSpace: (UInt32, UInt32) -> Bool,
                                accept: (UInt32) -> Bool, wrote: (UInt32, Int, Int) -> Void) -> (written: Int, count: Int)? {
        let base = out.count
        var count = 0
        var pendingSpace = false
        var last: UInt32? = nil
        var i = 0
        while i < bytes.count {
            let start = i
            let v = nextScalarValue(bytes, &i)
            if isSpace(v) {
                pendingSpace = last != nil
                continue
            }
            if pendingSpace {
                if let last, !joinsWithoutSpace(last, v) {
                    out.append(0x20)
                    wrote(0x20, out.count - base, count)
                    count += 1
                }
                pendingSpace = false
            }
            guard accept(v) else { return nil }
            for k in start..<i { out.append(bytes[k]) }
            wrote(v, out.count - base, count)
            last = v
            count += 1
            if count > limit { break }
        }
        return (out.count - base, count)
    }

    /// The first and the last scalar values of valid, non-empty UTF-8.
    public static func firstAndLastScalarValue(_ bytes: ArraySlice<UInt8>) -> (first: UInt32, last: UInt32) {
        bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            let first = nextScalarValue(bytes, &i)
            // The last scalar starts at the last byte that is not a continuation byte.
            var lastStart = bytes.count - 1
            while lastStart > 0 && bytes[lastStart] & 0xC0 == 0x80 { lastStart -= 1 }
            return (first, nextScalarValue(bytes, &lastStart))
        }
    }
}
