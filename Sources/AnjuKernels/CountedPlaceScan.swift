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
    /// full-width, with no digit, letter or hyphen just before it and no digit after it; or Han
    /// numerals, a lone 一 or 两 only after 第) followed by a unit word (组织 is none). Numbers
    /// joined by 、，,和及 share the unit after the last, unless the first begins a line (an
    /// item's number: 1、5号楼). Two joined by a range mark (至 到 - — – － ~ ～), the unit after
    /// the second or after each, name every number from the first to the second when the
    /// second is larger by less than `largestRange`; otherwise the two alone, or none for a
    /// hyphen going down (3-1栋 is an id).
    public static func places(in text: String, largestRange: Int) -> [(Unit, Int)] {
        var found: [(Unit, Int)] = []
        var text = text
        text.withUTF8 { b in
            var i = 0
            while i < b.count {
                // A number starts with a digit (ASCII, or full-width after EF), after 第 (E7 AC
                // AC), or with a Han numeral (a lead byte E3–E9 first): a comparison or two a byte
                // for the rest of the text.
                let c = b[i]
                let start = (c >= 0x30 && c <= 0x39) || c == 0xEF ? i
                    : c == 0xE7 && i + 2 < b.count && b[i + 1] == 0xAC && b[i + 2] == 0xAC ? i + 3
                    : c >= 0xE3 && c <= 0xE9 && startsNumerals(b, at: i) ? i : -1
                // A zone's buildings (B区1栋至6栋) are read through, and not kept.
                let zoned = start >= 0 && afterZone(b, at: start)
                guard start >= 0, let (first, afterFirst) = number(b, at: start, joined: zoned) else {
                    i += 1
                    continue
                }
                var numbers = [first], end = afterFirst, ranged = false, hyphen = false
                // Joined numbers: a list (not from an item's number at a line's start: 1、5号楼),
                // or one range.
                let listed = !(start == 0 || b[start - 1] == 0x0A)
                while true {
                    if let afterMark = match(b, at: end, in: marks), numbers.count == 1, !ranged,
                       let (n, after) = number(b, at: skipOrdinal(b, afterMark), joined: true) {
                        hyphen = b[end] == 0x2D || starts(b, at: end, with: fullWidthHyphen)
                        numbers.append(n); end = after; ranged = true
                    } else if listed, let afterJoin = match(b, at: end, in: joins), !ranged,
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
                if zoned {
                    i = end
                    continue
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

    /// A number at `i` and where it ends. A lone 一 or 两 only right after 第 or where a list or
    /// range continues (`joined`): elsewhere it is a word as often (统一组织, 这一栋楼, 两组人).
    static func number(_ b: UnsafeBufferPointer<UInt8>, at i: Int, joined: Bool = false) -> (Int, Int)? {
        if let found = digits(b, at: i, joined: joined) { return found }
        guard let (value, end) = numerals(b, at: i) else { return nil }
        let lone = end - i == 3 && (starts(b, at: i, with: yi) || starts(b, at: i, with: liang))
        if lone, !joined, !(i >= 3 && starts(b, at: i - 3, with: ordinal)) { return nil }
        return (value, end)
    }

    /// Whether `i` follows a zone's letter and 区, 區 or 座 (B区4栋 is the zone's building B4,
    /// not building 4).
    static func afterZone(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i >= 4, b[i - 3] == 0xE5 else { return false }
        let zone = (b[i - 2] == 0x8C && b[i - 1] == 0xBA) || (b[i - 2] == 0x8D && b[i - 1] == 0x80) || (b[i - 2] == 0xBA && b[i - 1] == 0xA7)
        let letter = b[i - 4] | 0x20
        return zone && letter >= 0x61 && letter <= 0x7A
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
            // Inside a longer number or an id (A12, 3-12, Ｂ２, 3－12).
            if (before >= 0x30 && before <= 0x39) || (before >= 0x41 && before <= 0x5A) || (before >= 0x61 && before <= 0x7A)
                || before == 0x2D { return nil }
            if start >= 3, b[start - 3] == 0xEF,
               (b[start - 2] == 0xBC && (b[start - 1] == 0x8D || (b[start - 1] >= 0xA1 && b[start - 1] <= 0xBA)))
                || (b[start - 2] == 0xBD && b[start - 1] >= 0x81 && b[start - 1] <= 0x9A) { return nil }
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

    /// Whether a run of Han numerals that can stand alone starts at `i`: not inside a run, and
    /// not a lone 一 or 两 (the commonest of them, a number only after 第, read from there).
    @inline(__always)
    static func startsNumerals(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard numeral(b, at: i) != nil, numeral(b, at: i - 3) == nil else { return false }
        return !(starts(b, at: i, with: yi) || starts(b, at: i, with: liang)) || numeral(b, at: i + 3) != nil
    }

    /// The Han numeral at `i` (零〇一二两三四五六七八九十百, all three UTF-8 bytes) and its length:
    /// asked of every Han character, so a switch on the bytes rather than a table.
    @inline(__always)
    static func numeral(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Int)? {
        guard i >= 0, i + 2 < b.count else { return nil }
        switch UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) {
        case 0xE99BB6, 0xE38087: return (0, 3) // 零 〇
        case 0xE4B880: return (1, 3) // 一
        case 0xE4BA8C, 0xE4B8A4: return (2, 3) // 二 两
        case 0xE4B889: return (3, 3) // 三
        case 0xE59B9B: return (4, 3) // 四
        case 0xE4BA94: return (5, 3) // 五
        case 0xE585AD: return (6, 3) // 六
        case 0xE4B883: return (7, 3) // 七
        case 0xE585AB: return (8, 3) // 八
        case 0xE4B99D: return (9, 3) // 九
        case 0xE58D81: return (10, 3) // 十
        case 0xE799BE: return (100, 3) // 百
        default: return nil
        }
    }

    // MARK: Words

    static let ordinal = Array("第".utf8)
    static let yi = Array("一".utf8), liang = Array("两".utf8)
    static let fullWidthHyphen = Array("－".utf8)
    /// 组织 is no group.
    static let organise: [[UInt8]] = ["织", "織"].map { Array($0.utf8) }
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
        for (word, unit) in units where starts(b, at: i, with: word) {
            return unit == .group && match(b, at: i + word.count, in: organise) != nil ? nil : (unit, i + word.count)
        }
        return nil
    }

    @inline(__always)
    static func starts(_ b: UnsafeBufferPointer<UInt8>, at i: Int, with word: [UInt8]) -> Bool {
        guard i >= 0, i + word.count <= b.count else { return false }
        for k in 0..<word.count where b[i + k] != word[k] { return false }
        return true
    }
}
