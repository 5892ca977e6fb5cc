/// The byte-level pieces of the search index's files (docs/search-index.md): LEB128
/// varints, the FNV-1a hashes that place tokens and name files, and a shard's token record.
/// `Tests/AnjuCoreTests/SearchIndexFormatTests.swift` holds a plain twin of each.
public enum IndexEncoding {
    /// Unsigned LEB128: seven bits a byte, low group first, the high bit set on all but the last.
    @inline(__always)
    @inlinable public static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        var v = UInt64(value)
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    @inlinable public static func varintSize(_ value: Int) -> Int {
        var v = UInt64(value), n = 1
        while v >= 0x80 { v >>= 7; n += 1 }
        return n
    }

    /// FNV-1a, 32 bits: the shard of a token is this modulo the segment's shard count.
    @inline(__always)
    @inlinable public static func fnv1a32<S: Sequence<UInt8>>(_ bytes: S) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for b in bytes { hash = (hash ^ UInt32(b)) &* 0x0100_0193 }
        return hash
    }

    /// FNV-1a, 64 bits: files are named by its first hex digits.
    @inlinable public static func fnv1a64<S: Sequence<UInt8>>(_ bytes: S, into hash: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = hash
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        return hash
    }

    /// The first `digits` lower-case hex digits of a 64-bit hash.
    public static func hex(_ hash: UInt64, digits: Int) -> String {
        let full = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - full.count) + full).prefix(digits))
    }

    /// The first `characters` (at most 12) base32 characters of a 64-bit hash, 5 bits each from
    /// its most significant: RFC 4648's alphabet in lower case (a–z, 2–7).
    public static func base32(_ hash: UInt64, characters: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        return String(decoding: (0..<min(characters, 12)).map { i in alphabet[Int(hash >> (59 - 5 * i) & 31)] }, as: UTF8.self)
    }

    /// The bytes of postings `rows` of `entries` as a record lays them out: a varint delta
    /// and a code each.
    @inlinable public static func postingsSize(_ entries: [Int32], rows: Range<Int>) -> Int {
        entries.withUnsafeBufferPointer { entries in
            var length = 0, previous: Int32 = -1
            for r in rows {
                length += varintSize(Int(entries[r] - previous)) + 1
                previous = entries[r]
            }
            return length
        }
    }

    /// A token record's size in bytes, from its postings' (`postingsSize`).
    @inlinable public static func recordSize(tokenBytes: Int, postingCount: Int, postingsSize: Int) -> Int {
        varintSize(tokenBytes) + tokenBytes + varintSize(postingCount) + varintSize(postingsSize) + postingsSize
    }

    /// One token's record in a shard: its bytes (`token` of `bytes`), its posting count,
    /// `postingsSize` (from `postingsSize(_:rows:)`), then each posting (`rows` of `entries`
    /// and `codes`) as (entry − previous entry, from −1) and its field code.
    /// Whole arrays and ranges, not slices: the shard writers share these arrays, and a
    /// slice would retain and release them from every thread at every record.
    @inlinable public static func appendRecord(token: Range<Int>, of bytes: [UInt8], rows: Range<Int>, entries: [Int32], codes: [UInt8],
                                               postingsSize: Int, to out: inout [UInt8]) {
        appendVarint(token.count, to: &out)
        bytes.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[token])) }
        appendVarint(rows.count, to: &out)
        appendVarint(postingsSize, to: &out)
        entries.withUnsafeBufferPointer { entries in
            codes.withUnsafeBufferPointer { codes in
                var previous: Int32 = -1
                for r in rows {
                    appendVarint(Int(entries[r] - previous), to: &out)
                    out.append(codes[r])
                    previous = entries[r]
                }
            }
        }
    }

    /// FNV-1a, 32 bits, of `range` of `bytes` (a token of a flat token list).
    @inlinable public static func fnv1a32(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        bytes.withUnsafeBufferPointer { fnv1a32(UnsafeBufferPointer(rebasing: $0[range])) }
    }
}
