/// How an editor meant a whole number Anju cannot read, when that is plain: in Chinese
/// numerals (十, 二十五), in full-width digits (１５), or with its unit (15人, 十名). Only ever
/// a hint: the number itself must be written in digits.
enum NumberSpelling {
    static func suggestion(for text: String) -> Int? {
        var chars = Array(text.trimmingSpaces)
        while let last = chars.last, "人名个位户岁元间套%％".contains(last) { chars.removeLast() }
        guard !chars.isEmpty, chars.count <= 8 else { return nil }
        let digits = chars.map { c -> Int? in
            if let v = c.wholeNumberValue, c.isNumber, "0123456789０１２３４５６７８９".contains(c) { return v }
            return nil
        }
        if digits.allSatisfy({ $0 != nil }) {
            return digits.reduce(0) { $0 * 10 + $1! }
        }
        let units: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        var total = 0, pending = 0, seen = false
        for c in chars {
            if let v = units[c] { pending = v; seen = true; continue }
            let scale: Int
            switch c {
            case "十": scale = 10
            case "百": scale = 100
            case "千": scale = 1000
            default: return nil
            }
            total += (pending == 0 && !seen ? 1 : pending) * scale
            pending = 0
            seen = false
        }
        return total + pending
    }
}
