import AnjuKernels
import CQRencode

/// A QR code of a page's URL, drawn as a small inline SVG for the printed notice: a 公示 on
/// the notice board leads a phone back to the page.
enum QRCode {
    /// Dark modules as one SVG path of row runs; nil if the text cannot be encoded.
    static func svg(for text: String, title: String) -> String? {
        svgUTF8(for: text, title: title).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `svg(for:title:)` as the UTF-8 bytes pages print.
    static func svgUTF8(for text: String, title: String) -> [UInt8]? {
        guard let (width, dark) = QRMaskChoice.modules(for: text) ?? modulesChosenByLibqrencode(text) else { return nil }
        let quiet = 4
        let size = width + 2 * quiet
        // The whole element as bytes: a notice's code has a few hundred runs.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width * width / 2 + 400)
        bytes.append(contentsOf: #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#.utf8)
        appendNumber(size, to: &bytes); bytes.append(0x20); appendNumber(size, to: &bytes)
        bytes.append(contentsOf: #"" class="qr" role="img" aria-label=""#.utf8)
        bytes.append(contentsOf: escapeHTML(title).utf8)
        bytes.append(contentsOf: #"" shape-rendering="crispEdges"><rect width=""#.utf8)
        appendNumber(size, to: &bytes)
        bytes.append(contentsOf: #"" height=""#.utf8)
        appendNumber(size, to: &bytes)
        // Each run of dark modules is a one-unit-wide horizontal stroke through the middle of
        // its row, reached by a relative move from the end of the previous run: half the bytes
        // of a filled rectangle per run ("m3 0h2" against "M14 4h2v1h-2z"), and a page's code
        // is a sixth of the page.
        bytes.append(contentsOf: ##"" fill="#fff"/><path stroke="#000" d="M"##.utf8)
        // The runs through a pointer, into room for the worst case (at most (width + 1) / 2
        // runs a row, each "m-ddd ddhddd" at most 13 bytes): an Array append per byte was
        // most of this function's time.
        let pathStart = bytes.count
        let room = width * (width + 1) / 2 * 13 + 16
        bytes.append(contentsOf: repeatElement(0, count: room))
        let pathEnd: Int = bytes.withUnsafeMutableBufferPointer { buffer in
            var p = buffer.baseAddress! + pathStart
            var penX = 0, penY = 0, first = true
            dark.withUnsafeBufferPointer { dark in
                for y in 0..<width {
                    var x = 0
                    while x < width {
                        guard dark[y * width + x] == 1 else { x += 1; continue }
                        var run = 1
                        while x + run < width, dark[y * width + x + run] == 1 { run += 1 }
                        if first {
                            p = writeNumber(x + quiet, at: p); p.pointee = 0x20; p += 1
                            p = writeNumber(y + quiet, at: p); p[0] = 0x2E; p[1] = 0x35; p += 2 // .5
                            first = false
                        } else {
                            p.pointee = 0x6D; p += 1 // m
                            p = writeSigned(x - penX, at: p); p.pointee = 0x20; p += 1
                            p = writeSigned(y - penY, at: p)
                        }
                        p.pointee = 0x68; p += 1 // h
                        p = writeNumber(run, at: p)
                        x += run
                        penX = x; penY = y
                    }
                }
            }
            return p - buffer.baseAddress!
        }
        bytes.removeSubrange(pathEnd...)
        bytes.append(contentsOf: #""/></svg>"#.utf8)
        return bytes
    }

    private static func writeSigned(_ value: Int, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard value < 0 else { return writeNumber(value, at: p) }
        p.pointee = 0x2D // -
        return writeNumber(-value, at: p + 1)
    }

    /// libqrencode's own encoding with its mask search, one byte per module (1 = dark).
    static func modulesChosenByLibqrencode(_ text: String) -> (width: Int, dark: [UInt8])? {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is the module's colour (1 = dark).
        return (width, (0..<width * width).map { code.pointee.data[$0] & 1 })
    }
}
