@testable import AnjuKernels

/// `CountedPlaceScan` written over Unicode scalars with the standard library: its twin.
enum PlainCountedPlaces {
    static let marks: Set<Unicode.Scalar> = ["至", "到", "-", "—", "－", "~", "～", "–"]
    static let words: [(String, CountedPlaceScan.Unit)] = [("幢", .building), ("栋", .building), ("棟", .building),
        ("号楼", .building), ("號樓", .building), ("居民小组", .group), ("小组", .group), ("组", .group), ("組", .group)]
    static let units: [([Unicode.Scalar], CountedPlaceScan.Unit)] = words.map { (Array($0.0.unicodeScalars), $0.1) }

    static func places(in text: String, largestRange: Int) -> [(CountedPlaceScan.Unit, Int)] {
        let s = Array(text.unicodeScalars)
        var found: [(CountedPlaceScan.Unit, Int)] = []
        var i = 0
        while i < s.count {
            guard let (first, afterFirst) = number(s, at: i) else { i += 1; continue }
            if let unit = unit(s, at: afterFirst) {
                if first > 0 { found.append((unit, first)) }
                i = afterFirst
                continue
            }
            guard afterFirst < s.count, marks.contains(s[afterFirst]) else { i = afterFirst; continue }
            var j = afterFirst + 1
            if j < s.count, s[j] == "第" { j += 1 }
            guard let (last, afterLast) = number(s, at: j), let unit = unit(s, at: afterLast) else { i = afterFirst; continue }
            if first > 0, first < last, last - first <= largestRange { for n in first...last { found.append((unit, n)) } }
            i = afterLast
        }
        return found
    }

    static func digit(_ c: Unicode.Scalar) -> Int? {
        switch c.value {
        case 0x30...0x39: return Int(c.value - 0x30)
        case 0xFF10...0xFF19: return Int(c.value - 0xFF10)
        default: return nil
        }
    }

    static func number(_ s: [Unicode.Scalar], at i: Int) -> (Int, Int)? {
        if i > 0, digit(s[i - 1]) != nil { return nil }
        var value = 0, j = i
        while j < s.count, let d = digit(s[j]) {
            if j - i == 4 { return nil }
            value = value * 10 + d
            j += 1
        }
        return j > i ? (value, j) : nil
    }

    static func unit(_ s: [Unicode.Scalar], at i: Int) -> CountedPlaceScan.Unit? {
        units.first { word, _ in i + word.count <= s.count && Array(s[i..<(i + word.count)]) == word }?.1
    }
}
