/// schema.org JSON-LD, built from the same questions and answers the page shows.
enum StructuredData {
    static func faqPage(_ topic: QATopic) -> String {
        let entities = topic.info.body.questions.map { q in
            "{\"@type\":\"Question\",\"name\":\(json(q.text)),\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":\(json(ChineseText.collapseWhitespace(q.answerText)))}}"
        }
        return "{\"@context\":\"https://schema.org\",\"@type\":\"FAQPage\",\"mainEntity\":[\(entities.joined(separator: ","))]}"
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
        out.append(0x22)
        var scalars = 0
        let utf8 = s.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b & 0xC0 != 0x80 {
                if scalars == scalarLimit {
                    out.append(contentsOf: [0xE2, 0x80, 0xA6]) // …
                    break
                }
                scalars += 1
            }
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x3C: out.append(contentsOf: Array(#"\u003c"#.utf8))
            case 0x3E: out.append(contentsOf: Array(#"\u003e"#.utf8))
            case 0x26: out.append(contentsOf: Array(#"\u0026"#.utf8))
            case 0xE2:
                // U+2028 and U+2029 end a line in JavaScript source: escaped.
                let next = utf8.index(after: i)
                if next != utf8.endIndex, utf8[next] == 0x80, utf8.index(after: next) != utf8.endIndex {
                    let third = utf8[utf8.index(after: next)]
                    if third == 0xA8 || third == 0xA9 {
                        out.append(contentsOf: Array((third == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8))
                        i = utf8.index(after: utf8.index(after: next))
                        continue
                    }
                }
                out.append(b)
            default:
                if b < 0x20 {
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                } else {
                    out.append(b)
                }
            }
            i = utf8.index(after: i)
        }
        out.append(0x22)
    }
}
