import CFreeType
import CZlib
import Foundation

/// The image apps show when a page is shared (WeChat's card, 朋友圈): the site's name in white
/// on its colour, drawn with FreeType from a CJK font the system has, written as an 8-bit
/// palette PNG (flat colour compresses to a few kilobytes). Deterministic for a given font.
public enum ShareCard {
    public static let width = 1200, height = 630

    /// Fonts with Chinese glyphs, first found wins: the one `make` installs, then others
    /// Debian ships.
    static let fontCandidates = [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ]

    public static let fontPath: String? = fontCandidates.first { FileManager.default.isReadableFile(atPath: $0) }

    /// Coverage (0…255) of a line of text drawn at `pixelSize`, centred at row `baseline`, into
    /// `canvas` (width × height); lines too wide are scaled down to fit.
    static func draw(_ text: String, face: FT_Face, pixelSize: Int, baseline: Int, into canvas: inout [UInt8]) {
        var size = pixelSize
        func advance() -> Int {
            FT_Set_Pixel_Sizes(face, 0, FT_UInt(size))
            var total = 0
            for scalar in text.unicodeScalars where FT_Load_Char(face, FT_ULong(scalar.value), FT_Int32(FT_LOAD_DEFAULT)) == 0 {
                total += Int(face.pointee.glyph.pointee.advance.x >> 6)
            }
            return total
        }
        var total = advance()
        while total > width - 120, size > 16 {
            size = size * (width - 120) / max(total, 1)
            total = advance()
        }
        var x = (width - total) / 2
        for scalar in text.unicodeScalars {
            // Outlines only: a font's embedded 1-bit bitmaps would be read as 8-bit grey.
            guard FT_Load_Char(face, FT_ULong(scalar.value), FT_Int32(FT_LOAD_RENDER) | FT_Int32(FT_LOAD_NO_BITMAP)) == 0 else { continue }
            let glyph = face.pointee.glyph.pointee
            let bitmap = glyph.bitmap
            guard bitmap.pixel_mode == UInt8(FT_PIXEL_MODE_GRAY.rawValue) else { x += Int(glyph.advance.x >> 6); continue }
            let left = x + Int(glyph.bitmap_left), top = baseline - Int(glyph.bitmap_top)
            let pitch = Int(bitmap.pitch)
            if let buffer = bitmap.buffer, pitch > 0 {
                for row in 0..<Int(bitmap.rows) {
                    let y = top + row
                    guard y >= 0, y < height else { continue }
                    for column in 0..<Int(bitmap.width) {
                        let px = left + column
                        guard px >= 0, px < width else { continue }
                        let value = buffer[row * pitch + column]
                        if value > canvas[y * width + px] { canvas[y * width + px] = value }
                    }
                }
            }
            x += Int(glyph.advance.x >> 6)
        }
    }

    /// The card for a site, or nil when no Chinese font is installed (the page then has no
    /// default image; `share_image` in site.yml names one).
    public static func png(name: String, tagline: String, color: String) -> [UInt8]? {
        guard let fontPath else { return nil }
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else { return nil }
        defer { FT_Done_FreeType(library) }
        var face: FT_Face?
        guard FT_New_Face(library, fontPath, 0, &face) == 0, let face else { return nil }
        defer { FT_Done_Face(face) }
        var coverage = [UInt8](repeating: 0, count: width * height)
        draw(name, face: face, pixelSize: 120, baseline: 320, into: &coverage)
        draw(tagline, face: face, pixelSize: 44, baseline: 430, into: &coverage)
        // 16 levels of coverage, blended from the site's colour to white: enough for smooth
        // edges, and few enough that the image stays a few kilobytes.
        let base = rgb(color)
        var palette: [UInt8] = []
        for level in 0..<16 {
            for channel in [base.0, base.1, base.2] {
                palette.append(UInt8((Int(channel) * (15 - level) + 255 * level) / 15))
            }
        }
        var raw = [UInt8]()
        raw.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            raw.append(0) // no filter
            for x in 0..<width { raw.append(UInt8((Int(coverage[y * width + x]) * 15 + 127) / 255)) }
        }
        guard let compressed = ZlibCompression.compressed(raw) else { return nil }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndianBytes(UInt32(width)) + bigEndianBytes(UInt32(height))
        header += [8, 3, 0, 0, 0] // 8-bit palette indices, no interlace
        chunk("IHDR", header, into: &png)
        chunk("PLTE", palette, into: &png)
        chunk("IDAT", compressed, into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    static func rgb(_ hex: String) -> (UInt8, UInt8, UInt8) {
        var digits = Array(hex.dropFirst())
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        let value = Int(String(digits), radix: 16) ?? 0x1A5FA8
        return (UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    }

    static func chunk(_ type: String, _ data: [UInt8], into png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndianBytes(UInt32(data.count)) + typeBytes + data
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        png += bigEndianBytes(UInt32(crc))
    }

}
