import AnjuKernels
import CCmarkGFM

/// Line breaks as Chinese text means them. Markdown joins the lines of a paragraph with a
/// space, for languages that hard-wrap their prose; a notice pasted from Word or WeChat has
/// no such lines: each is a line of the notice (称呼, 正文, 落款 and 日期; 1、带身份证；2、带户口簿；),
/// and joined they ran together with gaps between. A line break that touches Chinese text
/// on either side (a character, full-width punctuation or the full-width spaces that indent
/// a paragraph) is kept as one; lines of Latin prose are still joined.
enum ChineseLineBreaks {
    static func keep(in document: OpaquePointer) {
        var breaks: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_SOFTBREAK else { continue }
            if touchesChinese(cmark_node_previous(node), atEnd: true) || touchesChinese(cmark_node_next(node), atEnd: false) {
                breaks.append(node)
            }
        }
        cmark_iter_free(iterator)
        for node in breaks {
            guard let hard = CMark.newNode(CMARK_NODE_LINEBREAK) else { continue }
            cmark_node_insert_before(node, hard)
            cmark_node_free(node)
        }
    }

    /// Whether the text beside a break is Chinese where it meets the break; an inline of
    /// another kind (bold, a link) is looked into.
    private static func touchesChinese(_ neighbour: OpaquePointer?, atEnd: Bool) -> Bool {
        var node = neighbour
        while let n = node, cmark_node_get_type(n) != CMARK_NODE_TEXT {
            node = atEnd ? cmark_node_last_child(n) : cmark_node_first_child(n)
        }
        guard let text = node, let literal = cmark_node_get_literal(text) else { return false }
        let string = String(cString: literal)
        guard let scalar = atEnd ? string.unicodeScalars.last : string.unicodeScalars.first else { return false }
        return ChineseText.isCJKValue(scalar.value)
    }
}
