import AnjuKernels
import CCmarkGFM

/// A web address written in Chinese text ends where the Chinese begins: `网址：https://a.gov.cn/dibao。请登录`
/// links `https://a.gov.cn/dibao`. cmark-gfm's autolinks end only at a space.
enum ChineseAutolinks {
    /// Whether `markdown` may hold an address written without <…> or […](…): `://` or `www.`.
    static func mayHold(_ markdown: [UInt8]) -> Bool {
        guard markdown.count >= 4 else { return false }
        for i in 0..<(markdown.count - 3) {
            let (a, b, c, d) = (markdown[i], markdown[i + 1], markdown[i + 2], markdown[i + 3])
            if a == 0x3A && b == 0x2F && c == 0x2F { return true } // ://
            if (a | 0x20) == 0x77 && (b | 0x20) == 0x77 && (c | 0x20) == 0x77 && d == 0x2E { return true } // www.
        }
        return false
    }

    /// Cuts every address the autolink extension made a link of where its Chinese text
    /// begins (`cutPoint`), the rest following as text. `<https://…>` and `[…](…)`, delimited
    /// by their writer, are left whole.
    static func end(in document: OpaquePointer) {
        var links: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_LINK else { continue }
            links.append(node)
        }
        cmark_iter_free(iterator)
        for link in links {
            guard let label = cmark_node_first_child(link), cmark_node_next(label) == nil,
                  cmark_node_get_type(label) == CMARK_NODE_TEXT,
                  let literal = cmark_node_get_literal(label), let url = cmark_node_get_url(link) else { continue }
            let text = String(cString: literal), address = String(cString: url)
            // The extension's links: those of https://… keep no position of their own; those of
            // www.… are the text with the http:// the extension puts before it. A writer's
            // <https://…> has a position and is not www.
            let madeByExtension = (cmark_node_get_start_line(link) == 0 && address == text) || address == "http://" + text
            guard madeByExtension, let cut = cutPoint(text) else { continue }
            let scheme = String(address.dropLast(text.count))
            let kept = String(text.unicodeScalars.prefix(cut))
            let rest = String(text.unicodeScalars.dropFirst(cut))
            guard let after = CMark.newNode(CMARK_NODE_TEXT) else { continue }
            cmark_node_set_literal(after, rest)
            cmark_node_insert_after(link, after)
            if kept.contains(".") && !kept.hasSuffix("://") {
                cmark_node_set_literal(label, kept)
                cmark_node_set_url(link, scheme + kept)
            } else if let before = CMark.newNode(CMARK_NODE_TEXT) {
                // Nothing of an address is left (https://。): plain text.
                cmark_node_set_literal(before, kept)
                cmark_node_insert_before(link, before)
                cmark_node_unlink(link)
            }
        }
    }

    /// Where the address in `text` ends, in Unicode scalars, or nil when it goes on to the
    /// end: at the first Chinese punctuation or full-width form (。，、：）【「 …); at the first
    /// other character outside ASCII unless it is part of the address's path or query
    /// (wiki/巧家县, ?q=低保: right after `/ = ? & #`, or after such a character kept). Then
    /// before the punctuation GFM leaves out of an address's end (`.`, `,`, `:`, `?`, `!`, `*`,
    /// `_`, `~`, an unpaired `)`).
    static func cutPoint(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        var end: Int?
        var keptNonASCII = false
        for (i, s) in scalars.enumerated() where !s.isASCII {
            let punctuation = (0x3000...0x303F).contains(s.value) || (0xFF00...0xFF65).contains(s.value)
                || (0x2010...0x206F).contains(s.value)
            let inPath = i > 0 && ("/=?&#".unicodeScalars.contains(scalars[i - 1]) || (keptNonASCII && !scalars[i - 1].isASCII))
            if punctuation || !inPath {
                end = i
                break
            }
            keptNonASCII = true
        }
        guard var end else { return nil }
        while end > 0 {
            let last = scalars[end - 1]
            if ".,:?!*_~".unicodeScalars.contains(last) {
                end -= 1
            } else if last == ")", scalars[..<end].filter({ $0 == "(" }).count < scalars[..<end].filter({ $0 == ")" }).count {
                end -= 1
            } else {
                break
            }
        }
        return end
    }
}
