/// Buildings and residents' groups named in text by number (3幢, 5号楼, 第10组, 第3至第9幢,
/// 1-5栋), found over UTF-8 bytes: the index reads every notice's and project's text for them,
/// and on long notices a walk through Unicode scalars cost a quarter of a rebuild.
public enum CountedPlaceScan {
    public enum Unit: Sendable, Equatable {
        case building, group
    }

    /// Each number followed by a unit word, and each number of a range followed by one
    /// (`N至M幢`, `N-第M组`, at most `largestRange` + 1 numbers), in order. A number has one to
    /// four digits, ASCII or full-width, none before it; 0 names nothing.
    public static func places(in text: String, largestRange: Int) -> [(Unit, Int)] {
        var found: [(Unit, Int)] = []
        var text = text
        text.withUTF8 { bytes in
            let count = bytes.count
            var i = 0
            while i < count {
                guard let (first, afterFirst) = number(bytes, at: i) else {
                    i += 1
                    continue
                }
                if let unit = unit(bytes, at: afterFirst) {
                    if first > 0 { found.append((unit, first)) }
                    i = afterFirst
                    continue
                }
                guard let afterMark = rangeMark(bytes, at: afterFirst) else {
                    i = afterFirst
                    continue
                }
                let j = starts(bytes, at: afterMark, with: ordinal) ? afterMark + ordinal.count : afterMark
                guard let (last, afterLast) = number(bytes, at: j), let unit = unit(bytes, at: afterLast) else {
                    i = afterFirst
                    continue
                }
                if first > 0, first < last, last - first <= largestRange {
                    for n in first...last { found.append((unit, n)) }
                }
                i = afterLast
            }
        }
        return found
    }

    /// The value of an ASCII or full-width (EF BC 90–99) digit at `i`, and its length.
    @inline(__always)
    static func digit(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Int)? {
        guard i < b.count else { return nil }
        if b[i] >= 0x30, b[i] <= 0x39 { return (Int(b[i] - 0x30), 1) }
        if b[i] == 0xEF, i + 2 < b.count, b[i + 1] == 0xBC, b[i + 2] >= 0x90, b[i + 2] <= 0x99 { return (Int(b[i + 2] - 0x90), 3) }
        return nil
    }

    static func number(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Int)? {
        if start > 0, b[start - 1] >= 0x30, b[start - 1] <= 0x39 { return nil }
        if start >= 3, digit(b, at: start - 3)?.1 == 3 { return nil }
        var value = 0, digits = 0, i = start
        while let (d, length) = digit(b, at: i) {
            if digits == 4 { return nil }
            value = value * 10 + d
            digits += 1
            i += length
        }
        return digits > 0 ? (value, i) : nil
    }

    static let ordinal = Array("第".utf8)
    static let marks: [[UInt8]] = ["至", "到", "-", "—", "－", "~", "～", "–"].map { Array($0.utf8) }
    /// Longest first where one word starts another (居民小组 before 小组).
    static let units: [([UInt8], Unit)] = [("幢", Unit.building), ("栋", .building), ("棟", .building), ("号楼", .building),
                                           ("號樓", .building), ("居民小组", .group), ("小组", .group), ("组", .group), ("組", .group)]
        .map { (Array($0.0.utf8), $0.1) }

    static func rangeMark(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        for mark in marks where starts(b, at: i, with: mark) { return i + mark.count }
        return nil
    }

    static func unit(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Unit? {
        for (word, unit) in units where starts(b, at: i, with: word) { return unit }
        return nil
    }

    @inline(__always)
    static func starts(_ b: UnsafeBufferPointer<UInt8>, at i: Int, with word: [UInt8]) -> Bool {
        guard i + word.count <= b.count else { return false }
        for k in 0..<word.count where b[i + k] != word[k] { return false }
        return true
    }
}
