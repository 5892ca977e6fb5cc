import AnjuKernels
import CCmarkGFM

/// A web address written in Chinese text ends where the Chinese begins: `网址：https://a.gov.cn/dibao。请登录`
/// links `https://a.gov.cn/dibao`, as Hugo's linkify does. cmark-gfm's autolinks stop only at
/// a space, so they took 。请登录 into the address, and the link led nowhere.
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

    /// Cuts every address the autolink extension made a link of at its first character
    /// outside ASCII, the rest following as text. `<https://…>` and `[…](…)`, delimited by
    /// their writer, are left whole.
    static func end(in document: OpaquePointer, source: [UInt8]) {
        var links: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_LINK else { continue }
            links.append(node)
        }
        cmark_iter_free(iterator)
        for link in links {
            // An address made a link shows as itself: its text is its URL, or the URL without
            // the http:// the extension adds to www.
            guard let label = cmark_node_first_child(link), cmark_node_next(label) == nil,
                  cmark_node_get_type(label) == CMARK_NODE_TEXT,
                  let literal = cmark_node_get_literal(label), let url = cmark_node_get_url(link) else { continue }
            let text = String(cString: literal), address = String(cString: url)
            guard let cut = cutPoint(text), address == text || address == "http://" + text,
                  !delimitedByItsWriter(link, source) else { continue }
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

    /// Whether the link starts with `<` or `[` in the source (cmark keeps positions for those;
    /// the extension's links of `https://…` have none, of `www.…` their first letter's).
    static func delimitedByItsWriter(_ link: OpaquePointer, _ source: [UInt8]) -> Bool {
        let line = Int(cmark_node_get_start_line(link)), column = Int(cmark_node_get_start_column(link))
        guard line >= 1, column >= 1 else { return false }
        var seen = 1, i = 0
        while seen < line, i < source.count {
            if source[i] == 0x0A { seen += 1 }
            i += 1
        }
        let at = i + column - 1
        return at < source.count && (source[at] == 0x3C || source[at] == 0x5B)
    }

    /// Where the address in `text` ends, in Unicode scalars: before its first scalar outside
    /// ASCII, then before the punctuation GFM leaves out of an address's end (`.`, `,`, `:`,
    /// `?`, `!`, `*`, `_`, `~`, an unpaired `)`). Nil when it is all ASCII.
    static func cutPoint(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        guard var end = scalars.firstIndex(where: { !$0.isASCII }) else { return nil }
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
