@testable import AnjuKernels

/// `CountedPlaceScan` written over an array of Unicode scalars with the standard library: its twin.
enum PlainCountedPlaces {
    typealias Unit = CountedPlaceScan.Unit
    static let marks: [[Unicode.Scalar]] = ["至", "到", "-", "—", "－", "~", "～", "–"].map { Array($0.unicodeScalars) }
    static let joins: [[Unicode.Scalar]] = ["、", "，", ",", "和", "及"].map { Array($0.unicodeScalars) }
    static let words: [(String, Unit)] = [("幢", .building), ("栋", .building), ("棟", .building), ("号楼", .building),
                                          ("號樓", .building), ("居民小组", .group), ("小组", .group), ("组", .group), ("組", .group)]
    static let numeralValues: [Unicode.Scalar: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                                                        "七": 7, "八": 8, "九": 9, "十": 10, "百": 100]

    static func places(in text: String, largestRange: Int) -> [(Unit, Int)] {
        let s = Array(text.unicodeScalars)
        var found: [(Unit, Int)] = []
        var i = 0
        while i < s.count {
            // A zone's buildings (B区1栋至6栋) are read through, and not kept.
            let zoned = i >= 2 && ["区", "區", "座"].contains(s[i - 1]) && s[i - 2].isASCII && ("a"..."z").contains(Unicode.Scalar(s[i - 2].value | 0x20)!)
            guard let (first, afterFirst) = number(s, i, joined: zoned) else { i += 1; continue }
            var numbers = [first], end = afterFirst, ranged = false, hyphen = false
            let listed = !(i == 0 || s[i - 1] == "\n")
            while true {
                if numbers.count == 1, !ranged, let m = word(s, end, marks), let (n, after) = number(s, ordinal(s, m), joined: true) {
                    hyphen = s[end] == "-" || s[end] == "－"
                    numbers.append(n); end = after; ranged = true
                } else if listed, !ranged, let j = word(s, end, joins), let (n, after) = number(s, ordinal(s, j), joined: true) {
                    numbers.append(n); end = after
                } else {
                    break
                }
            }
            guard let (unit, afterUnit) = unitWord(s, end) else { i = afterFirst; continue }
            end = afterUnit
            if numbers.count == 1, let m = word(s, end, marks), let (n, after) = number(s, ordinal(s, m), joined: true),
               let (second, afterSecond) = unitWord(s, after), second == unit {
                numbers.append(n); end = afterSecond; ranged = true
            }
            if zoned {
                i = end
                continue
            }
            if ranged, numbers[0] < numbers[1], numbers[1] - numbers[0] < largestRange {
                found += (numbers[0]...numbers[1]).map { (unit, $0) }
            } else if !(ranged && hyphen && numbers[0] >= numbers[1]) {
                found += numbers.map { (unit, $0) }
            }
            i = end
        }
        return found
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) || ("０"..."９").contains(c) }

    static func number(_ s: [Unicode.Scalar], _ i: Int, joined: Bool) -> (Int, Int)? {
        var j = i
        while j < s.count, isDigit(s[j]) { j += 1 }
        if j > i {
            let letters: [ClosedRange<Unicode.Scalar>] = ["a"..."z", "A"..."Z", "ａ"..."ｚ", "Ａ"..."Ｚ"]
            if !joined, i > 0, isDigit(s[i - 1]) || letters.contains(where: { $0.contains(s[i - 1]) }) || s[i - 1] == "-" || s[i - 1] == "－" {
                return nil
            }
            guard j - i <= 3 else { return nil }
            let value = Int(String(String.UnicodeScalarView(s[i..<j].map { $0.value >= 0xFF10 ? Unicode.Scalar($0.value - 0xFF10 + 0x30)! : $0 })))!
            return value > 0 ? (value, j) : nil
        }
        let afterOrdinal = i > 0 && s[i - 1] == "第"
        if !joined, !afterOrdinal, i > 0, numeralValues[s[i - 1]] != nil { return nil } // inside a run
        while j < s.count, numeralValues[s[j]] != nil { j += 1 }
        guard j > i, let value = spelt(s[i..<j].map { numeralValues[$0]! }), value > 0, value <= 999 else { return nil }
        if j - i == 1, s[i] == "一" || s[i] == "两", !joined, !afterOrdinal { return nil }
        return (value, j)
    }

    /// The number Han numerals say, as the browser's chineseNumber reads them; nil for none.
    static func spelt(_ values: [Int]) -> Int? {
        var total = 0, pending: Int? = nil
        for v in values {
            if v == 10 { total += (pending ?? 1) * 10; pending = nil }
            else if v == 100 { guard let p = pending else { return nil }; total += p * 100; pending = nil }
            else { if let p = pending, p != 0 { return nil }; pending = v }
        }
        return total + (pending ?? 0)
    }

    static func ordinal(_ s: [Unicode.Scalar], _ i: Int) -> Int { i < s.count && s[i] == "第" ? i + 1 : i }

    static func word(_ s: [Unicode.Scalar], _ i: Int, _ list: [[Unicode.Scalar]]) -> Int? {
        list.first { i + $0.count <= s.count && Array(s[i..<(i + $0.count)]) == $0 }.map { i + $0.count }
    }

    static func unitWord(_ s: [Unicode.Scalar], _ i: Int) -> (Unit, Int)? {
        for (w, unit) in words {
            let scalars = Array(w.unicodeScalars), end = i + scalars.count
            guard end <= s.count, Array(s[i..<end]) == scalars else { continue }
            return unit == .group && end < s.count && (s[end] == "织" || s[end] == "織") ? nil : (unit, end)
        }
        return nil
    }
}
