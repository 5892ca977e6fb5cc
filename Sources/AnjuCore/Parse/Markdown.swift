import AnjuKernels
import CCmarkGFM

/// Markdown → HTML, plain text, headings and links, with cmark-gfm.
///
/// Raw HTML is never passed through: HTML blocks and inline tags are turned into text
/// nodes, so `<script>` written in Markdown shows up as those characters on the page.
/// Links are handed to `resolveLink` so `../qa/buchang.md` becomes the page's URL and the
/// plan stage can check every target.
struct MarkdownRenderer {
    var path: String
    /// File line of the body's first line.
    var firstLine: Int
    /// Rewrites a link's URL and says what it points at; called once per link or image.
    var resolveLink: (_ url: String, _ location: SourceLocation) -> (url: String, target: LinkReference.Target?)
    /// Whether the body is split into `##` questions and their answers: a Q&A topic's is.
    /// Another document keeps no second copy of its sections' HTML and text.
    var splitsQuestions = true

    func render(_ markdown: String) -> RenderedBody {
        // A column's alignment as a style: HTML's align= is obsolete, and the stylesheet's
        // text-align overrode it.
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE | CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        // Nothing taken from the arena is used after this: the HTML and text are copied out.
        defer { CMark.resetArena() }
        let bytes = Array(markdown.utf8)
        let document = CMark.parse(bytes, options: options)

        var links: [LinkReference] = []
        var columns = ColumnCounter(source: bytes)
        var shownAsText = [neutraliseRawHTML(in: document, columns: &columns)].compactMap { $0 }
            + markupWrittenAsText(in: document, columns: &columns)
        if ChineseAutolinks.mayHold(bytes) { ChineseAutolinks.end(in: document) }
        collectLinks(in: document, source: bytes, into: &links)
        if Self.mayHoldUnpairedEmphasis(bytes) { ChineseEmphasis.mend(in: document) }
        ChineseLineBreaks.keep(in: document)
        linkPhoneNumbers(in: document)

        var anchors = Anchor.Registry(reserving: Anchor.pageIDs)
        // HTML and text gathered as UTF-8 bytes, one String each at the end: a String per
        // block and `+=` on Strings were a fifth of this function's time.
        var html: [UInt8] = []
        var plain: [UInt8] = []
        var headings: [Heading] = []
        var questions: [Question] = []
        /// The open question, where its answer's HTML starts in `html`, and its text so far.
        /// An answer's HTML is the blocks between its heading and the next: a range of the
        /// body's bytes.
        var openQuestion: (question: Question, htmlStart: Int, text: [UInt8])?
        var introByteCount = 0
        var lead: [UInt8] = []
        var answerHTML: [Range<Int>] = []
        var questionLike: [(block: OpaquePointer, text: String)] = []
        func close(_ open: (question: Question, htmlStart: Int, text: [UInt8])) {
            var question = open.question
            question.answerText = String(decoding: open.text, as: UTF8.self)
            questions.append(question)
            answerHTML.append(open.htmlStart..<html.count)
        }
        func appendLine(_ text: [UInt8], to bytes: inout [UInt8]) {
            if !bytes.isEmpty { bytes.append(0x0A) }
            bytes.append(contentsOf: text)
        }

        var node = cmark_node_first_child(document)
        var hasFootnotes = false
        while let block = node {
            node = cmark_node_next(block)
            // Footnotes (`[^1]: …`, which cmark moves to the end) are rendered together below,
            // in the one list the document's renderer opens and closes around them.
            if cmark_node_get_type(block) == CMARK_NODE_FOOTNOTE_DEFINITION { hasFootnotes = true; continue }
            let ownAnchor = cmark_node_get_type(block) == CMARK_NODE_HEADING ? Self.takeOwnAnchor(of: block) : nil
            var blockHTML = CMark.renderHTML(block, options: options)
            // A table scrolls sideways on a phone rather than squeezing its cells; a region
            // that scrolls can be reached from the keyboard (WCAG's scrollable-region rule).
            if blockHTML.starts(with: Self.tableOpening) {
                blockHTML = Self.tableScrollOpening + blockHTML + Self.tableScrollClosing
            }
            let text = plainTextBytes(of: block)
            let line = Int(cmark_node_get_start_line(block)) + firstLine - 1
            if splitsQuestions, openQuestion == nil, Self.isWrittenAsAQuestion(block, text: text) {
                questionLike.append((block, String(decoding: text, as: UTF8.self)))
            }
            if cmark_node_get_type(block) == CMARK_NODE_HEADING {
                // Only a heading's text is needed as a String; every other block's stays bytes.
                let title = String(decoding: text, as: UTF8.self)
                let level = Int(cmark_node_get_heading_level(block))
                let anchor = anchors.unique(ownAnchor ?? Anchor.make(from: title))
                // `<h2>` → `<h2 id="…">`: cmark-gfm has no option for heading ids.
                blockHTML = Array("<h\(level) id=\"\(escapeHTML(anchor))\">".utf8) + blockHTML.dropFirst(4)
                headings.append(Heading(level: level, text: title, anchor: anchor, line: line))
                if level == 2, splitsQuestions {
                    if questions.isEmpty && openQuestion == nil { introByteCount = plain.count }
                    if let q = openQuestion { close(q) }
                    openQuestion = (Question(text: title, anchor: anchor, answerUTF8: [], answerText: "", line: line),
                                    html.count + blockHTML.count, [])
                } else if level < 2, let q = openQuestion {
                    close(q)
                    openQuestion = nil
                } else if openQuestion != nil {
                    appendLine(text, to: &openQuestion!.text)
                }
            } else if openQuestion != nil {
                appendLine(text, to: &openQuestion!.text)
            }
            html += blockHTML
            if !text.isEmpty { appendLine(text, to: &plain) }
            if lead.count < Self.leadBytes, !text.isEmpty, Self.isProse(block) { appendLine(text, to: &lead) }
        }
        if let q = openQuestion { close(q) }
        if hasFootnotes {
            var child = cmark_node_first_child(document)
            while let block = child {
                child = cmark_node_next(block)
                if cmark_node_get_type(block) != CMARK_NODE_FOOTNOTE_DEFINITION { cmark_node_unlink(block) }
            }
            // The way back is announced in the page's language, not cmark's English.
            html += String(decoding: CMark.renderHTML(document, options: options), as: UTF8.self)
                .replacingOccurrences(of: "aria-label=\"Back to [^\"]*\"", with: "aria-label=\"回到正文\"", options: .regularExpression).utf8
            let text = plainTextBytes(of: document)
            if !text.isEmpty { appendLine(text, to: &plain) }
        }
        for (i, range) in answerHTML.enumerated() { questions[i].answerUTF8 = html[range] }
        if let first = questionLike.first {
            shownAsText.append(MarkupShownAsText(kind: .question, location: location(of: first.block, columns: &columns),
                                                 text: firstLine(of: first.text), count: questionLike.count))
        }
        // The HTML stays bytes: cmark-gfm writes valid UTF-8 from valid UTF-8, and making a
        // String of it, which validates every byte, was 2.6 % of a 10,000-page build.
        var body = RenderedBody(htmlUTF8: html, plainText: String(decoding: plain, as: UTF8.self),
                                headings: headings, links: links, questions: questions, shownAsText: shownAsText)
        body.introByteCount = introByteCount
        body.lead = String(decoding: lead, as: UTF8.self)
        return body
    }

    /// Enough of the first prose for an excerpt of 120 characters and its sentence's end.
    static let leadBytes = 1_200

    /// A block of running text: what an excerpt is made of.
    static func isProse(_ block: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(block)
        return type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_LIST || type == CMARK_NODE_BLOCK_QUOTE
    }

    /// Every HTML node becomes literal text: editors' HTML is shown, never run. Returns the
    /// first, for the warning that tells the editor to write Markdown instead.
    private func neutraliseRawHTML(in document: OpaquePointer, columns: inout ColumnCounter) -> MarkupShownAsText? {
        var found: [OpaquePointer] = []
        walk(document) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE { found.append(node) }
        }
        let first = found.first.map { node in
            MarkupShownAsText(kind: .html, location: location(of: node, columns: &columns),
                              text: firstLine(of: cmark_node_get_literal(node).map { String(cString: $0) } ?? ""),
                              count: found.count)
        }
        for node in found {
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            let isBlock = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
            guard let text = CMark.newNode(CMARK_NODE_TEXT) else { continue }
            cmark_node_set_literal(text, isBlock ? literal.trimmingSpaces : literal)
            if isBlock {
                guard let paragraph = CMark.newNode(CMARK_NODE_PARAGRAPH) else { continue }
                cmark_node_append_child(paragraph, text)
                cmark_node_replace(node, paragraph)
            } else {
                cmark_node_replace(node, text)
            }
        }
        return first
    }

    /// The anchor a heading names for itself, as Hugo and Zola read it (`## 补偿标准是多少？ {#buchang}`),
    /// the `{#…}` taken out of its text: a link to the question survives its rewording. The id
    /// is letters, digits, `-` and `_`; anything else stays text.
    private static func takeOwnAnchor(of heading: OpaquePointer) -> String? {
        guard let last = cmark_node_last_child(heading), cmark_node_get_type(last) == CMARK_NODE_TEXT,
              CMark.literal(of: last, containsAnyOf: ["{#"]), let literal = cmark_node_get_literal(last) else { return nil }
        let text = String(cString: literal).trimmingSpaces
        guard text.hasSuffix("}"), let open = text.range(of: "{#", options: .backwards) else { return nil }
        let id = String(text[open.upperBound..<text.index(before: text.endIndex)])
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ Anchor.kind(of: $0) == .kept }) else { return nil }
        cmark_node_set_literal(last, String(text[..<open.lowerBound]).trimmingSpaces)
        return id
    }

    /// Whether a body has an asterisk and escapes none (`\*`): escaped and plain runs cannot be
    /// told apart once cmark-gfm has merged the text. Over bytes: `String.contains` went through
    /// Foundation's search, which folds every character cluster.
    static func mayHoldUnpairedEmphasis(_ bytes: [UInt8]) -> Bool {
        var asterisk = false, backslash = false
        for b in bytes {
            if b == 0x2A {
                if backslash { return false }
                asterisk = true
            }
            backslash = b == 0x5C && !backslash
        }
        return asterisk
    }

    static let tableOpening = Array("<table>".utf8)
    static let tableScrollOpening = Array("<div class=\"table-scroll\" role=\"region\" aria-label=\"表格\" tabindex=\"0\">".utf8)
    static let tableScrollClosing = Array("</div>\n".utf8)

    /// A short paragraph ending in ？ or ? (plain or bold), or a heading below `##`.
    private static func isWrittenAsAQuestion(_ block: OpaquePointer, text: [UInt8]) -> Bool {
        switch cmark_node_get_type(block) {
        case CMARK_NODE_HEADING:
            return cmark_node_get_heading_level(block) > 2
        case CMARK_NODE_PARAGRAPH:
            return text.count <= 240 && (text.last == 0x3F || text.suffix(3).elementsEqual([0xEF, 0xBC, 0x9F]))
        default:
            return false
        }
    }

    /// In one pass over the body: paragraphs that start like a heading without the space after
    /// the # (##办理流程), or with full-width ＃ — the page shows them as text, and a Q&A topic
    /// loses a question — and links typed with Chinese brackets (【报名表】（files/baoming.pdf）).
    /// The first of each kind, with how many.
    private func markupWrittenAsText(in document: OpaquePointer, columns: inout ColumnCounter) -> [MarkupShownAsText] {
        var headings: [(node: OpaquePointer, text: String)] = []
        var links: [(node: OpaquePointer, text: String)] = []
        var tables: [(node: OpaquePointer, text: String)] = []
        walk(document) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_PARAGRAPH, let table = Self.tableWrittenAsText(node) { tables.append((node, table)) }
            if type == CMARK_NODE_PARAGRAPH, let child = cmark_node_first_child(node), cmark_node_get_type(child) == CMARK_NODE_TEXT,
               // Every paragraph passes here: a String only for one starting with # or ＃.
               CMark.literal(of: child, startsWithAnyOf: ["#", "＃"]), let literal = cmark_node_get_literal(child) {
                let text = String(cString: literal)
                let marks = text.prefix { $0 == "#" || $0 == "＃" }
                guard (1...6).contains(marks.count), let next = text.dropFirst(marks.count).first else { return }
                if marks.contains("＃") || next.unicodeScalars.first.map({ ChineseText.isHan($0) }) == true { headings.append((node, text)) }
            } else if type == CMARK_NODE_TEXT,
                      // Every text passes here: a String only for one where a bracket meets a
                      // parenthesis (】（, ]（, 】(, or ]( that Markdown did not read as a link).
                      CMark.literal(of: node, containsAnyOf: ["】（", "]（", "】(", "]("]), let literal = cmark_node_get_literal(node),
                      let written = ChineseBracketLink.first(in: String(cString: literal)) {
                links.append((node, written))
            }
        }
        var found: [MarkupShownAsText] = []
        if let first = headings.first {
            found.append(MarkupShownAsText(kind: .heading, location: location(of: first.node, columns: &columns),
                                           text: firstLine(of: first.text), count: headings.count))
        }
        if let first = tables.first {
            found.append(MarkupShownAsText(kind: .table, location: location(of: first.node, columns: &columns),
                                           text: first.text, count: tables.count))
        }
        if let first = links.first {
            // An inline node's position is its block's when cmark keeps none of its own.
            var block: OpaquePointer? = first.node
            while let b = block, cmark_node_get_start_line(b) == 0 { block = cmark_node_parent(b) }
            found.append(MarkupShownAsText(kind: .link, location: location(of: block ?? first.node, columns: &columns),
                                           text: first.text, count: links.count))
        }
        return found
    }

    /// A paragraph that was meant as a table, its first line as written: two lines or more
    /// holding tabs (cells copied from Excel or WPS), or a first line of cells between | or ｜
    /// that no |---| line under it made a table.
    static func tableWrittenAsText(_ paragraph: OpaquePointer) -> String? {
        var first: String?
        var tabbed = 0
        var child = cmark_node_first_child(paragraph)
        while let node = child {
            child = cmark_node_next(node)
            guard cmark_node_get_type(node) == CMARK_NODE_TEXT else { continue }
            if first == nil {
                // Every paragraph passes here: a String only for one that starts with a pipe or holds a tab.
                guard CMark.literal(of: node, startsWithAnyOf: ["|", "｜"]) || CMark.literal(of: node, containsAnyOf: ["\t"]),
                      let literal = cmark_node_get_literal(node) else { return nil }
                first = String(cString: literal)
            }
            if CMark.literal(of: node, containsAnyOf: ["\t"]) { tabbed += 1 }
        }
        guard let first else { return nil }
        if tabbed >= 2 { return first }
        let pipes = first.filter { $0 == "|" || $0 == "｜" }.count
        return (first.hasPrefix("|") || first.hasPrefix("｜")) && pipes >= 3 ? first : nil
    }

    private func location(of node: OpaquePointer, columns: inout ColumnCounter) -> SourceLocation {
        let bodyLine = Int(cmark_node_get_start_line(node))
        return SourceLocation(path: path, line: bodyLine + firstLine - 1,
                              column: columns.column(line: bodyLine, byteColumn: Int(cmark_node_get_start_column(node))))
    }

    private func firstLine(of text: String) -> String {
        text.split(separator: "\n").first.map { String($0.trimmingSpaces.prefix(40)) } ?? ""
    }

    private func collectLinks(in document: OpaquePointer, source: [UInt8], into links: inout [LinkReference]) {
        var columns = ColumnCounter(source: source)
        /// Where the last address found by its text ended, so that one written twice is found twice.
        var foundUpTo = 0
        /// Links to a notice scheduled for later: their text stays, the link comes with the notice.
        var shownAsTextUntilPublished: [OpaquePointer] = []
        defer {
            for link in shownAsTextUntilPublished {
                while let child = cmark_node_first_child(link) { cmark_node_insert_before(link, child) }
                cmark_node_unlink(link)
            }
        }
        walk(document) { node in
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return }
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            var bodyLine = Int(cmark_node_get_start_line(node))
            var byteColumn = Int(cmark_node_get_start_column(node))
            if bodyLine == 0 {
                // An address written as text keeps no position: it is found in its block's lines.
                var block = cmark_node_parent(node)
                while let b = block, cmark_node_get_start_line(b) == 0 { block = cmark_node_parent(b) }
                if let block {
                    let first = Int(cmark_node_get_start_line(block)), last = Int(cmark_node_get_end_line(block))
                    bodyLine = first
                    byteColumn = Int(cmark_node_get_start_column(block))
                    if let found = columns.find(plainTextBytes(of: node), lines: first, last, after: foundUpTo) {
                        (bodyLine, byteColumn, foundUpTo) = found
                    }
                }
            }
            let location = SourceLocation(path: path, line: bodyLine + firstLine - 1,
                                          column: columns.column(line: bodyLine, byteColumn: byteColumn))
            let (rewritten, target) = resolveLink(url, location)
            if case .notYetPublished = target { shownAsTextUntilPublished.append(node) }
            if rewritten != url { cmark_node_set_url(node, rewritten) }
            if let target {
                let isImage = type == CMARK_NODE_IMAGE
                links.append(LinkReference(target: target, isImage: isImage, location: location,
                                           hasAltText: isImage && !plainTextBytes(of: node).isEmpty))
            }
        }
    }

    /// Phone numbers in running text become `tel:` links, so a resident taps to call. Text
    /// already inside a link, an image's alt text or code is left alone.
    private func linkPhoneNumbers(in document: OpaquePointer) {
        var found: [OpaquePointer] = []
        walk(document) { node in
            // Only a text that can hold a number is looked into: dates and amounts, in most
            // notices, are not.
            guard cmark_node_get_type(node) == CMARK_NODE_TEXT, PhoneNumberCandidate.literal(of: node) else { return }
            var parent = cmark_node_parent(node)
            while let p = parent {
                let type = cmark_node_get_type(p)
                if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { return }
                parent = cmark_node_parent(p)
            }
            found.append(node)
        }
        for node in found {
            let scalars = Array(String(cString: cmark_node_get_literal(node)).unicodeScalars)
            let ranges = PhoneNumber.ranges(in: scalars)
            guard !ranges.isEmpty else { continue }
            func text(_ range: Range<Int>) -> String {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: scalars[range])
                return String(s)
            }
            var done = 0
            for range in ranges {
                let number = text(range)
                guard let phone = PhoneNumber(number) else { continue }
                if range.lowerBound > done, let before = CMark.newNode(CMARK_NODE_TEXT) {
                    cmark_node_set_literal(before, text(done..<range.lowerBound))
                    cmark_node_insert_before(node, before)
                }
                guard let link = CMark.newNode(CMARK_NODE_LINK),
                      let label = CMark.newNode(CMARK_NODE_TEXT) else { continue }
                cmark_node_set_url(link, phone.telURL)
                cmark_node_set_literal(label, number)
                cmark_node_append_child(link, label)
                cmark_node_insert_before(node, link)
                done = range.upperBound
            }
            cmark_node_set_literal(node, text(done..<scalars.count))
        }
    }

    /// cmark counts columns in bytes; editors count characters. Line starts are found once,
    /// and links met left to right on one line are counted on from the last one: forty
    /// thousand links on a line, each counted from the line's start, took minutes.
    struct ColumnCounter {
        let source: [UInt8]
        private var lineStarts: [Int]?
        private var last: (line: Int, byte: Int, column: Int) = (0, 0, 1)

        init(source: [UInt8]) { self.source = source }

        private mutating func knowLineStarts() {
            guard lineStarts == nil else { return }
            var starts = [0]
            for (i, b) in source.enumerated() where b == 0x0A { starts.append(i + 1) }
            lineStarts = starts
        }

        /// Where `text` is first written as an address of its own in lines `first` through
        /// `last`, at or after byte `after`: the line and byte column, and the byte after it.
        /// For a node cmark gives no position (an address it made a link of). Not where it is
        /// code, inside <…> or […](…), or the start of a longer address.
        mutating func find(_ text: [UInt8], lines first: Int, _ last: Int, after: Int) -> (line: Int, byteColumn: Int, end: Int)? {
            knowLineStarts()
            let starts = lineStarts!
            guard !text.isEmpty, first >= 1, first <= last, first <= starts.count else { return nil }
            let from = max(starts[first - 1], after)
            let to = last < starts.count ? starts[last] : source.count
            guard to - from >= text.count else { return nil }
            func standsAlone(_ i: Int) -> Bool {
                if i > 0, "`<[(".utf8.contains(source[i - 1]) { return false }
                let next = i + text.count
                guard next < source.count else { return true }
                let b = source[next]
                let urlByte = (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || "/-_~%=&+@$*'>`".utf8.contains(b)
                return !urlByte
            }
            for i in from...(to - text.count) where source[i] == text[0] && source[i..<(i + text.count)].elementsEqual(text) && standsAlone(i) {
                var line = first
                while line < starts.count && starts[line] <= i { line += 1 }
                return (line, i - starts[line - 1] + 1, i + text.count)
            }
            return nil
        }

        mutating func column(line: Int, byteColumn: Int) -> Int {
            guard line >= 1, byteColumn > 1 else { return max(byteColumn, 1) }
            knowLineStarts()
            guard line <= lineStarts!.count else { return byteColumn }
            let start = lineStarts![line - 1]
            let end = line < lineStarts!.count ? lineStarts![line] - 1 : source.count
            let target = min(end, start + byteColumn - 1)
            var (from, column) = (start, 1)
            if last.line == line, last.byte <= target { (from, column) = (last.byte, last.column) }
            column += String(decoding: source[from..<target], as: UTF8.self).count
            last = (line, target, column)
            return column
        }
    }

    private func walk(_ root: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { visit(node) }
        }
    }

    /// The text a reader sees, blocks separated by line breaks, white space trimmed, as UTF-8
    /// bytes: the render loop keeps a block's text as bytes, and a String per block
    /// (validated, then trimmed by Character) was a fifth of its time.
    func plainTextBytes(of root: OpaquePointer) -> [UInt8] {
        // UTF-8 bytes, one String at the end: a String per literal and Character-wise
        // `hasSuffix` were most of this function's time.
        var text: [UInt8] = []
        /// Whether the text ends with the Character "\n" (a CR before it would make "\r\n").
        func endsWithNewline() -> Bool {
            guard text.last == 0x0A else { return false }
            return text.count < 2 || text[text.count - 2] != 0x0D
        }
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let raw = type.rawValue
            if event == CMARK_EVENT_ENTER {
                if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                    CMark.appendLiteral(of: node, to: &text)
                } else if type == CMARK_NODE_CODE_BLOCK {
                    // A leaf block: the iterator gives it no exit event.
                    CMark.appendLiteral(of: node, to: &text)
                    if !endsWithNewline() { text.append(0x0A) }
                } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                    text.append(0x0A)
                }
            } else if event == CMARK_EVENT_EXIT, node != root,
                      raw & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK), !endsWithNewline() {
                text.append(0x0A)
            }
        }
        return Self.trimmingSpaces(text)
    }

    /// UTF-8 text trimmed as `String.trimmingSpaces` trims it. ASCII white space is cut
    /// by byte when the text's first and last remaining scalars are each always a character
    /// of their own and not white space (then no cut byte belongs to their characters);
    /// anything else is trimmed by Character.
    static func trimmingSpaces(_ text: [UInt8]) -> [UInt8] {
        func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        var start = 0, end = text.count
        while start < end && isASCIISpace(text[start]) { start += 1 }
        while end > start && isASCIISpace(text[end - 1]) { end -= 1 }
        if start == end { return [] }
        let (first, last) = UTF8Scan.firstAndLastScalarValue(text[start..<end])
        let boundariesAreOwnCharacters = ChineseText.isOwnCharacterValue(first) && !ChineseText.isSpaceValue(first)
            && ChineseText.isOwnCharacterValue(last) && !ChineseText.isSpaceValue(last)
        if boundariesAreOwnCharacters {
            return start == 0 && end == text.count ? text : Array(text[start..<end])
        }
        return Array(String(decoding: text, as: UTF8.self).trimmingSpaces.utf8)
    }
}

/// HTML-escapes text for element content and quoted attributes.
func escapeHTML(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count + 16)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}

import Foundation
