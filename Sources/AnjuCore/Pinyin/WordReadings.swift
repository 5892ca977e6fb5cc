import Foundation

/// How words read where a character of theirs has several readings (银行 yin hang, 会计 kuai
/// ji), and the few characters a title reads otherwise than first (3幢 zhuang): from
/// Resources/pinyin-words.txt (scripts/gen_pinyin_words.py). A slug spells a title as it is said.
struct WordReadings: Sendable {
    /// Word → its syllables.
    let words: [String: [String]]
    /// The longest word's length in characters.
    let longest: Int

    static let shared: WordReadings = {
        guard let url = Bundle.module.url(forResource: "pinyin-words", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("pinyin-words.txt is missing from AnjuCore's resources: rebuild with `swift build`")
        }
        return WordReadings(text: text)
    }()

    init(text: String) {
        var words: [String: [String]] = [:], longest = 1
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { continue }
            words[String(parts[0])] = parts[1].split(separator: " ").map(String.init)
            longest = max(longest, parts[0].count)
        }
        self.words = words
        self.longest = longest
    }

    /// The longest word starting at `i` of `scalars` and its syllables, or nil.
    func word(in scalars: [Unicode.Scalar], at i: Int) -> (length: Int, syllables: [String])? {
        for length in stride(from: min(longest, scalars.count - i), through: 1, by: -1) {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[i..<i + length])
            if let syllables = words[String(s)], syllables.count == length { return (length, syllables) }
        }
        return nil
    }
}
