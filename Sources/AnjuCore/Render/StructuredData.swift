/// schema.org JSON-LD, built from the same questions and answers the page shows.
enum StructuredData {
    static func faqPage(_ topic: QATopic) -> [UInt8] {
        // One buffer, printed as it is: a String per question and per answer, interpolated
        // and joined, was most of what a Q&A page's structured data cost.
        var out: [UInt8] = []
        out.append(contentsOf: #"{"@context":"https://schema.org","@type":"FAQPage","mainEntity":["#.utf8)
        for (k, q) in topic.info.body.questions.enumerated() {
            if k > 0 { out.append(0x2C) }
            out.append(contentsOf: #"{"@type":"Question","name":"#.utf8)
            appendJSON(q.text, to: &out)
            out.append(contentsOf: #","acceptedAnswer":{"@type":"Answer","text":"#.utf8)
            appendJSON(ChineseText.collapseWhitespace(q.answerText), to: &out)
            out.append(contentsOf: [0x7D, 0x7D]) // }}
        }
        out.append(contentsOf: [0x5D, 0x7D]) // ]}
        return out
    }

    /// schema.org GovernmentService for a service guide, from the fields its page shows.
    static func governmentService(_ guide: Guide, config: SiteConfig) -> [UInt8] {
        var out: [UInt8] = []
        func field(_ name: String, _ value: String?) {
            guard let value else { return }
            out.append(contentsOf: ",\"\(name)\":".utf8)
            appendJSON(value, to: &out)
        }
        out.append(contentsOf: #"{"@context":"https://schema.org","@type":"GovernmentService","name":"#.utf8)
        appendJSON(guide.info.title, to: &out)
        field("description", guide.info.excerpt)
        field("serviceType", guide.category)
        field("url", config.absoluteURL(guide.info.urlPath))
        field("areaServed", config.address ?? config.name)
        if let audience = guide.audience {
            out.append(contentsOf: #","audience":{"@type":"Audience","audienceType":"#.utf8)
            appendJSON(audience, to: &out)
            out.append(0x7D)
        }
        out.append(contentsOf: #","provider":{"@type":"GovernmentOrganization","name":"#.utf8)
        appendJSON(config.organizer ?? config.name, to: &out)
        out.append(0x7D)
        out.append(contentsOf: #","availableChannel":{"@type":"ServiceChannel""#.utf8)
        if let window = guide.window {
            out.append(contentsOf: #","serviceLocation":{"@type":"Place","name":"#.utf8)
            appendJSON(window, to: &out)
            out.append(0x7D)
        }
        if let phone = guide.phone {
            out.append(contentsOf: #","servicePhone":{"@type":"ContactPoint","telephone":"#.utf8)
            appendJSON(phone.display, to: &out)
            out.append(0x7D)
        }
        field("serviceUrl", guide.online)
        out.append(0x7D)
        field("termsOfService", guide.basis)
        // A fee editors write in words (按年度标准缴纳) is no price: it goes in the description.
        if let fee = guide.fee {
            out.append(contentsOf: #","offers":{"@type":"Offer","description":"#.utf8)
            appendJSON(fee, to: &out)
            out.append(0x7D)
        } else {
            out.append(contentsOf: #","offers":{"@type":"Offer","price":"0","priceCurrency":"CNY"}"#.utf8)
        }
        out.append(0x7D)
        return out
    }

    /// A JSON string literal that is also safe inside `<script>`: `<` is escaped so `</script>`
    /// in an answer cannot end the element.
    static func json(_ s: String) -> String {
        var out: [UInt8] = []
        appendJSON(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `json(s)` appended as UTF-8, with at most `scalarLimit` characters of `s` (then `…`).
    /// Bytes, not Characters: the search index writes one of these per entry.
    static func appendJSON(_ s: String, to out: inout [UInt8], scalarLimit: Int = .max) {
        var s = s
        s.withUTF8 { appendJSON(bytes: $0, to: &out, scalarLimit: scalarLimit) }
    }

    /// Runs of bytes that need no escape are copied whole: byte-by-byte appends were most
    /// of the time of the search index's display records.
    private static func appendJSON(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], scalarLimit: Int) {
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

    /// Whether no byte of `w` needs an escape in `appendJSON`: none is a control character,
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
