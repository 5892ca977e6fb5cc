import AnjuKernels
import CCmarkGFM

/// Bold and italics as Chinese text writes them. CommonMark lets `**` close only where it is
/// not between punctuation and a letter, rules made for spaced languages: in
/// `**温馨提示：**请提前储水` or `请带上**身份证（原件）**办理` the closing `**` follows a
/// full-width colon or bracket and precedes a character, so cmark-gfm leaves both runs in
/// the text and the page shows the asterisks (and so for an opening `**` before “ or （).
/// Here the runs left in a text are paired again, with CommonMark's rules widened by that
/// one case only: a run opens where CommonMark's would (left-flanking) or where Chinese
/// opening punctuation follows it, and closes where CommonMark's would (right-flanking) or
/// where Chinese closing punctuation, a colon or a stop precedes it. What CommonMark left
/// as text for other reasons stays so: masked names in a 公示 (张**、李**), `*.pdf`. A body
/// that escapes an asterisk (`\*`) is left alone: escaped and plain runs cannot be told
/// apart once cmark-gfm has merged the text.
enum ChineseEmphasis {
    /// A text's parts once its runs are paired.
    indirect enum Piece: Equatable {
        case text(String)
        case strong([Piece])
        case emphasis([Piece])
    }

    static func mend(in document: OpaquePointer) {
        var texts: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_TEXT, CMark.literal(of: node, containsAnyOf: ["*"]) else { continue }
            texts.append(node)
        }
        cmark_iter_free(iterator)
        for node in texts {
            let pieces = self.pieces(String(cString: cmark_node_get_literal(node)))
            guard pieces != [.text(String(cString: cmark_node_get_literal(node)))] else { continue }
            for piece in pieces {
                if let made = self.node(piece) { cmark_node_insert_before(node, made) }
            }
            cmark_node_free(node)
        }
    }

    /// The text's parts: its runs of two asterisks paired, then within each part its runs of one.
    static func pieces(_ text: String) -> [Piece] {
        paired(Array(text.unicodeScalars), run: 2).flatMap { piece -> [Piece] in
            switch piece {
            case .text(let t): paired(Array(t.unicodeScalars), run: 1)
            case .strong(let inner): [.strong(inner.flatMap { p -> [Piece] in
                if case .text(let t) = p { return paired(Array(t.unicodeScalars), run: 1) }
                return [p]
            })]
            case .emphasis: [piece]
            }
        }
    }

    /// Pairs the runs of exactly `run` asterisks, each opener with the nearest closer after
    /// it: one pass to find the runs, one from the end to find each one's closer.
    private static func paired(_ scalars: [Unicode.Scalar], run length: Int) -> [Piece] {
        var runs: [(start: Int, opens: Bool, closes: Bool)] = []
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "*" else { i += 1; continue }
            var end = i
            while end < scalars.count, scalars[end] == "*" { end += 1 }
            if end - i == length {
                let before = i > 0 ? scalars[i - 1] : nil, after = end < scalars.count ? scalars[end] : nil
                runs.append((i, opens(before: before, after: after), closes(before: before, after: after)))
            }
            i = end
        }
        guard runs.count >= 2 else { return [.text(String(String.UnicodeScalarView(scalars)))] }
        var closer = [Int?](repeating: nil, count: runs.count)
        var next: Int?
        for k in runs.indices.reversed() {
            closer[k] = next
            if runs[k].closes { next = k }
        }
        var pieces: [Piece] = []
        var done = 0, k = 0
        while k < runs.count {
            guard runs[k].opens, let m = closer[k], runs[m].start > runs[k].start + length else { k += 1; continue }
            if runs[k].start > done { pieces.append(.text(String(String.UnicodeScalarView(scalars[done..<runs[k].start])))) }
            let inner = String(String.UnicodeScalarView(scalars[(runs[k].start + length)..<runs[m].start]))
            pieces.append(length == 2 ? .strong([.text(inner)]) : .emphasis([.text(inner)]))
            done = runs[m].start + length
            k = m + 1
        }
        if done < scalars.count { pieces.append(.text(String(String.UnicodeScalarView(scalars[done...])))) }
        return pieces
    }

    /// CommonMark's flanking (no white space on the inner side; beside punctuation only when
    /// the outer side is white space or punctuation too), or Chinese opening punctuation after it.
    static func opens(before: Unicode.Scalar?, after: Unicode.Scalar?) -> Bool {
        guard let after, !isSpace(after) else { return false }
        return !isPunctuation(after) || before.map { isSpace($0) || isPunctuation($0) } ?? true || openingPunctuation.contains(after)
    }

    static func closes(before: Unicode.Scalar?, after: Unicode.Scalar?) -> Bool {
        guard let before, !isSpace(before) else { return false }
        return !isPunctuation(before) || after.map { isSpace($0) || isPunctuation($0) } ?? true || closingPunctuation.contains(before)
    }

    static let openingPunctuation: Set<Unicode.Scalar> = ["“", "‘", "（", "【", "《", "〈", "「", "『", "〔", "［", "｛"]
    static let closingPunctuation: Set<Unicode.Scalar> = ["”", "’", "）", "】", "》", "〉", "」", "』", "〕", "］", "｝",
                                                          "：", "；", "，", "。", "！", "？", "、"]

    private static func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    /// Punctuation as CommonMark counts it: ASCII punctuation and Unicode's P categories
    /// (and symbols, as CommonMark 0.31 does).
    private static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: true
        default: false
        }
    }

    private static func node(_ piece: Piece) -> OpaquePointer? {
        switch piece {
        case .text(let text):
            guard !text.isEmpty, let node = CMark.newNode(CMARK_NODE_TEXT) else { return nil }
            cmark_node_set_literal(node, text)
            return node
        case .strong(let inner), .emphasis(let inner):
            guard let node = CMark.newNode(piece.isStrong ? CMARK_NODE_STRONG : CMARK_NODE_EMPH) else { return nil }
            for part in inner { if let child = self.node(part) { cmark_node_append_child(node, child) } }
            return node
        }
    }
}

private extension ChineseEmphasis.Piece {
    var isStrong: Bool { if case .strong = self { true } else { false } }
}
