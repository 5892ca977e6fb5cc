/// The frame of a spoken question, exactly as the browser reads it (`questionCore` in
/// `search.mjs`; both are checked against `Tests/vectors/question-frame.json`): question
/// words, fillers and who is asking (怎么, 什么时候, 会不会, 我家, 请问, 吗, 啊 …, simplified and
/// traditional), which are not what a question is about and need not match.
public enum QuestionFrame {
    /// Longest first: each becomes a space, so the parts around it stay apart.
    public static let phrases: [String] = [
        // Until when (停水到几点): the 到 is the question's, not the water's.
        "到什么时候", "到什麼時候", "到啥时候", "到几点", "到幾點", "到哪天", "到几号", "到幾號", "到好久",
        // When it starts (义诊几点开始): the 开始 is the question's, as the 到 above.
        "什么时候开始", "什麼時候開始", "啥时候开始", "几点开始", "幾點開始", "哪天开始", "几号开始", "幾號開始", "好久开始",
        "我想问一下", "想问一下", "请问一下", "我想知道", "什么时候", "什麼時候", "什么时间", "什麼時間", "还有没有", "還有沒有", "可不可以",
        "能不能够", "怎么办理", "怎麼辦理", "我们家", "我們家", "我家住", "我屋头", "我住在", "是哪天", "怎么样", "怎麼樣", "怎么办", "怎麼辦", "为什么", "為什麼", "能不能",
        "会不会", "會不會", "有没有", "有沒有", "是不是", "要不要", "在哪里", "在哪裡", "在哪儿", "去哪里", "去哪裡", "告诉我", "告訴我",
        "谁知道", "誰知道", "问一下", "問一下", "请问", "請問", "我想", "我要", "我家", "屋头", "我们", "我們", "你们", "你們", "怎么",
        "怎麼", "怎样", "怎樣", "如何", "什么", "什麼", "哪里", "哪裡", "哪儿", "哪兒", "哪个", "哪個", "哪些", "哪天", "哪家",
        "几时", "幾時", "几点", "幾點", "多久", "这几天", "這幾天", "最近", "现在", "現在", "一下", "可以", "需要", "应该", "應該",
        "帮我", "幫我", "知道", "是多少", "是什么", "是什麼", "有什么", "有什麼", "是真的", "真的",
        // Southwest Mandarin, as Zhaotong speaks: 咋个 (how), 啥子 and 哪样 (what), 哪点 (where),
        // 好久 (when, how long), 好多 (how many), 晓得 (know), 有没得 (is there); 咋 and 啥
        // alone are only ever these.
        "还有没得", "有没得", "有哪几种", "有哪几个", "哪几种", "哪几个", "咋个办", "咋个整", "啥时候", "晓不晓得", "知不知道", "干啥子", "咋个", "咋办", "咋整", "咋样", "咋子", "为啥", "啥子",
        "干啥", "哪样", "哪点", "好久", "好多", "晓得", "咋", "啥",
        // 得不得 (= 可不可以): A-not-A would leave 得 stuck to the word before it (喂鸡得). Not 行不行
        // or 要得不: 银行不行 and 要得不到 hold words of their own.
        "得不得"
    ]

    /// Dropped only where they end a clause (before punctuation, a space or the end). 不 is
    /// the yes-no particle of Yunnan speech there (食堂能送饭上门不 = …吗); inside a clause it
    /// is a word (走不动, 不满意) and stays.
    public static let particles: Set<Unicode.Scalar> = ["吗", "嗎", "呢", "啊", "吧", "呀", "嘛", "哦", "啦", "哈", "么", "麼", "不",
                                                            "咯", "嘞", "噻", "哇"]

    /// The most a query is read of, in scalars (`MAX_QUERY_CHARS`).
    public static let queryLimit = 100

    static let phraseScalars: [[Unicode.Scalar]] = phrases.map { Array($0.unicodeScalars) }

    /// A question without its frame, and whether nothing meaningful was left ("怎么办啊").
    /// On scalars, not Strings: the build asks this of every word of the lexicon for each site.
    public static func core(of question: String) -> (core: String, frameOnly: Bool) {
        var text = question.unicodeScalars.prefix(queryLimit).map(SearchText.normalize)
        for phrase in phraseScalars {
            text = replacingEvery(phrase, in: text)
        }
        text = collapsingAskedTwice(text)
        var kept: [Unicode.Scalar] = []
        for (i, s) in text.enumerated() where !(particles.contains(s) && (i + 1 == text.count || !isMeaningful(text[i + 1]))) {
            kept.append(s)
        }
        // Runs of white space become one space, none at either end.
        var core = String.UnicodeScalarView()
        var pendingSpace = false
        for s in kept {
            if s.properties.isWhitespace { pendingSpace = !core.isEmpty; continue }
            if pendingSpace { core.append(" "); pendingSpace = false }
            core.append(s)
        }
        return (String(core), !core.contains(where: isMeaningful))
    }

    /// A-not-A, left to right (招不招人 → 招人, 停不停水 → 停水; the common ones, 有没有 and
    /// 能不能, are frame phrases and gone before this): a question of whether is about the
    /// verb once, and 不招 is no pair a page holds.
    static func collapsingAskedTwice(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // Most text, and every lexicon word the build asks about, has no 不 or 没: left as it is.
        guard text.contains(where: { $0 == "不" || $0 == "没" || $0 == "沒" }) else { return text }
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < text.count {
            out.append(text[i])
            if i + 2 < text.count, (0x4E00...0x9FFF).contains(text[i].value), ["不", "没", "沒"].contains(text[i + 1]),
               text[i + 2] == text[i] {
                i += 3
            } else {
                i += 1
            }
        }
        return out
    }

    /// `text` with each occurrence of `phrase`, left to right, made a space.
    static func replacingEvery(_ phrase: [Unicode.Scalar], in text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard phrase.count <= text.count else { return text }
        var out: [Unicode.Scalar] = []
        var i = 0, replaced = false
        while i < text.count {
            if i + phrase.count <= text.count && text[i] == phrase[0] && text[i..<(i + phrase.count)].elementsEqual(phrase) {
                out.append(" ")
                i += phrase.count
                replaced = true
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return replaced ? out : text
    }

    /// Whether the word is all frame: a query of it alone asks nothing.
    /// A character outside every frame phrase stays in any core: most words are ruled out by that.
    public static func isFrame(_ word: String) -> Bool {
        word.unicodeScalars.allSatisfy { let s = SearchText.normalize($0); return frameScalars.contains(s) || !isMeaningful(s) }
            && core(of: word).frameOnly
    }

    static let frameScalars = Set(phrases.flatMap(\.unicodeScalars)).union(particles)

    /// A Han character, an ASCII letter or a digit: what search reads; anything else separates.
    static func isMeaningful(_ s: Unicode.Scalar) -> Bool {
        ChineseText.isHan(s) || (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x30 && s.value <= 0x39)
    }
}
