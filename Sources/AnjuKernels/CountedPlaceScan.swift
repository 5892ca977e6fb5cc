/// Buildings and residents' groups named in text by number — 3幢, 5号楼, 第10组, 第十居民小组,
/// ranges (第3至第9幢, 第1幢至第8幢, 1-5栋) and lists (第3、7、12幢) — found over UTF-8 bytes:
/// the index reads every notice's and project's text for them, and on long notices a walk
/// through an array of Unicode scalars cost a quarter of a rebuild.
public enum CountedPlaceScan {
    public enum Unit: Sendable, Equatable {
        case building, group
    }

    /// The largest number read as a building or group: three digits.
    public static let largestNumber = 999

    /// Each building or group named, in order: a number (1–999: one to three digits, ASCII or
    /// full-width, with no digit, ASCII letter or '-' just before it and no digit after it;
    /// or Chinese numerals right after 第) followed by a unit word. Numbers joined by 、，,和及
    /// share the unit after the last. Two joined by a range mark (至 到 - — – － ~ ～), the
    /// unit after the second or after each, name every number between when the first is the
    /// smaller and they are fewer than `largestRange`; otherwise the two alone, or none for a
    /// hyphen (3-1栋 is an id, not a range).
    public static func places(in text: String, largestRange: Int) -> [(Unit, Int)] {
        var found: [(Unit, Int)] = []
        var text = text
        text.withUTF8 { b in
            var i = 0
            while i < b.count {
                // A number starts with a digit (ASCII, or full-width after EF) or after 第
                // (E7 AC AC): one or two comparisons a byte for the rest of the text.
                let c = b[i]
                let start = (c >= 0x30 && c <= 0x39) || c == 0xEF ? i
                    : c == 0xE7 && i + 2 < b.count && b[i + 1] == 0xAC && b[i + 2] == 0xAC ? i + 3 : -1
                guard start >= 0, let (first, afterFirst) = number(b, at: start) else {
                    i += 1
                    continue
                }
                var numbers = [first], end = afterFirst, ranged = false, hyphen = false
                // Joined numbers: a list, or one range.
                while true {
                    if let afterMark = match(b, at: end, in: marks), numbers.count == 1, !ranged,
                       let (n, after) = number(b, at: skipOrdinal(b, afterMark), joined: true) {
                        hyphen = b[end] == 0x2D
                        numbers.append(n); end = after; ranged = true
                    } else if let afterJoin = match(b, at: end, in: joins), !ranged,
                              let (n, after) = number(b, at: skipOrdinal(b, afterJoin), joined: true) {
                        numbers.append(n); end = after
                    } else {
                        break
                    }
                }
                guard let (unit, afterUnit) = unitWord(b, at: end) else {
                    i = afterFirst
                    continue
                }
                end = afterUnit
                // 第1幢至第8幢: the range's end after the first number's unit.
                if numbers.count == 1, let afterMark = match(b, at: end, in: marks),
                   let (n, after) = number(b, at: skipOrdinal(b, afterMark), joined: true),
                   let (secondUnit, afterSecond) = unitWord(b, at: after), secondUnit == unit {
                    numbers.append(n); end = afterSecond; ranged = true
                }
                if ranged, numbers[0] < numbers[1], numbers[1] - numbers[0] < largestRange {
                    for n in numbers[0]...numbers[1] { found.append((unit, n)) }
                } else if !(ranged && hyphen && numbers[0] >= numbers[1]) { // 3-1栋 is building 3-1
                    for n in numbers { found.append((unit, n)) }
                }
                i = end
            }
        }
        return found
    }

    // MARK: Numbers

    /// A number at `i` and where it ends. Chinese numerals only right after 第, or where a
    /// list or range continues (`joined`).
    static func number(_ b: UnsafeBufferPointer<UInt8>, at i: Int, joined: Bool = false) -> (Int, Int)? {
        if let found = digits(b, at: i, joined: joined) { return found }
        if joined || (i >= 3 && starts(b, at: i - 3, with: ordinal)) { return numerals(b, at: i) }
        return nil
    }

    /// The value of an ASCII or full-width (EF BC 90–99) digit at `i`, and its length.
    @inline(__always)
    static func digit(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Int)? {
        guard i >= 0, i < b.count else { return nil }
        if b[i] >= 0x30, b[i] <= 0x39 { return (Int(b[i] - 0x30), 1) }
        if b[i] == 0xEF, i + 2 < b.count, b[i + 1] == 0xBC, b[i + 2] >= 0x90, b[i + 2] <= 0x99 { return (Int(b[i + 2] - 0x90), 3) }
        return nil
    }

    static func digits(_ b: UnsafeBufferPointer<UInt8>, at start: Int, joined: Bool) -> (Int, Int)? {
        if start > 0, !joined {
            let before = b[start - 1]
            // Inside a longer number or an id (A12, 3-12).
            if (before >= 0x30 && before <= 0x39) || (before >= 0x41 && before <= 0x5A) || (before >= 0x61 && before <= 0x7A)
                || before == 0x2D { return nil }
        }
        if !joined, digit(b, at: start - 3)?.1 == 3 { return nil }
        var value = 0, count = 0, i = start
        while let (d, length) = digit(b, at: i) {
            if count == 3 { return nil }
            value = value * 10 + d
            count += 1
            i += length
        }
        return count > 0 && value > 0 ? (value, i) : nil
    }

    /// 三, 十二, 二十五, 一百零八 (1–999) at `i`: the Han numerals 一…九 两 零 〇 十 百.
    static func numerals(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Int)? {
        var total = 0, pending: Int? = nil, i = start
        while let (value, length) = numeral(b, at: i) {
            switch value {
            case 10:
                total += (pending ?? 1) * 10
                pending = nil
            case 100:
                guard let p = pending else { return nil }
                total += p * 100
                pending = nil
            default:
                if let p = pending, p != 0 { return nil } // 三三 is no number
                pending = value
            }
            i += length
        }
        guard i > start else { return nil }
        let value = total + (pending ?? 0)
        return value > 0 && value <= largestNumber ? (value, i) : nil
    }

    static let numeralValues: [UInt32: Int] = [0x96F6: 0, 0x3007: 0, 0x4E00: 1, 0x4E8C: 2, 0x4E24: 2, 0x4E09: 3, 0x56DB: 4,
                                               0x4E94: 5, 0x516D: 6, 0x4E03: 7, 0x516B: 8, 0x4E5D: 9, 0x5341: 10, 0x767E: 100]

    /// The Han numeral at `i` (零〇一二两三四五六七八九十百, all three UTF-8 bytes) and its length.
    @inline(__always)
    static func numeral(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Int)? {
        guard i + 2 < b.count, b[i] & 0xF0 == 0xE0 else { return nil }
        let scalar = UInt32(b[i] & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
        return numeralValues[scalar].map { ($0, 3) }
    }

    // MARK: Words

    static let ordinal = Array("第".utf8)
    static let marks: [[UInt8]] = ["至", "到", "-", "—", "－", "~", "～", "–"].map { Array($0.utf8) }
    static let joins: [[UInt8]] = ["、", "，", ",", "和", "及"].map { Array($0.utf8) }
    /// No word here begins another, so the order does not matter.
    static let units: [([UInt8], Unit)] = [("幢", Unit.building), ("栋", .building), ("棟", .building), ("号楼", .building),
                                           ("號樓", .building), ("居民小组", .group), ("小组", .group), ("组", .group), ("組", .group)]
        .map { (Array($0.0.utf8), $0.1) }

    static func skipOrdinal(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        starts(b, at: i, with: ordinal) ? i + ordinal.count : i
    }

    static func match(_ b: UnsafeBufferPointer<UInt8>, at i: Int, in words: [[UInt8]]) -> Int? {
        for word in words where starts(b, at: i, with: word) { return i + word.count }
        return nil
    }

    static func unitWord(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unit, Int)? {
        for (word, unit) in units where starts(b, at: i, with: word) { return (unit, i + word.count) }
        return nil
    }

    @inline(__always)
    static func starts(_ b: UnsafeBufferPointer<UInt8>, at i: Int, with word: [UInt8]) -> Bool {
        guard i >= 0, i + word.count <= b.count else { return false }
        for k in 0..<word.count where b[i + k] != word[k] { return false }
        return true
    }
}
