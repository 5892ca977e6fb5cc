/// A Chinese phone number as residents dial it: a landline with its area code
/// (`0870-7123456`), a mobile (`13800000001`), a 400/800 number, or a short service number
/// (`12345`, `110`). Pages print it as written and link it as `tel:` with digits only, so a
/// tap on a cheap phone dials it.
public struct PhoneNumber: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case landline, mobile, service }

    /// As the editor wrote it, trimmed: what residents read.
    public var display: String
    /// Digits only, `+86` dropped: what `tel:` dials.
    public var digits: String
    public var kind: Kind

    /// An extension after a landline (0870-7123456-8001, 0870-7123456转8001): dialled after a
    /// pause, as a phone's dialler reads a comma.
    public var extensionDigits: String?

    public var telURL: String { "tel:" + digits + (extensionDigits.map { "," + $0 } ?? "") }

    /// Short numbers every resident may need: emergency, the 12345 government hotline and its
    /// siblings (123xx), and the 5-digit 95xxx/96xxx service lines.
    static func isServiceNumber(_ digits: [UInt8]) -> Bool {
        switch digits.count {
        case 3: return [[1, 1, 0], [1, 1, 9], [1, 2, 0], [1, 2, 2]].contains(digits)
        case 5: return (digits[0] == 1 && digits[1] == 2 && digits[2] == 3) || (digits[0] == 9 && (digits[1] == 5 || digits[1] == 6))
        default: return false
        }
    }

    /// An area code and a local number of the lengths China uses: 010 and 02x take eight
    /// digits after them; the other, four-digit codes seven or eight (0870-512345, a digit
    /// short, dialled nowhere).
    static func isLandline(_ digits: [UInt8]) -> Bool {
        digits[1] <= 2 ? digits.count == 11 : (11...12).contains(digits.count)
    }

    /// Reads a phone field; nil when it is none of the kinds above. Spaces, `-` and one pair of
    /// brackets around the area code (`(0870)7123456`, `（0870）7123456`) are allowed, and a
    /// landline's extension after `-` or 转 (0870-7123456-8001).
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        for mark in ["转", "-", "－"] {
            guard let cut = trimmed.range(of: mark, options: .backwards) else { continue }
            let ext = trimmed[cut.upperBound...].trimmingSpaces
            let digits = ext.unicodeScalars.map { SearchText.normalizedValue($0.value) }
            guard (1...5).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let main = PhoneNumber(number: String(trimmed[..<cut.lowerBound])), main.kind == .landline else { continue }
            self = main
            display = trimmed
            extensionDigits = String(decoding: digits.map { UInt8($0) }, as: UTF8.self)
            return
        }
        self.init(number: trimmed)
    }

    private init?(number text: String) {
        let trimmed = text.trimmingSpaces
        var digits: [UInt8] = []
        var separators = 0
        for scalar in trimmed.unicodeScalars {
            let v = SearchText.normalizedValue(scalar.value)
            switch v {
            case 0x30...0x39: digits.append(UInt8(v - 0x30))
            case 0x20, 0xA0, 0x2D, 0x28, 0x29, 0x2B: separators += 1 // space (a no-break one too) - ( ) +
            default: return nil
            }
        }
        guard !digits.isEmpty, separators <= 4 else { return nil }
        if trimmed.hasPrefix("+") || trimmed.hasPrefix("＋") {
            guard digits.starts(with: [8, 6]) else { return nil }
            digits.removeFirst(2)
            // +86 870 7123456: the trunk 0 is dropped after the country code.
            if digits.first != 1 { digits.insert(0, at: 0) }
        }
        if digits.count == 11 && digits[0] == 1 && digits[1] >= 3 {
            kind = .mobile
        } else if digits.first == 0 && digits.count >= 2 && digits[1] != 0 && Self.isLandline(digits) {
            kind = .landline
        } else if digits.count == 10 && (digits.starts(with: [4, 0, 0]) || digits.starts(with: [8, 0, 0])) {
            kind = .service
        } else if Self.isServiceNumber(digits) {
            kind = .service
        } else {
            return nil
        }
        display = trimmed
        self.digits = String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self)
    }

    /// The hint for a phone field that is not a number.
    static let hint = Wording("write a landline with its area code (0870-7123456), a mobile (13800000001) or a service number (12345)",
                              zh: "座机请带区号（0870-7123456），手机写 11 位（13800000001），或写服务号码（12345）")

    /// Where phone numbers stand in running text, as ranges of its scalars: landlines written
    /// with a dash (`0870-7123456`), mobiles (`13800000001`, `138-0000-0001`), 400 numbers, and
    /// short service numbers (`12345`, `110`) where the words around them say a call is meant
    /// (拨打12345, 12345热线): alone, `12348` may be an amount in a table. A number touching other
    /// digits or letters is not one: dates, ID numbers and amounts stay text. Linear in the
    /// text's length.
    public static func ranges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let n = scalars.count
        var result: [Range<Int>] = []
        func digit(_ i: Int) -> Int? {
            guard i >= 0, i < n else { return nil }
            let v = SearchText.normalizedValue(scalars[i].value)
            return v >= 0x30 && v <= 0x39 ? Int(v - 0x30) : nil
        }
        func isWordish(_ i: Int) -> Bool {
            guard i >= 0, i < n else { return false }
            let v = SearchText.normalizedValue(scalars[i].value)
            return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || v == 0x2E || v == 0x2F
        }
        func isDash(_ i: Int) -> Bool {
            guard i >= 0, i < n else { return false }
            let v = scalars[i].value
            return v == 0x2D || v == 0xFF0D || v == 0x2010 || v == 0x2011
        }
        func isSpace(_ i: Int) -> Bool {
            guard i >= 0, i < n else { return false }
            let v = scalars[i].value
            return v == 0x20 || v == 0xA0 || v == 0x3000
        }
        /// Digits from `i` in groups of the given sizes, separated by a dash, a space or both
        /// (138 0000 3201, 0870 - 7123456: numbers as notices and WeChat write them), the
        /// separators optional unless `separated`, then no further digit, or a landline's
        /// extension when `extended` (-8001, 转8001); returns the end.
        func groups(_ i: Int, _ sizes: [Int], separated: Bool = false, extended: Bool = false) -> Int? {
            var j = i
            for (k, size) in sizes.enumerated() {
                if k > 0 {
                    if isDash(j) {
                        j += 1
                    } else if isSpace(j), digit(j + 1) != nil || (isDash(j + 1) && isSpace(j + 2)) {
                        j += isDash(j + 1) ? 3 : 1
                    } else if separated {
                        return nil
                    }
                }
                for _ in 0..<size {
                    guard digit(j) != nil else { return nil }
                    j += 1
                }
            }
            if extended, case let e = withExtension(j), e > j { return e }
            if isWordish(j) || (isDash(j) && digit(j + 1) != nil) { return nil }
            return j
        }
        /// A landline's end with its extension, if one follows (-8001, 转8001), from `j`.
        func withExtension(_ j: Int) -> Int {
            guard j < n, isDash(j) || scalars[j] == "转" else { return j }
            var k = j + 1
            while digit(k) != nil, k - j <= 5 { k += 1 }
            return k > j + 1 && k - j <= 6 && !isWordish(k) && !isDash(k) ? k : j
        }
        /// Whether a call word ends just before `start` (a colon, a space or 是 between: 咨询电话：
        /// 12345), starts just after `end`, or the number follows another in a list (电话：0870-
        /// 7123456、12345). A word further off says nothing: 咨询……金额 12345元 is an amount.
        func saysCall(_ start: Int, _ end: Int) -> Bool {
            var b = start
            while b > 0, "：:  是为（(".unicodeScalars.contains(scalars[b - 1]) { b -= 1 }
            let before = String(String.UnicodeScalarView(scalars[max(0, b - 4)..<b]))
            let after = String(String.UnicodeScalarView(scalars[end..<min(n, end + 4)]))
            if let last = result.last, last.upperBound < start, start - last.upperBound <= 3,
               scalars[last.upperBound..<start].allSatisfy({ "、，,/或和  ".unicodeScalars.contains($0) }) { return true }
            return callWordsBefore.contains { before.hasSuffix($0) } || callWordsAfter.contains { after.hasPrefix($0) }
        }
        var i = 0
        while i < n {
            guard let d = digit(i), !isWordish(i - 1), !(isDash(i - 1) && digit(i - 2) != nil) else { i += 1; continue }
            var end: Int?
            if d == 0, let second = digit(i + 1), second != 0 {
                // Area codes: 010 and 02x have three digits, the rest four.
                let area = second == 1 || second == 2 ? 3 : 4
                end = groups(i, [area, 8], separated: true, extended: true) ?? groups(i, [area, 7], separated: true, extended: true)
            } else if d == 1, let second = digit(i + 1), second >= 3 {
                end = groups(i, [3, 4, 4])
            } else if d == 4 || d == 8, digit(i + 1) == 0, digit(i + 2) == 0 {
                end = groups(i, [3, 3, 4])
            } else if d == 1 || d == 9 {
                for size in [5, 3] {
                    // Never one with a unit after it: 120元/天, 下拨95600元, 110户.
                    if let e = groups(i, [size]), isServiceNumber((i..<e).map { UInt8(digit($0)!) }),
                       !(e < n && units.contains(scalars[e])), saysCall(i, e) {
                        end = e
                        break
                    }
                }
            }
            if let end {
                result.append(i..<end)
                i = end
            } else {
                // Skip the rest of this run of digits: a number inside a longer one is not a phone.
                while digit(i) != nil || (isDash(i) && digit(i + 1) != nil) { i += 1 }
            }
        }
        return result
    }

    static let callWordsBefore = ["拨打", "拨", "致电", "电话", "热线", "打", "呼叫", "报警", "急救", "求助", "咨询", "举报", "投诉", "联系",
                                  "短号", "号码", "联系方式"]
    /// What follows an amount or a count, never a phone number.
    static let units: Set<Unicode.Scalar> = Set("元万亿角户人名个天年月日号次件台套间平米％%岁斤公里千伏".unicodeScalars)
    static let callWordsAfter = ["热线", "电话", "服务热线", "政务服务", "报警", "急救", "求助", "咨询", "举报", "投诉"]
}
