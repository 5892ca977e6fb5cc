import AnjuKernels

/// A QR code of a page's URL, drawn as a small inline SVG for the printed notice: a 公示 on
/// the notice board leads a phone back to the page.
enum QRCode {
    /// Dark modules as one SVG path of row runs; nil if the text cannot be encoded.
    static func svg(for text: String, title: String) -> String? {
        svgUTF8(for: text, title: title).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `svg(for:title:)` as the UTF-8 bytes pages print.
    static func svgUTF8(for text: String, title: String) -> [UInt8]? {
        guard let (width, dark) = QRMaskChoice.modules(for: text) ?? QRMaskChoice.modulesChosenByLibqrencode(for: text) else { return nil }
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
        QRSVGPath.appendRuns(of: dark, width: width, quiet: quiet, to: &bytes)
        bytes.append(contentsOf: #""/></svg>"#.utf8)
        return bytes
    }
}
