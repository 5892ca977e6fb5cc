#if canImport(Glibc)
import Glibc
#endif

/// Whether a photo file holds its whole structure, read from its bytes without decoding: a
/// file cut short by an interrupted upload or copy ends inside a segment, a chunk or a box.
/// A check tells the editor so in milliseconds where decoding takes tens per photo.
public enum PhotoCompleteness: Equatable, Sendable {
    /// Every segment, chunk or box the file starts is there, up to its end marker.
    case whole
    /// The file ends before the structure it started does.
    case cutShort
    /// Not a structure read here (another format, or broken otherwise): the decoder judges it.
    case unknown

    public static func of(_ bytes: [UInt8]) -> PhotoCompleteness {
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return jpeg(bytes) }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png(bytes) }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return UInt64(littleEndian32(bytes, at: 4)) + 8 <= UInt64(bytes.count) ? .whole : .cutShort
        }
        if bytes.count >= 12, Array(bytes[4..<8]) == Array("ftyp".utf8) { return isoBoxes(bytes) }
        return .unknown
    }

    /// Markers from SOI to EOI: a segment's length is skipped, a scan's entropy-coded data
    /// is read to the next marker (0xFF then neither 0x00, a stuffed byte, nor a restart
    /// marker). Data after EOI (a phone's motion-photo video) is not looked at.
    static func jpeg(_ b: [UInt8]) -> PhotoCompleteness {
        let n = b.count
        var i = 2
        while i < n {
            guard b[i] == 0xFF else { return .unknown }
            while i < n, b[i] == 0xFF { i += 1 } // fill bytes before a marker
            guard i < n else { return .cutShort }
            let marker = b[i]
            i += 1
            switch marker {
            case 0xD9:
                return .whole
            case 0xD0...0xD7, 0x01:
                continue
            case 0x00:
                return .unknown
            default:
                guard i + 2 <= n else { return .cutShort }
                let length = Int(b[i]) << 8 | Int(b[i + 1])
                guard length >= 2 else { return .unknown }
                i += length
                guard i <= n else { return .cutShort }
                guard marker == 0xDA else { continue }
                // Entropy-coded data up to the next marker.
                while true {
                    guard let ff = nextFF(b, from: i) else { return .cutShort }
                    guard ff + 1 < n else { return .cutShort }
                    let next = b[ff + 1]
                    if next == 0x00 || (0xD0...0xD7).contains(next) { i = ff + 2; continue }
                    i = ff
                    break
                }
            }
        }
        return .cutShort
    }

    /// Chunks (length, type, data, CRC) up to IEND. A file ending where a chunk ends, or
    /// inside its IEND, may hold every pixel (decoders do not need IEND): the decoder judges.
    static func png(_ b: [UInt8]) -> PhotoCompleteness {
        let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
        var i = 8
        while i < b.count {
            if b.count - i < iend.count, b[i...].elementsEqual(iend.prefix(b.count - i)) { return .unknown }
            guard i + 8 <= b.count else { return .cutShort }
            let length = UInt64(bigEndian32(b, at: i))
            let isEnd = b[i + 4] == 0x49 && b[i + 5] == 0x45 && b[i + 6] == 0x4E && b[i + 7] == 0x44 // IEND
            let end = UInt64(i) + 12 + length
            guard end <= UInt64(b.count) else { return .cutShort }
            if isEnd { return .whole }
            i = Int(end)
        }
        return .unknown
    }

    /// HEIF's top-level boxes (ISO base media file format): each box's size, from its header,
    /// fits in the file. A size of 0 runs to the end of the file; 1 is a 64-bit size after the type.
    static func isoBoxes(_ b: [UInt8]) -> PhotoCompleteness {
        var i = 0
        while i < b.count {
            guard i + 8 <= b.count else { return .cutShort }
            var size = UInt64(bigEndian32(b, at: i))
            if size == 0 { return .whole }
            if size == 1 {
                guard i + 16 <= b.count else { return .cutShort }
                size = UInt64(bigEndian32(b, at: i + 8)) << 32 | UInt64(bigEndian32(b, at: i + 12))
                guard size >= 16 else { return .unknown }
            } else if size < 8 {
                return .unknown
            }
            // Compared as what is left: a 64-bit size from the file may be near 2^64.
            guard size <= UInt64(b.count - i) else { return .cutShort }
            i += Int(size)
        }
        return .whole
    }

    /// The index of the next 0xFF at or after `start`: memchr, as a scan's data is most of a
    /// photo's bytes.
    private static func nextFF(_ b: [UInt8], from start: Int) -> Int? {
        guard start < b.count else { return nil }
        return b.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base + start, 0xFF, buffer.count - start) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    private static func bigEndian32(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    private static func littleEndian32(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
