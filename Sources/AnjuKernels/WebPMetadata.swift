/// Drops the EXIF, XMP and ICC chunks from a WebP file (RIFF container): libvips 8.14 writes
/// a fresh EXIF chunk into every WebP it saves, stripped or not. The image chunks are kept
/// byte for byte; the VP8X flags and the RIFF size are brought in line.
public enum WebPMetadata {
    static let dropped: Set<String> = ["EXIF", "XMP ", "ICCP"]
    /// VP8X flag bits of the dropped chunks: ICC 0x20, EXIF 0x08, XMP 0x04.
    static let droppedFlags: UInt8 = 0x20 | 0x08 | 0x04

    /// The file without those chunks; the input unchanged when it is not a well-formed WebP.
    public static func stripped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 12, fourCC(bytes, 0) == "RIFF", fourCC(bytes, 8) == "WEBP" else { return bytes }
        var out = Array(bytes[0..<12])
        var i = 12
        while i + 8 <= bytes.count {
            let size = Int(bytes[i + 4]) | Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]) << 16 | Int(bytes[i + 7]) << 24
            let padded = size + (size & 1)
            guard size >= 0, i + 8 + size <= bytes.count else { return bytes }
            let end = min(i + 8 + padded, bytes.count)
            let name = fourCC(bytes, i)
            if !dropped.contains(name) {
                let start = out.count
                out += bytes[i..<end]
                if name == "VP8X", size >= 1 { out[start + 8] &= ~droppedFlags }
            }
            i = end
        }
        guard i == bytes.count else { return bytes }
        let riffSize = UInt32(out.count - 8)
        for k in 0..<4 { out[4 + k] = UInt8(truncatingIfNeeded: riffSize >> (8 * UInt32(k))) }
        return out
    }

    private static func fourCC(_ bytes: [UInt8], _ at: Int) -> String {
        String(decoding: bytes[at..<(at + 4)], as: UTF8.self)
    }
}
