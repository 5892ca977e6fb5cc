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
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
