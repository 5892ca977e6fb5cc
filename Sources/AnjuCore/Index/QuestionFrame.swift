import Foundation

/// The frame of a spoken question, exactly as the browser reads it (`questionCore` in
/// `search.mjs`; the vectors `frame` in `Tests/vectors/search-text.json` drive both): question
/// words, fillers and who is asking (怎么, 什么时候, 会不会, 我家, 请问, 吗, 啊 …, simplified and
/// traditional), which are not what a question is about and need not match.
public enum QuestionFrame {
    /// Longest first: each becomes a space, so the parts around it stay apart.
    public static let phrases: [String] = [
        "我想问一下", "想问一下", "请问一下", "我想知道", "什么时候", "什麼時候", "什么时间", "什麼時間", "还有没有", "還有沒有", "可不可以",
        "能不能够", "怎么办理", "怎麼辦理", "我们家", "我們家", "怎么样", "怎麼樣", "怎么办", "怎麼辦", "为什么", "為什麼", "能不能",
        "会不会", "會不會", "有没有", "有沒有", "是不是", "要不要", "在哪里", "在哪裡", "在哪儿", "去哪里", "去哪裡", "告诉我", "告訴我",
        "谁知道", "誰知道", "问一下", "問一下", "请问", "請問", "我想", "我要", "我家", "我们", "我們", "你们", "你們", "怎么",
        "怎麼", "怎样", "怎樣", "如何", "什么", "什麼", "哪里", "哪裡", "哪儿", "哪兒", "哪个", "哪個", "哪些", "哪天", "哪家",
        "几时", "幾時", "几点", "幾點", "多久", "这几天", "這幾天", "最近", "现在", "現在", "一下", "可以", "需要", "应该", "應該",
        "帮我", "幫我", "知道", "是多少", "是什么", "是什麼", "有什么", "有什麼"
    ]

    /// Dropped only where they end a clause (before punctuation, a space or the end).
    public static let particles: Set<Unicode.Scalar> = ["吗", "嗎", "呢", "啊", "吧", "呀", "嘛", "哦", "啦", "哈", "么", "麼"]

    /// The most a query is read of, in scalars (`MAX_QUERY_CHARS`).
    public static let queryLimit = 100

    /// A question without its frame, and whether nothing meaningful was left ("怎么办啊").
    public static func core(of question: String) -> (core: String, frameOnly: Bool) {
        var text = SearchText.normalize(String(String.UnicodeScalarView(question.unicodeScalars.prefix(queryLimit))))
        for phrase in phrases where text.contains(phrase) {
            text = text.components(separatedBy: phrase).joined(separator: " ")
        }
        let scalars = Array(text.unicodeScalars)
        var kept = String.UnicodeScalarView()
        for (i, s) in scalars.enumerated() where !(particles.contains(s) && (i + 1 == scalars.count || !isMeaningful(scalars[i + 1]))) {
            kept.append(s)
        }
        let core = String(kept).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (core, !core.unicodeScalars.contains(where: isMeaningful))
    }

    /// Whether the word is all frame: a query of it alone asks nothing.
    public static func isFrame(_ word: String) -> Bool { core(of: word).frameOnly }

    /// A Han character, an ASCII letter or a digit: what search reads; anything else separates.
    static func isMeaningful(_ s: Unicode.Scalar) -> Bool {
        ChineseText.isHan(s) || (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x30 && s.value <= 0x39)
    }
}
