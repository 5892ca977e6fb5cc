import AnjuKernels

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
    static func appendJSON(_ s: String, to out: inout [UInt8], scalarLimit: Int = .max) {
        JSONString.append(s, to: &out, scalarLimit: scalarLimit)
    }
}
